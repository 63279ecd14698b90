import { test } from "vitest";
import { readFileSync, readdirSync } from "node:fs";
import { analyzePython } from "./index.js";
test("scratch", async () => {
  const target = process.env.SCRATCH ?? "/tmp/fe/a.py";
  const files = target.endsWith(".py") ? [target] : readdirSync(target).filter((f) => f.endsWith(".py")).map((f) => `${target}/${f}`);
  for (const f of files) {
    const r = await analyzePython(readFileSync(f, "utf8"), f);
    const slim = JSON.stringify(r, (k, v) => (k === "span" || k === "activationSpan" || k === "learningRateSpan" ? undefined : v));
    console.log("#### " + f);
    console.log(slim);
  }
});
