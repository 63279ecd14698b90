/**
 * Running the Python probe from the tests: the interpreter (NNCHECK_PYTHON, else .venv/bin/python; see
 * scripts/python-env.js), which frameworks it has, and a runner with the probe's folder on PYTHONPATH.
 * Suites that need a framework the interpreter lacks are skipped, and `npm test` says so on its last line.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { pythonSuites } from "../../../scripts/python-env.js";
import { SCHEMA_FILE } from "../../../scripts/telemetry-schema.js";
import { pythonProbeDir } from "../../../src/probes/python/launch.js";
import type { CliIO } from "../../../src/cli/io.js";
import { captureIO as captureCliIO } from "../../helpers/capture-io.js";
import { validateJson, type JsonSchema } from "../../helpers/json-schema.js";

export const repo = fileURLToPath(new URL("../../../", import.meta.url));
export const drivers = path.join(repo, "test", "probes", "python", "drivers");
export const SUITES = pythonSuites();
export const PYTHON = SUITES.python ?? "python3";

export interface PythonRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the interpreter with the probe importable (and the quiet TensorFlow logging the tests want). */
export function runPython(args: string[], env: NodeJS.ProcessEnv = {}, cwd = repo): Promise<PythonRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, args, {
      cwd,
      env: { ...process.env, PYTHONPATH: pythonProbeDir(), TF_CPP_MIN_LOG_LEVEL: "3", PYTHONDONTWRITEBYTECODE: "1", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => void (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => void (stderr += c.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

let schema: JsonSchema | undefined;

/** Problems of one decoded-from-JSON record against docs/telemetry.schema.json's definition for its type. */
export function schemaProblems(record: Record<string, unknown>): string[] {
  // The committed schema (artifacts.test.ts keeps it equal to the one generated from the types).
  schema ??= JSON.parse(readFileSync(SCHEMA_FILE, "utf8")) as JsonSchema;
  const names: Record<string, string> = { "run-start": "RunStartRecord", step: "StepRecord", tensors: "TensorsRecord", epoch: "EpochRecord", finding: "FindingRecord", "run-end": "RunEndRecord" };
  if (record["type"] === "preflight") return preflightSchemaProblems(schema, record);
  const name = names[String(record["type"])];
  if (name === undefined) return [`unknown record type ${JSON.stringify(record["type"])}`];
  return validateJson({ ...schema, oneOf: undefined, $ref: `#/$defs/${name}` }, record);
}

const PREFLIGHT_DEFS: Record<string, string> = {
  model: "PreflightModelRecord",
  data: "PreflightDataRecord",
  init: "PreflightInitRecord",
  "initial-loss": "PreflightInitialLossRecord",
  "loss-scaling": "PreflightLossScalingRecord",
  "overfit-batch": "PreflightOverfitRecord",
  "data-dependency": "PreflightDataDependencyRecord",
  "sample-dependency": "PreflightSampleDependencyRecord",
  "gradient-check": "PreflightGradientCheckRecord",
};

/** A preflight record against its procedure's definition, or the skipped record's when it says why it was not run. */
function preflightSchemaProblems(schema: JsonSchema, record: Record<string, unknown>): string[] {
  const name = "skipped" in record ? "PreflightSkippedRecord" : PREFLIGHT_DEFS[String(record["procedure"])];
  if (name === undefined) return [`unknown preflight procedure ${JSON.stringify(record["procedure"])}`];
  return validateJson({ ...schema, oneOf: undefined, $ref: `#/$defs/${name}` }, record);
}

/** The raw JSON objects of a trace file (non-finite numbers still spelled as strings, as the schema has them). */
export function rawRecords(file: string): Record<string, unknown>[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** The Python fixtures' folder (the cwd `watch` runs them from). */
/** The roles recorded at a trace's first sample, with the names of the gradients and the layers of the outputs. */
export function firstSample(trace: string): { roles: string[]; gradients: string[]; activations: string[] } {
  const sample = rawRecords(trace).find((r) => r["type"] === "tensors")!;
  const entries = sample["tensors"] as { layer: string; role: string; name: string }[];
  return {
    roles: [...new Set(entries.map((e) => e.role))].sort(),
    gradients: entries.filter((e) => e.role === "gradient").map((e) => e.name),
    activations: entries.filter((e) => e.role === "activation").map((e) => e.layer),
  };
}

export const fixtures = path.join(repo, "test", "probes", "python", "fixtures");

/** A CliIO for runWatch that keeps stdout and stderr, the frameworks' own logging quiet. */
export function captureIO(env: NodeJS.ProcessEnv = {}): CliIO & { out: string; err: string } {
  return captureCliIO(fixtures, { ...process.env, NODE_OPTIONS: "", TF_CPP_MIN_LOG_LEVEL: "3", PYTHONDONTWRITEBYTECODE: "1", ...env });
}
