/**
 * A RuleTester in ESLint's spirit: run one static rule over a Python program (through the Python front
 * end) or over a hand-built ProgramModel, with the rule's default options, and compare what it reported
 * (message id, line, column, selected data) with a table of valid and invalid cases.
 */
import { describe, expect, it } from "vitest";
import { analyzePython } from "../../src/frontends/python/index.js";
const frontend = analyzePython;
/**
 * Removes the common indentation and the leading blank line of a template literal, so a test can write
 * an indented program whose first code line is line 1.
 */
export function dedent(source) {
    const lines = source.replace(/^\s*\n/, "").replace(/\s+$/, "").split("\n");
    const indents = lines.filter((l) => l.trim().length > 0).map((l) => /^ */.exec(l)[0].length);
    const common = indents.length > 0 ? Math.min(...indents) : 0;
    return lines.map((l) => l.slice(common)).join("\n") + "\n";
}
export async function programOf(code) {
    const result = await frontend(dedent(code), "test.py");
    if (!result.program)
        throw new Error("the front end extracted nothing");
    if (result.syntaxErrors.length > 0)
        throw new Error(`syntax errors: ${JSON.stringify(result.syntaxErrors)}`);
    return result.program;
}
function defaultOptions(rule) {
    return Object.fromEntries(Object.entries(rule.meta.options).map(([name, spec]) => [name, spec.default]));
}
/** Runs one rule over a program, as the engine would with the rule's default options (plus `options`). */
export function runRuleOnProgram(rule, program, options = {}) {
    const reports = [];
    rule.check({ program, options: { ...defaultOptions(rule), ...options }, report: (r) => reports.push(r) });
    return reports.map((r) => {
        const template = rule.meta.messages[r.messageId];
        if (template === undefined)
            throw new Error(`${rule.meta.code} reported undeclared messageId "${r.messageId}"`);
        const data = r.data ?? {};
        for (const [, key] of template.matchAll(/\{(\w+)\}/g)) {
            if (!(key in data))
                throw new Error(`${rule.meta.code} "${r.messageId}" left placeholder {${key}} unfilled`);
        }
        const reported = { messageId: r.messageId, line: r.span.line, column: r.span.column, data };
        if (r.severity)
            reported.severity = r.severity;
        return reported;
    });
}
export async function runRule(rule, input, options = {}) {
    const program = typeof input === "string" ? await programOf(input) : input;
    return runRuleOnProgram(rule, program, options);
}
function inputOf(c) {
    if (c.code !== undefined)
        return c.code;
    if (c.program !== undefined)
        return c.program;
    throw new Error("a case needs `code` or `program`");
}
function titleOf(c, i) {
    if (c.name)
        return c.name;
    if (c.code !== undefined) {
        const lines = dedent(c.code).split("\n").filter((l) => l.trim() && !/^(import|from) /.test(l));
        return `#${i} ${lines.slice(0, 2).join(" / ").slice(0, 90)}`;
    }
    return `#${i} (model)`;
}
function project(actual, expected) {
    const projected = { messageId: actual.messageId };
    if (expected.line !== undefined)
        projected.line = actual.line;
    if (expected.column !== undefined)
        projected.column = actual.column;
    if (expected.severity !== undefined)
        projected.severity = actual.severity;
    if (expected.data !== undefined) {
        projected.data = Object.fromEntries(Object.keys(expected.data).map((k) => [k, actual.data[k]]));
    }
    return projected;
}
/** Registers one vitest test per case: valid cases report nothing, invalid ones exactly `errors`. */
export function ruleTester(rule, cases) {
    describe(`${rule.meta.code} ${rule.meta.name}`, () => {
        describe("valid", () => {
            cases.valid.forEach((c, i) => {
                it(titleOf(c, i), async () => {
                    expect(await runRule(rule, inputOf(c), c.options)).toEqual([]);
                });
            });
        });
        describe("invalid", () => {
            cases.invalid.forEach((c, i) => {
                it(titleOf(c, i), async () => {
                    const reported = await runRule(rule, inputOf(c), c.options);
                    expect(reported.length, JSON.stringify(reported)).toBe(c.errors.length);
                    reported.forEach((r, j) => expect(project(r, c.errors[j])).toEqual(c.errors[j]));
                });
            });
        });
    });
}
//# sourceMappingURL=rule-tester.js.map