/**
 * The HTML reporter: one self-contained page (no network at view time) with the charting library, the
 * data and the page's script inlined. Dynamic reports (watch, check-trace, report) get the training
 * curves, per-layer small multiples and the model table with the findings laid on them; lint reports
 * get the findings per file with code excerpts, filterable by severity and rule.
 *
 * A Content-Security-Policy allows only the page's own scripts (by hash) and no connection: even should
 * an escaping mistake let markup through, an injected handler or script would not run.
 */
import { createHash } from "node:crypto";
import type { Report } from "../finding.js";
import { loadChartAssets, type ChartAssets } from "./assets.js";
import { CLIENT_SCRIPT } from "./client.js";
import { dynamicPage } from "./dynamic.js";
import { escapeHtml, jsonForScript } from "./escape.js";
import { lintPage } from "./lint.js";
import { PAGE_STYLE } from "./style.js";

export interface HtmlOptions {
  /** nncheck's version, said in the footer. */
  toolVersion?: string;
  /** The charting library (default: read from the installed uplot package). */
  assets?: ChartAssets;
  /** Source texts by path as spans name them: excerpts of where a dynamic finding's layer is defined. */
  sources?: ReadonlyMap<string, string>;
}

function scriptHash(script: string): string {
  return `'sha256-${createHash("sha256").update(script, "utf8").digest("base64")}'`;
}

/** Renders the report as one HTML document, ending with a newline. */
export function formatHtml(report: Report, options: HtmlOptions = {}): string {
  const assets = options.assets ?? loadChartAssets();
  const body = report.tool === "lint" ? lintPage(report) : dynamicPage(report, options.sources);
  const scripts = report.tool === "lint" ? [CLIENT_SCRIPT] : [assets.script, CLIENT_SCRIPT];
  const csp = `default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src ${scripts.map(scriptHash).join(" ")}`;
  const nav =
    report.tool === "lint"
      ? `<a href="#summary">summary</a><a href="#filters">findings</a>`
      : `<a href="#summary">summary</a><a href="#findings">findings</a><a href="#curves">curves</a><a href="#layers">layers</a><a href="#model">model</a>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="nncheck ${escapeHtml(options.toolVersion ?? "")}">
<title>${escapeHtml(body.title)}</title>
<style>${report.tool === "lint" ? "" : assets.style}${PAGE_STYLE}</style>
</head>
<body>
<header class="top"><h1>${escapeHtml(body.title)}</h1><nav>${nav}</nav></header>
<main>
${body.html}
</main>
<footer>nncheck ${escapeHtml(options.toolVersion ?? "")}${report.tool === "lint" ? "" : ` · charts drawn with ${escapeHtml(assets.name)}`}</footer>
<script type="application/json" id="nncheck-data">${jsonForScript(body.data)}</script>
${scripts.map((s) => `<script>${s}</script>`).join("\n")}
</body>
</html>
`;
}
