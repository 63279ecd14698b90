/**
 * Parser adapter: loads tree-sitter-python once, parses source text, lists syntax problems and, when the
 * file has errors, produces a repaired tree (erroneous lines neutralised) so extraction can go on.
 */
import { createRequire } from "node:module";
import { Language, Parser, type Node, type Tree } from "web-tree-sitter";
import type { SyntaxProblem } from "../frontend.js";
import { parseableText } from "./source-text.js";
import { copyTree, type SyntaxNode } from "./syntax.js";

let parserPromise: Promise<Parser> | undefined;

/** The shared parser; tree-sitter's wasm runtime and the grammar load once per process. */
export function getPythonParser(): Promise<Parser> {
  if (!parserPromise) {
    parserPromise = (async () => {
      await Parser.init();
      const require = createRequire(import.meta.url);
      const language = await Language.load(require.resolve("tree-sitter-python/tree-sitter-python.wasm"));
      const parser = new Parser();
      parser.setLanguage(language);
      return parser;
    })();
    // A failed load must not poison later calls.
    parserPromise.catch(() => {
      parserPromise = undefined;
    });
  }
  return parserPromise;
}

/** Syntax problems of a tree: each outermost ERROR node and each MISSING node, 1-based positions. */
export function collectSyntaxProblems(root: Node): SyntaxProblem[] {
  const problems: SyntaxProblem[] = [];
  const visit = (node: Node, insideError: boolean): void => {
    if (node.isMissing) {
      problems.push(missingProblem(node));
      return;
    }
    const isError = node.isError;
    if (isError && !insideError) {
      const at = firstErrorPosition(node);
      problems.push({ message: "invalid syntax", line: at.row + 1, column: at.column + 1 });
    }
    if (!node.hasError && !isError) return;
    for (const child of node.children) visit(child, insideError || isError);
  };
  visit(root, false);
  return problems.sort((a, b) => a.line - b.line || a.column - b.column);
}

function missingProblem(node: Node): SyntaxProblem {
  return { message: `missing '${node.type}'`, line: node.startPosition.row + 1, column: node.startPosition.column + 1 };
}

/** MISSING nodes (tokens tree-sitter inserted to recover; the tree around them is usable). */
function collectMissing(root: Node): SyntaxProblem[] {
  return collectSyntaxProblems(root).filter((p) => p.message.startsWith("missing"));
}

/**
 * Where an ERROR node most likely starts going wrong: its own start (the broken statement), unless
 * tree-sitter wrapped a long stretch of the file in it, in which case its innermost first ERROR descendant.
 */
function firstErrorPosition(node: Node): { row: number; column: number } {
  const spansLines = node.endPosition.row - node.startPosition.row;
  if (spansLines > 20) {
    for (const child of node.children) {
      if (child.isError || child.isMissing) return firstErrorPosition(child);
    }
  }
  return node.startPosition;
}

/** The first ERROR node (pre-order), as a problem, or undefined when there is none. */
function firstError(root: Node): SyntaxProblem | undefined {
  const find = (node: Node): SyntaxProblem | undefined => {
    if (node.isError) {
      const at = firstErrorPosition(node);
      return { message: "invalid syntax", line: at.row + 1, column: at.column + 1 };
    }
    if (!node.hasError) return undefined;
    for (const child of node.children) {
      const found = find(child);
      if (found) return found;
    }
    return undefined;
  };
  return find(root);
}

export interface ParsedPython {
  /** The tree to interpret (copied out of tree-sitter): the original one, or a repaired one when the file had errors. */
  root: SyntaxNode;
  problems: SyntaxProblem[];
  /** Repair stopped at its work bound with errors left: the regions they cover were not read. */
  repairCut?: boolean;
}

/** The file was too costly to parse within its bound (tree-sitter's operations, counted). */
export class ParseBudgetExceeded extends Error {
  constructor() {
    super("parsing exceeded its work bound");
  }
}

/** Repair rounds at most (each reports one error and neutralises its line). */
export const MAX_REPAIRS = 16;

/**
 * Repair rounds re-parse and re-walk the whole text: they stop once this many characters were read again
 * (every round for a file up to about 30 kB, fewer for a bigger one, none past 500 kB), so the repair of
 * any file costs at most a fixed multiple of one parse.
 */
export const REPAIR_BUDGET = 1_500_000;

/**
 * tree-sitter reports progress every hundred or so parse operations; ordinary programs take 10 to 20 reports
 * per thousand characters. A parse that takes far more is cancelled: its cost would not be linear.
 */
const PARSE_REPORTS_PER_KB = 400;
const PARSE_REPORTS_BASE = 10_000;

/** Parses `text`, or throws ParseBudgetExceeded when tree-sitter's work goes past the bound for its length. */
function parseBounded(parser: Parser, text: string): Tree {
  let reports = 0;
  const limit = PARSE_REPORTS_BASE + Math.ceil((text.length / 1000) * PARSE_REPORTS_PER_KB);
  const tree = parser.parse(text, null, { progressCallback: () => ++reports > limit });
  if (!tree) {
    // A cancelled parse would otherwise resume on the next call.
    parser.reset();
    throw reports > limit ? new ParseBudgetExceeded() : new Error("tree-sitter returned no tree");
  }
  return tree;
}

/** A repair round's parse, or undefined when it went past its bound (the repair then stops where it is). */
function tryParse(parser: Parser, text: string): Tree | undefined {
  try {
    return parseBounded(parser, text);
  } catch (error) {
    if (error instanceof ParseBudgetExceeded) return undefined;
    throw error;
  }
}

/**
 * Parses `source`. While the tree has ERROR nodes, reports the first one, neutralises its line (same
 * length, so every span stays valid) and parses again, a bounded number of times: each round finds the
 * next independent error and leaves a tree the interpreter can read around the broken lines.
 */
export async function parsePython(source: string): Promise<ParsedPython> {
  const parser = await getPythonParser();
  const text = parseableText(source);
  let tree = parseBounded(parser, text);
  if (!tree.rootNode.hasError) return finish(tree, text, []);

  const problems: SyntaxProblem[] = [];
  const reportedAt = new Set<string>();
  const report = (p: SyntaxProblem): void => {
    const key = `${p.line}:${p.column}`;
    if (reportedAt.has(key)) return;
    reportedAt.add(key);
    problems.push(p);
  };
  const neutralised = new Set<number>();
  const addMissing = (t: Tree): void => {
    for (const p of collectMissing(t.rootNode)) if (!neutralised.has(p.line - 1)) report(p);
  };
  let lines = text.split("\n");
  let lastRow = -1;
  // Each round walks the tree and parses the text up to twice.
  let reread = 0;
  const roundCost = 3 * text.length;
  let repairCut = false;
  for (let attempt = 0; attempt < MAX_REPAIRS; attempt++) {
    if (reread + roundCost > REPAIR_BUDGET) {
      repairCut = firstError(tree.rootNode) !== undefined;
      break;
    }
    reread += roundCost;
    addMissing(tree);
    const first = firstError(tree.rootNode);
    if (!first) break;
    // An error at or before the last neutralised line is fallout of the repair: move on past it.
    const row = first.line - 1 > lastRow ? first.line - 1 : lastRow + 1;
    const reported = first.line - 1 > lastRow ? first : undefined;
    if (reported) {
      reportedAt.add(`${reported.line}:${reported.column}`);
      problems.push(reported);
    }
    if (row >= lines.length) break;
    lastRow = row;
    // First try closing the brackets the line left open (keeps the statement); else neutralise it.
    const closed = closeBrackets(lines, row);
    if (closed) {
      const attemptTree = tryParse(parser, closed.lines.join("\n"));
      if (!attemptTree) break;
      const after = firstError(attemptTree.rootNode);
      if (!after || after.line - 1 > row) {
        if (reported && reported.line - 1 === row) reported.message = `'${closed.opened}' was never closed`;
        lines = closed.lines;
        tree.delete();
        tree = attemptTree;
        continue;
      }
      attemptTree.delete();
    }
    lines = neutraliseLine(lines, row);
    neutralised.add(row);
    const next = tryParse(parser, lines.join("\n"));
    if (!next) break;
    tree.delete();
    tree = next;
  }
  for (const p of collectSyntaxProblems(tree.rootNode)) if (p.line - 1 > lastRow) report(p);
  problems.sort((a, b) => a.line - b.line || a.column - b.column);
  const parsed = finish(tree, lines.join("\n"), problems);
  if (repairCut) parsed.repairCut = true;
  return parsed;
}

function finish(tree: Tree, source: string, problems: SyntaxProblem[]): ParsedPython {
  try {
    return { root: copyTree(tree, source), problems };
  } finally {
    tree.delete();
  }
}

/** The line with its unclosed brackets closed at its end, or undefined when it has none open. */
function closeBrackets(lines: string[], row: number): { lines: string[]; opened: string } | undefined {
  const line = lines[row] ?? "";
  const open: string[] = [];
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === "#") break;
    if (c === "'" || c === '"') quote = c;
    else if (c === "(" || c === "[" || c === "{") open.push(c);
    else if (c === ")" || c === "]" || c === "}") open.pop();
  }
  if (open.length === 0 || quote) return undefined;
  const opened = open[0]!;
  const closers = open.reverse().map((c) => ({ "(": ")", "[": "]", "{": "}" })[c]).join("");
  const copy = lines.slice();
  copy[row] = line.replace(/\s*(#.*)?$/, "") + closers;
  return { lines: copy, opened };
}

/** Replaces a line by `pass` (or `if 1:` when it opened a block), padded to the same length. */
function neutraliseLine(lines: string[], row: number): string[] {
  const line = lines[row] ?? "";
  const indent = /^[ \t]*/.exec(line)?.[0] ?? "";
  const body = line.slice(indent.length);
  const opensBlock = /:\s*(#.*)?$/.test(body);
  const statement = opensBlock ? "if 1:" : "pass";
  const replacement = body.length >= statement.length ? `${indent}${statement}${" ".repeat(body.length - statement.length)}` : " ".repeat(line.length);
  const copy = lines.slice();
  copy[row] = replacement;
  return copy;
}
