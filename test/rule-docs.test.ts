// The committed rule pages (docs/rules) and the README's rule tables match the rules' metadata.
import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { allRules } from "../src/lint/rules/index.js";
import { allChecks } from "../src/checks/rules/index.js";
import { renderRuleMarkdown, renderRuleTable, ruleDocFileName } from "../src/report/rule-doc.js";

const docsDir = new URL("../docs/rules/", import.meta.url);
const metas = [...allRules, ...allChecks].map((r) => r.meta);
const stale = "is stale: run `npm run docs`";

describe("rule documentation pages", () => {
  it("exist for exactly the registered rules and checks", () => {
    expect(readdirSync(docsDir).sort()).toEqual(metas.map(ruleDocFileName).sort());
  });
  for (const meta of metas) {
    it(`${meta.code} ${meta.name}`, () => {
      const page = readFileSync(new URL(ruleDocFileName(meta), docsDir), "utf8");
      expect(page, `docs/rules/${ruleDocFileName(meta)} ${stale}`).toBe(renderRuleMarkdown(meta));
    });
  }
  it("are listed in the README", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    expect(readme.includes(renderRuleTable(allRules.map((r) => r.meta))), `README rule table ${stale}`).toBe(true);
    expect(readme.includes(renderRuleTable(allChecks.map((c) => c.meta))), `README check table ${stale}`).toBe(true);
  });
});
