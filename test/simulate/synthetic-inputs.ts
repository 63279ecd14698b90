/** The synthetic inputs the simulation draws for a program's only model (test helper). */
import { analyzePython } from "../../src/frontends/python/index.js";
import { generateData } from "../../src/probes/simulate/data.js";
import { planLearner } from "../../src/probes/simulate/learner.js";
import { createRandom } from "../../src/probes/simulate/random.js";
import { buildTwin } from "../../src/probes/simulate/twin.js";

export interface DrawnInputs {
  /** The first input's values, row-major [samples, ...shape]. */
  values: Float32Array;
  /** Samples drawn. */
  samples: number;
  /** The first input's first dimension after the batch (its width for flat inputs). */
  width: number;
  description: string[];
  notes: string[];
  /** The first output's targets, row-major. */
  targets: Float32Array;
}

export async function drawInputs(source: string, seed: number, samples: number): Promise<DrawnInputs> {
  const { program } = await analyzePython(source, "m.py");
  const model = program!.models[0]!;
  const random = createRandom(seed);
  const twin = buildTwin(model.architecture, { random, maxParameters: 1_000_000 });
  const learner = planLearner(model.learner, twin.outputs);
  if (!learner.ok) throw new Error(learner.reason);
  const data = generateData({
    architecture: model.architecture,
    inputs: twin.inputs,
    outputShapes: twin.model!.outputs.map((o) => o.shape),
    losses: learner.plan.losses,
    loop: model.training[0],
    random,
    samples,
    maxValues: 10_000_000,
    minSamples: 32,
  });
  const result: DrawnInputs = {
    values: Float32Array.from(data.inputs[0]!.dataSync() as Float32Array),
    samples: data.inputs[0]!.shape[0]!,
    width: twin.inputs[0]!.shape[0]!,
    description: data.description,
    notes: data.notes,
    targets: Float32Array.from(data.targets[0]!.dataSync() as Float32Array),
  };
  data.dispose();
  twin.model!.dispose();
  return result;
}
