import { describe, expect, it } from "vitest";
import { checkMeta, defineCheck, type AnyCheck } from "./check.js";
import { CHECK_CRASHED, createCheckEngine } from "./engine.js";
import { allChecks } from "./rules/index.js";
import { MAX_TENSOR_SAMPLES } from "./state.js";
import { classifierSpec, editRunStart, editSteps, entryOf, patchStats, runChecks, syntheticRun } from "./testing/synthetic-run.js";
import type { TelemetryRecord } from "../telemetry/schema.js";

const docs = { summary: "s", whatItChecks: "w", whyItMatters: "y", example: "e", fix: "f", references: [] };

/** A check that reports every step whose loss is above 1, with the loss as value. */
const highLoss = defineCheck({
  meta: checkMeta({ code: "D990", name: "high-loss", family: "test", severity: "warning", needs: [], messages: { high: "loss {loss}" }, docs }),
  on: ["step"],
  check({ state, report }) {
    const s = state.lastStepRecord!;
    if (s.loss !== undefined && s.loss > 1) report({ messageId: "high", value: s.loss, data: { loss: s.loss } });
  },
});

const throwsAtStep = (n: number) =>
  defineCheck({
    meta: checkMeta({ code: "D991", name: "fragile", family: "test", severity: "error", needs: [], messages: { never: "never" }, docs }),
    on: ["step"],
    check({ state }) {
      if (state.step === n) throw new Error("boom");
    },
  });

const step = (n: number, loss: number): TelemetryRecord => ({ type: "step", v: 1, step: n, epoch: 0, batch: n, loss, metrics: {}, timeMs: 1 });

describe("checks engine", () => {
  it("de-duplicates and summarises: one finding with first/last step, count and worst value", () => {
    const engine = createCheckEngine({ registry: [highLoss] });
    [0.5, 2, 3, 0.2, 7, 4].forEach((loss, i) => engine.write(step(i, loss)));
    const findings = engine.findings();
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ code: "D990", name: "high-loss", severity: "warning", steps: { first: 1, last: 5, count: 4 }, worst: 7, message: "loss 7" });
  });

  it("hands out each new finding once, so a live view never repeats it", () => {
    const seen: string[] = [];
    const engine = createCheckEngine({ registry: [highLoss], onFinding: (f) => seen.push(f.code) });
    engine.write(step(0, 2));
    expect(engine.takeNewFindings().map((f) => f.code)).toEqual(["D990"]);
    engine.write(step(1, 3));
    expect(engine.takeNewFindings()).toEqual([]);
    expect(seen).toEqual(["D990"]);
  });

  it("returns copies: callers cannot corrupt the summary", () => {
    const engine = createCheckEngine({ registry: [highLoss] });
    engine.write(step(0, 2));
    engine.findings()[0]!.steps!.count = 99;
    expect(engine.findings()[0]!.steps!.count).toBe(1);
  });

  it("asks to stop once a finding reaches failOn, and only then", () => {
    const info = { ...highLoss, meta: { ...highLoss.meta, severity: "info" as const } };
    const quiet = createCheckEngine({ registry: [info], failOn: "warning" });
    quiet.write(step(0, 5));
    expect(quiet.shouldStop()).toBe(false);
    const engine = createCheckEngine({ registry: [highLoss], failOn: "warning" });
    engine.write(step(0, 0.5));
    expect(engine.shouldStop()).toBe(false);
    engine.write(step(1, 5));
    expect(engine.shouldStop()).toBe(true);
    expect(engine.stopReason()).toBe("D990 high-loss: loss 5");
    expect(createCheckEngine({ registry: [highLoss] }).shouldStop()).toBe(false);
  });

  it("isolates a crashing check: reported once as nncheck-internal-error naming it, disabled, the others go on", () => {
    const engine = createCheckEngine({ registry: [throwsAtStep(1), highLoss], failOn: "warning" });
    expect(() => [0, 1, 2, 3].forEach((i) => engine.write(step(i, i === 1 ? 9 : 0.1)))).not.toThrow();
    engine.write(step(4, 9));
    const findings = engine.findings();
    expect(findings.map((f) => f.code).sort()).toEqual(["D990", "nncheck-internal-error"]);
    // The check after the crashing one still ran at the crash's step.
    expect(findings.find((f) => f.code === "D990")!.steps).toEqual({ first: 1, last: 4, count: 2 });
    const crash = findings.find((f) => f.code === "nncheck-internal-error")!;
    expect(crash.message).toBe("check D991 fragile failed and was disabled: boom");
    expect(crash.steps).toEqual({ first: 1, last: 1, count: 1 });
    expect(engine.descriptors().map((d) => d.code)).toEqual(["D991", "D990", CHECK_CRASHED.code]);
    // The crash did not stop training; the real warning did.
    expect(engine.stopReason()).toMatch(/^D990/);
  });

  it("never runs a crashed check again, on any of its triggers", () => {
    let calls = 0;
    const alwaysThrows = defineCheck({
      meta: checkMeta({ code: "D993", name: "always-throws", family: "test", severity: "warning", needs: [], messages: { never: "never" }, docs }),
      on: ["step", "period"],
      check() {
        calls++;
        throw new Error("boom");
      },
    });
    const engine = createCheckEngine({ registry: [alwaysThrows as AnyCheck, highLoss], period: 1 });
    for (let i = 0; i < 5; i++) engine.write(step(i, 2));
    expect(calls).toBe(1);
    expect(engine.findings().find((f) => f.code === "nncheck-internal-error")!.steps!.count).toBe(1);
    expect(engine.findings().find((f) => f.code === "D990")!.steps!.count).toBe(5);
  });

  it("refuses a report with an undeclared message id (as a crash of that check)", () => {
    const sloppy = defineCheck({
      meta: checkMeta({ code: "D992", name: "sloppy", family: "test", severity: "warning", needs: [], messages: { a: "a" }, docs }),
      on: ["step"],
      check({ report }) {
        report({ messageId: "b" as "a" });
      },
    });
    const findings = runChecks([step(0, 1)], { registry: [sloppy as AnyCheck] });
    expect(findings.map((f) => f.code)).toEqual(["nncheck-internal-error"]);
    expect(findings[0]!.message).toMatch(/undeclared message id "b"/);
  });

  it("never throws on malformed records written directly (not through the reader)", () => {
    const engine = createCheckEngine();
    const broken = { type: "tensors", v: 1, step: 3, tensors: [{ layer: "x", role: "weights", name: "k", shape: [], stats: null }] } as unknown as TelemetryRecord;
    expect(() => engine.write(broken)).not.toThrow();
    expect(() => engine.write({ type: "step", v: 1 } as unknown as TelemetryRecord)).not.toThrow();
    engine.write({ type: "histogram", v: 1 } as unknown as TelemetryRecord); // a newer minor version's record: ignored
    const findings = engine.findings();
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ code: "nncheck-internal-error", steps: { count: 2 } });
    expect(findings[0]!.message).toMatch(/^skipped malformed telemetry record\(s\): /);
    // No check was disabled by the bad data: a later real problem is still found.
    engine.write({ type: "step", v: 1, step: 4, epoch: 0, batch: 4, loss: NaN, metrics: {}, timeMs: 1 });
    expect(engine.findings().map((f) => f.code)).toEqual(["nncheck-internal-error", "D501"]);
  });

  it("applies per-check options by code or name: enabled, severity, thresholds", () => {
    const records = patchStats(syntheticRun(classifierSpec()), entryOf("dense_1", "weights"), () => ({ tinyFraction: 0.9 }));
    expect(runChecks(records).some((f) => f.code === "D202")).toBe(false);
    const lowered = runChecks(records, { checks: { "dead-weights": { maxTinyFraction: 0.8, severity: "error" } } }).filter((f) => f.code === "D202");
    expect(lowered).toHaveLength(1);
    expect(lowered[0]!.severity).toBe("error");
    expect(runChecks(records, { checks: { D202: { maxTinyFraction: 0.8, enabled: false } } }).some((f) => f.code === "D202")).toBe(false);
  });

  it("rejects an option a check does not have", () => {
    expect(() => createCheckEngine({ checks: { D202: { maxTinyFractoin: 0.8 } } })).toThrow(/D202 dead-weights has no option "maxTinyFractoin"/);
  });

  it("keeps bounded windows however long the run", () => {
    const engine = createCheckEngine();
    for (const r of syntheticRun(classifierSpec({ steps: 2000 }))) engine.write(r);
    const series = engine.state.series("dense_1", "weights", "dense_1/kernel")!;
    expect(series.samples).toHaveLength(MAX_TENSOR_SAMPLES);
    expect(series.samples.at(-1)!.step).toBe(1990);
    expect(engine.state.recentSteps.length).toBeLessThanOrEqual(256);
  });

  it("closes loss periods of the sampling interval, or of the configured period", () => {
    const records = syntheticRun(classifierSpec({ steps: 100 }));
    const byInterval = createCheckEngine();
    records.forEach((r) => byInterval.write(r));
    expect(byInterval.state.periods.map((p) => p.lastStep)).toEqual([9, 19, 29, 39, 49, 59, 69, 79, 89, 99]);
    const byPeriod = createCheckEngine({ period: 25 });
    records.forEach((r) => byPeriod.write(r));
    expect(byPeriod.state.periods.map((p) => [p.firstStep, p.lastStep])).toEqual([[0, 24], [25, 49], [50, 74], [75, 99]]);
    const everyStep = createCheckEngine();
    editRunStart(records, (r) => ({ ...r, config: { samplingInterval: 1 } })).forEach((r) => everyStep.write(r));
    expect(everyStep.state.period).toBe(10); // a 1-step period would be as noisy as one batch
    expect(byPeriod.state.periods.every((p, i, ps) => p.minSoFar === Math.min(...ps.slice(0, i + 1).map((q) => q.meanLoss)))).toBe(true);
  });

  it("names the layer and its source line; an unknown layer keeps its name", () => {
    const records = patchStats(syntheticRun(classifierSpec()), entryOf("dense_2", "weights"), () => ({ nonFinite: 1 }), 390);
    const [f] = runChecks(records).filter((x) => x.code === "D201");
    expect(f).toMatchObject({ layer: { name: "dense_2", kind: "dense", index: 1 }, file: "train.js", line: 11, column: 3 });
    const headless = runChecks(records.filter((r) => r.type !== "run-start")).filter((x) => x.code === "D201");
    expect(headless[0]).toMatchObject({ layer: { name: "dense_2", kind: "unknown", index: -1 } });
    expect(headless[0]!.line).toBeUndefined();
  });

  it("says nothing of a layer for a parameter of none (bare tensors fitted by hand, with no module)", () => {
    const bare = defineCheck({
      meta: checkMeta({ code: "D992", name: "bare", family: "test", severity: "warning", needs: [], messages: { stuck: "{tensor} of layer {layer} is stuck; updates of {tensor} (layer {layer}) are none" }, docs }),
      on: ["step"],
      check({ state, report }) {
        if (state.step === 1) report({ messageId: "stuck", layer: "", data: { tensor: "a", layer: "" } });
        if (state.step === 2) report({ messageId: "stuck", layer: "out", data: { tensor: "out.weight", layer: "out" } });
      },
    });
    const engine = createCheckEngine({ registry: [bare] });
    for (const n of [0, 1, 2]) engine.write(step(n, 0.5));
    const [none, named] = engine.findings();
    expect(none!.message).toBe("a is stuck; updates of a are none");
    expect(none!.layer).toBeUndefined();
    expect(named!.message).toBe("out.weight of layer out is stuck; updates of out.weight (layer out) are none");
    expect(named!.layer).toMatchObject({ name: "out" });
  });

  it("raises nothing on the healthy runs, and the catalogue is D101–D113, D201–D207, D301–D305, D401–D408, D501–D509", () => {
    expect(runChecks(syntheticRun(classifierSpec()))).toEqual([]);
    expect(allChecks.map((c) => c.meta.code)).toEqual([
      "D101", "D102", "D103", "D104", "D105", "D106", "D107", "D108", "D109", "D110", "D111", "D112", "D113",
      "D201", "D202", "D203", "D204", "D205", "D206", "D207",
      "D301", "D302", "D303", "D304", "D305",
      "D401", "D402", "D403", "D404", "D405", "D406", "D407", "D408",
      "D501", "D502", "D503", "D504", "D505", "D506", "D507", "D508", "D509",
    ]);
  });

  it("a NaN run is summarised, not repeated: one finding per check and layer", () => {
    const records = editSteps(syntheticRun(classifierSpec()), (s) => (s.step >= 300 ? { ...s, loss: NaN } : s));
    const nan = runChecks(records).filter((f) => f.code === "D501");
    expect(nan).toHaveLength(1);
    expect(nan[0]!.steps).toEqual({ first: 300, last: 399, count: 100 });
  });
});

describe("checks engine: configuration, runs and messages", () => {
  it("rejects a configuration naming no check, an unknown option or a mistyped value", () => {
    expect(() => createCheckEngine({ checks: { D999: { enabled: false } } })).toThrow(/"checks.D999" names no dynamic check/);
    expect(() => createCheckEngine({ checks: { "vanishing-gradient": { minMeanAbs: "tiny" as unknown as number } } })).toThrow(/must be a finite number/);
    expect(() => createCheckEngine({ checks: { D302: { enabled: "no" as unknown as boolean } } })).toThrow(/must be true or false/);
    expect(() => createCheckEngine({ checks: { D302: { severity: "fatal" as "error" } } })).toThrow(/must be "error", "warning" or "info"/);
    expect(() => createCheckEngine({ checks: { D302: { minMeanAbs: 1e-7, severity: "info" }, "oscillating-loss": { enabled: false } } })).not.toThrow();
  });

  it("starts each run with fresh windows and tells its findings apart by run", () => {
    const first = syntheticRun(classifierSpec({ lossAt: () => 2.3 })); // flat: D502
    const second = syntheticRun(classifierSpec({ lossAt: () => 2.3 }));
    const engine = createCheckEngine();
    for (const record of [...first, ...second]) engine.write(record);
    expect(engine.runs()).toBe(2);
    const flat = engine.findings().filter((f) => f.code === "D502");
    expect(flat.map((f) => f.run)).toEqual([1, 2]);
    expect(flat.map((f) => f.steps!.first)).toEqual([199, 199]);
  });

  it("D404 keeps the lowest std as the worst of a too-small std", () => {
    const records = patchStats(syntheticRun(classifierSpec()), entryOf("dense_2", "activation"), (_s, step) => ({ std: step < 200 ? 0.01 : 0.2 }));
    const low = runChecks(records).find((f) => f.code === "D404")!;
    expect(low.worst).toBe(0.01);
    expect(low.message).toMatch(/std 0\.01 /);
  });

  it("D503 says a loss rose from the start when no running mean precedes it", () => {
    const records = syntheticRun(classifierSpec({ lossAt: (s) => (s < 20 ? 1 : 3) }));
    const rising = runChecks(records).find((f) => f.code === "D503")!;
    expect(rising.message).toMatch(/^the training loss rose from the start: now \d(\.\d+)?, 3× its mean over the first 2 period\(s\) \(1(\.\d+)?\)/);
    const later = runChecks(syntheticRun(classifierSpec({ lossAt: (s) => (s < 200 ? 1 : 3) }))).find((f) => f.code === "D503")!;
    expect(later.message).toMatch(/^the training loss is diverging: now \d(\.\d+)?, 3(\.\d+)?× its best running mean of 5 periods \([01](\.\d+)?\)/);
  });
});
