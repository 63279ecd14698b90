#!/usr/bin/env node
/**
 * Faults injected into the re-created tfjs-examples trainings (bench/trainings/, through the
 * bench/trainings/inject.mjs preload: learning rate ×1000, learning rate 0, ReLU biases at −10, NaN inputs,
 * shuffled labels, an L2 penalty of 10), each run unmodified under `nncheck watch`. A fault is detected when
 * one of its codes fires at warning or error; named when the report's likely root cause (the lead of
 * diagnosis group 1) is one of them. Writes bench/results/fault-injection.json.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { FAULTS, runLine, scoreRun } from "./lib/faults.js";
import { machineInfo } from "./lib/machine.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** The trainings and the faults that apply to them (no ReLU in abalone's sigmoid MLP, no classes in a regression). */
const TRAININGS = [
  { script: "abalone.mjs", faults: ["lr-x1000", "lr-zero", "nan-inputs", "l2-10"] },
  { script: "baseball-pitch.mjs", faults: Object.keys(FAULTS) },
  { script: "sentiment-multihot.mjs", faults: Object.keys(FAULTS) },
];

const scratch = mkdtempSync(path.join(os.tmpdir(), "nncheck-fault-injection-"));
const inject = path.join(root, "bench", "trainings", "inject.mjs");
const rows = [];
const started = performance.now();
for (const training of TRAININGS) {
  for (const fault of training.faults) {
    const report = path.join(scratch, `${training.script}-${fault}.json`);
    try {
      execFileSync(process.execPath, [path.join(root, "bin", "nncheck.js"), "watch", "--quiet", "--no-config", "--fail-on", "never", "--format", "json", "--output", report, "--", "node", "--import", inject, path.join(root, "bench", "trainings", training.script), "1"], {
        stdio: ["ignore", "ignore", "pipe"],
        env: { ...process.env, NNCHECK_INJECT: fault },
      });
    } catch (error) {
      // A training the fault made crash still leaves its report.
    }
    let findings = [];
    try {
      findings = JSON.parse(readFileSync(report, "utf8")).findings;
    } catch {
      rows.push({ training: training.script, fault, detected: false, named: false, root: null, codes: [], error: "no report" });
      continue;
    }
    const row = { training: training.script, fault, ...scoreRun(findings, fault) };
    rows.push(row);
    console.log(runLine(training.script, fault, row));
  }
}
const detected = rows.filter((r) => r.detected).length;
const named = rows.filter((r) => r.named).length;
console.log(`\n${detected}/${rows.length} injected faults detected, ${named}/${rows.length} named as the likely root cause (${((performance.now() - started) / 1000).toFixed(0)} s)`);
writeFileSync(path.join(root, "bench", "results", "fault-injection.json"), JSON.stringify({ date: new Date().toISOString(), machine: machineInfo(), rows, summary: { runs: rows.length, detected, named } }, null, 2) + "\n");
