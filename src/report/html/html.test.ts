import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { checkTrace } from "../../checks/check-trace.js";
import type { Finding, Report } from "../finding.js";
import { formatReport, OUTPUT_FORMATS, REPORT_FORMATS } from "../index.js";
import { loadChartAssets } from "./assets.js";
import { dynamicCharts } from "./charts.js";
import { escapeHtml, jsonForScript } from "./escape.js";
import { formatHtml } from "./index.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const fixture = (name: string) => path.join(root, "test", "fixtures", "traces", name);
const HOSTILE = `<img src=x onerror=alert(1)></script><script>alert(2)</script>`;

/** The JSON data block of a page. */
function pageData(html: string): { kind: string; charts: { id: string; markers: number[] }[]; findings: { code: string; chart: string | null }[] } {
  const match = /<script type="application\/json" id="nncheck-data">([\s\S]*?)<\/script>/.exec(html);
  return JSON.parse(match![1]!);
}

describe("escaping", () => {
  it("escapes markup characters in text and attributes", () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  });

  it("JSON for a script tag has no raw <, >, &, U+2028 or U+2029 and reads back exactly", () => {
    const value = { name: `</script><!-- & \u2028\u2029`, n: 0.123456789, bad: Number.NaN };
    const json = jsonForScript(value);
    expect(json).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(json)).toEqual({ name: value.name, n: 0.123457, bad: null });
  });
});

describe("the format registry", () => {
  it("maps every format name to a reporter, html included", () => {
    expect(REPORT_FORMATS).toContain("html");
    for (const name of REPORT_FORMATS) expect(OUTPUT_FORMATS[name].name).toBe(name);
    expect(OUTPUT_FORMATS.html.document).toBe(true);
    expect(OUTPUT_FORMATS.text.document).toBe(false);
  });
});

describe("the dynamic page", () => {
  const report = checkTrace(fixture("tfjs-dead-relu.jsonl"), { displayPath: "runs/dead.jsonl" });

  it("is one document with the library, the data and the script inlined, and nothing fetched", () => {
    const html = formatReport(report, "html", { toolVersion: "9.9.9" });
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).toContain("uPlot");
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|https?:\/\/[^"'\s]*\.(js|css)/);
    expect(html).toMatch(/Content-Security-Policy" content="default-src 'none';[^"]*script-src 'sha256-/);
    expect(html).toContain("nncheck 9.9.9");
  });

  it("shows the summary, every finding with its rule's summary, and the model table", () => {
    const html = formatHtml(report);
    expect(html).toContain("runs/dead.jsonl");
    expect(html).toMatch(/<th>steps<\/th><td>125<\/td>/);
    for (let i = 0; i < report.findings.length; i++) expect(html).toContain(`id="finding-${i}"`);
    const d402 = report.rules.find((r) => r.code === "D402")!;
    expect(html).toContain(escapeHtml(d402.docs.summary));
    expect(html).toMatch(/<tr class="named"><td>1<\/td><td>dense_Dense11<\/td>/);
    expect(html).toContain("672");
  });

  it("links each finding to the chart of what it is about, and marks findings on the curves", () => {
    const data = pageData(formatHtml(report));
    const byCode = (code: string) => data.findings.find((f) => f.code === code)!;
    expect(byCode("D402").chart).toBe("chart-layer-0-units");
    expect(byCode("D302").chart).toMatch(/^chart-layer-\d-gradient$/);
    expect(byCode("D404").chart).toBe("chart-layer-0-activation");
    const loss = data.charts.find((c) => c.id === "chart-loss")!;
    expect(loss.markers).toHaveLength(report.findings.length);
    for (const f of data.findings) expect(data.charts.some((c) => c.id === f.chart)).toBe(true);
  });

  it("puts the layers named in findings first", () => {
    const charts = dynamicCharts(report.findings, report.rules, report.trace!);
    expect(charts.layers.map((l) => [l.name, l.named])).toEqual([
      ["dense_Dense11", true],
      ["dense_Dense12", true],
    ]);
    const onlySecond = report.findings.filter((f) => f.layer?.name === "dense_Dense12");
    expect(dynamicCharts(onlySecond, report.rules, report.trace!).layers[0]!.name).toBe("dense_Dense12");
  });

  it("a loss spanning decades is drawn on a log axis", () => {
    const exploding = checkTrace(fixture("tfjs-exploding.jsonl"));
    const charts = dynamicCharts(exploding.findings, exploding.rules, exploding.trace!);
    expect(charts.scalars[0]!.log).toBe(true);
    const healthy = checkTrace(fixture("tfjs-clean-mlp.jsonl"));
    expect(dynamicCharts(healthy.findings, healthy.rules, healthy.trace!).scalars[0]!.log).toBe(false);
  });

  it("escapes hostile layer names, messages and paths everywhere", () => {
    const hostile: Report = JSON.parse(JSON.stringify(report).replaceAll("dense_Dense11", HOSTILE.replaceAll('"', '\\"')));
    hostile.files[0]!.path = HOSTILE;
    const html = formatHtml(hostile);
    expect(html).not.toContain("<img");
    // The only script tags are the page's own: the data block and two scripts.
    expect(html.match(/<script/g)).toHaveLength(3);
    expect(html.match(/<\/script>/g)).toHaveLength(3);
    expect(html).toContain(escapeHtml(HOSTILE));
    expect(pageData(html).findings.some((f) => f.code === "D402")).toBe(true);
  });

  it("of a trace holding two runs, draws the last and lists the first run's findings without a chart", () => {
    const text = readFileSync(fixture("tfjs-dead-relu.jsonl"), "utf8") + readFileSync(fixture("tfjs-exploding.jsonl"), "utf8");
    const two = checkTrace(text);
    expect(two.trace!.runs).toBe(2);
    const charts = dynamicCharts(two.findings, two.rules, two.trace!);
    two.findings.forEach((f, i) => {
      if (f.run === 1) expect(charts.findingChart[i]).toBe("");
      else expect(charts.findingChart[i]).not.toBe("");
    });
    expect(two.findings.some((f) => f.run === 1)).toBe(true);
    const html = formatHtml(two);
    expect(html).toContain("2 training runs in the trace");
    expect(html).toContain('<span class="fact">run 1</span>');
  });

  it("says how often tensors were sampled: a fixed interval, or one stretched to a time budget", () => {
    expect(formatHtml(report)).toMatch(/<th>tensor statistics<\/th><td>every \d+ steps<\/td>/);
    const text = readFileSync(fixture("tfjs-dead-relu.jsonl"), "utf8").replace(/"config":\{"samplingInterval":(\d+)/, '"config":{"samplingBudget":0.02,"samplingInterval":$1');
    expect(formatHtml(checkTrace(text))).toMatch(/every \d+ steps at first, then as often as 2 % of the training's time allows/);
  });

  it("marks the likely cause of a group of findings", () => {
    const html = formatHtml(report);
    const causes = report.findings.filter((f) => f.cause === true).length;
    expect(causes).toBeGreaterThan(0);
    expect(html.match(/class="badge cause"/g)).toHaveLength(causes);
  });

  it("without a digest (a report built elsewhere), the page still lists the findings", () => {
    const { trace: _trace, ...bare } = report;
    const html = formatHtml(bare);
    expect(html).toContain('id="finding-0"');
    expect(pageData(html).charts).toEqual([]);
  });
});

describe("the lint page", () => {
  const finding = (code: string, severity: Finding["severity"], line: number, extra: Partial<Finding> = {}): Finding => ({
    code,
    name: `rule-${code}`,
    severity,
    message: `message of ${code}`,
    file: "train.py",
    line,
    column: 1,
    ...extra,
  });
  const report: Report = {
    tool: "lint",
    files: [
      { path: "train.py", parsed: true, source: "import keras\nmodel = keras.Sequential()\nmodel.add(Dense(10))\nmodel.compile(loss='categorical_crossentropy')\n" },
      { path: "broken.py", parsed: false, error: { kind: "syntax", message: "unexpected indent", line: 3, column: 1 } },
    ],
    findings: [finding("S201", "error", 3), finding("S501", "warning", 4, { simulated: true } as Partial<Finding>), finding("S701", "info", 1)],
    rules: [],
    summary: { files: 2, filesWithErrors: 1, errors: 1, warnings: 1, infos: 1, durationMs: 12 },
  };

  it("lists findings per file with the source excerpt, its line marked", () => {
    const html = formatHtml(report);
    expect(html).toContain('data-file="train.py"');
    expect(html).toMatch(/<span class="src-line hit"><span class="ln">3<\/span> model.add\(Dense\(10\)\)<\/span>/);
    expect(html).toContain("syntax error: unexpected indent");
  });

  it("offers severity and rule filters, one option per rule present", () => {
    const html = formatHtml(report);
    expect(html.match(/class="filter-severity"/g)).toHaveLength(3);
    expect(html.match(/<option value="S\d+">/g)).toHaveLength(3);
    expect(pageData(html).kind).toBe("lint");
  });

  it("has no inline event handler (the page's script policy allows its one hashed script, nothing inline)", () => {
    const html = formatHtml(report).replace(/<script[\s\S]*?<\/script>/g, "");
    expect(html).not.toMatch(/<[^>]+\son[a-z]+=/i);
  });

  it("marks findings found by simulation", () => {
    const html = formatHtml(report);
    expect(html.match(/class="badge simulated"/g)).toHaveLength(1);
    expect(html).toMatch(/data-code="S501"[^>]*>\s*<header>.*simulated/);
  });

  it("does not inline the charting library (it draws no chart)", () => {
    const html = formatHtml(report);
    expect(html).not.toContain(loadChartAssets().script.slice(0, 300));
    expect(html.length).toBeLessThan(loadChartAssets().script.length);
  });
});
