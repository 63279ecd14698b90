/**
 * Fakes for testing the lint engine, lint() and the reporters without the real front end or rules:
 * a tiny front end that turns marker comments into ProgramModel notes, and rules built from parts.
 */
import type { Frontend } from "../../src/frontends/frontend.js";
import type { ProgramModel, SourceSpan } from "../../src/model/program.js";
import type { Lifecycle, RuleDescriptor, RuleOptionSpec, Severity } from "../../src/report/finding.js";
import type { AnyRule, RuleContext } from "../../src/lint/rule.js";

export function span(file: string, line: number, column = 1, endLine = line, endColumn = column + 1): SourceSpan {
  return { file, line, column, endLine, endColumn };
}

export function fakeProgram(file: string, notes: ProgramModel["notes"] = []): ProgramModel {
  return { file, framework: "keras", models: [], notes };
}

export interface FakeRuleParts {
  code: string;
  name: string;
  severity?: Severity;
  lifecycle?: Lifecycle;
  messages?: Record<string, string>;
  options?: Record<string, RuleOptionSpec>;
  check?: (context: RuleContext<string, Record<string, number | string | boolean>>) => void;
}

export function fakeMeta(parts: FakeRuleParts): RuleDescriptor {
  return {
    code: parts.code,
    name: parts.name,
    family: "test",
    severity: parts.severity ?? "error",
    lifecycle: parts.lifecycle ?? "stable",
    frameworks: ["keras"],
    needs: [],
    messages: parts.messages ?? { found: "found {what}" },
    options: parts.options ?? {},
    docs: {
      summary: `${parts.name} summary`,
      whatItChecks: `What ${parts.name} checks.`,
      whyItMatters: "Training goes wrong.",
      example: "model.add(Dense(10))",
      fix: "model.add(Dense(10, activation='softmax'))",
      references: ["NeuraLint (TOSEM 2021)"],
    },
  };
}

export function fakeRule(parts: FakeRuleParts): AnyRule {
  return { meta: fakeMeta(parts), check: parts.check ?? (() => undefined) };
}

/**
 * A rule that reports every program note whose message starts with its code (`S201`) or `ALL`, at the
 * note's span, with the note's remaining text as {what}.
 */
export function markerRule(code: string, name: string, severity: Severity = "error", lifecycle: Lifecycle = "stable"): AnyRule {
  return fakeRule({
    code,
    name,
    severity,
    lifecycle,
    check(ctx) {
      for (const note of ctx.program.notes) {
        const [tag, ...rest] = note.message.split(" ");
        if ((tag === code || tag === "ALL") && note.span) ctx.report({ messageId: "found", data: { what: rest.join(" ") }, span: note.span });
      }
    },
  });
}

/**
 * A front end for tests: every `# flag: S201 text` comment becomes a note at that line (column of the
 * first non-blank character, span to the line's end); a line `SYNTAX ERROR` is a syntax error there.
 */
export const markerFrontend: Frontend = async (source, file) => {
  const notes: ProgramModel["notes"] = [];
  const syntaxErrors: { message: string; line: number; column: number }[] = [];
  source.split("\n").forEach((text, i) => {
    const flag = /# flag: (.*)$/.exec(text);
    const code = text.replace(/\s*# flag:.*$/, "");
    const column = code.length - code.trimStart().length + 1;
    if (flag) notes.push({ message: flag[1]!, span: span(file, i + 1, column, i + 1, code.trimEnd().length + 1) });
    if (text.trim() === "SYNTAX ERROR") syntaxErrors.push({ message: "invalid syntax", line: i + 1, column: 1 });
  });
  return { program: fakeProgram(file, notes), syntaxErrors };
};

export const MARKER_RULES: AnyRule[] = [
  markerRule("S101", "missing-flatten", "warning"),
  markerRule("S201", "missing-softmax", "error"),
  markerRule("S202", "binary-missing-sigmoid", "error"),
  markerRule("S301", "constant-weight-init", "error"),
  markerRule("S501", "missing-input-normalization", "warning"),
  markerRule("S701", "no-random-seed", "info"),
];
