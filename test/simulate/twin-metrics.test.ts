/**
 * The twin records the program's accuracy metric: D508 (chance-level loss) holds back when accuracy is
 * above chance, so a twin compiled without it decided on fewer facts than the program's own training
 * (fidelity runs: D508 on the twin only, on four clean programs whose Keras accuracy was above chance).
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { accuracyName } from "../../src/checks/rules/loss/accuracy-metric.js";
import { analyzePython } from "../../src/frontends/python/index.js";
import { compileTwin, planLearner } from "../../src/probes/simulate/learner.js";
import { createRandom } from "../../src/probes/simulate/random.js";
import { buildTwin } from "../../src/probes/simulate/twin.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const program = (compileArgs: string, loss: string) => `
from tensorflow import keras
model = keras.Sequential([keras.layers.Dense(8, activation="relu", input_shape=(4,)), keras.layers.Dense(3, activation="softmax")])
model.compile(optimizer="adam", loss="${loss}"${compileArgs})
`;

async function twinOf(source: string) {
  const { program: facts } = await analyzePython(source, "m.py");
  const model = facts!.models[0]!;
  const twin = buildTwin(model.architecture, { random: createRandom(3), maxParameters: 1_000_000 });
  const learner = planLearner(model.learner, twin.outputs);
  if (!learner.ok) throw new Error(learner.reason);
  compileTwin(twin.model!, learner.plan);
  return { model: twin.model!, plan: learner.plan };
}

/** The metric names of one epoch of training on random data. */
async function epochMetricNames(model: tf.LayersModel, sparse: boolean): Promise<string[]> {
  const x = tf.randomUniform([16, 4]);
  const labels = tf.tensor1d([0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0], "int32");
  const y = sparse ? labels.toFloat().reshape([16, 1]) : tf.oneHot(labels, 3);
  const history = await model.fit(x, y, { epochs: 1, batchSize: 8, verbose: 0 });
  tf.dispose([x, labels, y]);
  return Object.keys(history.history);
}

describe("the twin's metrics", () => {
  it.each([
    ["metrics=['accuracy']", "categorical_crossentropy", false],
    ["metrics=['acc']", "categorical_crossentropy", false],
    ["metrics=[keras.metrics.SparseCategoricalAccuracy()]", "sparse_categorical_crossentropy", true],
  ])("compiles with %s and records an accuracy the checks recognise (%s)", async (metrics, loss, sparse) => {
    const { model, plan } = await twinOf(program(`, ${metrics}`, loss));
    expect(plan.metrics).toEqual(["accuracy"]);
    const names = await epochMetricNames(model, sparse);
    const accuracy = accuracyName(Object.fromEntries(names.map((n) => [n, 0])));
    expect(accuracy).toBeDefined();
    model.dispose();
  });

  it("records no metric when the program compiles none, or only non-accuracy ones", async () => {
    for (const compileArgs of ["", ", metrics=['mae']"]) {
      const { model, plan } = await twinOf(program(compileArgs, "categorical_crossentropy"));
      expect(plan.metrics).toEqual([]);
      expect(await epochMetricNames(model, false)).toEqual(["loss"]);
      model.dispose();
    }
  });
});

describe("the twin's loss over a softmax", () => {
  it("states that binary cross-entropy over a softmax is simulated on probabilities (Keras 3 reads the softmax's logits)", async () => {
    const { plan, model } = await twinOf(program("", "binary_crossentropy"));
    expect(plan.notes.join("\n")).toMatch(/binary cross-entropy over a softmax simulated on the softmax's probabilities.*Keras 3 computes it from the softmax's logits/);
    model.dispose();
  });

  it("says nothing of it for categorical cross-entropy over a softmax, or binary cross-entropy from logits", async () => {
    const categorical = await twinOf(program("", "categorical_crossentropy"));
    expect(categorical.plan.notes.join("\n")).not.toMatch(/over a softmax/);
    categorical.model.dispose();
    const { program: facts } = await analyzePython(program("", "binary_crossentropy").replace('loss="binary_crossentropy"', "loss=keras.losses.BinaryCrossentropy(from_logits=True)"), "m.py");
    const model = facts!.models[0]!;
    const twin = buildTwin(model.architecture, { random: createRandom(3), maxParameters: 1_000_000 });
    const learner = planLearner(model.learner, twin.outputs);
    expect(learner.ok && learner.plan.notes.join("\n")).not.toMatch(/over a softmax/);
    twin.model!.dispose();
  });
});
