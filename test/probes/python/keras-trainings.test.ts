/**
 * Real Keras 3 trainings on TensorFlow (small, seeded, a few hundred steps;
 * test/probes/python/drivers/keras_scenarios.py) recorded by the Python probe: each fault of TheDeepChecker's
 * list is found with its code, and the clean MLP, CNN, LSTM, GRU, regression and custom loop raise no
 * warning or error.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { checkTrace } from "../../../src/checks/check-trace.js";
import { rawRecords, schemaProblems, SUITES } from "./helpers.js";
import { allCodes, CHANCE_LEVEL_CHECK, runTrainings, seriousCodes, type Trainings } from "./trainings.js";

/** Codes each fault must raise at warning or error severity. */
const FAULTS: Record<string, string[]> = {
  exploding: ["D501", "D201", "D401"],
  vanishing: ["D302"],
  dead_relu: ["D402", "D305"],
  nested_dead_relu: ["D402", "D305"],
  subclassed_dead_relu: ["D402", "D305"],
  zero_learning_rate: ["D205"],
  frozen_output: ["D205"],
  // TensorFlow's ReLU maps NaN to 0, so the loss stays finite: the NaN shows in the weights and outputs.
  nan_inputs: ["D201", "D401"],
  over_regularized: ["D304"],
  sign_flipped: ["D503"],
};
const CLEAN = ["clean_mlp", "clean_multihot", "clean_named_inputs", "clean_cnn", "clean_lstm", "clean_gru", "clean_regression", "clean_custom_loop", "gan_custom_train_step", "clean_nested_frozen_base", "clean_subclassed"];

describe.skipIf(!SUITES.keras)("Keras trainings under the Python probe", () => {
  let trainings: Trainings;
  beforeAll(async () => {
    trainings = await runTrainings("keras_scenarios.py");
  }, 300_000);
  afterAll(() => trainings?.dispose());

  it.each(Object.entries(FAULTS))("finds %s: %j", (name, codes) => {
    const found = seriousCodes(trainings.findings(name));
    for (const code of codes) expect(found, `${name}: ${allCodes(trainings.findings(name)).join(" ")}`).toContain(code);
  });

  it("shuffled labels: the chance-level loss check (D508) when the catalogue has it; before it, nothing above information (the memorising model's gap to validation is D506 info)", () => {
    const found = trainings.findings("shuffled_labels");
    if (CHANCE_LEVEL_CHECK) expect(seriousCodes(found)).toEqual(["D508"]);
    else expect(seriousCodes(found)).toEqual([]);
    expect(allCodes(found)).toContain("D506");
  });

  it("follows the layers of a nested Sequential or Functional model in its place, named under it", () => {
    const start = rawRecords(trainings.trace("nested_dead_relu"))[0]!;
    const model = start["model"] as { layers: { name: string; kind: string }[]; outputs: string[] };
    expect(model.layers.map((l) => `${l.name} ${l.kind}`)).toEqual(["base/hidden dense", "base/features dense", "head dense"]);
    expect(model.outputs).toEqual(["head"]);
    const dead = trainings.findings("nested_dead_relu").find((f) => f.code === "D402");
    expect(dead?.layer?.name).toBe("base/hidden");
    // A frozen base states its layers frozen: their weights may not move.
    const frozen = (rawRecords(trainings.trace("clean_nested_frozen_base"))[0]!["model"] as { layers: { name: string; trainable?: boolean }[] }).layers;
    expect(frozen.filter((l) => l.trainable === false).map((l) => l.name)).toEqual(["base/hidden", "base/features"]);
  });

  it("follows the layers of a subclassed model's Sequential sub-models in their place, each stating its part", () => {
    type Layers = { layers: { name: string; kind: string; part?: string }[]; outputs?: string[] };
    const model = rawRecords(trainings.trace("subclassed_dead_relu"))[0]!["model"] as Layers;
    expect(model.layers.map((l) => `${l.name} ${l.kind} ${l.part}`)).toEqual(["features/hidden dense features", "features/code dense features", "head/classes dense head"]);
    // Its dead units are named in their sub-model, and lead the findings (followed whole, the sub-model was one
    // layer of unknown kind whose gradients vanished).
    const found = trainings.findings("subclassed_dead_relu");
    expect(found.find((f) => f.code === "D402")?.layer?.name).toBe("features/hidden");
    expect(found.find((f) => f.code === "D305")?.layer?.name).toBe("features/hidden");
    // A GAN's two sub-models, in attribute order (the generator, then the discriminator the data does not reach first).
    const gan = rawRecords(trainings.trace("gan_custom_train_step"))[0]!["model"] as Layers;
    expect(new Set(gan.layers.map((l) => l.part)).size).toBe(2);
    expect(gan.layers.every((l) => l.kind === "dense" && l.name.startsWith(`${l.part}/`))).toBe(true);
    // A Sequential model's nested base is in the model's own order: no part.
    const nested = rawRecords(trainings.trace("nested_dead_relu"))[0]!["model"] as Layers;
    expect(nested.layers.map((l) => l.part)).toEqual([undefined, undefined, undefined]);
  });

  it("states fit's EarlyStopping, and reports the overfitting it ends as an info", () => {
    const start = rawRecords(trainings.trace("overfits_early_stopped"))[0]!;
    expect(start["earlyStopping"]).toEqual({ monitor: "val_loss", patience: 6, restoresBest: false });
    const overfitting = trainings.findings("overfits_early_stopped").filter((f) => f.code === "D506");
    expect(overfitting.length).toBeGreaterThan(0);
    for (const finding of overfitting) expect(finding.severity).toBe("info");
    expect(overfitting.map((f) => f.message)).toContainEqual(expect.stringMatching(/early stopping on val_loss \(patience 6\) ends it, keeping the last epoch's weights/));
  });

  it("states a custom loop's loss whose targets come from a copy of the model that moves with it (a DQN's target network): the loss trend checks stay silent", () => {
    const steps = (name: string) => rawRecords(trainings.trace(name)).filter((r) => r["type"] === "step");
    // keras-io's way: set_weights every 50 steps, stated at once (the copy was seen called before the first step).
    const hard = steps("q_learning");
    expect(hard.findIndex((r) => r["movingTarget"] === true)).toBe(50);
    expect(hard.slice(50).every((r) => r["movingTarget"] === true)).toBe(true);
    expect(seriousCodes(trainings.findings("q_learning"))).toEqual([]);
    // Its TD loss swings as each sync moves the targets: without the statement, an oscillating loss.
    const unstated = readFileSync(trainings.trace("q_learning"), "utf8").replaceAll(',"movingTarget":true', "");
    expect(seriousCodes(checkTrace(unstated).findings)).toContain("D504");
    // A soft update inside a compiled step: seen at the first sample after it, from the values the step passes.
    expect(steps("q_learning_soft_compiled").findIndex((r) => r["movingTarget"] === true)).toBe(10);
    expect(seriousCodes(trainings.findings("q_learning_soft_compiled"))).toEqual([]);
    expect(trainings.stderr).toMatch(/nncheck: the loss's targets come from a copy of the model that no optimizer trains and that moves with it \(a target network\)/);
    // A target network never updated gives fixed targets: not stated.
    expect(steps("q_learning_fixed_target").some((r) => r["movingTarget"] !== undefined)).toBe(false);
  });

  it("writes no loss for a custom train_step that reports none (a GAN's d_loss and g_loss), not a NaN one", () => {
    const records = rawRecords(trainings.trace("gan_custom_train_step"));
    const steps = records.filter((r) => r["type"] === "step");
    expect(steps).toHaveLength(96);
    for (const step of steps) {
      expect(step).not.toHaveProperty("loss");
      expect(Object.keys(step["metrics"] as object).sort()).toEqual(["d_loss", "g_loss"]);
    }
    expect(records.filter((r) => r["type"] === "epoch").every((r) => !("loss" in r))).toBe(true);
    expect(trainings.findings("gan_custom_train_step").map((f) => f.code)).not.toContain("D501");
    // compile() without an optimizer gives the model a default RMSprop that never steps: the run does not
    // state it (nor its learning rate) for the two Adams the train_step steps.
    const start = records.find((r) => r["type"] === "run-start") as { model: { optimizer?: string } };
    expect(start.model.optimizer).toBeUndefined();
    expect(steps.every((s) => !("learningRate" in s))).toBe(true);
    // A model trained by its compiled optimizer states it, and its rate at every step, over two fits.
    const plain = rawRecords(trainings.trace("deferred_two_fits"));
    expect((plain.find((r) => r["type"] === "run-start") as { model: { optimizer?: string } }).model.optimizer).toBe("adam");
    expect(plain.filter((r) => r["type"] === "step").every((s) => Math.abs((s["learningRate"] as number) - 0.001) < 1e-9)).toBe(true);
    // Said once, not left silent: the loss checks have nothing to read.
    expect(trainings.stderr.match(/fit's logs hold no "loss" \(its train_step reports d_loss, g_loss\): the loss checks have no loss to read/g)).toHaveLength(1);
  });

  it("leaves Keras's own warnings where Keras puts them (not on the probe's wrappers)", () => {
    expect(trainings.stderr).toMatch(/keras\/src\/layers\/core\/dense\.py:\d+: UserWarning: Do not pass an `input_shape`/);
    expect(trainings.stderr).not.toMatch(/nncheck_probe\/\w+\.py:\d+: \w*Warning/);
  });

  it.each(CLEAN)("raises no warning or error on %s", (name) => {
    expect(seriousCodes(trainings.findings(name))).toEqual([]);
  });

  it("records fit's per-batch loss (not the epoch's running mean), validation, activations and targets", () => {
    const records = rawRecords(trainings.trace("clean_mlp"));
    const steps = records.filter((r) => r["type"] === "step");
    const epochs = records.filter((r) => r["type"] === "epoch");
    expect(steps.length).toBe(290); // 10 epochs of 29 batches (validation_split 0.1 of 1024)
    expect(epochs).toHaveLength(10);
    expect(epochs[0]).toHaveProperty("valLoss");
    // Each step holds its batch's loss: their mean is the epoch's loss (up to the smaller last batch's
    // weight), while the last batch's own loss is not the epoch's running mean that fit's logs hold.
    const first = steps.filter((s) => s["epoch"] === 0).map((s) => s["loss"] as number);
    const epochLoss = epochs[0]!["loss"] as number;
    expect(Math.abs(first.reduce((a, b) => a + b, 0) / first.length - epochLoss)).toBeLessThan(2e-3);
    expect(Math.abs(first.at(-1)! - epochLoss)).toBeGreaterThan(2e-3);
    const tensors = records.find((r) => r["type"] === "tensors" && r["step"] === 10) as { tensors: { layer: string; role: string }[] };
    expect(tensors.tensors.filter((t) => t.role === "activation").map((t) => t.layer)).toEqual(["dense", "dense_1"]);
    expect(tensors.tensors.some((t) => t.role === "target")).toBe(true);
  });

  it("records a batch's value of a mean metric, and leaves out of the steps the metrics logged as counts over the epoch or ratios of them", () => {
    const records = rawRecords(trainings.trace("clean_multihot"));
    const steps = records.filter((r) => r["type"] === "step");
    expect(steps.length).toBeGreaterThan(0);
    // TruePositives, Precision and AUC log the epoch's running count or curve: no batch's value follows
    // from them (read as running means, a batch's "tp" came out negative or over the batch's size).
    for (const step of steps) expect(Object.keys(step["metrics"] as object)).toEqual(["accuracy"]);
    const epochs = records.filter((r) => r["type"] === "epoch");
    expect(Object.keys(epochs[0]!["metrics"] as object).sort()).toEqual(["accuracy", "auc", "precision", "tp"]);
    expect(trainings.findings("clean_multihot").filter((f) => f.code === "D505")).toEqual([]);
  });

  it("follows custom loops, eager and compiled: loss from the tape, gradients and updates from the optimizer", () => {
    for (const name of ["clean_custom_loop", "sign_flipped"]) {
      const records = rawRecords(trainings.trace(name));
      expect(records[0]).toMatchObject({ type: "run-start", framework: "tensorflow" });
      expect(records.filter((r) => r["type"] === "step").every((s) => typeof s["loss"] === "number" || s["loss"] === "NaN" || s["loss"] === "Infinity")).toBe(true);
      const roles = new Set((records.filter((r) => r["type"] === "tensors") as { tensors: { role: string }[] }[]).flatMap((r) => r.tensors.map((t) => t.role)));
      expect([...roles].sort()).toEqual(["bias", "gradient", "update", "weights"]);
    }
  });

  it("counts a custom loop's epochs by its passes over a tf.data dataset, each with the validation loss of its eager evaluation", () => {
    const records = rawRecords(trainings.trace("custom_loop_evaluated"));
    const computed = JSON.parse(readFileSync(trainings.trace("custom_loop_evaluated").replace(/\.jsonl$/, ".losses.json"), "utf8")) as number[];
    const epochs = records.filter((r) => r["type"] === "epoch");
    expect(epochs.map((e) => [e["epoch"], e["step"]])).toEqual([[0, 31], [1, 63], [2, 95]]);
    // The mid-epoch evaluation of one batch is not the epoch's: each validation loss is its held-out pass's.
    expect(epochs.map((e) => e["valLoss"] as number).map((v, i) => Math.abs(v - computed[i]!) / computed[i]!)).toEqual(computed.map(() => expect.closeTo(0, 6)));
    const steps = records.filter((r) => r["type"] === "step");
    expect(steps.filter((s) => s["epoch"] === 1).map((s) => s["batch"])).toEqual([...Array(32).keys()]);
    const epochLoss = epochs[0]!["loss"] as number;
    const firstEpoch = steps.filter((s) => s["epoch"] === 0).map((s) => s["loss"] as number);
    expect(epochLoss).toBeCloseTo(firstEpoch.reduce((a, b) => a + b, 0) / firstEpoch.length, 6);
    expect(seriousCodes(trainings.findings("custom_loop_evaluated"))).toEqual([]);
  });

  it("takes each epoch's validation loss from a custom loop's evaluation step compiled by tf.function", () => {
    const records = rawRecords(trainings.trace("compiled_loop_evaluated"));
    const computed = JSON.parse(readFileSync(trainings.trace("compiled_loop_evaluated").replace(/\.jsonl$/, ".losses.json"), "utf8")) as number[];
    const epochs = records.filter((r) => r["type"] === "epoch");
    expect(epochs.map((e) => [e["epoch"], e["step"]])).toEqual([[0, 31], [1, 63], [2, 95]]);
    expect(epochs.map((e) => e["valLoss"] as number).map((v, i) => Math.abs(v - computed[i]!) / computed[i]!)).toEqual(computed.map(() => expect.closeTo(0, 6)));
    expect(seriousCodes(trainings.findings("compiled_loop_evaluated"))).toEqual([]);
  });

  it("counts a compiled custom loop's epochs, and finds its labels shuffled away from the inputs (D508)", () => {
    const records = rawRecords(trainings.trace("custom_loop_shuffled_labels"));
    expect(records.filter((r) => r["type"] === "epoch").map((e) => e["epoch"])).toEqual([...Array(10).keys()]);
    expect(seriousCodes(trainings.findings("custom_loop_shuffled_labels"))).toContain("D508");
    expect(rawRecords(trainings.trace("clean_custom_loop")).filter((r) => r["type"] === "epoch")).toHaveLength(4);
  });

  it("starts a new run when a custom loop's optimizer is gone and another trains a new model, and reads a loss of shape [1, 1]", () => {
    const records = rawRecords(trainings.trace("successive_custom_loops"));
    expect(records.filter((r) => r["type"] === "finding")).toEqual([]); // the probe never failed
    expect(records.filter((r) => ["run-start", "epoch", "run-end"].includes(r["type"] as string)).map((r) => `${r["type"]} ${r["epoch"] ?? r["steps"] ?? ""}`.trim())).toEqual(["run-start", "epoch 0", "epoch 1", "run-end 32", "run-start", "epoch 0", "epoch 1", "run-end 32"]);
    expect(records.filter((r) => r["type"] === "step").every((s) => typeof s["loss"] === "number")).toBe(true);
    expect(seriousCodes(trainings.findings("successive_custom_loops"))).toEqual([]);
  });

  it("follows a loop that updates its variables by hand (assign_sub after tape.gradient), named as the program holds them", () => {
    const records = rawRecords(trainings.trace("manual_updates_loop"));
    const start = records[0] as { type: string; model: { layers: unknown[]; optimizer?: string; loss?: string } };
    expect(start.type).toBe("run-start");
    expect(start.model.optimizer).toBeUndefined();
    expect(start.model.loss).toBe("sparse_categorical_crossentropy");
    // Found at the second gradient, once the first update shows: 96 gradients, 95 steps, the last closed at the end.
    expect(records.find((r) => r["type"] === "run-end")).toMatchObject({ status: "completed", steps: 95 });
    expect(records.filter((r) => r["type"] === "epoch").map((e) => e["step"])).toEqual([30, 62, 94]);
    const sampled = records.find((r) => r["type"] === "tensors" && r["step"] === 10) as { tensors: { layer: string; name: string; role: string; parameter?: string }[] };
    expect(sampled.tensors.filter((t) => t.role === "update").map((t) => `${t.layer} ${t.name} ${t.parameter}`)).toEqual(["MLPFromScratch MLPFromScratch.W1 weights", "MLPFromScratch MLPFromScratch.b1 bias", "MLPFromScratch MLPFromScratch.W2 weights", "MLPFromScratch MLPFromScratch.b2 bias"]);
    expect(seriousCodes(trainings.findings("manual_updates_loop"))).toEqual([]);
  });

  it.each(["optimizer_bare_variables", "optimizer_bare_variables_compiled"])("names bare tf.Variables stepped by an optimizer as the program holds them, each apart (%s)", (name) => {
    const sampled = rawRecords(trainings.trace(name)).find((r) => r["type"] === "tensors" && r["step"] === 10) as { tensors: { name: string; role: string; parameter?: string }[] };
    expect(sampled.tensors.filter((t) => t.role === "gradient").map((t) => `${t.name} ${t.parameter}`)).toEqual(["MLPFromScratch.W1 weights", "MLPFromScratch.b1 bias", "MLPFromScratch.W2 weights", "MLPFromScratch.b2 bias"]);
    expect(seriousCodes(trainings.findings(name))).toEqual([]);
  });

  it("follows a second model trained by hand after the first as a run of its own, once it has stepped alone for 20 steps", () => {
    const records = rawRecords(trainings.trace("successive_manual_loops"));
    // 64 gradients each: the first run from its second, the second from the 21st (after 20 steps alone).
    expect(records.filter((r) => r["type"] === "run-end").map((r) => r["steps"])).toEqual([63, 44]);
    expect(seriousCodes(trainings.findings("successive_manual_loops"))).toEqual([]);
  });

  it.each(["gan_custom_loop", "gan_custom_loop_eager"])("marks a GAN's custom loop adversarial once its two optimizers alternate (%s)", (name) => {
    const steps = rawRecords(trainings.trace(name)).filter((r) => r["type"] === "step");
    expect(steps).toHaveLength(64);
    // The discriminator's loop is followed; from its third step on the generator has stepped in between.
    expect(steps.filter((s) => s["adversarial"] !== true).map((s) => s["step"])).toEqual([0, 1]);
    expect(seriousCodes(trainings.findings(name))).toEqual([]);
    // Said: the generator is not followed, and the loss's trend is not judged.
    expect(trainings.stderr).toMatch(/nncheck: another optimizer steps in turn with the checked one, on a loss of its own .*: its model is not followed/);
  });

  it("follows a compiled training whose optimizer steps alone while an earlier one is still alive", () => {
    const runs = rawRecords(trainings.trace("compiled_after_eager_training")).filter((r) => r["type"] === "run-end").map((r) => r["steps"]);
    // 32 eager steps; then 48 compiled, followed from the 20th; the first model's 16 more steps are another's.
    expect(runs).toEqual([32, 29]);
  });

  it("follows one model trained eagerly, then by a tf.function step, as one run", () => {
    const records = rawRecords(trainings.trace("eager_then_compiled"));
    expect(records.filter((r) => r["type"] === "run-end").map((r) => r["steps"])).toEqual([64]);
    expect(records.filter((r) => r["type"] === "epoch").map((r) => r["step"])).toEqual([15, 31, 47, 63]);
    // The compiled steps' parameters are read from the values the graph passes: sampled like the eager ones.
    expect(records.filter((r) => r["type"] === "tensors").map((r) => r["step"])).toEqual([0, 10, 20, 30, 40, 50, 60]);
    expect(seriousCodes(trainings.findings("eager_then_compiled"))).toEqual([]);
  });

  it("ends a custom loop's run before a fit starts one, and a fit's before a custom loop's (never two open at once)", () => {
    const records = rawRecords(trainings.trace("loops_and_fit"));
    expect(records.filter((r) => r["type"] === "run-start" || r["type"] === "run-end").map((r) => `${r["type"]} ${r["framework"] ?? r["steps"]}`)).toEqual([
      "run-start tensorflow",
      "run-end 7",
      "run-start keras",
      "run-end 8",
      "run-start tensorflow",
      "run-end 8",
    ]);
    expect(seriousCodes(trainings.findings("loops_and_fit"))).toEqual([]);
  });

  it("states how many values a fit trains, and finds a model with none to train (D205)", () => {
    const start = (name: string) => (rawRecords(trainings.trace(name))[0] as { model: { trainableParameters?: number } }).model;
    expect(start("clean_mlp").trainableParameters).toBe(20 * 64 + 64 + 64 * 4 + 4);
    expect(start("fit_nothing_trainable").trainableParameters).toBe(0);
    const found = trainings.findings("fit_nothing_trainable").filter((f) => f.code === "D205");
    expect(found.map((f) => [f.severity, f.message])).toEqual([["warning", expect.stringMatching(/^the model being trained has no trainable parameters/)]]);
  });

  it("follows a trainable tf.Variable a layer holds untracked by Keras 3, states it, and finds it never trained (D205)", () => {
    const start = rawRecords(trainings.trace("untracked_variable"))[0] as { model: { layers: { name: string; untracked?: string[] }[] } };
    expect(start.model.layers.filter((l) => l.untracked).map((l) => [l.name, l.untracked])).toEqual([["bare_shift", [expect.stringMatching(/^sequential(_\d+)?\/bare_shift\/shift$/)]]]);
    const found = trainings.findings("untracked_variable").filter((f) => f.severity !== "info");
    expect(found.map((f) => [f.code, f.layer?.name])).toEqual([["D205", "bare_shift"]]);
    expect(found[0]!.message).toMatch(/^sequential(_\d+)?\/bare_shift\/shift of layer bare_shift did not change .*: its framework does not track it, so the optimizer never gets it/);
    // Clean models hold none.
    for (const name of CLEAN) expect(JSON.stringify(rawRecords(trainings.trace(name))[0])).not.toContain('"untracked"');
  });

  it("follows the weights a subclassed model makes itself, and finds a tf.Variable it holds untracked (D205, leading)", () => {
    type Start = { model: { layers: { name: string; index: number; kind: string; untracked?: string[] }[] } };
    type Tensors = { tensors: { layer: string; role: string; name: string }[] };
    // Its own add_weight weight: trained by fit, followed with no layer (as a PyTorch root module's parameter).
    const clean = rawRecords(trainings.trace("clean_subclassed"));
    const own = (clean.find((r) => r["type"] === "tensors") as Tensors).tensors.filter((t) => /\/input_scale$/.test(t.name));
    expect(own.map((t) => `${t.layer}:${t.role}`).sort()).toEqual([":gradient", ":update", ":weights"]);
    expect(JSON.stringify(clean[0])).not.toContain('"untracked"');
    // Its bare tf.Variable: a layer of the model's own, first (a subclassed model states no outputs, and the
    // last layer stands for the output), holding it.
    const start = rawRecords(trainings.trace("model_untracked_variable"))[0] as Start;
    expect(start.model.layers.map((l) => `${l.index} ${l.name} ${l.kind}`)).toEqual(["0 composed unknown", "1 features/hidden dense", "2 features/code dense", "3 head/classes dense"]);
    expect(start.model.layers[0]!.untracked).toEqual(["composed/input_shift"]);
    const found = trainings.findings("model_untracked_variable").filter((f) => f.severity !== "info");
    expect(found.map((f) => [f.code, f.layer?.name])).toEqual([["D205", "composed"]]);
    expect(found[0]!.message).toMatch(/^composed\/input_shift of layer composed did not change .*: its framework does not track it/);
  });

  it("says a loop that takes gradients and never changes its variables trained nothing", () => {
    expect(rawRecords(trainings.trace("manual_updates_zero_rate"))).toEqual([]);
    expect(trainings.stderr).toContain("nncheck: the program took gradients of the same 4 trainable variables 96 times and never changed them (no optimizer step, no update by hand): nothing trained");
  });

  it.each(["traced_gradients_eager_update", "eager_gradients_traced_update"])("follows gradients taken and applied on either side of a tf.function (%s): steps counted without a loss it cannot read, tensors recorded, nothing raised", (name) => {
    const records = rawRecords(trainings.trace(name));
    expect(records.some((r) => r["type"] === "finding")).toBe(false); // no probe failure
    // The loss lives in the traced function: no step record stands for it (a NaN would read as divergence).
    expect(records.filter((r) => r["type"] === "step")).toEqual([]);
    expect(records.find((r) => r["type"] === "run-end")).toMatchObject({ status: "completed", steps: 96 });
    const roles = new Set((records.filter((r) => r["type"] === "tensors") as { tensors: { role: string }[] }[]).flatMap((r) => r.tensors.map((t) => t.role)));
    expect([...roles].sort()).toEqual(["bias", "gradient", "update", "weights"]);
    expect(seriousCodes(trainings.findings(name))).toEqual([]);
  });

  it("leaves a custom loop compiled with XLA unobserved (the probe's calls cannot be compiled) and lets it train", () => {
    // The driver itself fails when the loop's loss does not fall; the trace holds no run.
    const records = rawRecords(trainings.trace("xla_custom_loop"));
    expect(records.filter((r) => r["type"] === "run-start" || r["type"] === "step")).toEqual([]);
  });

  it("follows fit on a model compiled with XLA (jit_compile=True), which the watched fit trains without XLA", () => {
    const records = rawRecords(trainings.trace("xla_fit"));
    expect(records.filter((r) => r["type"] === "step")).toHaveLength(48);
    expect(records.some((r) => r["type"] === "tensors")).toBe(true);
    expect(seriousCodes(trainings.findings("xla_fit"))).toEqual([]);
  });

  it("starts the run of a model built by its first step once it is built, and continues it over a second fit", () => {
    const records = rawRecords(trainings.trace("deferred_two_fits"));
    const starts = records.filter((r) => r["type"] === "run-start") as { model: { layers: { name: string; params: number; outputShape: (number | null)[] }[] } }[];
    expect(starts).toHaveLength(1);
    expect(starts[0]!.model.layers.map((l) => [l.params, l.outputShape])).toEqual([
      [20 * 64 + 64, [null, 64]],
      [64 * 4 + 4, [null, 4]],
    ]);
    expect(records.filter((r) => r["type"] === "epoch").map((r) => r["epoch"])).toEqual([0, 1, 2]);
    // 3 epochs of 16 batches; the first ran before the model (and so the run) existed, and is recorded when the run starts.
    const steps = records.filter((r) => r["type"] === "step");
    expect(steps.map((r) => r["step"])).toEqual([...Array(48).keys()]);
    const [firstLoss] = JSON.parse(readFileSync(trainings.trace("deferred_two_fits").replace(/\.jsonl$/, ".losses.json"), "utf8")) as number[];
    expect(steps[0]!["loss"] as number).toBeCloseTo(firstLoss!, 5);
    const tensors = records.filter((r) => r["type"] === "tensors") as { tensors: { layer: string; role: string }[] }[];
    const names = starts[0]!.model.layers.map((l) => l.name);
    const gradientLayers = new Set(tensors.flatMap((r) => r.tensors).filter((t) => t.role === "gradient").map((t) => t.layer));
    expect([...gradientLayers].sort()).toEqual([...names].sort());
    expect(records.filter((r) => r["type"] === "run-end")).toHaveLength(1);
  });

  it("reads each batch's loss whether the step returns it (one step a call) or writes it into the ring (steps_per_execution 4), and fit never sees it", () => {
    // The driver itself fails if fit's callbacks or history saw the probe's key in the logs.
    const records = rawRecords(trainings.trace("several_steps_a_call"));
    expect(records.some((r) => r["type"] === "finding")).toBe(false); // no probe failure
    const steps = records.filter((r) => r["type"] === "step");
    const epochs = records.filter((r) => r["type"] === "epoch");
    expect(epochs.map((r) => r["epoch"])).toEqual([0, 1, 2]);
    // 16 batches an epoch: 4 calls of 4 steps (one record each, its last batch's loss), then 16 calls twice.
    expect(steps.map((s) => s["epoch"])).toEqual([...Array(4).fill(0), ...Array(16).fill(1), ...Array(16).fill(2)]);
    expect(steps.every((s) => typeof s["loss"] === "number" && s["loss"] > 0 && s["loss"] < 3)).toBe(true);
    for (const epoch of [1, 2]) {
      const losses = steps.filter((s) => s["epoch"] === epoch).map((s) => s["loss"] as number);
      expect(Math.abs(losses.reduce((a, b) => a + b, 0) / losses.length - (epochs[epoch]!["loss"] as number))).toBeLessThan(2e-3);
    }
  });

  it("records the unscaled gradients of a mixed-precision fit (a loss-scaling optimizer), sampled steps read as the others", () => {
    const records = rawRecords(trainings.trace("mixed_precision_fit"));
    expect(records.some((r) => r["type"] === "finding")).toBe(false); // no probe failure
    expect(records.filter((r) => r["type"] === "step")).toHaveLength(48);
    const gradients = (records.filter((r) => r["type"] === "tensors") as { tensors: { role: string; stats: { l2: number } }[] }[]).flatMap((r) => r.tensors.filter((t) => t.role === "gradient"));
    expect(gradients.length).toBeGreaterThan(0);
    // Scaled by the optimizer's loss scale (2^15 at the start), they would be thousands.
    expect(gradients.every((g) => g.stats.l2 > 0 && g.stats.l2 < 100)).toBe(true);
    expect(seriousCodes(trainings.findings("mixed_precision_fit"))).toEqual([]);
  });

  it("copies the batch again when a second fit brings its targets in another order (other dtypes)", () => {
    const records = rawRecords(trainings.trace("refit_reordered_targets"));
    expect(records.some((r) => r["type"] === "finding")).toBe(false); // no probe failure
    expect(records.filter((r) => r["type"] === "step")).toHaveLength(16);
    const targets = (records.filter((r) => r["type"] === "tensors") as { step: number; tensors: { role: string; dtype?: string; stats?: { max: number } }[] }[]).filter((r) => r.step >= 8);
    expect(targets.length).toBeGreaterThan(0);
    expect(targets.every((r) => r.tensors.filter((t) => t.role === "target").length === 2)).toBe(true);
    // A list and a dict of losses both name the first output's loss; the run states the outputs, and the
    // dict's targets are recorded in the outputs' order (its keys sort the other way): the checks pair
    // each target with its output (D408 once read the regression targets against the sigmoid output).
    const starts = records.filter((r) => r["type"] === "run-start") as { model: { loss?: string; outputs?: string[] } }[];
    expect(starts.length).toBeGreaterThan(0);
    expect(starts.every((r) => r.model.loss === "mean_squared_error")).toBe(true);
    expect(starts.every((r) => JSON.stringify(r.model.outputs) === JSON.stringify(["score", "label"]))).toBe(true);
    const named = (name: string) => targets.map((r) => r.tensors.find((t) => t.role === "target" && (t as { name?: string }).name === name) as { dtype?: string; stats: { max: number } } | undefined);
    expect(named("target").every((t) => t !== undefined && t.dtype === "float32" && t.stats.max <= 1)).toBe(true);
    expect(named("target_1").every((t) => t !== undefined && t.stats.max > 1)).toBe(true);
  });

  it("records the activations of a model fed a dict of named inputs", () => {
    const records = rawRecords(trainings.trace("clean_named_inputs"));
    const layersSeen = new Set((records.filter((r) => r["type"] === "tensors") as { tensors: { layer: string; role: string }[] }[]).flatMap((r) => r.tensors.filter((t) => t.role === "activation").map((t) => t.layer)));
    expect(layersSeen.size).toBeGreaterThanOrEqual(3);
  });

  it("writes records the telemetry JSON Schema accepts", () => {
    for (const name of [...Object.keys(FAULTS), ...CLEAN, "shuffled_labels"]) {
      for (const record of rawRecords(trainings.trace(name))) expect(schemaProblems(record), `${name}: ${JSON.stringify(record).slice(0, 200)}`).toEqual([]);
    }
  });
});
