/**
 * `nncheck explain S201` (or `nncheck explain missing-softmax`): a rule's documentation as plain text,
 * under the fixed headings. An unknown code exits 2 with the closest codes and names.
 */
import type { DescribedRule } from "./rules.js";
import type { RuleDescriptor } from "../report/finding.js";
import { ruleDocSections } from "../report/rule-doc.js";
import { HELP_FLAG, parseArgs, UsageError } from "./args.js";
import { processIO, type CliIO, type Command } from "./io.js";
import { loadRules } from "./rules.js";

export const EXPLAIN_USAGE = `Usage: nncheck explain <CODE|NAME>

Print a rule's documentation: what it checks, why it matters, an example, the fix, options, references.
`;

function indent(text: string): string {
  return text
    .trimEnd()
    .split("\n")
    .map((line) => (line.length > 0 ? `    ${line}` : ""))
    .join("\n");
}

/** The rule's own Options prose; without it, one line per declared option with its default. */
function describeOptions(meta: RuleDescriptor): string {
  const prose = meta.docs.options?.trim() ?? "";
  if (prose.length > 0) return prose;
  const entries = Object.entries(meta.options);
  return entries.map(([name, spec]) => `${name} (default: ${JSON.stringify(spec.default)}): ${spec.description}`).join("\n") || "None.";
}

/** The rule's doc as plain text with the fixed section headings. */
export function formatExplanation(meta: RuleDescriptor): string {
  const d = meta.docs;
  const references = d.references.length > 0 ? d.references.map((r) => `- ${r}`).join("\n") : "None.";
  const sections = ruleDocSections(meta, describeOptions(meta), references);
  const head = `${meta.code} ${meta.name} (${meta.severity}, ${meta.lifecycle}; ${meta.family}; ${meta.frameworks.join(", ")})\n${d.summary}`;
  return `${head}\n\n${sections.map(([title, body]) => `${title}\n${indent(body)}`).join("\n\n")}\n`;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/** Rules whose code or name is close to what was typed (prefix match or a few edits away), closest first. */
export function suggestRules(query: string, rules: readonly DescribedRule[], limit = 5): RuleDescriptor[] {
  const q = query.toLowerCase();
  const scored = rules.map(({ meta }) => {
    const code = meta.code.toLowerCase();
    const name = meta.name.toLowerCase();
    const prefix = code.startsWith(q) || name.startsWith(q) || name.includes(q) ? 0 : Infinity;
    const distance = Math.min(editDistance(q, code), editDistance(q, name));
    return { meta, score: Math.min(prefix, distance) };
  });
  const threshold = Math.max(2, Math.floor(q.length / 3));
  return scored
    .filter((s) => s.score <= threshold)
    .sort((a, b) => a.score - b.score || (a.meta.code < b.meta.code ? -1 : 1))
    .slice(0, limit)
    .map((s) => s.meta);
}

export function findRule(query: string, rules: readonly DescribedRule[]): DescribedRule | undefined {
  const q = query.trim();
  return rules.find(({ meta }) => meta.code.toLowerCase() === q.toLowerCase() || meta.name === q.toLowerCase());
}

async function runExplain(argv: string[], io: CliIO = processIO()): Promise<number> {
  let query: string;
  try {
    const { flags, positionals } = parseArgs(argv, [HELP_FLAG]);
    if (flags["help"] === true) {
      io.stdout(EXPLAIN_USAGE);
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError("Name exactly one rule code or name");
    query = positionals[0]!;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`nncheck explain: ${error.message}\n\n${EXPLAIN_USAGE}`);
    return 2;
  }
  const rules = await loadRules();
  const rule = findRule(query, rules);
  if (rule === undefined) {
    const suggestions = suggestRules(query, rules);
    const hint =
      suggestions.length > 0
        ? `Did you mean: ${suggestions.map((m) => `${m.code} ${m.name}`).join(", ")}?`
        : "Run `nncheck rules` to list the rules.";
    io.stderr(`nncheck explain: unknown rule "${query}". ${hint}\n`);
    return 2;
  }
  io.stdout(formatExplanation(rule.meta));
  return 0;
}

export const command: Command = { name: "explain", summary: "Explain a rule", run: runExplain };
