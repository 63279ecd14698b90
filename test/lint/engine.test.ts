import { describe, expect, it } from "vitest";
import { createEngine, isRuleSelected, SettingsError, sortAndDeduplicate } from "../../src/lint/engine.js";
import { foldRepeats } from "../../src/report/fold.js";
import { INTERNAL_ERROR_CODE, type Finding } from "../../src/report/finding.js";
import { fakeMeta, fakeProgram, fakeRule, span } from "../helpers/lint-fakes.js";

const registry = [
  fakeRule({ code: "S101", name: "missing-flatten", severity: "warning" }),
  fakeRule({ code: "S105", name: "lack-of-pooling", severity: "info" }),
  fakeRule({ code: "S201", name: "missing-softmax" }),
  fakeRule({ code: "S205", name: "probability-loss-on-logits" }),
  fakeRule({ code: "S108", name: "asymmetric-conv-block", lifecycle: "preview" }),
  fakeRule({ code: "S199", name: "old-rule", lifecycle: "deprecated" }),
];
const activeCodes = (settings: Parameters<typeof createEngine>[1]): string[] =>
  createEngine(registry, settings).active.map((a) => a.rule.meta.code);

describe("rule selection", () => {
  it("runs every stable rule by default, not preview or deprecated ones", () => {
    expect(activeCodes({})).toEqual(["S101", "S105", "S201", "S205"]);
  });
  it("selects by code prefix and ignores by code", () => {
    expect(activeCodes({ select: ["S1"] })).toEqual(["S101", "S105"]);
    expect(activeCodes({ select: ["S2", "S101"], ignore: ["S205"] })).toEqual(["S101", "S201"]);
  });
  it("accepts codes and prefixes in any case, and ALL", () => {
    expect(activeCodes({ select: ["s2"] })).toEqual(["S201", "S205"]);
    expect(activeCodes({ select: ["ALL"], ignore: ["s1"] })).toEqual(["S201", "S205"]);
    expect(activeCodes({ select: ["s108"] })).toEqual(["S108"]);
  });
  it("selects and ignores by rule name", () => {
    expect(activeCodes({ select: ["missing-softmax"] })).toEqual(["S201"]);
    expect(activeCodes({ ignore: ["lack-of-pooling", "S2"] })).toEqual(["S101"]);
  });
  it("lets the more specific selector win, and ignore win a tie", () => {
    expect(activeCodes({ select: ["S205"], ignore: ["S2"] })).toEqual(["S205"]);
    expect(activeCodes({ select: ["S2"], ignore: ["S2"] })).toEqual([]);
  });
  it("keeps preview rules off unless selected by full code/name or with preview", () => {
    expect(activeCodes({ select: ["S1"] })).not.toContain("S108");
    expect(activeCodes({ select: ["S108"] })).toEqual(["S108"]);
    expect(activeCodes({ select: ["asymmetric-conv-block"] })).toEqual(["S108"]);
    expect(activeCodes({ select: ["S1"], preview: true })).toEqual(["S101", "S105", "S108"]);
    expect(activeCodes({ preview: true })).toContain("S108");
  });
  it("runs deprecated rules only when named explicitly", () => {
    expect(activeCodes({ preview: true })).not.toContain("S199");
    expect(isRuleSelected(fakeMeta({ code: "S199", name: "old-rule", lifecycle: "deprecated" }), { select: ["S199"] })).toBe(true);
  });
  it("rejects selectors that match no rule", () => {
    expect(() => createEngine(registry, { select: ["S9"] })).toThrow(SettingsError);
    expect(() => createEngine(registry, { ignore: ["no-such-rule"] })).toThrow(/no-such-rule/);
  });
});

describe("severity overrides", () => {
  it("overrides by code, by prefix, and turns rules off", () => {
    const engine = createEngine(registry, { severity: { S2: "warning", S205: "info", S101: "off" } });
    const levels = Object.fromEntries(engine.active.map((a) => [a.rule.meta.code, a.severity]));
    expect(levels).toEqual({ S105: "info", S201: "warning", S205: "info" });
  });
  it("rejects unknown levels and unknown codes", () => {
    expect(() => createEngine(registry, { severity: { S201: "fatal" as "error" } })).toThrow(/severity\.S201/);
    expect(() => createEngine(registry, { severity: { S999: "off" } })).toThrow(SettingsError);
  });
  it("gives the overridden severity to findings", () => {
    const rule = fakeRule({ code: "S201", name: "missing-softmax", check: (ctx) => ctx.report({ messageId: "found", data: { what: "x" }, span: span("a.py", 3) }) });
    const [finding] = createEngine([rule], { severity: { S201: "info" } }).run(fakeProgram("a.py"));
    expect(finding?.severity).toBe("info");
  });
});

describe("rule options", () => {
  const seen: unknown[] = [];
  const withOptions = fakeRule({
    code: "S402",
    name: "learning-rate-out-of-range",
    options: {
      maxAdam: { description: "upper bound", default: 0.01 },
      strict: { description: "flag", default: false },
    },
    check: (ctx) => void seen.push(ctx.options),
  });
  it("merges the user's options over the defaults", () => {
    seen.length = 0;
    createEngine([withOptions], { options: { S402: { maxAdam: 0.1 } } }).run(fakeProgram("a.py"));
    expect(seen).toEqual([{ maxAdam: 0.1, strict: false }]);
  });
  it("accepts options keyed by rule name", () => {
    seen.length = 0;
    createEngine([withOptions], { options: { "learning-rate-out-of-range": { strict: true } } }).run(fakeProgram("a.py"));
    expect(seen).toEqual([{ maxAdam: 0.01, strict: true }]);
  });
  it("rejects unknown option names and wrong types, naming the key", () => {
    expect(() => createEngine([withOptions], { options: { S402: { maxAdm: 1 } } })).toThrow(/options\.S402\.maxAdm.*known options: maxAdam, strict/);
    expect(() => createEngine([withOptions], { options: { S402: { maxAdam: "big" } } })).toThrow(/must be a number/);
    expect(() => createEngine([withOptions], { options: { S999: {} } })).toThrow(SettingsError);
  });
});

describe("running rules", () => {
  it("builds findings from reports: message template, span, layer", () => {
    const rule = fakeRule({
      code: "S201",
      name: "missing-softmax",
      messages: { noSoftmax: "{loss} expects probabilities, but {layer} has no softmax" },
      check: (ctx) =>
        ctx.report({
          messageId: "noSoftmax",
          data: { loss: "categorical_crossentropy", layer: "dense_2" },
          span: span("train.py", 14, 5, 14, 21),
          layer: { index: 2, name: "dense_2", kind: "dense", frameworkName: "Dense", config: {}, inbound: [1], span: span("train.py", 14, 5) },
        }),
    });
    expect(createEngine([rule]).run(fakeProgram("train.py"))).toEqual([
      {
        code: "S201",
        name: "missing-softmax",
        severity: "error",
        message: "categorical_crossentropy expects probabilities, but dense_2 has no softmax",
        file: "train.py",
        line: 14,
        column: 5,
        endLine: 14,
        endColumn: 21,
        layer: { name: "dense_2", kind: "dense", index: 2 },
      },
    ]);
  });
  it("tells rules which rules run: selection and severity off decide, suppressions do not", () => {
    const asked: Record<string, boolean>[] = [];
    const asking = fakeRule({
      code: "S211",
      name: "output-target-shape-mismatch",
      check: (ctx) => void asked.push({ S201: ctx.isActive("S201"), s205: ctx.isActive("s205"), S211: ctx.isActive("S211"), S999: ctx.isActive("S999") }),
    });
    const rules = [asking, ...registry];
    createEngine(rules, {}).run(fakeProgram("a.py"));
    createEngine(rules, { select: ["S211"] }).run(fakeProgram("a.py"));
    createEngine(rules, { severity: { S201: "off" } }).run(fakeProgram("a.py"));
    expect(asked).toEqual([
      { S201: true, s205: true, S211: true, S999: false },
      { S201: false, s205: false, S211: true, S999: false },
      { S201: false, s205: true, S211: true, S999: false },
    ]);
  });
  it("isolates a crashing rule: an internal error names it, the other rules still run", () => {
    const crashing = fakeRule({ code: "S101", name: "missing-flatten", check: () => { throw new TypeError("boom"); } });
    const working = fakeRule({ code: "S201", name: "missing-softmax", check: (ctx) => ctx.report({ messageId: "found", data: { what: "it" }, span: span("m.py", 2) }) });
    const findings = createEngine([crashing, working]).run(fakeProgram("m.py"));
    expect(findings.map((f) => f.code)).toEqual([INTERNAL_ERROR_CODE, "S201"]);
    expect(findings[0]?.message).toBe("Rule S101 (missing-flatten) failed: TypeError: boom");
  });
  it("rejects a report whose messageId the rule did not declare", () => {
    const sloppy = fakeRule({
      code: "S201",
      name: "missing-softmax",
      check: (ctx) => {
        ctx.report({ messageId: "found", data: { what: "ok" }, span: span("m.py", 1) });
        ctx.report({ messageId: "undeclared", span: span("m.py", 2) });
      },
    });
    const findings = createEngine([sloppy]).run(fakeProgram("m.py"));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ code: INTERNAL_ERROR_CODE, message: expect.stringContaining('undeclared messageId "undeclared"') });
  });
  it("does not call rules that are not selected", () => {
    let called = false;
    const rule = fakeRule({ code: "S201", name: "missing-softmax", check: () => void (called = true) });
    createEngine([rule, fakeRule({ code: "S101", name: "missing-flatten" })], { ignore: ["S2"] }).run(fakeProgram("m.py"));
    expect(called).toBe(false);
  });
});

describe("sortAndDeduplicate", () => {
  const f = (file: string, line: number, column: number, code: string): Finding => ({ code, name: code, severity: "error", message: "m", file, line, column });
  it("sorts by file, line, column, code and drops exact duplicates", () => {
    const sorted = sortAndDeduplicate([f("b.py", 1, 1, "S1"), f("a.py", 9, 1, "S2"), f("a.py", 2, 5, "S3"), f("a.py", 2, 5, "S2"), f("a.py", 2, 5, "S2")]);
    expect(sorted.map((x) => `${x.file}:${x.line}:${x.column}:${x.code}`)).toEqual(["a.py:2:5:S2", "a.py:2:5:S3", "a.py:9:1:S2", "b.py:1:1:S1"]);
  });
  it("drops the same finding on the same layer seen through two models (a Sequential wrapped in a Model)", () => {
    const onLayer = (index: number, name: string): Finding => ({ ...f("a.py", 4, 1, "S113"), layer: { name, kind: "Dropout", index } });
    const unique = sortAndDeduplicate([onLayer(6, "dropout_1"), onLayer(7, "dropout_1"), onLayer(9, "dropout_2")]);
    expect(unique.map((x) => x.layer?.name)).toEqual(["dropout_1", "dropout_2"]);
  });
});

describe("per-report severity", () => {
  const softer = fakeRule({
    code: "S301",
    name: "constant-weight-init",
    severity: "error",
    check(ctx) {
      ctx.report({ messageId: "found", data: { what: "hidden" }, span: span("m.py", 3) });
      ctx.report({ messageId: "found", data: { what: "head" }, span: span("m.py", 5), severity: "info" });
    },
  });
  it("uses a report's own severity over the rule's default", () => {
    const findings = createEngine([softer]).run(fakeProgram("m.py"));
    expect(findings.map((f) => [f.line, f.severity])).toEqual([[3, "error"], [5, "info"]]);
  });
  it("lets the user's override win over a report's own severity", () => {
    const findings = createEngine([softer], { severity: { S301: "warning" } }).run(fakeProgram("m.py"));
    expect(findings.map((f) => [f.line, f.severity])).toEqual([[3, "warning"], [5, "warning"]]);
  });
});

describe("findings repeated at one place", () => {
  const at = (code: string, layer: string, line: number, message = `${layer} is wrong`): Finding => ({
    code,
    name: "fake",
    severity: "warning",
    message,
    file: "p.py",
    line,
    column: 5,
    endLine: line,
    endColumn: 20,
    layer: { name: layer, kind: "Dense", index: Number(layer.slice(1)) },
  });

  it("folds one rule's findings at one place on different layers into the first, with their count", () => {
    // A layer created in a loop: one place, many layers.
    const looped = Array.from({ length: 500 }, (_, i) => at("S1", `d${i}`, 3));
    const other = at("S2", "d9", 3);
    const later = at("S1", "d600", 7);
    const folded = foldRepeats(sortAndDeduplicate([...looped, other, later]));
    expect(folded.map((f) => [f.code, f.line, f.repeats])).toEqual([
      ["S1", 3, 500],
      ["S2", 3, undefined],
      ["S1", 7, undefined],
    ]);
  });

  it("keeps two findings of one rule on the same layer, and findings without a layer", () => {
    const twice = [at("S1", "d1", 3, "first problem"), at("S1", "d1", 3, "second problem")];
    const noLayer: Finding = { code: "S1", name: "fake", severity: "warning", message: "model", file: "p.py", line: 3, column: 5 };
    const folded = foldRepeats(sortAndDeduplicate([...twice, noLayer, { ...noLayer, message: "model again" }]));
    expect(folded).toHaveLength(4);
    expect(folded.every((f) => f.repeats === undefined)).toBe(true);
  });
});
