/**
 * The same program gives the same simulated findings on every run: TF.js draws the batch order and the
 * dropout masks from Math.random, which the simulation seeds. Unseeded, this small regression at SGD 0.5
 * (on the edge of stability on synthetic data) gave, in three runs, dead units, nothing, and a diverging loss.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { lintSource } from "../../src/lint/lint.js";
import type { Report } from "../../src/report/finding.js";

// A corpus program: a 1-10-1 regression at SGD 0.5, on the edge of stability on synthetic data.
const PROGRAM = readFileSync(fileURLToPath(new URL("../../bench/corpus/tf1/regression_train_once_full_batch_fixed.py", import.meta.url)), "utf8");

const run = (): Promise<Report> => lintSource(PROGRAM, "regression.py", { config: false, simulate: { settings: { steps: 200, timeLimit: 60 } } });

/** What a run found and how far it went. */
function outcome(report: Report): string {
  const model = report.files[0]!.simulation!.models[0]!;
  const findings = report.findings.filter((f) => f.simulated === true).map((f) => `${f.code}@${f.line}:${f.message}`);
  return JSON.stringify({ steps: model.steps, stoppedBy: model.stoppedBy, findings });
}

describe("a simulation", () => {
  it("gives the same findings, run after run, and leaves Math.random as it was", async () => {
    const random = Math.random;
    const first = outcome(await run());
    expect(Math.random).toBe(random);
    for (let i = 0; i < 3; i++) expect(outcome(await run())).toBe(first);
  });
});
