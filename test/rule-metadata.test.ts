// Every rule and check carries complete metadata and docs (ESLint's checkRuleFiles, Ruff's rule docs).
import { describe, expect, it } from "vitest";
import { allRules } from "../src/lint/rules/index.js";
import { allChecks } from "../src/checks/rules/index.js";
import type { RuleDescriptor } from "../src/report/finding.js";

function checkDescriptor(meta: RuleDescriptor, prefix: "S" | "D"): void {
  expect(meta.code).toMatch(new RegExp(`^${prefix}[1-9]\\d\\d$`));
  expect(meta.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  expect(["error", "warning", "info"]).toContain(meta.severity);
  expect(["stable", "preview", "deprecated"]).toContain(meta.lifecycle);
  expect(Object.keys(meta.messages).length).toBeGreaterThan(0);
  for (const template of Object.values(meta.messages)) expect(template.trim().length).toBeGreaterThan(10);
  const docs = meta.docs;
  for (const section of [docs.summary, docs.whatItChecks, docs.whyItMatters, docs.example, docs.fix]) {
    expect(section.trim().length).toBeGreaterThan(10);
  }
  expect(docs.references.length).toBeGreaterThan(0);
  for (const [name, option] of Object.entries(meta.options)) {
    expect(name).toMatch(/^[a-zA-Z][a-zA-Z0-9]*$/);
    expect(option.description.length).toBeGreaterThan(5);
    expect(docs.options ?? "").toContain(name);
  }
}

describe("static rule metadata", () => {
  it("has unique codes and names", () => {
    const codes = allRules.map((r) => r.meta.code);
    const names = allRules.map((r) => r.meta.name);
    expect(new Set(codes).size).toBe(codes.length);
    expect(new Set(names).size).toBe(names.length);
  });
  it("is ordered by code", () => {
    const codes = allRules.map((r) => r.meta.code);
    expect([...codes].sort()).toEqual(codes);
  });
  for (const rule of allRules) {
    it(`${rule.meta.code} ${rule.meta.name} has complete metadata and docs`, () => checkDescriptor(rule.meta, "S"));
  }
});

describe("dynamic check metadata", () => {
  it("has unique codes and names, ordered by code, distinct from the static rules", () => {
    const codes = allChecks.map((c) => c.meta.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect([...codes].sort()).toEqual(codes);
    const staticNames = new Set(allRules.map((r) => r.meta.name));
    for (const check of allChecks) expect(staticNames.has(check.meta.name)).toBe(false);
  });
  for (const check of allChecks) {
    it(`${check.meta.code} ${check.meta.name} has complete metadata and docs`, () => checkDescriptor(check.meta, "D"));
  }
});
