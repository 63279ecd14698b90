/**
 * Structural validation of decoded records: enough to guarantee the checks can read the fields they rely
 * on, tolerant of extra fields (a newer minor revision may add some).
 */
import { TELEMETRY_VERSION, type RecordType, type TelemetryRecord } from "./schema.js";

/** A trace written by an incompatible (other major) version of the schema. */
export class UnsupportedTraceVersionError extends Error {
  constructor(readonly version: unknown, readonly line?: number) {
    super(
      `unsupported telemetry version ${JSON.stringify(version)}${line === undefined ? "" : ` at line ${line}`}: ` +
        `this nncheck reads version ${TELEMETRY_VERSION}.x traces; re-record the trace or upgrade nncheck`,
    );
    this.name = "UnsupportedTraceVersionError";
  }
}

/** A record type this reader does not know (skipped with a warning: a newer minor version may add types). */
export class UnknownRecordTypeError extends Error {
  constructor(readonly recordType: string) {
    super(`unknown record type ${JSON.stringify(recordType)}`);
    this.name = "UnknownRecordTypeError";
  }
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Why a value is not a number, said for the usual ways a non-finite value is mis-encoded: `null` (what
 * JSON.stringify writes for NaN) or another spelling ("nan", "inf"). Undefined when it is a number.
 */
export function numberProblem(value: unknown): string | undefined {
  if (typeof value === "number") return undefined;
  if (value === undefined) return "is missing";
  if (value === null) {
    return 'is null (JSON.stringify writes NaN and Infinity as null; traces write "NaN", "Infinity", "-Infinity")';
  }
  if (typeof value === "string" && /^[+-]?(nan|inf|infinity)$/i.test(value.trim())) {
    return `must be a number: non-finite values are written "NaN", "Infinity" or "-Infinity" (got ${JSON.stringify(value.slice(0, 20))})`;
  }
  return `must be a number (got ${describeValue(value)})`;
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return `the string ${JSON.stringify(value.length > 20 ? `${value.slice(0, 20)}…` : value)}`;
  return typeof value === "object" ? "an object" : String(value);
}

function need(record: Json, field: string, kind: "number" | "string" | "boolean" | "object" | "array"): void {
  const value = record[field];
  const where = `${String(record.type)} record: field "${field}"`;
  if (kind === "number") {
    const problem = numberProblem(value);
    if (problem !== undefined) throw new TypeError(`${where} ${problem}`);
    return;
  }
  const ok = kind === "array" ? Array.isArray(value) : kind === "object" ? isObject(value) : typeof value === kind;
  if (!ok) throw new TypeError(`${where} ${value === undefined ? "is missing" : `must be ${kind === "array" ? "an array" : `a ${kind}`}`}`);
}

const REQUIRED: Readonly<Record<RecordType, ReadonlyArray<[string, "number" | "string" | "object" | "array"]>>> = {
  "run-start": [["framework", "string"], ["backend", "string"], ["time", "string"], ["config", "object"], ["model", "object"]],
  step: [["step", "number"], ["epoch", "number"], ["batch", "number"], ["metrics", "object"], ["timeMs", "number"]],
  tensors: [["step", "number"], ["tensors", "array"]],
  epoch: [["epoch", "number"], ["metrics", "object"]],
  finding: [["finding", "object"]],
  "run-end": [["status", "string"], ["steps", "number"]],
  preflight: [["procedure", "string"]],
};

/** The fields each preflight procedure's checks read (a skipped procedure has none). */
const PREFLIGHT_REQUIRED: Readonly<Record<string, ReadonlyArray<[string, "number" | "string" | "object" | "array"]>>> = {
  model: [["framework", "string"], ["backend", "string"], ["model", "object"], ["budget", "object"]],
  data: [["samples", "number"], ["inputs", "array"]],
  init: [["layers", "array"]],
  "initial-loss": [["samples", "number"], ["loss", "number"]],
  "loss-scaling": [["samples", "number"], ["losses", "array"]],
  "overfit-batch": [["samples", "number"], ["iterations", "number"], ["planned", "number"], ["stoppedBy", "string"], ["losses", "array"], ["error", "number"], ["errorKind", "string"]],
  "data-dependency": [["iterations", "number"], ["stoppedBy", "string"], ["real", "array"], ["zeroed", "array"]],
  "sample-dependency": [["samples", "number"]],
  "gradient-check": [["samples", "number"], ["delta", "number"], ["parameters", "array"]],
};

function validatePreflight(record: Json): void {
  const required = PREFLIGHT_REQUIRED[record.procedure as string];
  if (!required) throw new UnknownRecordTypeError(`preflight/${String(record.procedure)}`);
  if (record.skipped !== undefined) return;
  for (const [field, kind] of required) need(record, field, kind);
  if (record.procedure === "model") validateRunStart(record);
}

const STAT_FIELDS = ["count", "mean", "std", "meanAbs", "l2", "min", "max", "zeroFraction", "nonFinite"] as const;

function validateTensors(record: Json): void {
  (record.tensors as unknown[]).forEach((entry, i) => {
    if (!isObject(entry) || typeof entry.layer !== "string" || typeof entry.role !== "string" || typeof entry.name !== "string" || !isObject(entry.stats)) {
      throw new TypeError(`tensors record: entry ${i} needs layer, role, name and stats`);
    }
    if (!Array.isArray(entry.shape)) throw new TypeError(`tensors record: entry ${i} needs a shape array`);
    for (const field of STAT_FIELDS) {
      const problem = numberProblem(entry.stats[field]);
      if (problem !== undefined) throw new TypeError(`tensors record: entry ${i}: stats.${field} ${problem}`);
    }
  });
}

function validateRunStart(record: Json): void {
  const model = record.model as Json;
  if (!Array.isArray(model.layers)) throw new TypeError('run-start record: field "model.layers" must be an array');
  (model.layers as unknown[]).forEach((layer, i) => {
    if (isObject(layer) && layer.part !== undefined && typeof layer.part !== "string") {
      throw new TypeError(`run-start record: layer ${i}: field "part" must be a string (got ${describeValue(layer.part)})`);
    }
    if (isObject(layer) && layer.untracked !== undefined && !(Array.isArray(layer.untracked) && layer.untracked.every((n) => typeof n === "string"))) {
      throw new TypeError(`run-start record: layer ${i}: field "untracked" must be an array of strings (got ${describeValue(layer.untracked)})`);
    }
  });
  const early = record.earlyStopping;
  if (early !== undefined && (!isObject(early) || typeof early.monitor !== "string")) {
    throw new TypeError('run-start record: field "earlyStopping" must be an object with a string "monitor"');
  }
}

/**
 * Returns the value as a record, or throws: UnsupportedTraceVersionError for another major version,
 * UnknownRecordTypeError for a type this version does not know, TypeError for a malformed record.
 */
export function validateRecord(value: unknown, line?: number): TelemetryRecord {
  if (!isObject(value)) throw new TypeError("a record must be a JSON object");
  if (typeof value.v !== "number") {
    throw new TypeError(value.v === undefined ? 'record has no "v" (schema version)' : `record's "v" (schema version) must be a number (got ${describeValue(value.v)})`);
  }
  if (Math.floor(value.v) !== TELEMETRY_VERSION) throw new UnsupportedTraceVersionError(value.v, line);
  if (typeof value.type !== "string") throw new TypeError('record has no "type"');
  const required = REQUIRED[value.type as RecordType];
  if (!required) throw new UnknownRecordTypeError(value.type);
  for (const [field, kind] of required) need(value, field, kind);
  // A loss the probe could not know is absent (schema 1.4); a loss written must be a number.
  if ((value.type === "step" || value.type === "epoch") && value.loss !== undefined) need(value, "loss", "number");
  if (value.type === "step" && value.adversarial !== undefined) need(value, "adversarial", "boolean");
  if (value.type === "step" && value.movingTarget !== undefined) need(value, "movingTarget", "boolean");
  if (value.type === "tensors") validateTensors(value);
  if (value.type === "run-start") validateRunStart(value);
  if (value.type === "preflight") validatePreflight(value);
  return value as unknown as TelemetryRecord;
}
