import type { ProgramModel } from "../../src/model/program.js";
import type { AnyRule } from "../../src/lint/rule.js";
import type { Severity } from "../../src/report/finding.js";
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
}
export type ValidCase = CaseBase;
export interface InvalidCase extends CaseBase {
    errors: ExpectedReport[];
}
/**
 * Removes the common indentation and the leading blank line of a template literal, so a test can write
 * an indented program whose first code line is line 1.
 */
export declare function dedent(source: string): string;
export declare function programOf(code: string): Promise<ProgramModel>;
/** Runs one rule over a program, as the engine would with the rule's default options (plus `options`). */
export declare function runRuleOnProgram(rule: AnyRule, program: ProgramModel, options?: Record<string, number | string | boolean>): Reported[];
export declare function runRule(rule: AnyRule, input: string | ProgramModel, options?: Record<string, number | string | boolean>): Promise<Reported[]>;
/** Registers one vitest test per case: valid cases report nothing, invalid ones exactly `errors`. */
export declare function ruleTester(rule: AnyRule, cases: {
    valid: ValidCase[];
    invalid: InvalidCase[];
}): void;
export {};
