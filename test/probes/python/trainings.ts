/**
 * Runs one framework's scenario driver (every training in one Python process: importing the framework is
 * the expensive part) and checks each trace as `nncheck check-trace` would.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { checkTrace } from "../../../src/checks/check-trace.js";
import { allChecks } from "../../../src/checks/rules/index.js";
import type { Finding } from "../../../src/report/finding.js";
import { drivers, runPython } from "./helpers.js";

/** Whether the catalogue has the chance-level loss check (D508), which shuffled labels must then raise. */
export const CHANCE_LEVEL_CHECK = allChecks.some((check) => check.meta.code === "D508");

export interface Trainings {
  dir: string;
  /** Seconds per training, as the driver measured them. */
  seconds: Record<string, number>;
  stderr: string;
  findings(name: string): Finding[];
  trace(name: string): string;
  dispose(): void;
}

/** Runs a driver's scenarios (`args`: its options and scenario names; every scenario by default). */
export async function runTrainings(driver: string, args: readonly string[] = []): Promise<Trainings> {
  const dir = mkdtempSync(path.join(tmpdir(), "nncheck-python-trainings-"));
  const run = await runPython([path.join(drivers, driver), dir, ...args]);
  if (run.code !== 0) throw new Error(`${driver} exited with ${run.code}: ${run.stderr.slice(-3000)}`);
  const seconds = JSON.parse(run.stdout) as Record<string, number>;
  const cache = new Map<string, Finding[]>();
  const trace = (name: string) => path.join(dir, `${name}.jsonl`);
  return {
    dir,
    seconds,
    stderr: run.stderr,
    trace,
    findings(name) {
      let found = cache.get(name);
      if (!found) {
        found = checkTrace(trace(name)).findings;
        cache.set(name, found);
      }
      return found;
    },
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Codes raised at warning or error severity. */
export function seriousCodes(findings: Finding[]): string[] {
  return [...new Set(findings.filter((f) => f.severity !== "info").map((f) => f.code))].sort();
}

export function allCodes(findings: Finding[]): string[] {
  return [...new Set(findings.map((f) => f.code))].sort();
}
