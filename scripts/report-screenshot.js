// `npm run screenshot`: the README's picture of an HTML report (docs/report-screenshot.png), made from the
// trace of a faulty TF.js training written for the tests (a ReLU layer whose bias starts at −10: its
// units are dead from the first step). The dead-units finding is selected, so its chart is highlighted.
import { writeFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { checkTrace } from "../dist/checks/check-trace.js";
import { formatHtml } from "../dist/report/html/index.js";
import { packageVersion } from "../dist/report/index.js";
import { launchChromium, openPage } from "./chromium.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const trace = "test/fixtures/traces/tfjs-dead-relu.jsonl";
const out = path.join(root, "docs", "report-screenshot.png");

const report = checkTrace(path.join(root, trace), { displayPath: trace });
const scratch = mkdtempSync(path.join(tmpdir(), "nncheck-screenshot-"));
const page = path.join(scratch, "report.html");
writeFileSync(page, formatHtml(report, { toolVersion: packageVersion() }));
const browser = await launchChromium();
try {
  const { page: tab, errors } = await openPage(browser.context);
  await tab.setViewportSize({ width: 1200, height: 900 });
  await tab.goto(`file://${page}`);
  await tab.waitForSelector("html[data-rendered='1']");
  const index = report.findings.findIndex((f) => f.code === "D402");
  if (index >= 0) await tab.click(`#finding-${index} .message`);
  await tab.evaluate(() => window.scrollTo(0, 0));
  await tab.waitForTimeout(100);
  await tab.screenshot({ path: out, fullPage: true });
  if (errors.length > 0) throw new Error(`the page logged errors: ${errors.join("; ")}`);
  console.log(`wrote ${path.relative(root, out)}`);
} finally {
  await browser.close();
  rmSync(scratch, { recursive: true, force: true });
}
