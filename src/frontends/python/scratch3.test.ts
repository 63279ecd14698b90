import { test } from "vitest";
import { readFileSync } from "node:fs";
import { execSync } from "node:child_process";
test("eval", async () => {
  const { lint } = await import("../../index.js");
  const labels = JSON.parse(readFileSync("bench/corpus/labels.json", "utf8")) as Record<string, { expect: string[] }>;
  const files = Object.keys(labels);
  const report = await lint(files.map((f) => `bench/corpus/${f}`), { preview: true } as never);
  const byFile = new Map<string, Set<string>>();
  const sev = new Map<string, string>();
  for (const f of (report as any).findings) {
    const key = f.file.replace(/^.*bench\/corpus\//, "");
    if (!byFile.has(key)) byFile.set(key, new Set());
    byFile.get(key)!.add(f.code);
    sev.set(`${key}:${f.code}`, f.severity);
  }
  let miss = 0, fa = 0;
  for (const f of files) {
    const got = byFile.get(f) ?? new Set();
    const want = labels[f]!.expect;
    const missing = want.filter((c) => !got.has(c));
    const extra = [...got].filter((c) => !want.includes(c) && sev.get(`${f}:${c}`) !== "info");
    if (missing.length) { miss += missing.length; console.log(`MISS ${f}: ${missing.join(",")}`); }
    if (extra.length) { fa += extra.length; console.log(`EXTRA ${f}: ${extra.join(",")}`); }
  }
  console.log("missing", miss, "extra", fa, "files", files.length);
}, 300000);
