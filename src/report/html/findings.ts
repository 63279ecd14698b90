/** The findings list of both pages: one card per finding, grouped by severity, with the rule's summary. */
import type { Finding, RuleDescriptor, Severity } from "../finding.js";
import { escapeHtml } from "./escape.js";

export const SEVERITIES: readonly Severity[] = ["error", "warning", "info"];

const SEVERITY_TITLE: Readonly<Record<Severity, string>> = { error: "Errors", warning: "Warnings", info: "Infos" };

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

/** A number for people: 4 significant digits, exponent form for the very small and the very large. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0 || Number.isInteger(value)) return String(value);
  const abs = Math.abs(value);
  return abs < 1e-3 || abs >= 1e6 ? value.toExponential(3) : String(Number(value.toPrecision(4)));
}

/**
 * Whether a finding was found by simulation (`lint --simulate`) rather than by reading the program: the
 * field is optional on Finding, so the page reads it wherever the finding has it.
 */
export function isSimulated(finding: Finding): boolean {
  return (finding as { simulated?: unknown }).simulated === true;
}

export interface FindingCardOptions {
  /** The id of the card (`finding-<n>`). */
  id: string;
  rule?: RuleDescriptor;
  /** Where the finding is drawn (a chart's id), for the "show on chart" link. */
  chart?: string;
  /** Extra markup (already escaped) below the message: a code excerpt, where the layer is defined. */
  extra?: string;
}

/** One finding as a card. Every string from the program or trace is escaped. */
export function findingCard(finding: Finding, options: FindingCardOptions): string {
  const facts: string[] = [];
  if (finding.layer !== undefined) facts.push(`<span class="fact">layer <b>${escapeHtml(finding.layer.name)}</b> (${escapeHtml(finding.layer.kind)})</span>`);
  if (finding.steps !== undefined) {
    const { first, last, count } = finding.steps;
    facts.push(`<span class="fact">${first === last ? `step ${first}` : `steps ${first}–${last}`}, ${plural(count, "time")}</span>`);
  }
  if (finding.run !== undefined) facts.push(`<span class="fact">run ${finding.run}</span>`);
  if (finding.worst !== undefined) facts.push(`<span class="fact">worst ${escapeHtml(formatNumber(finding.worst))}</span>`);
  if (finding.file !== undefined && finding.line !== undefined) {
    facts.push(`<span class="fact loc">${escapeHtml(finding.file)}:${finding.line}${finding.column !== undefined ? `:${finding.column}` : ""}</span>`);
  }
  const cause = finding.cause === true ? ` <span class="badge cause" title="the first finding of its group, in causal order: the others may follow from it">likely cause</span>` : "";
  const simulated = isSimulated(finding) ? ` <span class="badge simulated" title="found by running a simulated twin of the model">simulated</span>` : "";
  const summary = options.rule !== undefined ? `<p class="rule-summary">${escapeHtml(options.rule.docs.summary)}</p>` : "";
  const chart = options.chart !== undefined ? ` data-chart="${escapeHtml(options.chart)}"` : "";
  const show = options.chart !== undefined ? `<button type="button" class="show" data-chart="${escapeHtml(options.chart)}">show on chart</button>` : "";
  return `<article class="finding sev-${finding.severity}" id="${options.id}" data-severity="${finding.severity}" data-code="${escapeHtml(finding.code)}"${chart} tabindex="0">
<header><span class="badge sev-${finding.severity}">${finding.severity}</span> <code class="code">${escapeHtml(finding.code)}</code> <span class="name">${escapeHtml(finding.name)}</span>${cause}${simulated}${show}</header>
<p class="message">${escapeHtml(finding.message)}</p>
${facts.length > 0 ? `<p class="facts">${facts.join(" · ")}</p>` : ""}${summary}${options.extra ?? ""}
</article>`;
}

/**
 * Findings grouped by severity (errors first), each group folding open with its count; infos start folded
 * when there are errors or warnings. `card(finding, index)` renders one.
 */
export function severityGroups(findings: readonly Finding[], card: (finding: Finding, index: number) => string): string {
  const indexed = findings.map((finding, index) => ({ finding, index }));
  const serious = findings.some((f) => f.severity !== "info");
  return SEVERITIES.map((severity) => {
    const group = indexed.filter((e) => e.finding.severity === severity);
    if (group.length === 0) return "";
    const open = severity !== "info" || !serious ? " open" : "";
    return `<details class="group" data-severity="${severity}"${open}><summary><h3>${SEVERITY_TITLE[severity]} <span class="count">${group.length}</span></h3></summary>
${group.map((e) => card(e.finding, e.index)).join("\n")}
</details>`;
  }).join("\n");
}

/** The counts by severity as badges. */
export function severityCounts(counts: Readonly<Record<Severity, number>>): string {
  return SEVERITIES.map((s) => `<span class="badge sev-${s}" data-count="${s}">${plural(counts[s], s)}</span>`).join(" ");
}

/** Lines [line − context, line + context] of a source, the finding's line marked. */
export function sourceExcerpt(lines: readonly string[], line: number, context = 2): string {
  const from = Math.max(1, line - context);
  const to = Math.min(lines.length, line + context);
  if (from > to) return "";
  const width = String(to).length;
  const rows: string[] = [];
  for (let n = from; n <= to; n++) {
    const text = lines[n - 1] ?? "";
    rows.push(`<span class="src-line${n === line ? " hit" : ""}"><span class="ln">${String(n).padStart(width)}</span> ${escapeHtml(text)}</span>`);
  }
  return `<pre class="excerpt">${rows.join("\n")}</pre>`;
}
