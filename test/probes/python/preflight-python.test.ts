/**
 * The Python preflight (`nncheck_probe.preflight`, python/nncheck_probe/_preflight*.py) on small seeded Keras
 * and PyTorch models (test/probes/python/drivers/preflight_scenarios.py, budgets cut): the records decided by
 * the same D1 checks as TF.js's find each fault, stay silent on clean MLP/CNN/LSTM, follow the schema, and
 * leave the user's weights (and random state) as they were.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { checkTrace } from "../../../src/checks/check-trace.js";
import type { Finding } from "../../../src/report/finding.js";
import { drivers, rawRecords, runPython, schemaProblems, SUITES } from "./helpers.js";
import { allCodes, seriousCodes } from "./trainings.js";

/** Codes each fault must raise at warning or error severity. */
const FAULTS: Record<string, string[]> = {
  sum_loss: ["D107"],
  batch_softmax: ["D113"],
  shuffled_labels: ["D112"],
  ignores_input: ["D112"],
  // The gradient check runs (it is off by default) on this one and on clean_lstm only.
  wrong_gradient: ["D109"],
  // Regression targets in the hundreds of thousands (prices in dollars).
  raw_targets: ["D104"],
};
const CLEAN = ["clean_mlp", "clean_regression", "clean_cnn", "clean_lstm"];
const PROCEDURES = ["model", "data", "init", "initial-loss", "loss-scaling", "overfit-batch", "data-dependency", "sample-dependency"];

interface Driven {
  dir: string;
  seconds: Record<string, number>;
  unchanged: Record<string, boolean>;
  findings(name: string): Finding[];
}

async function drive(framework: "keras" | "torch"): Promise<Driven> {
  const dir = mkdtempSync(path.join(tmpdir(), `nncheck-preflight-${framework}-`));
  const run = await runPython([path.join(drivers, "preflight_scenarios.py"), framework, dir]);
  if (run.code !== 0) throw new Error(`preflight_scenarios.py ${framework} exited with ${run.code}: ${run.stderr.slice(-3000)}`);
  const out = JSON.parse(run.stdout) as { seconds: Record<string, number>; unchanged: Record<string, boolean> };
  return { dir, ...out, findings: (name) => checkTrace(path.join(dir, `${name}.jsonl`)).findings };
}

for (const [framework, suite] of [
  ["keras", SUITES.keras],
  ["torch", SUITES.torch],
] as const) {
  describe.skipIf(!suite)(`the Python preflight on ${framework} models`, () => {
    let driven: Driven;
    beforeAll(async () => {
      driven = await drive(framework);
    }, 240_000);
    afterAll(() => {
      if (driven) rmSync(driven.dir, { recursive: true, force: true });
    });

    it.each(Object.entries(FAULTS))("finds %s: %j", (name, codes) => {
      const found = seriousCodes(driven.findings(name));
      for (const code of codes) expect(found, `${name}: ${allCodes(driven.findings(name)).join(" ")}`).toContain(code);
    });

    it.each(CLEAN)("raises no warning or error on %s", (name) => {
      const findings = driven.findings(name);
      expect(seriousCodes(findings), findings.map((f) => `${f.code} ${f.message}`).join("\n")).toEqual([]);
    });

    it("stops the training loops at the wall-time cap (checked inside them), and the checks do not judge a cut run", () => {
      const records = rawRecords(path.join(driven.dir, "time_capped.jsonl"));
      const overfit = records.find((r) => r["procedure"] === "overfit-batch") as { stoppedBy: string; iterations: number; planned: number };
      const dependency = records.find((r) => r["procedure"] === "data-dependency") as { stoppedBy: string; iterations: number; zeroed: number[] };
      expect(overfit).toMatchObject({ stoppedBy: "time", planned: 1_000_000 });
      expect(overfit.iterations).toBeLessThan(1_000_000);
      expect(dependency).toMatchObject({ stoppedBy: "time", zeroed: [] });
      // Half the cap for the single batch, up to 90 % for both: the whole preflight stays near the cap.
      expect(driven.seconds["time_capped"]).toBeLessThan(6);
      // D110 and D112 judge a finished run only. D111 reads the loss the run reached, which a cut run may
      // already have driven to zero (how far it got depends on the machine's speed): it is not asserted.
      expect(driven.findings("time_capped").filter((f) => f.code === "D110" || f.code === "D112")).toEqual([]);
    });

    it("leaves the user's weights, random state and mode as they were", () => {
      expect(Object.keys(driven.unchanged)).toHaveLength(Object.keys(FAULTS).length + CLEAN.length + 2);
      for (const [name, same] of Object.entries(driven.unchanged)) expect(same, name).toBe(true);
    });

    it("writes every procedure once, in the TF.js probe's order, each record valid against the schema", () => {
      for (const name of [...Object.keys(FAULTS), ...CLEAN, "time_capped"]) {
        const records = rawRecords(path.join(driven.dir, `${name}.jsonl`));
        const checked = name === "wrong_gradient" || name === "clean_lstm";
        expect(records.map((r) => r["procedure"])).toEqual(checked ? [...PROCEDURES, "gradient-check"] : PROCEDURES);
        expect(records.filter((r) => r["skipped"] !== undefined), name).toEqual([]);
        for (const record of records) expect(schemaProblems(record), `${name} ${String(record["procedure"])}`).toEqual([]);
        expect(records[0]).toMatchObject({ framework: framework === "torch" ? "pytorch" : "keras", producer: { name: "nncheck-python" } });
      }
    });

    it("measures the initial loss the first step sees: batch normalisation normalises a kernel 100× too large in training (inference would saturate the output)", () => {
      const initial = rawRecords(path.join(driven.dir, "batch_normalised.jsonl")).find((r) => r["procedure"] === "initial-loss") as { loss: number };
      expect(initial.loss).toBeLessThan(2);
      expect(allCodes(driven.findings("batch_normalised"))).not.toContain("D108");
    });

    it("measures what the checks read: the summed loss grows ×8, the model that ignores its input learns nothing on held-out samples", () => {
      const scaling = rawRecords(path.join(driven.dir, "sum_loss.jsonl")).find((r) => r["procedure"] === "loss-scaling") as { losses: { repeat: number; loss: number }[] };
      expect(scaling.losses.map((l) => l.repeat)).toEqual([1, 2, 4, 8]);
      expect(scaling.losses[3]!.loss / scaling.losses[0]!.loss).toBeCloseTo(8, 1);
      const clean = rawRecords(path.join(driven.dir, "clean_mlp.jsonl")).find((r) => r["procedure"] === "loss-scaling") as { losses: { loss: number }[] };
      expect(clean.losses[3]!.loss / clean.losses[0]!.loss).toBeCloseTo(1, 3);
      const blind = rawRecords(path.join(driven.dir, "ignores_input.jsonl")).find((r) => r["procedure"] === "sample-dependency") as { output: { self: number } };
      expect(blind.output.self).toBe(0);
      // The layers reading each input (D102 leaves an embedding's ids alone): Keras knows them, PyTorch does not say.
      const data = rawRecords(path.join(driven.dir, "clean_mlp.jsonl")).find((r) => r["procedure"] === "data") as { inputs: { feeds?: string[] }[] };
      expect(data.inputs[0]!.feeds).toEqual(framework === "keras" ? ["dense"] : undefined);
    });
  });
}
