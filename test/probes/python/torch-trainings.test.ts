/**
 * Real PyTorch trainings (small, seeded, a few hundred steps; test/probes/python/drivers/torch_scenarios.py)
 * recorded by the Python probe: each fault of TheDeepChecker's list is found with its code, and the clean
 * MLP, CNN, LSTM, GRU and regression raise no warning or error.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TelemetryRecord } from "../../../src/telemetry/schema.js";
import { checkTrace } from "../../../src/checks/check-trace.js";
import { entries } from "../helpers.js";
import { rawRecords, schemaProblems, SUITES } from "./helpers.js";
import { allCodes, CHANCE_LEVEL_CHECK, runTrainings, seriousCodes, type Trainings } from "./trainings.js";

/** Codes each fault must raise at warning or error severity. */
const FAULTS: Record<string, string[]> = {
  exploding: ["D501", "D201", "D301"],
  vanishing: ["D302"],
  dead_relu: ["D402", "D305"],
  // The same, trained by a loop that updates the parameters itself (no optimizer).
  manual_dead_relu: ["D402", "D305"],
  zero_learning_rate: ["D205"],
  // A tensor requiring gradients held as a plain attribute, not an nn.Parameter: the optimizer never gets it.
  untracked_tensor: ["D205"],
  modules_in_plain_list: ["D205"],
  frozen_output: ["D205"],
  nan_inputs: ["D501", "D401"],
  // Shuffled labels leave the loss at chance level (D508, when the catalogue has it); the loss not decreasing says so too.
  shuffled_labels: CHANCE_LEVEL_CHECK ? ["D502", "D508"] : ["D502"],
  over_regularized: ["D304"],
  sign_flipped: ["D503"],
  one_output_cross_entropy: ["D509"],
};
const CLEAN = ["clean_mlp", "clean_multihot", "clean_cnn", "clean_lstm", "clean_gru", "clean_attention", "clean_binary", "clean_manual_sgd", "clean_scratch_mlp", "clean_regression", "clean_single_layer", "clean_compiled"];

describe.skipIf(!SUITES.torch)("PyTorch trainings under the Python probe", () => {
  let trainings: Trainings;
  /** "role name" of every tensor a scenario's trace records ("bias OverriddenParameters.b"). */
  const recordedTensors = (scenario: string): Set<string> =>
    new Set(entries(rawRecords(trainings.trace(scenario)) as unknown as TelemetryRecord[], {}).map((t) => `${t.role} ${t.name}`));
  beforeAll(async () => {
    trainings = await runTrainings("torch_scenarios.py");
  }, 240_000);
  afterAll(() => trainings?.dispose());

  it.each(Object.entries(FAULTS))("finds %s: %j", (name, codes) => {
    const found = seriousCodes(trainings.findings(name));
    for (const code of codes) expect(found, `${name}: ${allCodes(trainings.findings(name)).join(" ")}`).toContain(code);
  });

  it.each(CLEAN)("raises no warning or error on %s", (name) => {
    expect(seriousCodes(trainings.findings(name))).toEqual([]);
  });

  it("follows the tensors requiring gradients that a model holds where parameters() does not look (a plain attribute, modules in a plain list) and no optimizer gets, states them, and finds them never trained (D205)", () => {
    const start = rawRecords(trainings.trace("untracked_tensor"))[0] as { model: { layers: { name: string; untracked?: string[] }[] } };
    expect(start.model.layers.filter((l) => l.untracked).map((l) => [l.name, l.untracked])).toEqual([["PlainTensorScale", ["PlainTensorScale.scale"]]]);
    const found = trainings.findings("untracked_tensor").filter((f) => f.severity !== "info");
    expect(found.map((f) => [f.code, f.layer?.name])).toEqual([["D205", "PlainTensorScale"]]);
    expect(found[0]!.message).toMatch(/^PlainTensorScale\.scale of layer PlainTensorScale did not change .*: its framework does not track it, so the optimizer never gets it/);
    // Blocks held in a plain list (not an nn.ModuleList): their parameters, named as a ModuleList's would be.
    const listed = rawRecords(trainings.trace("modules_in_plain_list"))[0] as { model: { layers: { name: string; untracked?: string[] }[] } };
    expect(listed.model.layers.filter((l) => l.untracked).map((l) => [l.name, l.untracked])).toEqual([
      ["blocks.0", ["blocks.0.weight", "blocks.0.bias"]],
      ["blocks.1", ["blocks.1.weight", "blocks.1.bias"]],
    ]);
    const blocks = trainings.findings("modules_in_plain_list").filter((f) => f.severity !== "info");
    expect(blocks.map((f) => [f.code, f.layer?.name])).toEqual([["D205", "blocks.0"], ["D205", "blocks.1"]]);
    expect(blocks[0]!.message).toMatch(/^2 parameter tensors of layer blocks\.0 did not change .*: blocks\.0\.weight, blocks\.0\.bias; its framework does not track them/);
    // Tensors held so and given to the optimizer (a model from scratch) are the optimizer's: none stated.
    for (const name of CLEAN) expect(JSON.stringify(rawRecords(trainings.trace(name))[0])).not.toContain('"untracked"');
  });

  it("describes the model in canonical terms: layer kinds, functional activations, loss, source lines", () => {
    const start = rawRecords(trainings.trace("clean_cnn"))[0]!;
    const model = start["model"] as { layers: { name: string; kind: string; activation: string; outputShape: (number | null)[]; span?: { line: number } }[]; loss: string; lossExpects: string; task: unknown };
    expect(model.layers.map((l) => [l.name, l.kind, l.activation])).toEqual([
      ["conv1", "conv2d", "relu"],
      ["pool", "maxPooling2d", "linear"],
      ["conv2", "conv2d", "relu"],
      ["flatten", "flatten", "linear"],
      ["head", "dense", "linear"],
    ]);
    // Channels last, as the statistics are: conv1's (N, 8, 10, 10) output is (N, 10, 10, 8).
    expect(model.layers[0]!.outputShape).toEqual([null, 10, 10, 8]);
    expect(model.layers[0]!.span?.line).toBeGreaterThan(0);
    expect([model.loss, model.lossExpects, model.task]).toEqual(["sparse_categorical_crossentropy", "logits", { kind: "classification", classes: 4 }]);
    expect(start["framework"]).toBe("pytorch");
  });

  it("applies a functional log-softmax over a negative dim to the head's recorded output", () => {
    // Autograd saves dim=-1 as its unsigned 64-bit pattern; read as is, the probe failed at the second sample.
    const records = rawRecords(trainings.trace("clean_gru"));
    const head = (records[0]!["model"] as { layers: { name: string; activation: string }[] }).layers.find((l) => l.name === "head");
    expect(head?.activation).toBe("log_softmax");
    const outputs = records
      .filter((r) => r["type"] === "tensors")
      .flatMap((r) => (r["tensors"] as { layer: string; role: string; stats: { max: number } }[]).filter((t) => t.layer === "head" && t.role === "activation"));
    expect(outputs.length).toBeGreaterThan(2);
    // Log-probabilities: never above 0.
    for (const output of outputs) expect(output.stats.max).toBeLessThanOrEqual(0);
    expect(records.some((r) => r["type"] === "finding")).toBe(false);
  });

  it("states the output layers: the last leaf module, and the layer before it when the last is its activation module", () => {
    const outputs = (name: string) => (rawRecords(trainings.trace(name))[0]!["model"] as { outputs?: string[] }).outputs;
    expect(outputs("clean_cnn")).toEqual(["head"]);
    // nn.Sequential(..., nn.Linear(32, 1), nn.Sigmoid()): the probe applies the sigmoid to layer 2's output too.
    expect(outputs("clean_binary")).toEqual(["2", "3"]);
  });

  it("checks a model compiled with torch.compile without breaking or recompiling its graph", () => {
    // Before: Dynamo traced the probe's hooks into the graph: 22 graph breaks, 82 recompilations, 5× slower.
    expect(JSON.parse(readFileSync(trainings.trace("clean_compiled").replace(/\.jsonl$/, ".dynamo.losses.json"), "utf8"))).toEqual({ graphBreaks: 0, graphs: 2 });
    const records = rawRecords(trainings.trace("clean_compiled"));
    const layers = (records[0]!["model"] as { layers: { name: string; kind: string }[] }).layers;
    expect(layers.map((l) => `${l.name} ${l.kind}`)).toEqual(["0 dense", "1 relu", "2 dense"]);
    const roles = new Set(records.filter((r) => r["type"] === "tensors").flatMap((r) => (r["tensors"] as { role: string }[]).map((t) => t.role)));
    // The layers' outputs inside the compiled forward are not seen (said once on stderr); the rest is.
    expect([...roles].sort()).toEqual(["bias", "gradient", "target", "update", "weights"]);
    expect(records.filter((r) => r["type"] === "step")).toHaveLength(320);
    // A dead layer is still found, from its gradients and its weights.
    expect(seriousCodes(trainings.findings("compiled_dead_relu"))).toEqual(expect.arrayContaining(["D302", "D205"]));
  });

  it("records an activation module's output with the statistics of the layer it activates, read once, and only when it is that layer's output", () => {
    const outputs = (layer: string) =>
      rawRecords(trainings.trace("activation_modules"))
        .filter((r) => r["type"] === "tensors")
        .flatMap((r) => (r["tensors"] as { layer: string; role: string; stats: { zeroFraction: number } }[]).filter((t) => t.layer === layer && t.role === "activation").map((t) => t.stats));
    // The first step's activations are not recorded (the model is found at its first step).
    expect(outputs("act1").length).toBeGreaterThan(2);
    expect(outputs("act1")).toEqual(outputs("fc1"));
    // act2 reads fc2's activated output shifted by −0.5: more of it is zero.
    outputs("act2").forEach((stats, i) => expect(stats.zeroFraction).toBeGreaterThan(outputs("fc2")[i]!.zeroFraction));
  });

  it("takes a vector named as a bias is by hand (b1, b2) for a bias, not a kernel", () => {
    const parameters = [...recordedTensors("clean_scratch_mlp")].filter((t) => t.startsWith("weights ") || t.startsWith("bias ")).sort();
    expect(parameters).toEqual(["bias ScratchMlp.b1", "bias ScratchMlp.b2", "weights ScratchMlp.W1", "weights ScratchMlp.W2"]);
  });

  it("follows a module whose trainable tensors are plain attributes, updated by hand under no_grad, its tensors named by the module", () => {
    const records = rawRecords(trainings.trace("plain_tensor_module"));
    expect(records.filter((r) => r["type"] === "run-start")).toHaveLength(1);
    // 3 epochs of 32 batches; the first step is where the loop is found updating its tensors itself.
    expect(records.filter((r) => r["type"] === "step").length).toBeGreaterThanOrEqual(90);
    const names = recordedTensors("plain_tensor_module");
    expect(names).toContain("weights PlainTensorRegression.w");
    expect(names).toContain("bias PlainTensorRegression.b");
    expect(seriousCodes(trainings.findings("plain_tensor_module"))).toEqual([]);
  });

  it("follows a model whose parameters() is overridden without its arguments, its tensors named by the model", () => {
    const records = rawRecords(trainings.trace("overridden_parameters"));
    expect(records.filter((r) => r["type"] === "run-end").map((r) => r["steps"])).toEqual([63]);
    const names = recordedTensors("overridden_parameters");
    expect(names).toContain("weights OverriddenParameters.w");
    expect(names).toContain("bias OverriddenParameters.b");
    expect(allCodes(trainings.findings("overridden_parameters"))).toEqual([]);
  });

  it("tells apart modules of plain tensors trained by hand one after the other, and a model trained next by an optimizer", () => {
    const records = rawRecords(trainings.trace("successive_plain_tensor_modules"));
    const ends = records.filter((r) => r["type"] === "run-end").map((r) => r["steps"] as number);
    // 2 epochs of 32 batches each; a loop by hand is found at its first step.
    expect(ends).toHaveLength(3);
    for (const steps of ends) expect(steps).toBeGreaterThanOrEqual(62);
    expect(seriousCodes(trainings.findings("successive_plain_tensor_modules"))).toEqual([]);
  });

  it("does not record a Dropout's or a Flatten's output, unless an activation follows it or it is the model's output", () => {
    const records = rawRecords(trainings.trace("passed_through"));
    const layers = (records[0]!["model"] as { layers: { name: string; kind: string; activation: string }[] }).layers;
    expect(layers.map((l) => `${l.name} ${l.kind} ${l.activation}`)).toEqual(["fc1 dense relu", "drop1 dropout linear", "fc2 dense linear", "drop2 dropout relu", "head dense linear", "flat flatten linear"]);
    const recorded = records
      .filter((r) => r["type"] === "tensors")
      .map((r) => (r["tensors"] as { layer: string; role: string }[]).filter((t) => t.role === "activation").map((t) => t.layer))
      .filter((layers) => layers.length > 0); // the first step's are not recorded (the model is found at it)
    expect(recorded.length).toBeGreaterThan(2);
    for (const step of recorded) expect(step).toEqual(["fc1", "fc2", "drop2", "head", "flat"]);
  });

  it("applies a log-softmax, which reads whole rows, to a head's whole output, not to the subsample of it kept", () => {
    const outputs = rawRecords(trainings.trace("wide_log_softmax"))
      .filter((r) => r["type"] === "tensors")
      .flatMap((r) => (r["tensors"] as { layer: string; role: string; stats: { mean: number; sampled: boolean } }[]).filter((t) => t.layer === "head" && t.role === "activation").map((t) => t.stats));
    expect(outputs.length).toBeGreaterThan(0);
    for (const stats of outputs) {
      expect(stats.sampled).toBe(true);
      // Near-uniform log-probabilities over a row of 5,000: −ln 5000 = −8.52 less the logits' spread (−8.68 as
      // recorded); normalised over the 4,096 values kept instead, −ln 4096 = −8.32 less the same (−8.44).
      expect(stats.mean).toBeLessThan(-8.56);
      expect(stats.mean).toBeGreaterThan(-8.8);
    }
  });

  it("describes each of several models trained one after another, its optimizer rebound to the same name", () => {
    const records = rawRecords(trainings.trace("successive_models"));
    const starts = records.filter((r) => r["type"] === "run-start").map((r) => (r["model"] as { layers: { name: string; kind: string }[] }).layers.map((l) => `${l.name} ${l.kind}`));
    // Before: the second and third runs had no layers (their parameters named param_0...).
    expect(starts).toEqual([0, 1, 2].map(() => ["0 dense", "1 relu", "2 dense"]));
    expect(records.filter((r) => r["type"] === "step")).toHaveLength(96);
  });

  it("names a model that is itself one layer after its class", () => {
    const records = rawRecords(trainings.trace("clean_single_layer"));
    const layers = (records[0]!["model"] as { layers: { name: string; kind: string }[] }).layers;
    expect(layers.map((l) => `${l.name} ${l.kind}`)).toEqual(["Linear dense"]);
    const names = records.filter((r) => r["type"] === "tensors").flatMap((r) => (r["tensors"] as { layer: string; name: string; role: string }[]).filter((t) => t.role !== "target").map((t) => `${t.layer} ${t.name}`));
    expect(new Set(names)).toEqual(new Set(["Linear Linear.weight", "Linear Linear.bias", "Linear Linear/output"]));
  });

  it("follows a loop that updates its parameters itself, from its second iteration on", () => {
    // 10 epochs of 32 batches: the first update is seen at the second forward, and the last step ends with the run.
    const records = rawRecords(trainings.trace("clean_manual_sgd"));
    expect(records.filter((r) => r["type"] === "run-start")).toHaveLength(1);
    expect(records.filter((r) => r["type"] === "step")).toHaveLength(319);
    expect(records.filter((r) => r["type"] === "epoch")).toHaveLength(10);
    const sample = records.find((r) => r["type"] === "tensors" && (r["step"] as number) >= 100)!;
    const roles = (sample["tensors"] as { role: string; name: string; stats: { meanAbs: number } }[]).map((t) => `${t.role} ${t.name}`);
    expect(roles).toEqual(expect.arrayContaining(["gradient 0.weight", "update 0.weight", "weights 0.weight", "activation 0/output"]));
    // The updates are the loop's own: lr × gradient, never zero while it learns.
    const update = (sample["tensors"] as { role: string; name: string; stats: { meanAbs: number } }[]).find((t) => t.role === "update" && t.name === "2.weight")!;
    expect(update.stats.meanAbs).toBeGreaterThan(0);
    expect(records.at(-1)).toMatchObject({ type: "run-end", status: "completed", steps: 319 });
  });

  it.each(["saves_whole_model", "saves_whole_model_by_hand"])("leaves nothing on the model that torch.save(model) would pickle: %s", (name) => {
    // The scenario saves after every step; a hook stored on a module made torch.save raise (and the driver with it).
    const records = rawRecords(trainings.trace(name));
    expect(records.filter((r) => r["type"] === "step").length).toBeGreaterThanOrEqual(63);
    expect(records.filter((r) => r["type"] === "tensors").length).toBeGreaterThan(5);
    expect(records.some((r) => r["type"] === "finding")).toBe(false);
  });

  it("starts no run for gradients taken with respect to the inputs of a model nobody updates", () => {
    expect(rawRecords(trainings.trace("input_gradients"))).toEqual([]);
  });

  /** The step losses of each run of a trace, beside the losses the scenario computed itself. */
  function recordedLosses(name: string): { runs: number[][]; computed: number[] } {
    const runs: number[][] = [];
    for (const record of rawRecords(trainings.trace(name))) {
      if (record["type"] === "run-start") runs.push([]);
      if (record["type"] === "step") runs.at(-1)!.push(record["loss"] as number);
    }
    return { runs, computed: JSON.parse(readFileSync(trainings.trace(name).replace(/\.jsonl$/, ".losses.json"), "utf8")) as number[] };
  }

  it("records a GAN discriminator's own losses, not the generator's loss of the step before", () => {
    const { runs, computed } = recordedLosses("gan_alternating");
    expect(runs.map((r) => r.length)).toEqual([computed.length]);
    runs[0]!.forEach((loss, i) => expect(loss, `step ${i}`).toBeCloseTo(computed[i]!, 5));
  });

  it("takes a GAN's other model, its gradients turned off while the followed one steps (Lightning's toggle_optimizer), for no frozen layer", () => {
    const records = rawRecords(trainings.trace("gan_toggled"));
    const names = new Set((records.filter((r) => r["type"] === "tensors") as { tensors: { role: string; name: string; layer: string }[] }[]).flatMap((r) => r.tensors).filter((t) => t.role === "weights" || t.role === "bias").map((t) => t.name));
    expect(names.size).toBe(4); // the generator's two kernels and two biases
    expect(allCodes(trainings.findings("gan_toggled"))).not.toContain("D205");
  });

  it("marks the steps of a GAN's followed optimizer adversarial (schema 1.6), not those of two optimizers on one loss", () => {
    const flags = (name: string) => rawRecords(trainings.trace(name)).filter((r) => r["type"] === "step").map((r) => r["adversarial"] === true);
    for (const name of ["gan_alternating", "gan_toggled"]) {
      const marked = flags(name);
      // From its second step on: the first alternation is seen when the followed optimizer steps again.
      expect(marked.slice(1).every(Boolean), name).toBe(true);
      expect(marked[0], name).toBe(false);
    }
    expect(flags("two_optimizers_one_loss").some(Boolean)).toBe(false);
    expect(flags("clean_mlp").some(Boolean)).toBe(false);
    // Said once: the other half is not followed, and the loss's trend is not judged.
    expect(trainings.stderr.match(/nncheck: another optimizer steps in turn with the checked one, on a loss of its own .*: its model is not followed/g)).toHaveLength(1);
  });

  it("opens the run of a second optimizer with the loss of its first step", () => {
    // Layer-wise training: the first optimizer's 32 steps, then the second's; the first is gone when the second steps.
    const { runs, computed } = recordedLosses("layerwise_optimizers");
    expect(runs.map((r) => r.length)).toEqual([32, 32]);
    runs.flat().forEach((loss, i) => expect(loss, `step ${i}`).toBeCloseTo(computed[i]!, 5));
    expect(trainings.findings("layerwise_optimizers").filter((f) => f.code === "D501")).toEqual([]);
  });

  it("records a step of accumulated gradients with the sum of its batches' losses, from the first step on", () => {
    const { runs, computed } = recordedLosses("accumulated_gradients");
    expect(runs.map((r) => r.length)).toEqual([computed.length]);
    runs[0]!.forEach((loss, i) => expect(loss, `step ${i}`).toBeCloseTo(computed[i]!, 5));
  });

  it("follows steps given a closure (step(closure): the passes run inside the step) as it follows plain steps", () => {
    const strip = (name: string) => rawRecords(trainings.trace(name)).filter((r) => r["type"] !== "run-start" && r["type"] !== "run-end" && r["type"] !== "step").map((r) => JSON.stringify(r));
    const start = rawRecords(trainings.trace("closure_steps"))[0]!;
    expect(start["model"]).toMatchObject({ layers: [{ name: "hidden", kind: "dense" }, { name: "out", kind: "dense" }], loss: "sparse_categorical_crossentropy" });
    // The same statistics as the same training stepped without a closure: this step's gradients, not the last step's.
    expect(strip("closure_steps")).toEqual(strip("closure_steps_twin"));
    const losses = (name: string) => rawRecords(trainings.trace(name)).filter((r) => r["type"] === "step").map((r) => r["loss"]);
    expect(losses("closure_steps")).toEqual(losses("closure_steps_twin"));
  });

  it("records an LBFGS step with its closure's first loss, not the sum of its evaluations", () => {
    const { runs, computed } = recordedLosses("lbfgs_steps");
    expect(runs.map((r) => r.length)).toEqual([computed.length]);
    runs[0]!.forEach((loss, i) => expect(loss, `step ${i}`).toBeCloseTo(computed[i]!, 5));
    expect(rawRecords(trainings.trace("lbfgs_steps"))[0]!["model"]).toMatchObject({ layers: [{ kind: "dense" }, { kind: "relu" }, { kind: "dense" }], loss: "mean_squared_error" });
  });

  it("records a mixed-precision step's loss before GradScaler scaled it, and no loss for the steps it skipped", () => {
    const { runs, computed } = recordedLosses("mixed_precision");
    expect(computed.length).toBeLessThan(32); // some steps were skipped
    expect(runs.map((r) => r.length)).toEqual([computed.length]);
    runs[0]!.forEach((loss, i) => expect(loss, `step ${i}`).toBeCloseTo(computed[i]!, 4));
  });

  it("follows a loop that updates bare leaf tensors itself (no module, no optimizer), naming them as the program does", () => {
    const { runs, computed } = recordedLosses("bare_tensors_by_hand");
    // From its second iteration: the first backward shows which tensors the loss comes from, the second that they moved.
    expect(runs.map((r) => r.length)).toEqual([computed.length - 1]);
    runs[0]!.forEach((loss, i) => expect(loss, `step ${i}`).toBeCloseTo(computed[i + 1]!, 5));
    const tensors = rawRecords(trainings.trace("bare_tensors_by_hand")).filter((r) => r["type"] === "tensors") as { tensors: { role: string; name: string }[] }[];
    expect(tensors.length).toBeGreaterThan(0);
    expect(new Set(tensors.flatMap((r) => r.tensors).map((t) => `${t.role}:${t.name}`))).toEqual(new Set(["gradient:weights", "gradient:bias", "weights:weights", "bias:bias", "update:weights", "update:bias"]));
  });

  it("reads a Linear kernel [out, in] too large to read whole across all its output units, not a few rows of them", () => {
    const tensors = rawRecords(trainings.trace("wide_kernel_few_dead")).filter((r) => r["type"] === "tensors") as { tensors: { role: string; name: string; shape: number[]; unitAxis?: number; stats: { zeroFraction: number; sampled: boolean } }[] }[];
    const gradients = tensors.flatMap((r) => r.tensors).filter((t) => t.role === "gradient" && t.name === "0.weight");
    expect(gradients.length).toBeGreaterThan(0);
    for (const g of gradients) {
      expect(g.shape).toEqual([64, 784]);
      expect(g.unitAxis).toBe(0);
      expect(g.stats.sampled).toBe(true);
      // 5 of 64 units dead: their rows are zero, the others' are not (a sample of 5 rows was all zero).
      expect(g.stats.zeroFraction).toBeLessThan(0.5);
    }
    expect(trainings.findings("wide_kernel_few_dead").filter((f) => f.layer?.name === "0").map((f) => f.code)).not.toContain("D302");
  });

  it("reads nn.MultiheadAttention's in_proj_bias as a bias (zero at first by design), not as a dead kernel", () => {
    const tensors = rawRecords(trainings.trace("clean_attention")).filter((r) => r["type"] === "tensors") as { tensors: { role: string; name: string }[] }[];
    const roles = new Set(tensors.flatMap((r) => r.tensors).filter((t) => t.name.endsWith("in_proj_bias") && t.role !== "gradient" && t.role !== "update").map((t) => t.role));
    expect(roles).toEqual(new Set(["bias"]));
    expect(allCodes(trainings.findings("clean_attention"))).not.toContain("D202");
  });

  it("records each epoch's validation loss from the losses computed with gradients off after its training", () => {
    const epochs = rawRecords(trainings.trace("validated_each_epoch")).filter((r) => r["type"] === "epoch");
    const computed = JSON.parse(readFileSync(trainings.trace("validated_each_epoch").replace(/\.jsonl$/, ".losses.json"), "utf8")) as number[];
    expect(epochs.map((e) => e["epoch"])).toEqual([0, 1, 2, 3]);
    epochs.forEach((e, i) => expect(e["valLoss"] as number, `epoch ${i}`).toBeCloseTo(computed[i]!, 5));
    // Epochs with no evaluation have none.
    expect(rawRecords(trainings.trace("clean_mlp")).filter((r) => r["type"] === "epoch").some((e) => "valLoss" in e)).toBe(false);
  });

  it("leaves torch.nn.functional's losses compilable by TorchScript (a scripted model computing its loss in its forward trains and is followed)", () => {
    const steps = rawRecords(trainings.trace("scripted_loss_in_forward")).filter((r) => r["type"] === "step");
    expect(steps).toHaveLength(16);
  });

  it("reads Transformers' GELU modules as gelu and its Conv1D weight [in, out] with its units last", () => {
    const records = rawRecords(trainings.trace("transformers_style_mlp"));
    const layers = (records[0]!["model"] as { layers: { name: string; activation: string }[] }).layers;
    expect(layers.find((l) => l.name === "1")!.activation).toBe("gelu");
    const gradients = (records.filter((r) => r["type"] === "tensors") as { tensors: { role: string; name: string; unitAxis?: number; stats: { perUnit?: { zeroFraction?: { f32: string } } } }[] }[]).flatMap((r) => r.tensors).filter((t) => t.role === "gradient" && t.name === "0.weight");
    expect(gradients.length).toBeGreaterThan(0);
    for (const g of gradients) {
      expect(g.unitAxis).toBeUndefined(); // the last axis: the 64 outputs
      expect(Buffer.from(g.stats.perUnit!.zeroFraction!.f32, "base64").length / 4).toBe(64);
    }
  });

  it("finds overfitting (D506) from the validation losses of a loop's own evaluation", () => {
    const overfitting = trainings.findings("overfits").filter((f) => f.code === "D506");
    expect(overfitting.map((f) => f.severity)).toContain("warning");
  });

  it("states a loss whose targets come from a copy of the model that moves with it (a DQN's target network): the loss trend checks stay silent", () => {
    const steps = rawRecords(trainings.trace("q_learning")).filter((r) => r["type"] === "step");
    // The soft-updated copy is seen moving at the first sample.
    expect(steps.findIndex((r) => r["movingTarget"] === true)).toBe(10);
    expect(steps.slice(10).every((r) => r["movingTarget"] === true)).toBe(true);
    expect(seriousCodes(trainings.findings("q_learning"))).toEqual([]);
    // Its TD loss grows with the values (0.05 to 0.29): without the statement, a divergence and a plateau.
    const unstated = readFileSync(trainings.trace("q_learning"), "utf8").replaceAll(',"movingTarget":true', "");
    expect(seriousCodes(checkTrace(unstated).findings)).toEqual(expect.arrayContaining(["D502", "D503"]));
    expect(trainings.stderr).toMatch(/nncheck: the loss's targets come from a copy of the model that no optimizer trains and that moves with it \(a target network\)/);
    // A target network never updated gives fixed targets: not stated.
    expect(rawRecords(trainings.trace("q_learning_fixed_target")).some((r) => r["movingTarget"] !== undefined)).toBe(false);
  });

  it("a cross-entropy over one output (pytorch/examples' DDP tutorial): the constant loss leads, before the gradients it starves", () => {
    const found = trainings.findings("one_output_cross_entropy").filter((f) => f.severity !== "info");
    expect(found[0]!.code).toBe("D509");
    expect(found[0]!.message).toMatch(/^the training loss has been exactly 0 at each of the first 20 steps: a cross-entropy over one output is 0 whatever the model computes/);
    expect(found.map((f) => f.code)).toEqual(expect.arrayContaining(["D302", "D205"]));
  });

  it("records epochs from the DataLoader and the loss of every step", () => {
    const records = rawRecords(trainings.trace("clean_mlp"));
    expect(records.filter((r) => r["type"] === "step")).toHaveLength(320);
    expect(records.filter((r) => r["type"] === "epoch").map((r) => r["epoch"])).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(records.at(-1)).toMatchObject({ type: "run-end", status: "completed", steps: 320 });
  });

  it("writes records the telemetry JSON Schema accepts", () => {
    for (const name of [...Object.keys(FAULTS), ...CLEAN]) {
      for (const record of rawRecords(trainings.trace(name))) expect(schemaProblems(record), `${name}: ${JSON.stringify(record).slice(0, 200)}`).toEqual([]);
    }
  });
});
