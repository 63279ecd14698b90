/**
 * A RuleTester in ESLint's spirit: run one static rule over a Python program (through the Python front
 * end) or over a hand-built ProgramModel, with the rule's default options, and compare what it reported
 * (message id, line, column, selected data) with a table of valid and invalid cases.
 */
import { describe, expect, it } from "vitest";
import type { ProgramModel } from "../../src/model/program.js";
import type { AnyRule, RuleReport } from "../../src/lint/rule.js";
import type { Frontend } from "../../src/frontends/frontend.js";
import type { Severity } from "../../src/report/finding.js";
import { analyzePython } from "../../src/frontends/python/index.js";
import { mergeRuleOptions } from "../../src/lint/engine.js";

export interface Reported {
  messageId: string;
  line: number;
  column: number;
  data: Record<string, string | number>;
  severity?: Severity;
}

export interface ExpectedReport {
  messageId: string;
  line?: number;
  column?: number;
  /** Only the keys given are compared. */
  data?: Record<string, string | number>;
  severity?: Severity;
}

interface CaseBase {
  /** Test title; defaults to the first line of the program. */
  name?: string;
  /** A Python program (dedented; its first non-empty line is line 1)... */
  code?: string;
  /** ...or a hand-built ProgramModel. */
  program?: ProgramModel;
  options?: Record<string, number | string | boolean>;
  /**
   * Codes of other rules that do not run in this case (`--select` left them out). Every other rule runs, as
   * in a default lint; a rule that leaves a case to a more specific rule reports it when that rule is here.
   */
  inactive?: string[];
}

export type ValidCase = CaseBase;
export interface InvalidCase extends CaseBase {
  errors: ExpectedReport[];
}

const frontend: Frontend = analyzePython;

/**
 * Removes the common indentation and the leading blank line of a template literal, so a test can write
 * an indented program whose first code line is line 1.
 */
export function dedent(source: string): string {
  const lines = source.replace(/^\s*\n/, "").replace(/\s+$/, "").split("\n");
  const indents = lines.filter((l) => l.trim().length > 0).map((l) => /^ */.exec(l)![0].length);
  const common = indents.length > 0 ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(common)).join("\n") + "\n";
}

export async function programOf(code: string): Promise<ProgramModel> {
  const result = await frontend(dedent(code), "test.py");
  if (!result.program) throw new Error("the front end extracted nothing");
  if (result.syntaxErrors.length > 0) throw new Error(`syntax errors: ${JSON.stringify(result.syntaxErrors)}`);
  return result.program;
}

/**
 * Runs one rule over a program, as the engine would with the rule's default options (plus `options`,
 * merged by the engine's own code, so a misspelt or mistyped option fails the test instead of being ignored).
 */
export function runRuleOnProgram(
  rule: AnyRule,
  program: ProgramModel,
  options: Record<string, number | string | boolean> = {},
  inactive: readonly string[] = [],
): Reported[] {
  const reports: RuleReport[] = [];
  rule.check({
    program,
    options: mergeRuleOptions(rule.meta, options),
    report: (r: RuleReport) => reports.push(r),
    isActive: (code: string) => code.toUpperCase() === rule.meta.code || !inactive.includes(code.toUpperCase()),
  });
  return reports.map((r) => {
    const template = rule.meta.messages[r.messageId];
    if (template === undefined) throw new Error(`${rule.meta.code} reported undeclared messageId "${r.messageId}"`);
    const data = r.data ?? {};
    for (const [, key] of template.matchAll(/\{(\w+)\}/g)) {
      if (!(key! in data)) throw new Error(`${rule.meta.code} "${r.messageId}" left placeholder {${key}} unfilled`);
    }
    const reported: Reported = { messageId: r.messageId, line: r.span.line, column: r.span.column, data };
    if (r.severity) reported.severity = r.severity;
    return reported;
  });
}

export async function runRule(
  rule: AnyRule,
  input: string | ProgramModel,
  options: Record<string, number | string | boolean> = {},
  inactive: readonly string[] = [],
): Promise<Reported[]> {
  const program = typeof input === "string" ? await programOf(input) : input;
  return runRuleOnProgram(rule, program, options, inactive);
}

function inputOf(c: CaseBase): string | ProgramModel {
  if (c.code !== undefined) return c.code;
  if (c.program !== undefined) return c.program;
  throw new Error("a case needs `code` or `program`");
}

function titleOf(c: CaseBase, i: number): string {
  if (c.name) return c.name;
  if (c.code !== undefined) {
    const lines = dedent(c.code).split("\n").filter((l) => l.trim() && !/^(import|from) /.test(l));
    return `#${i} ${lines.slice(0, 2).join(" / ").slice(0, 90)}`;
  }
  return `#${i} (model)`;
}

function project(actual: Reported, expected: ExpectedReport): Partial<Reported> {
  const projected: Partial<Reported> = { messageId: actual.messageId };
  if (expected.line !== undefined) projected.line = actual.line;
  if (expected.column !== undefined) projected.column = actual.column;
  if (expected.severity !== undefined) projected.severity = actual.severity;
  if (expected.data !== undefined) {
    projected.data = Object.fromEntries(Object.keys(expected.data).map((k) => [k, actual.data[k]!]));
  }
  return projected;
}

/** What makes a case table unable to show a rule both silent and reporting. */
export function caseTableProblems(cases: { valid: ValidCase[]; invalid: InvalidCase[] }): string[] {
  const problems: string[] = [];
  if (cases.valid.length === 0) problems.push("no valid case");
  if (cases.invalid.length === 0) problems.push("no invalid case");
  cases.invalid.forEach((c, i) => {
    if (c.errors.length === 0) problems.push(`invalid case "${titleOf(c, i)}" expects no report`);
  });
  return problems;
}

/**
 * Registers one vitest test per case: valid cases report nothing, invalid ones exactly `errors`. A rule's
 * table needs both kinds, and an invalid case at least one error (else it is a valid case in disguise).
 */
export function ruleTester(rule: AnyRule, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  describe(`${rule.meta.code} ${rule.meta.name}`, () => {
    it("has valid and invalid cases, each invalid one expecting a report", () => {
      expect(caseTableProblems(cases)).toEqual([]);
    });
    describe("valid", () => {
      cases.valid.forEach((c, i) => {
        it(titleOf(c, i), async () => {
          expect(await runRule(rule, inputOf(c), c.options, c.inactive)).toEqual([]);
        });
      });
    });
    describe("invalid", () => {
      cases.invalid.forEach((c, i) => {
        it(titleOf(c, i), async () => {
          const reported = await runRule(rule, inputOf(c), c.options, c.inactive);
          expect(reported.length, JSON.stringify(reported)).toBe(c.errors.length);
          reported.forEach((r, j) => expect(project(r, c.errors[j]!)).toEqual(c.errors[j]));
        });
      });
    });
  });
}
