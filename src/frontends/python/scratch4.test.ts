import { test } from "vitest";
import { readFileSync } from "node:fs";
import { execSync } from "node:child_process";
import { analyzePython } from "./index.js";
test("fuzz", async () => {
  const files = execSync("find /usr/lib/python3.11 /usr/lib/python3 -name '*.py' | head -700").toString().trim().split("\n");
  let worst = 0, worstFile = "", errors = 0, total = 0, budget = 0;
  for (const f of files) {
    let src: string;
    try { src = readFileSync(f, "utf8"); } catch { continue; }
    const t0 = Date.now();
    let r;
    try { r = await analyzePython(src, f); } catch (e) { console.log("THREW", f, String(e)); continue; }
    const dt = Date.now() - t0;
    total += dt;
    if (dt > worst) { worst = dt; worstFile = f; }
    for (const n of r.program?.notes ?? []) {
      if (/internal error/.test(n.message)) { errors++; console.log("ERR", f, n.message.slice(0, 300)); }
      if (/budget/.test(n.message)) budget++;
    }
  }
  console.log("files", files.length, "total ms", total, "worst", worst, worstFile, "errors", errors, "budget", budget);
}, 600000);
