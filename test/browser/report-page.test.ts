/**
 * The HTML report in a real browser (Debian's chromium through playwright-core; one browser for the
 * file): pages open without console errors, charts are drawn at a real size, findings are marked on
 * their curves and linked both ways, hostile names stay text, and lint filters work. Screenshots go to
 * test-artifacts/browser/ (git-ignored). Without chromium these tests fail, saying how to install it.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumMissing, launchChromium, openPage } from "../../scripts/chromium.js";
import { checkTrace } from "../../src/checks/check-trace.js";
import { lint } from "../../src/lint/lint.js";
import { formatHtml } from "../../src/report/html/index.js";
import type { Report } from "../../src/report/finding.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const artifacts = path.join(root, "test-artifacts", "browser");
const fixture = (name: string) => path.join(root, "test", "fixtures", "traces", name);
const HOSTILE_IMG = "<img src=x onerror=alert(1)>";
const HOSTILE_SCRIPT = "</script><script>window.pwned=1</script>";

let browser: { context: BrowserContext; close(): Promise<void> } | undefined;

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  const missing = chromiumMissing();
  if (missing !== undefined) throw new Error(`browser tests cannot run: ${missing}`);
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

/** Writes the page and opens it; returns the page and the console errors it logs. */
async function open(name: string, html: string): Promise<{ page: Page; errors: string[] }> {
  const file = path.join(artifacts, `${name}.html`);
  writeFileSync(file, html);
  const opened = await openPage(browser!.context);
  await opened.page.goto(`file://${file}`);
  await opened.page.waitForSelector("html[data-rendered='1']", { timeout: 15_000 });
  return opened;
}

describe("the dynamic report page", () => {
  it("draws every chart at a real size, with the findings marked, and no console error", async () => {
    const report = checkTrace(fixture("tfjs-dead-relu.jsonl"));
    const { page, errors } = await open("dead-relu", formatHtml(report, { toolVersion: "test" }));
    const figures = await page.$$eval("figure.chart", (all) =>
      all.map((f) => {
        const canvas = f.querySelector("canvas");
        return { id: f.id, drawn: f.getAttribute("data-drawn"), width: canvas?.getBoundingClientRect().width ?? 0, height: canvas?.getBoundingClientRect().height ?? 0, markers: Number(f.getAttribute("data-markers")) };
      }),
    );
    expect(figures.length).toBeGreaterThanOrEqual(5);
    for (const figure of figures) {
      expect(figure.drawn, figure.id).toBe("1");
      expect(figure.width, figure.id).toBeGreaterThan(100);
      expect(figure.height, figure.id).toBeGreaterThan(50);
    }
    const loss = figures.find((f) => f.id === "chart-loss")!;
    expect(loss.markers).toBeGreaterThan(0);
    expect(await page.locator("#chart-loss .marker").count()).toBe(loss.markers);
    // The canvas really holds a drawing: some pixels of the loss chart are not background.
    const inked = await page.$eval("#chart-loss canvas", (c) => {
      const canvas = c as HTMLCanvasElement;
      const pixels = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height).data;
      let count = 0;
      for (let i = 3; i < pixels.length; i += 4) if (pixels[i]! > 0) count++;
      return count;
    });
    expect(inked).toBeGreaterThan(500);
    await page.screenshot({ path: path.join(artifacts, "dead-relu.png"), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it("clicking a finding highlights and scrolls to its chart; clicking a marker selects its finding", async () => {
    const report = checkTrace(fixture("tfjs-dead-relu.jsonl"));
    const { page, errors } = await open("links", formatHtml(report));
    const index = report.findings.findIndex((f) => f.code === "D402");
    await page.click(`#finding-${index} .message`);
    const chart = page.locator("#chart-layer-0-units");
    await expect.poll(() => chart.getAttribute("class")).toContain("highlight");
    expect(await chart.isVisible()).toBe(true);
    const box = (await chart.boundingBox())!;
    const viewport = page.viewportSize()!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(viewport.height);
    expect(await page.locator("#chart-layer-0-units .marker.selected").count()).toBe(1);
    await page.screenshot({ path: path.join(artifacts, "links-chart.png") });

    await page.locator("#chart-loss .marker").first().click();
    const selected = page.locator(".finding.selected");
    await expect.poll(() => selected.count()).toBe(1);
    expect(await selected.isVisible()).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("hostile layer names and paths render as text: no injected element or script runs", async () => {
    const text = JSON.stringify(checkTrace(fixture("tfjs-dead-relu.jsonl")));
    const report: Report = JSON.parse(
      text.replaceAll("dense_Dense11", JSON.stringify(HOSTILE_IMG).slice(1, -1)).replaceAll("dense_Dense12", JSON.stringify(HOSTILE_SCRIPT).slice(1, -1)),
    );
    report.files[0]!.path = HOSTILE_SCRIPT;
    const { page, errors } = await open("hostile", formatHtml(report));
    let dialogs = 0;
    page.on("dialog", (dialog) => {
      dialogs++;
      void dialog.dismiss();
    });
    await page.waitForTimeout(200);
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    expect(await page.locator("img").count()).toBe(0);
    expect(await page.locator("script").count()).toBe(3);
    const tableText = await page.locator("#model").innerText();
    expect(tableText).toContain(HOSTILE_IMG);
    expect(tableText).toContain(HOSTILE_SCRIPT);
    expect(await page.locator("#layers h3").first().innerText()).toContain(HOSTILE_IMG);
    expect(await page.title()).toContain(HOSTILE_SCRIPT);
    // Marker tooltips carry the names as text too.
    expect(await page.locator("#chart-loss .marker").first().getAttribute("title")).toContain("dead");
    await page.screenshot({ path: path.join(artifacts, "hostile.png") });
    expect(dialogs).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe("the lint report page", () => {
  it("filters findings by severity and by rule", async () => {
    const report = await lint([path.join(root, "examples", "mnist_missing_softmax.py")], { cwd: root, config: false });
    expect(report.findings.length).toBeGreaterThan(1);
    const { page, errors } = await open("lint", formatHtml(report));
    const cards = page.locator(".finding");
    const visible = () => page.locator(".finding:visible").count();
    const total = await cards.count();
    expect(total).toBe(report.findings.length);
    expect(await visible()).toBe(total);
    expect(await page.locator("pre.excerpt").count()).toBeGreaterThan(0);

    const errorsCount = report.findings.filter((f) => f.severity === "error").length;
    await page.uncheck(".filter-severity[value=error]");
    expect(await visible()).toBe(total - errorsCount);
    await page.check(".filter-severity[value=error]");

    const code = report.findings[0]!.code;
    await page.selectOption("#filter-rule", code);
    expect(await visible()).toBe(report.findings.filter((f) => f.code === code).length);
    expect(await page.locator("#shown").innerText()).toMatch(new RegExp(`of ${total} findings shown`));
    await page.screenshot({ path: path.join(artifacts, "lint.png"), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });
});
