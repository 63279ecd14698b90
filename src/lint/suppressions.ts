/**
 * Suppression comments. `# nncheck: ignore[S201, S115]` (or bare `# nncheck: ignore` for every rule) on a
 * finding's line or on the line before it; `# nncheck: ignore-file` / `# nncheck: ignore-file[S501]`
 * anywhere for the whole file. JS/TS use `//` or block comments. Only real comments count: the scanners
 * below skip string literals, so a `#` inside a string never suppresses anything.
 */
import type { Finding } from "../report/finding.js";
import { isTfjsFile } from "./files.js";

export type CommentSyntax = "python" | "js";

export interface SourceComment {
  /** 1-based position of the comment marker. */
  line: number;
  column: number;
  /** The comment's text after its marker. */
  text: string;
}

export interface Suppression {
  scope: "line" | "file";
  /** Rule codes or names; "all" for a bare directive. */
  rules: string[] | "all";
  line: number;
  column: number;
}

/** Reported with `--report-unused-suppressions`: a directive that suppressed nothing. */
export const UNUSED_SUPPRESSION_CODE = "nncheck-unused-suppression";

const DIRECTIVE = /nncheck:\s*(ignore-file|ignore)(?![\w-])(?:\[([^\]]*)\])?/g;

/** The comment syntax of a file, from its extension. */
export function commentSyntaxOf(file: string): CommentSyntax {
  return isTfjsFile(file) ? "js" : "python";
}

/** Finds the comments of a source text. */
export function extractComments(source: string, syntax: CommentSyntax): SourceComment[] {
  return syntax === "python" ? scanPython(source) : scanJs(source);
}

/** Parses the suppression directives of a source text. */
export function parseSuppressions(source: string, syntax: CommentSyntax): Suppression[] {
  const suppressions: Suppression[] = [];
  for (const comment of extractComments(source, syntax)) {
    for (const match of comment.text.matchAll(DIRECTIVE)) {
      const list = match[2];
      const rules =
        list === undefined ? "all" : list.split(",").map((r) => r.trim()).filter((r) => r.length > 0);
      suppressions.push({
        scope: match[1] === "ignore-file" ? "file" : "line",
        rules: Array.isArray(rules) && rules.length === 0 ? "all" : rules,
        line: comment.line,
        column: comment.column,
      });
    }
  }
  return suppressions;
}

function matchesRule(rules: string[] | "all", finding: Finding): string | undefined {
  if (rules === "all") return "all";
  return rules.find((r) => r.toUpperCase() === finding.code || r === finding.name);
}

function covers(suppression: Suppression, finding: Finding): boolean {
  if (suppression.scope === "file") return true;
  return finding.line === suppression.line || finding.line === suppression.line + 1;
}

export interface SuppressionOutcome {
  kept: Finding[];
  /** Info findings for directives (or named rules in them) that suppressed nothing. */
  unused: Finding[];
}

/** Removes the findings the file's suppressions cover; lists the directives that covered none. */
export function applySuppressions(findings: readonly Finding[], suppressions: readonly Suppression[], file: string): SuppressionOutcome {
  const used = suppressions.map(() => new Set<string>());
  const kept: Finding[] = [];
  for (const finding of findings) {
    let suppressed = false;
    suppressions.forEach((suppression, i) => {
      if (!covers(suppression, finding)) return;
      const matched = matchesRule(suppression.rules, finding);
      if (matched === undefined) return;
      used[i]!.add(matched);
      suppressed = true;
    });
    if (!suppressed) kept.push(finding);
  }

  const unused: Finding[] = [];
  suppressions.forEach((suppression, i) => {
    const names = suppression.rules === "all" ? ["all"] : suppression.rules;
    const idle = names.filter((name) => !used[i]!.has(name));
    if (idle.length === 0) return;
    const what = suppression.rules === "all" ? "every rule" : idle.join(", ");
    unused.push({
      code: UNUSED_SUPPRESSION_CODE,
      name: "unused-suppression",
      severity: "info",
      message: `Unused suppression (${suppression.scope === "file" ? "ignore-file" : "ignore"} for ${what}): nothing was reported here`,
      file,
      line: suppression.line,
      column: suppression.column,
    });
  });
  return { kept, unused };
}

// ------------------------------------------------------------------------------------------- scanners

/** Tracks 1-based line/column while scanning. */
class Cursor {
  index = 0;
  line = 1;
  lineStart = 0;
  constructor(readonly text: string) {}
  get column(): number {
    return this.index - this.lineStart + 1;
  }
  peek(offset = 0): string {
    return this.text[this.index + offset] ?? "";
  }
  get done(): boolean {
    return this.index >= this.text.length;
  }
  advance(count = 1): void {
    for (let k = 0; k < count && this.index < this.text.length; k++) {
      if (this.text[this.index] === "\n") {
        this.line++;
        this.lineStart = this.index + 1;
      }
      this.index++;
    }
  }
  /** Reads to the end of the line (not consuming the newline). */
  restOfLine(): string {
    const end = this.text.indexOf("\n", this.index);
    const stop = end === -1 ? this.text.length : end;
    const rest = this.text.slice(this.index, stop);
    this.index = stop;
    return rest;
  }
}

const PY_STRING_PREFIX = /^(?:[rRbBuUfF]|[rR][bBfF]|[bBfF][rR])$/;

function skipPythonString(c: Cursor): void {
  const quote = c.peek();
  const triple = c.peek(1) === quote && c.peek(2) === quote;
  c.advance(triple ? 3 : 1);
  while (!c.done) {
    const ch = c.peek();
    if (ch === "\\") {
      // A backslash always shields the next character from ending the string, raw strings included.
      c.advance(2);
    } else if (triple && ch === quote && c.peek(1) === quote && c.peek(2) === quote) {
      c.advance(3);
      return;
    } else if (!triple && ch === quote) {
      c.advance();
      return;
    } else if (!triple && ch === "\n") {
      return; // Unterminated: the syntax error is the front end's to report.
    } else {
      c.advance();
    }
  }
}

function scanPython(source: string): SourceComment[] {
  const comments: SourceComment[] = [];
  const c = new Cursor(source);
  while (!c.done) {
    const ch = c.peek();
    if (ch === "#") {
      const line = c.line;
      const column = c.column;
      comments.push({ line, column, text: c.restOfLine().slice(1) });
    } else if (ch === '"' || ch === "'") {
      skipPythonString(c);
    } else if (/[A-Za-z_]/.test(ch)) {
      let word = "";
      while (/\w/.test(c.peek())) {
        word += c.peek();
        c.advance();
      }
      if ((c.peek() === '"' || c.peek() === "'") && PY_STRING_PREFIX.test(word)) skipPythonString(c);
    } else {
      c.advance();
    }
  }
  return comments;
}

/** Characters after which a `/` starts a regular expression rather than a division. */
const REGEX_PRECEDERS = new Set(["", "(", ",", "=", ":", "[", "!", "&", "|", "?", "{", "}", ";", "+", "-", "*", "%", "<", ">", "~", "^"]);

function skipJsQuoted(c: Cursor, quote: string): void {
  c.advance();
  while (!c.done) {
    const ch = c.peek();
    if (ch === "\\") c.advance(2);
    else if (ch === quote) {
      c.advance();
      return;
    } else if (ch === "\n") return;
    else c.advance();
  }
}

function skipJsRegex(c: Cursor): void {
  c.advance();
  let inClass = false;
  while (!c.done) {
    const ch = c.peek();
    if (ch === "\\") c.advance(2);
    else if (ch === "\n") return;
    else {
      if (ch === "[") inClass = true;
      else if (ch === "]") inClass = false;
      else if (ch === "/" && !inClass) {
        c.advance();
        return;
      }
      c.advance();
    }
  }
}

function scanJs(source: string): SourceComment[] {
  const comments: SourceComment[] = [];
  const c = new Cursor(source);
  // Each entry is the brace depth at which a template literal's `${` was opened.
  const templates: number[] = [];
  let depth = 0;
  let previous = ""; // last significant character in code, to tell a regex from a division
  const inTemplateText = (): boolean => templates.length > 0 && templates[templates.length - 1] === -1;

  const scanTemplateText = (): void => {
    // Inside template text: runs to the closing backtick or to `${`.
    while (!c.done) {
      const ch = c.peek();
      if (ch === "\\") c.advance(2);
      else if (ch === "`") {
        c.advance();
        templates.pop();
        previous = "`";
        return;
      } else if (ch === "$" && c.peek(1) === "{") {
        c.advance(2);
        templates[templates.length - 1] = depth;
        depth++;
        previous = "{";
        return;
      } else c.advance();
    }
  };

  while (!c.done) {
    if (inTemplateText()) {
      scanTemplateText();
      continue;
    }
    const ch = c.peek();
    if (ch === "/" && c.peek(1) === "/") {
      const line = c.line;
      const column = c.column;
      comments.push({ line, column, text: c.restOfLine().slice(2) });
    } else if (ch === "/" && c.peek(1) === "*") {
      const line = c.line;
      const column = c.column;
      const end = source.indexOf("*/", c.index + 2);
      const stop = end === -1 ? source.length : end;
      const text = source.slice(c.index + 2, stop);
      c.advance(stop + 2 - c.index);
      comments.push({ line, column, text });
    } else if (ch === '"' || ch === "'") {
      skipJsQuoted(c, ch);
      previous = ch;
    } else if (ch === "`") {
      c.advance();
      templates.push(-1);
    } else if (ch === "/" && REGEX_PRECEDERS.has(previous)) {
      skipJsRegex(c);
      previous = "/";
    } else if (/\s/.test(ch)) {
      c.advance();
    } else {
      if (ch === "{") depth++;
      if (ch === "}") {
        depth--;
        if (templates.length > 0 && templates[templates.length - 1] === depth) {
          templates[templates.length - 1] = -1; // back into the template's text
        }
      }
      previous = /[\w$)\]]/.test(ch) ? "a" : ch;
      c.advance();
    }
  }
  return comments;
}
