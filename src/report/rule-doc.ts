/**
 * A rule's documentation page as Markdown, from its metadata: the fixed sections every rule carries.
 * `npm run docs` writes these under docs/rules/; a test keeps the committed pages in step.
 */
import type { RuleDescriptor } from "./finding.js";

/**
 * A rule's doc sections after its summary, in their fixed order and with their headings. Options and
 * References come rendered by the caller (each rendering says "none" its own way).
 */
export function ruleDocSections(meta: RuleDescriptor, options: string, references: string): [title: string, body: string][] {
  const d = meta.docs;
  return [
    ["What it checks", d.whatItChecks],
    ["Why it matters", d.whyItMatters],
    ["Example", d.example],
    ["Fix", d.fix],
    ["Options", options],
    ["References", references],
  ];
}

/** The language of a rule's example: Python for static rules (S...), JavaScript for dynamic checks (D...). */
export function exampleLanguage(meta: RuleDescriptor): "python" | "js" {
  return meta.code.startsWith("S") ? "python" : "js";
}

export function ruleDocFileName(meta: RuleDescriptor): string {
  return `${meta.code}-${meta.name}.md`;
}

export function renderRuleMarkdown(meta: RuleDescriptor): string {
  const d = meta.docs;
  const options = Object.entries(meta.options);
  const lines = [
    `# ${meta.code} ${meta.name}`,
    "",
    d.summary,
    "",
    `Severity: **${meta.severity}** · family: ${meta.family} · lifecycle: ${meta.lifecycle} · frameworks: ${meta.frameworks.join(", ")}`,
    "",
    "## What it checks",
    "",
    d.whatItChecks.trim(),
    "",
    "## Why it matters",
    "",
    d.whyItMatters.trim(),
    "",
    "## Example",
    "",
    "```" + exampleLanguage(meta),
    d.example.trimEnd(),
    "```",
    "",
    "## Fix",
    "",
    d.fix.trim(),
    "",
    "## Options",
    "",
    options.length === 0
      ? "None."
      : options.map(([name, o]) => `- \`${name}\` (default \`${JSON.stringify(o.default)}\`): ${o.description}`).join("\n"),
    ...(d.options?.trim() ? ["", d.options.trim()] : []),
    "",
    "## References",
    "",
    ...d.references.map((r) => `- ${r}`),
    "",
  ];
  return lines.join("\n");
}

/** The README's rule table: one row per rule, linking its page. */
export function renderRuleTable(metas: readonly RuleDescriptor[]): string {
  const rows = ["| Code | Name | Severity | Lifecycle | What it finds |", "|---|---|---|---|---|"];
  for (const meta of metas) {
    rows.push(
      `| [${meta.code}](docs/rules/${ruleDocFileName(meta)}) | ${meta.name} | ${meta.severity} | ${meta.lifecycle} | ${meta.docs.summary.replace(/\|/g, "\\|")} |`,
    );
  }
  return rows.join("\n");
}
