import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { allChecks } from "./index.js";

const FAMILY_OF_DIGIT: Record<string, string> = { "1": "preflight", "2": "weights", "3": "gradients", "4": "activations", "5": "loss" };
const telemetryDoc = readFileSync(fileURLToPath(new URL("../../../docs/telemetry.md", import.meta.url)), "utf8");

describe("the dynamic check catalogue", () => {
  it("has unique codes and kebab-case names, family matching the code", () => {
    expect(new Set(allChecks.map((c) => c.meta.code)).size).toBe(allChecks.length);
    expect(new Set(allChecks.map((c) => c.meta.name)).size).toBe(allChecks.length);
    for (const { meta } of allChecks) {
      expect(meta.code).toMatch(/^D[1-5]\d\d$/);
      expect(meta.name).toMatch(/^[a-z]+(-[a-z0-9]+)*$/);
      expect(meta.family).toBe(FAMILY_OF_DIGIT[meta.code[1]!]);
    }
  });

  for (const check of allChecks) {
    const { meta } = check;
    it(`${meta.code} ${meta.name}: docs, options and messages are complete`, () => {
      for (const section of ["summary", "whatItChecks", "whyItMatters", "example", "fix"] as const) {
        expect(meta.docs[section].trim().length, section).toBeGreaterThan(0);
      }
      expect(meta.docs.references.length).toBeGreaterThan(0);
      for (const name of Object.keys(meta.options)) {
        expect(meta.docs.options ?? "", `option ${name} documented`).toContain(name);
        expect(meta.options[name]!.description.length).toBeGreaterThan(0);
      }
      expect(Object.keys(meta.messages).length).toBeGreaterThan(0);
      expect(check.on.length).toBeGreaterThan(0);
      expect(telemetryDoc).toContain(`| ${meta.code} | ${meta.name} | ${meta.severity} |`);
    });
  }
});
