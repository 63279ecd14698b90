/**
 * `nncheck rules [--format text|json]`: the rule catalogue as a table (code, name, severity, lifecycle,
 * summary) or as JSON.
 */
import type { RuleDescriptor } from "../report/finding.js";
import { describeFlags, HELP_FLAG, parseArgs, UsageError, type FlagSpec } from "./args.js";
import { processIO, type CliIO, type Command } from "./io.js";

const FLAGS: FlagSpec[] = [
  { name: "format", kind: "string", valueName: "FORMAT", description: "Output format: text or json (default: text)" },
  HELP_FLAG,
];

export const RULES_USAGE = `Usage: nncheck rules [options]

List every rule with its code, name, default severity, lifecycle and summary.

Options:
${describeFlags(FLAGS)}
`;

/** Anything with rule metadata: static rules (S...) and dynamic checks (D...). */
export interface DescribedRule {
  meta: RuleDescriptor;
}

/** Every static rule, then every dynamic check, each ordered by code. */
export async function loadRules(): Promise<readonly DescribedRule[]> {
  const [{ allRules }, { allChecks }] = await Promise.all([
    import("../lint/rules/index.js"),
    import("../checks/rules/index.js"),
  ]);
  return [...allRules, ...allChecks];
}

/** The rule table as aligned text columns. */
export function formatRuleTable(rules: readonly DescribedRule[]): string {
  const header = ["CODE", "NAME", "SEVERITY", "LIFECYCLE", "SUMMARY"];
  const rows = rules.map(({ meta }) => [meta.code, meta.name, meta.severity, meta.lifecycle, meta.docs.summary]);
  const widths = header.slice(0, -1).map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string =>
    cells.map((cell, i) => (i < widths.length ? cell.padEnd(widths[i]!) : cell)).join("  ").trimEnd();
  return `${[line(header), ...rows.map(line)].join("\n")}\n`;
}

/** The rule catalogue as JSON: metadata without the long doc sections. */
export function formatRuleJson(rules: readonly DescribedRule[]): string {
  const entries = rules.map(({ meta }) => ({
    code: meta.code,
    name: meta.name,
    family: meta.family,
    severity: meta.severity,
    lifecycle: meta.lifecycle,
    frameworks: meta.frameworks,
    summary: meta.docs.summary,
    options: meta.options,
  }));
  return `${JSON.stringify(entries, null, 2)}\n`;
}

async function runRules(argv: string[], io: CliIO = processIO()): Promise<number> {
  let format: string;
  try {
    const { flags, positionals } = parseArgs(argv, FLAGS);
    if (flags["help"] === true) {
      io.stdout(RULES_USAGE);
      return 0;
    }
    if (positionals.length > 0) throw new UsageError(`Unexpected argument "${positionals[0]}"`);
    format = (flags["format"] as string | undefined) ?? "text";
    if (format !== "text" && format !== "json") throw new UsageError(`Unknown format "${format}" (expected text or json)`);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`nncheck rules: ${error.message}\n\n${RULES_USAGE}`);
    return 2;
  }
  const rules = await loadRules();
  io.stdout(format === "json" ? formatRuleJson(rules) : formatRuleTable(rules));
  return 0;
}

export const command: Command = { name: "rules", summary: "List the rules", run: runRules };
