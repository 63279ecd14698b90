/**
 * What the page draws, decided here (pure, testable) and drawn by the page's script: chart specs built
 * from the trace digest, and which chart each finding belongs on.
 */
import type { Finding, RuleDescriptor } from "../finding.js";
import type { DigestSeries, LayerDigest, LayerStat, TraceDigest } from "../../telemetry/digest.js";

export type SeriesStyle = "main" | "range" | "validation" | "second";

export interface ChartSeries {
  label: string;
  values: (number | null)[];
  style: SeriesStyle;
}

/** Series sharing one x (steps); a chart's tables are joined on their steps by the page. */
export interface ChartTable {
  x: number[];
  ys: ChartSeries[];
}

export interface ChartSpec {
  id: string;
  title: string;
  /** Logarithmic y axis (values ≤ 0 are dropped). */
  log: boolean;
  /** Fixed y range, when the quantity has one (fractions). */
  range?: [number, number];
  tables: ChartTable[];
  /** Indices (in the report's findings) of the findings marked on this chart. */
  markers: number[];
}

export interface LayerCharts {
  name: string;
  kind: string;
  activation: string;
  /** Position in the page (layers named in findings first). */
  named: boolean;
  charts: ChartSpec[];
}

export interface DynamicCharts {
  scalars: ChartSpec[];
  layers: LayerCharts[];
  /** For each finding (by index), the id of the chart it is shown on ("" for none: a finding of an earlier run). */
  findingChart: string[];
}

const LAYER_CHARTS: readonly { key: string; title: string; stats: readonly { stat: LayerStat; label: string }[]; log: boolean; range?: [number, number] }[] = [
  { key: "gradient", title: "mean |gradient|", stats: [{ stat: "gradientMeanAbs", label: "mean |g|" }], log: true },
  { key: "update", title: "log10 update ratio", stats: [{ stat: "updateRatioLog10", label: "log10 |ΔW|/|W|" }], log: false },
  {
    key: "units",
    title: "dead / saturated units",
    stats: [
      { stat: "deadFraction", label: "dead fraction" },
      { stat: "saturatedFraction", label: "saturated fraction" },
    ],
    log: false,
    range: [0, 1],
  },
  { key: "activation", title: "activation std", stats: [{ stat: "activationStd", label: "std" }], log: false },
];

/** The main line of a series and, once buckets span several steps, its min and max (so spikes show). */
function seriesTable(series: DigestSeries, label: string, style: SeriesStyle): ChartTable {
  const ys: ChartSeries[] = [{ label, values: series.last, style }];
  if (series.bucketSteps > 1) {
    ys.push({ label: `${label} (max)`, values: series.max, style: "range" }, { label: `${label} (min)`, values: series.min, style: "range" });
  }
  return { x: series.step, ys };
}

function allPositive(series: DigestSeries): boolean {
  return series.min.every((v) => v === null || v > 0) && series.min.some((v) => v !== null);
}

function isPositiveSeries(series: readonly DigestSeries[]): boolean {
  let min = Infinity;
  let max = -Infinity;
  for (const s of series) {
    for (const v of s.min) if (v !== null) min = Math.min(min, v);
    for (const v of s.max) if (v !== null) max = Math.max(max, v);
  }
  // Log scale when every value is positive and they span three decades or more (an exploding loss).
  return min > 0 && max / min >= 1000;
}

function scalarCharts(digest: TraceDigest, allFindings: number[]): ChartSpec[] {
  const charts: ChartSpec[] = [];
  const names = new Set([...Object.keys(digest.train), ...Object.keys(digest.epoch).map((n) => n.replace(/^val_/, ""))]);
  names.delete("loss");
  for (const name of ["loss", ...[...names].sort()]) {
    const tables: ChartTable[] = [];
    const plotted: DigestSeries[] = [];
    const train = digest.train[name];
    if (train !== undefined) {
      tables.push(seriesTable(train, `train ${name}`, "main"));
      plotted.push(train);
    } else if (digest.epoch[name] !== undefined) {
      tables.push(seriesTable(digest.epoch[name]!, `train ${name} (epoch)`, "main"));
      plotted.push(digest.epoch[name]!);
    }
    const validation = digest.epoch[`val_${name}`];
    if (validation !== undefined) {
      tables.push({ x: validation.step, ys: [{ label: `validation ${name}`, values: validation.last, style: "validation" }] });
      plotted.push(validation);
    }
    if (tables.length === 0) continue;
    const id = name === "loss" ? "chart-loss" : `chart-metric-${charts.length}`;
    charts.push({ id, title: name === "loss" ? "loss" : name, log: isPositiveSeries(plotted), tables, markers: allFindings });
  }
  const lr = digest.learningRate;
  if (lr !== undefined && lr.min.some((v, i) => v !== lr.max[i] || v !== lr.min[0])) {
    charts.push({ id: "chart-lr", title: "learning rate", log: false, tables: [seriesTable(lr, "learning rate", "second")], markers: allFindings });
  }
  return charts;
}

/** Which of a layer's charts shows a finding, from its rule's family and the facts it reads. */
function layerChartKey(rule: RuleDescriptor | undefined): string | undefined {
  if (rule === undefined) return undefined;
  if (rule.family === "gradients") return "gradient";
  if (rule.family === "weights") return "update";
  if (rule.family === "activations") {
    return rule.needs.some((n) => n.includes("perUnit.p95Abs") || n.includes("saturation")) ? "units" : "activation";
  }
  return undefined;
}

function layerChartId(layerIndex: number, key: string): string {
  return `chart-layer-${layerIndex}-${key}`;
}

/** The charts of a dynamic report: scalars (loss first), then per-layer small multiples. */
export function dynamicCharts(findings: readonly Finding[], rules: readonly RuleDescriptor[], digest: TraceDigest): DynamicCharts {
  const ruleOf = new Map(rules.map((r) => [r.code, r]));
  // The digest holds the trace's last run: findings of earlier runs are listed but not drawn.
  const drawn = findings.map((f) => digest.runs <= 1 || f.run === undefined || f.run === digest.runs);
  const scalars = scalarCharts(digest, findings.flatMap((_, i) => (drawn[i] ? [i] : [])));
  const fallback = scalars[0]?.id ?? "";
  // Layers named in findings first (in the order of their first finding), then the others in model order.
  const firstMention = new Map<string, number>();
  findings.forEach((f, i) => {
    if (drawn[i] && f.layer !== undefined && !firstMention.has(f.layer.name)) firstMention.set(f.layer.name, i);
  });
  const ordered: LayerDigest[] = [...digest.layerStats].sort(
    (a, b) => (firstMention.get(a.name) ?? Infinity) - (firstMention.get(b.name) ?? Infinity),
  );
  const layers: LayerCharts[] = ordered.map((layer, position) => {
    const charts: ChartSpec[] = [];
    for (const chart of LAYER_CHARTS) {
      const present = chart.stats.filter((s) => layer.stats[s.stat] !== undefined);
      if (present.length === 0) continue;
      const tables = present.map((s, k) => seriesTable(layer.stats[s.stat]!, s.label, k === 0 ? "main" : "second"));
      const markers = findings.flatMap((f, i) => (drawn[i] && f.layer?.name === layer.name ? [i] : []));
      // A log axis only when every value is positive (a gradient of exactly 0 must show, at 0).
      const log = chart.log && present.every((s) => allPositive(layer.stats[s.stat]!));
      const spec: ChartSpec = { id: layerChartId(position, chart.key), title: chart.title, log, tables, markers };
      if (chart.range !== undefined) spec.range = chart.range;
      charts.push(spec);
    }
    return { name: layer.name, kind: layer.kind, activation: layer.activation, named: firstMention.has(layer.name), charts };
  });
  const findingChart = findings.map((f, i) => {
    if (!drawn[i]) return "";
    if (f.layer === undefined) return fallback;
    const position = layers.findIndex((l) => l.name === f.layer!.name);
    if (position === -1) return fallback;
    const charts = layers[position]!.charts;
    const key = layerChartKey(ruleOf.get(f.code));
    const wanted = key === undefined ? undefined : charts.find((c) => c.id === layerChartId(position, key));
    return (wanted ?? charts[0])?.id ?? fallback;
  });
  return { scalars, layers, findingChart };
}
