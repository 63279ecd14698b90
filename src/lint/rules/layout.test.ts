/**
 * The rule files follow one layout (ESLint's checkRuleFiles in spirit): `<family>/<CODE>-<name>.ts`, whose
 * default export has that code, name and family, each beside its test, and every one registered in
 * `allRules`. A rule written but not registered, or registered under another name, fails here; so does a
 * rule whose tests lack a correct or a faulty Python program.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { AnyRule } from "../rule.js";
import { allRules } from "./index.js";

const here = dirname(fileURLToPath(import.meta.url));
const RULE_FILE = /^(S\d{3})-([a-z0-9-]+)\.ts$/;

const ruleFiles = readdirSync(here, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .flatMap((dir) => readdirSync(join(here, dir.name)).filter((f) => RULE_FILE.test(f)).map((file) => ({ family: dir.name, file })));

describe("rule files", () => {
  it("are all registered, and nothing else is", () => {
    const fileCodes = ruleFiles.map((f) => RULE_FILE.exec(f.file)![1]).sort();
    expect(allRules.map((r) => r.meta.code).sort()).toEqual(fileCodes);
  });

  for (const { family, file } of ruleFiles) {
    it(`${family}/${file} exports the rule its name says, with a test beside it`, async () => {
      const [, code, name] = RULE_FILE.exec(file)!;
      const rule = ((await import(`./${family}/${file.replace(/\.ts$/, ".js")}`)) as { default: AnyRule }).default;
      expect({ code: rule.meta.code, name: rule.meta.name, family: rule.meta.family }).toEqual({ code, name, family });
      expect(existsSync(join(here, family, file.replace(/\.ts$/, ".test.ts")))).toBe(true);
      expect(allRules).toContain(rule);
    });

    it(`${family}/${file} is tested on a correct and on a faulty Python program`, () => {
      const test = readFileSync(join(here, family, file.replace(/\.ts$/, ".test.ts")), "utf8");
      const [valid = "", invalid = ""] = test.split(/^ {2}invalid: \[/m);
      // A case with `code:` runs real Python through the front end; `program:` cases are hand-built models.
      expect(valid.includes("code: `"), "a valid case with code").toBe(true);
      expect(invalid.includes("code: `"), "an invalid case with code").toBe(true);
    });
  }
});
