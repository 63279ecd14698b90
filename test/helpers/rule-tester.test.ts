import { describe, expect, it } from "vitest";
import { defineRule } from "../../src/lint/rule.js";
import { model } from "./model-builder.js";
import { caseTableProblems, dedent, runRule, runRuleOnProgram } from "./rule-tester.js";

const reportsEveryLayer = defineRule<"seen", { prefix: string }>({
  meta: {
    code: "S999",
    name: "test-rule",
    family: "test",
    severity: "info",
    lifecycle: "stable",
    frameworks: ["keras"],
    needs: [],
    messages: { seen: "{prefix}{layer}" },
    options: { prefix: { description: "text before the name", default: "layer " } },
    docs: { summary: "", whatItChecks: "", whyItMatters: "", example: "", fix: "", references: [] },
  },
  check(context) {
    for (const m of context.program.models) {
      for (const layer of m.architecture.layers) {
        context.report({ messageId: "seen", span: layer.span, data: { prefix: context.options.prefix, layer: layer.name } });
      }
    }
  },
});

describe("rule tester", () => {
  it("dedents programs so the first code line is line 1", () => {
    expect(dedent("\n    a = 1\n      b = 2\n  ")).toBe("a = 1\n  b = 2\n");
  });

  it("runs a rule with its default options, overridable per case", () => {
    const program = model().dense(3).program();
    expect(runRuleOnProgram(reportsEveryLayer, program)).toEqual([{ messageId: "seen", line: 1, column: 1, data: { prefix: "layer ", layer: "dense_0" } }]);
    expect(runRuleOnProgram(reportsEveryLayer, program, { prefix: "" })[0]?.data.prefix).toBe("");
  });

  it("requires a case table with valid and invalid cases, each invalid one expecting a report", () => {
    const program = model().dense(3).program();
    expect(caseTableProblems({ valid: [{ program }], invalid: [{ program, errors: [{ messageId: "seen" }] }] })).toEqual([]);
    expect(caseTableProblems({ valid: [], invalid: [{ name: "silent", program, errors: [] }] })).toEqual([
      "no valid case",
      'invalid case "silent" expects no report',
    ]);
    expect(caseTableProblems({ valid: [{ program }], invalid: [] })).toEqual(["no invalid case"]);
  });

  it("refuses an option the rule does not declare, or of the wrong type, as the engine does", () => {
    const program = model().dense(3).program();
    expect(() => runRuleOnProgram(reportsEveryLayer, program, { prefx: "" })).toThrow(/Unknown option "prefx"/);
    expect(() => runRuleOnProgram(reportsEveryLayer, program, { prefix: 1 })).toThrow(/must be a string/);
  });

  it("runs a rule over Python through the front end, at the layer's position", async () => {
    const reported = await runRule(reportsEveryLayer, `
      from tensorflow import keras
      model = keras.Sequential([keras.layers.Dense(4, input_shape=(2,))])
    `);
    expect(reported.map((r) => [r.line, r.column, r.data.layer])).toEqual([[2, 27, "dense"]]);
  });

  it("refuses undeclared message ids and unfilled placeholders", () => {
    const program = model().dense(3).program();
    const undeclared = { ...reportsEveryLayer, check: (c: Parameters<typeof reportsEveryLayer.check>[0]) => c.report({ messageId: "nope" as "seen", span: program.models[0]!.span }) };
    expect(() => runRuleOnProgram(undeclared, program)).toThrow(/undeclared messageId "nope"/);
    const unfilled = { ...reportsEveryLayer, check: (c: Parameters<typeof reportsEveryLayer.check>[0]) => c.report({ messageId: "seen", span: program.models[0]!.span, data: { prefix: "" } }) };
    expect(() => runRuleOnProgram(unfilled, program)).toThrow(/\{layer\} unfilled/);
  });
});
