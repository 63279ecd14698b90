import { test } from "vitest";
import { readFileSync } from "node:fs";
import { execSync } from "node:child_process";
import { analyzePython } from "./index.js";
test("corpus", async () => {
  const files = execSync("find bench/corpus examples -name '*.py'").toString().trim().split("\n");
  const unresolved = new Map<string, number>();
  let t0 = Date.now();
  for (const f of files) {
    const src = readFileSync(f, "utf8");
    const r = await analyzePython(src, f);
    const p = r.program!;
    const issues: string[] = [];
    if (r.syntaxErrors.length) issues.push("SYNTAX " + JSON.stringify(r.syntaxErrors));
    for (const n of p.notes) {
      const m = /unresolved name '(.*)'/.exec(n.message);
      if (m) unresolved.set(m[1]!, (unresolved.get(m[1]!) ?? 0) + 1);
      else if (!/unrolled|unknown iterable|cut short/.test(n.message)) issues.push("NOTE " + n.message + "@" + (n.span?.line ?? ""));
    }
    if (/tf\.Session|tf\.compat\.v1\.Session|tf\.layers/.test(src)) { console.log(`TF1 ${f} models=${p.models.length}`); continue; }
    if (p.models.length === 0) issues.push("NO MODELS");
    for (const m of p.models) {
      const a = m.architecture;
      if (!a.complete) issues.push(`incomplete ${m.variable}`);
      if (a.layers.some((l) => l.outputShape === undefined)) issues.push(`shape? ${m.variable}: ${a.layers.filter((l) => !l.outputShape).map((l) => l.name).join(",")}`);
      if (m.training.length && !m.learner) issues.push(`no learner ${m.variable}`);
      for (const t of m.training) {
        if (!t.x?.shape) issues.push(`fit x unknown ${m.variable}@${t.span.line}`);
        if (!t.y?.shape) issues.push(`fit y unknown ${m.variable}@${t.span.line}`);
      }
    }
    if (issues.length) console.log(`${f}\n   ${issues.join("\n   ")}`);
  }
  console.log("time", Date.now() - t0, "files", files.length);
  console.log([...unresolved].sort((a, b) => b[1] - a[1]).slice(0, 40));
}, 120000);
