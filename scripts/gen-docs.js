// Writes docs/rules/<CODE>-<name>.md for every static rule and dynamic check from their metadata, and the
// rule tables of README.md between the `<!-- rules:start -->` / `<!-- rules:end -->` markers.
// Run with `npm run docs` (it builds first).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { allRules } from "../dist/lint/rules/index.js";
import { allChecks } from "../dist/checks/rules/index.js";
import { renderRuleMarkdown, renderRuleTable, ruleDocFileName } from "../dist/report/rule-doc.js";

const docsDir = new URL("../docs/rules/", import.meta.url);
rmSync(docsDir, { recursive: true, force: true });
mkdirSync(docsDir, { recursive: true });
for (const { meta } of [...allRules, ...allChecks]) {
  writeFileSync(new URL(ruleDocFileName(meta), docsDir), renderRuleMarkdown(meta));
}

const readmeUrl = new URL("../README.md", import.meta.url);
const readme = readFileSync(readmeUrl, "utf8");
const start = "<!-- rules:start -->";
const end = "<!-- rules:end -->";
const i = readme.indexOf(start);
const j = readme.indexOf(end);
if (i < 0 || j < i) throw new Error("README.md has no rules markers");
const body = [
  "",
  "### Static rules (`nncheck lint`)",
  "",
  renderRuleTable(allRules.map((r) => r.meta)),
  "",
  "### Dynamic checks (`nncheck watch`, `nncheck check-trace`, `nncheck/tfjs`)",
  "",
  renderRuleTable(allChecks.map((c) => c.meta)),
  "",
].join("\n");
writeFileSync(readmeUrl, readme.slice(0, i + start.length) + "\n" + body + "\n" + readme.slice(j));
console.log(`wrote ${allRules.length + allChecks.length} rule pages and the README rule tables`);
