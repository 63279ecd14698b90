import { describe, expect, it } from "vitest";
import type { Finding } from "../report/finding.js";
import { diagnose, groupFindings } from "./diagnosis.js";
import { formatFactor, formatNumber, formatPercent } from "./format.js";

const finding = (code: string, layer: string | undefined, first: number, last = first + 20, index = 0): Finding => ({
  code,
  name: code,
  severity: "warning",
  message: code,
  steps: { first, last, count: 3 },
  ...(layer ? { layer: { name: layer, kind: "dense", index } } : {}),
});

describe("diagnose: root cause first", () => {
  it("groups findings of one layer over overlapping steps and leads with the upstream one", () => {
    // As a dead layer raises them: reported by step, the loss and the updates come before the gradients.
    const findings = [finding("D502", undefined, 199), finding("D205", "hidden", 20), finding("D402", "hidden", 20), finding("D305", "hidden", 20), finding("D302", "out", 20, 40, 1)];
    const ordered = diagnose(findings);
    expect(ordered.map((f) => `${f.group} ${f.code} ${f.cause === true ? "cause" : ""}`.trim())).toEqual([
      "1 D305 cause",
      "1 D205",
      "1 D402",
      "2 D302 cause",
      "3 D502 cause",
    ]);
    // Copies: the input keeps its fields.
    expect(findings.every((f) => f.group === undefined)).toBe(true);
  });

  it("names no cause for information alone, and puts groups with a warning or error first", () => {
    // A healthy run's infos (narrow activations at the embedding) must not read as the run's root cause.
    const info = (code: string, layer: string | undefined, first: number, index = 0): Finding => ({ ...finding(code, layer, first, first + 20, index), severity: "info" });
    const ordered = diagnose([info("D404", "embedding", 20), info("D207", "lstm", 20, 1), finding("D502", undefined, 300)]);
    expect(ordered.map((f) => `${f.group} ${f.code} ${f.cause === true ? "cause" : ""}`.trim())).toEqual(["1 D502 cause", "2 D207", "3 D404"]);
    expect(diagnose([info("D404", "embedding", 20), info("D404", "lstm", 20, 1)]).some((f) => f.cause === true)).toBe(false);
  });

  it("a layer with dead units leads the layers it starves, upstream and downstream", () => {
    // A conv's bias at -10 (Keras's mnist_convnet): no gradient reaches the conv before it, and the dense
    // layer after it reads zeros. By layer order the starved first conv would lead.
    const dead = (code: string, layer: string, index: number, severity: Finding["severity"] = "warning"): Finding => ({ ...finding(code, layer, 20, 166, index), severity });
    const findings = [
      dead("D305", "conv2d", 0), dead("D302", "conv2d", 0), dead("D205", "conv2d", 0), dead("D404", "conv2d", 0, "info"),
      dead("D305", "conv2d_1", 2), dead("D205", "conv2d_1", 2), dead("D402", "conv2d_1", 2),
      dead("D302", "dense", 6), dead("D205", "dense", 6),
      finding("D502", undefined, 199, 249),
    ];
    const ordered = diagnose(findings).filter((f) => f.cause === true);
    expect(ordered.map((f) => `${f.code} ${f.layer?.name ?? "model"}`)).toEqual(["D305 conv2d_1", "D305 conv2d", "D302 dense", "D502 model"]);
  });

  it("a layer whose output is one value leads its own starved parameters and the layers it cuts off", () => {
    // keras-io's time-series Transformer: LayerNormalization over one feature outputs its beta alone; its
    // gamma and every layer before it (an attention layer here) get no gradient.
    const at = (code: string, layer: string, index: number, severity: Finding["severity"] = "warning"): Finding => ({ ...finding(code, layer, 20, 50, index), severity });
    const findings = [at("D302", "attention", 0), at("D205", "attention", 0), at("D302", "norm", 1), at("D205", "norm", 1), at("D406", "norm", 1), at("D404", "norm", 1, "info"), finding("D508", undefined, 38, 51)];
    const ordered = diagnose(findings);
    expect(ordered.map((f) => `${f.group} ${f.code} ${f.layer?.name ?? "model"}${f.cause === true ? " cause" : ""}`)).toEqual([
      "1 D406 norm cause",
      "1 D302 norm",
      "1 D205 norm",
      "1 D404 norm",
      "2 D302 attention cause",
      "2 D205 attention",
      "3 D508 model cause",
    ]);
    // Its own gradient exploding is a fault of its own: the one value does not lead it.
    expect(diagnose([at("D303", "norm", 1), at("D406", "norm", 1)])[0]!.code).toBe("D303");
  });

  it("does not move a dead layer ahead of a real fault, another run, other steps, or another dead layer", () => {
    const at = (code: string, layer: string, index: number, first = 20, run?: number): Finding => ({ ...finding(code, layer, first, first + 20, index), ...(run ? { run } : {}) });
    const leads = (findings: Finding[]) => diagnose(findings).find((f) => f.cause === true)!.layer!.name;
    // Starvation first, then the dead layer: the rule applies.
    expect(leads([at("D305", "a", 0), at("D402", "b", 1)])).toBe("b");
    // The first layer's gradients explode: its own fault, not starvation.
    expect(leads([at("D305", "a", 0), at("D303", "a", 0), at("D402", "b", 1)])).toBe("a");
    // Both layers are dead (a learning rate too large kills them all): upstream first, as before.
    expect(leads([at("D305", "a", 0), at("D402", "a", 0), at("D402", "b", 1)])).toBe("a");
    // Another run of the same trace, or steps that do not overlap.
    expect(leads([at("D305", "a", 0, 20, 1), at("D402", "b", 1, 20, 2)])).toBe("a");
    expect(leads([at("D305", "a", 0, 20), at("D402", "b", 1, 500)])).toBe("a");
  });

  it("updates too large for the weights lead the vanishing gradients of the units they saturated", () => {
    // AdamW at a learning rate of 20 on pytorch/examples' LSTM language model: the LSTM's gradients are zero
    // from step 10 on, and the decoder's updates are 10^2.3 of its weights from the first sample.
    const ordered = diagnose([finding("D302", "rnn", 30, 30, 1), finding("D302", "encoder", 30, 30, 0), finding("D206", "decoder", 104, 186, 2), { ...finding("D503", undefined, 59, 99), severity: "error" }]);
    expect(ordered[0]).toMatchObject({ code: "D206", cause: true, layer: { name: "decoder" } });
  });

  it("never names an info the cause of a group that holds a warning", () => {
    // Shuffled labels: narrow outputs from the first sample, dead units from step 173.
    const ordered = diagnose([{ ...finding("D404", "conv2d_1", 20, 247, 2), severity: "info" }, finding("D402", "conv2d_1", 173, 247, 2)]);
    expect(ordered.map((f) => `${f.code} ${f.cause === true ? "cause" : ""}`.trim())).toEqual(["D402 cause", "D404"]);
  });

  it("splits a layer's findings whose windows do not overlap: two episodes, two groups", () => {
    const groups = groupFindings([finding("D303", "dense", 0, 10), finding("D402", "dense", 500, 600)]);
    expect(groups.map((g) => g.findings.map((f) => f.code))).toEqual([["D303"], ["D402"]]);
  });

  it("orders a NaN chain by data flow: a layer's output, then the loss, gradients and parameters", () => {
    const ordered = diagnose([finding("D201", "dense_1", 0), finding("D301", "dense_1", 0), finding("D501", undefined, 0), finding("D401", "dense_1", 0)]);
    expect(ordered.map((f) => f.code)).toEqual(["D401", "D301", "D201", "D501"]);
    expect(ordered[0]!.cause).toBe(true);
  });

  it("non-finite values at step 0 lead (the data), even before a gradient finding; later ones follow the gradients", () => {
    // NaN inputs into a CNN whose max pooling drops NaN: the first conv's output is NaN from step 0, the
    // next conv's units stop passing gradients from step 30.
    const nanData = diagnose([finding("D305", "conv2d_1", 30, 100, 1), finding("D401", "conv2d", 0, 100, 0), finding("D301", "conv2d", 0, 100, 0)]);
    expect(nanData[0]).toMatchObject({ code: "D401", group: 1, cause: true });
    // A divergence: exploding gradients first, the NaN they end in afterwards.
    const diverging = diagnose([finding("D401", "dense", 40, 100), finding("D303", "dense", 10, 60)]);
    expect(diverging.map((f) => f.code)).toEqual(["D303", "D401"]);
  });

  it("weights of one sign from the first sample are the initialisation's; appearing later, the updates' (after the gradients)", () => {
    expect(diagnose([finding("D305", "conv", 20, 100), finding("D203", "conv", 0, 100)])[0]).toMatchObject({ code: "D203", cause: true });
    // A learning rate ×1000: the kernel turns negative by step 10, its ReLUs die from step 20.
    expect(diagnose([finding("D305", "conv", 20, 100), finding("D203", "conv", 10, 100)]).map((f) => f.code)).toEqual(["D305", "D203"]);
  });

  it("within a stage the earlier finding leads: regularisation at step 0 before the weights it crushed", () => {
    const ordered = diagnose([finding("D202", "hidden", 50), finding("D304", undefined, 0)]);
    expect(ordered[0]).toMatchObject({ code: "D304", group: 1, cause: true });
  });

  it("a parameter its framework never trains leads the gradients and losses it disturbs", () => {
    // keras-io's VQ-VAE: its codebook is a bare tf.Variable, never trained; the encoder's gradients explode
    // and the loss diverges. Unmarked, the same D205 (a state: parameters that stopped moving) follows them.
    const untracked: Finding = { ...finding("D205", "quantizer", 20, 600, 5), configuration: true };
    const findings = [finding("D303", "encoder/conv", 10, 600, 1), untracked, { ...finding("D503", undefined, 199, 619), severity: "error" as const }];
    expect(diagnose(findings).filter((f) => f.cause === true).map((f) => `${f.code} ${f.layer?.name ?? "model"}`)).toEqual(["D205 quantizer", "D303 encoder/conv", "D503 model"]);
    const unmarked = findings.map((f) => ({ ...f, configuration: undefined }));
    expect(diagnose(unmarked).find((f) => f.cause === true)?.code).toBe("D303");
  });

  it("folds a check's findings at one place of the program on other layers into the first, counting them", () => {
    // keras-io's time-series Transformer builds each block by one function: four layer normalisations at one
    // line, each one-valued, each starving its gamma. Four blocks, one fault: one finding per check there.
    const at = (code: string, layer: string, index: number, line: number, run?: number): Finding => ({ ...finding(code, layer, 20, 50, index), file: "model.py", line, column: 9, ...(run ? { run } : {}) });
    const findings = [0, 1, 2, 3].flatMap((block) => [at("D406", `norm_${block}`, block * 2, 52), at("D205", `norm_${block}`, block * 2, 52), at("D302", `attention_${block}`, block * 2 + 1, 48)]);
    const ordered = diagnose([...findings, finding("D508", undefined, 38, 51)]);
    expect(ordered.map((f) => `${f.group} ${f.code} ${f.layer?.name ?? "model"} ${f.repeats ?? 1}${f.cause === true ? " cause" : ""}`)).toEqual([
      "1 D406 norm_0 4 cause",
      "1 D205 norm_0 4",
      "2 D302 attention_0 4 cause",
      "3 D508 model 1 cause",
    ]);
    // Not folded: the same layer (two findings of one check on it), another run, another place, no place.
    const kept = diagnose([at("D205", "norm_0", 0, 52), { ...at("D205", "norm_0", 0, 52), message: "other tensor" }, at("D205", "norm_1", 2, 52, 2), at("D205", "norm_2", 4, 53), finding("D205", "norm_3", 20, 50, 6)]);
    expect(kept.map((f) => `${f.layer?.name} ${f.repeats ?? 1}`).sort()).toEqual(["norm_0 1", "norm_0 1", "norm_1 1", "norm_2 1", "norm_3 1"]);
  });

  it("keeps nncheck's own failures apart, after the checks", () => {
    const ordered = diagnose([finding("nncheck-internal-error", undefined, 0), finding("D502", undefined, 300)]);
    expect(ordered.map((f) => f.code)).toEqual(["D502", "nncheck-internal-error"]);
  });
});

describe("numbers in messages", () => {
  it("are formatted for people", () => {
    expect(formatNumber(2.716651743604963e27)).toBe("2.72e+27");
    expect(formatFactor(2.716651743604963e27)).toBe("2.72e+27×");
    expect(formatNumber(3e-8)).toBe("3e-8");
    expect(formatNumber(0.04213)).toBe("0.0421");
    expect(formatNumber(123456)).toBe("123456");
    expect(formatNumber(1.5)).toBe("1.5");
    expect(formatNumber(NaN)).toBe("NaN");
    expect(formatPercent(0.797)).toBe("79.7%");
  });
});
