/** The page of a lint report: findings per file with code excerpts, filterable by severity and rule. */
import type { Finding, Report } from "../finding.js";
import { isSkippedFile } from "../finding.js";
import type { PageBody } from "./dynamic.js";
import { escapeHtml } from "./escape.js";
import { findingCard, plural, severityCounts, SEVERITIES, sourceExcerpt } from "./findings.js";

function filters(findings: readonly Finding[]): string {
  const codes = [...new Map(findings.map((f) => [f.code, f.name])).entries()].sort(([a], [b]) => a.localeCompare(b));
  const severity = SEVERITIES.map((s) => `<label><input type="checkbox" class="filter-severity" value="${s}" checked> ${s}</label>`).join(" ");
  const options = codes.map(([code, name]) => `<option value="${escapeHtml(code)}">${escapeHtml(code)} ${escapeHtml(name)}</option>`).join("");
  return `<form id="filters" class="filters"><span>Show</span> ${severity}
<label>rule <select id="filter-rule"><option value="">all rules</option>${options}</select></label> <span id="shown" class="muted"></span></form>`;
}

export function lintPage(report: Report): PageBody {
  const ruleOf = new Map(report.rules.map((r) => [r.code, r]));
  const byFile = new Map<string, { finding: Finding; index: number }[]>();
  report.findings.forEach((finding, index) => {
    const file = finding.file ?? "";
    const list = byFile.get(file);
    if (list === undefined) byFile.set(file, [{ finding, index }]);
    else list.push({ finding, index });
  });
  const sources = new Map(report.files.map((f) => [f.path, f.source?.split(/\r?\n/)]));
  const fileSections = [...byFile.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([file, entries], fileIndex) => {
      const lines = sources.get(file);
      const cards = entries
        .sort((a, b) => (a.finding.line ?? 0) - (b.finding.line ?? 0) || (a.finding.column ?? 0) - (b.finding.column ?? 0))
        .map(({ finding, index }) => {
          const options: Parameters<typeof findingCard>[1] = { id: `finding-${index}` };
          const rule = ruleOf.get(finding.code);
          if (rule !== undefined) options.rule = rule;
          if (lines !== undefined && finding.line !== undefined) options.extra = sourceExcerpt(lines, finding.line);
          return findingCard(finding, options);
        });
      return `<section class="file card" id="file-${fileIndex}" data-file="${escapeHtml(file)}"><h2><code>${escapeHtml(file || "(no file)")}</code> <span class="count">${plural(entries.length, "finding")}</span></h2>
${cards.join("\n")}</section>`;
    });
  const problems = report.files
    .filter((f) => f.error !== undefined && f.error.kind !== "missing")
    .map((f) => {
      const e = f.error!;
      const where = e.line !== undefined ? `:${e.line}${e.column !== undefined ? `:${e.column}` : ""}` : "";
      return `<li class="${isSkippedFile(e) ? "skipped" : "problem"}"><code>${escapeHtml(f.path)}${where}</code> ${e.kind === "syntax" ? "syntax error: " : ""}${escapeHtml(e.message)}</li>`;
    });
  const s = report.summary;
  const unread = s.filesWithoutModel ?? 0;
  const summary = `<section id="summary" class="card"><h2>Summary</h2>
<p class="counts">${severityCounts({ error: s.errors, warning: s.warnings, info: s.infos })}</p>
<table class="kv"><tr><th>files</th><td>${s.files}</td></tr><tr><th>files with problems</th><td>${s.filesWithErrors}</td></tr>${unread > 0 ? `<tr><th>no recognisable model</th><td>${unread} (not checked)</td></tr>` : ""}<tr><th>duration</th><td>${s.durationMs} ms</td></tr></table>
${problems.length > 0 ? `<h3>File problems</h3><ul class="problems">${problems.join("")}</ul>` : ""}</section>`;
  const body =
    report.findings.length === 0
      ? `<section class="card"><p class="empty">No problems found.</p></section>`
      : `${filters(report.findings)}\n${fileSections.join("\n")}`;
  const data = { kind: "lint", findings: report.findings.map((f) => ({ code: f.code, severity: f.severity })) };
  return { title: `nncheck lint: ${plural(s.files, "file")}`, html: `${summary}\n${body}`, data };
}
