// Writes docs/rules/<CODE>-<name>.md for every static rule and dynamic check from their metadata, and the
// rule tables of README.md between the `<!-- rules:start -->` / `<!-- rules:end -->` markers.
// Run after `npm run build`: `npm run docs`.
import { mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { allRules } from "../dist/lint/rules/index.js";

let allChecks = [];
if (existsSync(new URL("../dist/checks/rules/index.js", import.meta.url))) {
  ({ allChecks } = await import("../dist/checks/rules/index.js"));
}

const docsDir = new URL("../docs/rules/", import.meta.url);
rmSync(docsDir, { recursive: true, force: true });
mkdirSync(docsDir, { recursive: true });

function page(meta) {
  const d = meta.docs;
  const options = Object.entries(meta.options ?? {});
  const lines = [
    `# ${meta.code} ${meta.name}`,
    "",
    `${d.summary}`,
    "",
    `Severity: **${meta.severity}** · family: ${meta.family} · lifecycle: ${meta.lifecycle} · frameworks: ${meta.frameworks.join(", ")}`,
    "",
    "## What it checks",
    "",
    d.whatItChecks,
    "",
    "## Why it matters",
    "",
    d.whyItMatters,
    "",
    "## Example",
    "",
    "```" + (meta.code.startsWith("S") ? "python" : ""),
    d.example.trimEnd(),
    "```",
    "",
    "## Fix",
    "",
    d.fix.trimEnd(),
    "",
    "## Options",
    "",
    options.length === 0
      ? "None."
      : options.map(([name, o]) => `- \`${name}\` (default \`${JSON.stringify(o.default)}\`): ${o.description}`).join("\n"),
    "",
    "## References",
    "",
    ...d.references.map((r) => `- ${r}`),
    "",
  ];
  return lines.join("\n");
}

function table(list) {
  const rows = ["| Code | Name | Severity | Lifecycle | What it finds |", "|---|---|---|---|---|"];
  for (const { meta } of list) {
    rows.push(`| [${meta.code}](docs/rules/${meta.code}-${meta.name}.md) | ${meta.name} | ${meta.severity} | ${meta.lifecycle} | ${meta.docs.summary.replace(/\|/g, "\\|")} |`);
  }
  return rows.join("\n");
}

for (const { meta } of [...allRules, ...allChecks]) {
  writeFileSync(new URL(`${meta.code}-${meta.name}.md`, docsDir), page(meta));
}

const readmeUrl = new URL("../README.md", import.meta.url);
const readme = readFileSync(readmeUrl, "utf8");
const start = "<!-- rules:start -->";
const end = "<!-- rules:end -->";
const i = readme.indexOf(start);
const j = readme.indexOf(end);
if (i >= 0 && j > i) {
  let body = `\n### Static rules (\`nncheck lint\`)\n\n${table(allRules)}\n`;
  if (allChecks.length) body += `\n### Dynamic checks (\`nncheck watch\`, \`nncheck check-trace\`)\n\n${table(allChecks)}\n`;
  writeFileSync(readmeUrl, readme.slice(0, i + start.length) + "\n" + body + "\n" + readme.slice(j));
}
console.log(`wrote ${allRules.length + allChecks.length} rule pages`);
