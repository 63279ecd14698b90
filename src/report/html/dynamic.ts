/** The page of a dynamic report (watch, check-trace, report): summary, findings, curves, layers, model. */
import type { Finding, Report, Severity } from "../finding.js";
import type { TraceDigest } from "../../telemetry/digest.js";
import type { LayerSummary } from "../../telemetry/schema.js";
import { dynamicCharts, type ChartSpec, type DynamicCharts } from "./charts.js";
import { escapeHtml } from "./escape.js";
import { findingCard, plural, severityCounts, severityGroups, sourceExcerpt } from "./findings.js";

export interface PageBody {
  title: string;
  html: string;
  /** The data the page's script draws (embedded as JSON). */
  data: unknown;
}

function durationText(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "unknown";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 120) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return m < 120 ? `${m} min ${Math.round(s - m * 60)} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

function runDuration(digest: TraceDigest): number {
  const start = digest.run?.time !== undefined ? Date.parse(digest.run.time) : NaN;
  const end = digest.end?.time !== undefined ? Date.parse(digest.end.time) : NaN;
  return Number.isFinite(start) && Number.isFinite(end) && end > start ? end - start : digest.trainMs;
}

function row(label: string, value: string): string {
  return `<tr><th>${label}</th><td>${value}</td></tr>`;
}

function summarySection(report: Report, digest: TraceDigest | undefined, counts: Record<Severity, number>): string {
  const program = report.files[0]?.path;
  const rows: string[] = [];
  if (program !== undefined) rows.push(row(report.tool === "watch" ? "program" : "trace", `<code>${escapeHtml(program)}</code>`));
  if (digest?.run !== undefined) {
    const run = digest.run;
    rows.push(row("framework", escapeHtml(run.framework)), row("backend", escapeHtml(run.backend)));
    if (run.loss !== undefined) rows.push(row("loss", escapeHtml(run.loss)));
    if (run.optimizer !== undefined) rows.push(row("optimizer", escapeHtml(run.optimizer)));
    rows.push(row("started", escapeHtml(run.time)));
  }
  if (digest !== undefined) {
    if (digest.runs > 1) rows.push(row("runs", `${digest.runs} training runs in the trace; the curves show the last one`));
    rows.push(row("steps", String(digest.end?.steps ?? digest.steps)));
    if (digest.epochs > 0) rows.push(row("epochs", String(digest.epochs)));
    rows.push(row("duration", durationText(runDuration(digest))));
    const loss = digest.train["loss"];
    if (loss !== undefined && loss.nonFinite > 0) {
      rows.push(row("training loss", `<span class="file-problem">NaN or Infinity at ${plural(loss.nonFinite, "step")}, first at step ${loss.firstNonFiniteStep}</span> (gaps in the curve)`));
    }
    rows.push(row("run", digest.end === undefined ? "ended without a run-end record" : `${escapeHtml(digest.end.status)}${digest.end.reason ? `: ${escapeHtml(digest.end.reason)}` : ""}`));
    if (digest.run !== undefined) rows.push(row("tensor statistics", samplingText(digest.run)));
    if (digest.dropped !== undefined) {
      rows.push(row("not plotted", `${plural(digest.dropped.scalars, "scalar")} and ${plural(digest.dropped.layers, "layer")} beyond the page's bounds`));
    }
  }
  const problems = report.files.filter((f) => f.error !== undefined).map((f) => `<p class="file-problem">${escapeHtml(f.error!.message)}</p>`);
  return `<section id="summary" class="card"><h2>Summary</h2>
<p class="counts">${severityCounts(counts)}</p>
<table class="kv">${rows.join("")}</table>${problems.join("")}</section>`;
}

function layerSpanText(layer: LayerSummary | undefined, sources: ReadonlyMap<string, readonly string[]>): string {
  const span = layer?.span;
  if (span === undefined) return "";
  const lines = sources.get(span.file);
  const excerpt = lines === undefined ? "" : sourceExcerpt(lines, span.line);
  return `<p class="defined">layer defined at <code>${escapeHtml(span.file)}:${span.line}:${span.column}</code></p>${excerpt}`;
}

function chartCard(chart: ChartSpec, extraClass = ""): string {
  return `<figure class="chart ${extraClass}" id="${chart.id}" data-markers="0"><figcaption>${escapeHtml(chart.title)}</figcaption><div class="plot"></div></figure>`;
}

function chartsSection(charts: DynamicCharts): string {
  if (charts.scalars.length === 0) return `<section id="curves" class="card"><h2>Curves</h2><p class="empty">The trace holds no step records.</p></section>`;
  return `<section id="curves" class="card"><h2>Loss and metrics</h2><p class="hint">Drag to zoom, double-click to reset; markers show where findings fired (first step).</p>
<div class="scalars">${charts.scalars.map((c) => chartCard(c, "wide")).join("\n")}</div></section>`;
}

function layersSection(charts: DynamicCharts): string {
  if (charts.layers.length === 0) return "";
  const rows = charts.layers.map(
    (layer, i) => `<div class="layer-row${layer.named ? " named" : ""}" id="layer-${i}"><h3>${escapeHtml(layer.name)} <span class="muted">${escapeHtml(layer.kind)}, ${escapeHtml(layer.activation)}</span></h3>
<div class="multiples">${layer.charts.map((c) => chartCard(c, "small")).join("")}</div></div>`,
  );
  return `<section id="layers" class="card"><h2>Layers over steps</h2><p class="hint">Layers named in findings first. Shaded: the steps over which a finding held.</p>${rows.join("\n")}</section>`;
}

function modelSection(layers: readonly LayerSummary[], named: ReadonlySet<string>): string {
  if (layers.length === 0) return "";
  const total = layers.reduce((sum, l) => sum + l.params, 0);
  const rows = layers.map(
    (l) => `<tr${named.has(l.name) ? ' class="named"' : ""}><td>${l.index}</td><td>${escapeHtml(l.name)}</td><td>${escapeHtml(l.className ?? l.kind)}</td><td><code>(${l.outputShape.map((d) => (d === null ? "None" : String(d))).join(", ")})</code></td><td class="num">${l.params.toLocaleString("en")}</td><td>${escapeHtml(l.activation)}</td><td>${l.trainable === false ? "frozen" : ""}</td></tr>`,
  );
  return `<section id="model" class="card"><h2>Model</h2><table class="model"><thead><tr><th>#</th><th>layer</th><th>class</th><th>output shape</th><th>parameters</th><th>activation</th><th></th></tr></thead>
<tbody>${rows.join("")}</tbody><tfoot><tr><td></td><td colspan="3">${plural(layers.length, "layer")}</td><td class="num">${total.toLocaleString("en")}</td><td colspan="2"></td></tr></tfoot></table></section>`;
}

export function dynamicPage(report: Report, sources: ReadonlyMap<string, string> = new Map()): PageBody {
  const sourceLines = new Map([...sources].map(([file, text]) => [file, text.split(/\r?\n/)]));
  const digest = report.trace;
  const counts = { error: report.summary.errors, warning: report.summary.warnings, info: report.summary.infos };
  const charts: DynamicCharts = digest === undefined ? { scalars: [], layers: [], findingChart: [] } : dynamicCharts(report.findings, report.rules, digest);
  const ruleOf = new Map(report.rules.map((r) => [r.code, r]));
  const layerOf = new Map((digest?.layers ?? []).map((l) => [l.name, l]));
  const card = (finding: Finding, index: number): string => {
    const chart = charts.findingChart[index];
    const options: Parameters<typeof findingCard>[1] = { id: `finding-${index}`, extra: layerSpanText(finding.layer && layerOf.get(finding.layer.name), sourceLines) };
    const rule = ruleOf.get(finding.code);
    if (rule !== undefined) options.rule = rule;
    if (chart) options.chart = chart;
    return findingCard(finding, options);
  };
  const findingsHtml =
    report.findings.length === 0
      ? `<p class="empty">No findings${digest === undefined || digest.steps === 0 ? " (nothing was checked)" : ""}.</p>`
      : severityGroups(report.findings, card);
  const named = new Set(report.findings.flatMap((f) => (f.layer ? [f.layer.name] : [])));
  const program = report.files[0]?.path ?? "training run";
  const html = [
    summarySection(report, digest, counts),
    `<section id="findings" class="card"><h2>Findings</h2>${findingsHtml}</section>`,
    chartsSection(charts),
    layersSection(charts),
    modelSection(digest?.layers ?? [], named),
  ].join("\n");
  const data = {
    kind: "dynamic",
    charts: [...charts.scalars, ...charts.layers.flatMap((l) => l.charts)],
    findings: report.findings.map((f, i) => ({
      code: f.code,
      name: f.name,
      severity: f.severity,
      message: f.message,
      first: f.steps?.first ?? null,
      last: f.steps?.last ?? null,
      chart: charts.findingChart[i] ?? null,
    })),
  };
  return { title: `nncheck ${report.tool}: ${program}`, html, data };
}

function samplingText(run: NonNullable<TraceDigest["run"]>): string {
  const every = `every ${run.samplingInterval} steps`;
  if (run.samplingBudget === undefined) return every;
  return `${every} at first, then as often as ${Math.round(run.samplingBudget * 1000) / 10} % of the training's time allows`;
}
