/**
 * JSON has no NaN or Infinity, yet a diverging run is exactly when they appear. Non-finite numbers are
 * written as the strings "NaN", "Infinity", "-Infinity" and read back as numbers.
 *
 * Reading parses without a reviver (V8's JSON.parse is iterative; a reviver recurses, so a line nested a
 * few thousand deep overflowed the stack) and then decodes the non-finite spellings in one walk that
 * refuses more nesting than any record has.
 *
 * Per-unit arrays may come packed (schema 1.3; the Python probe writes them so): `{"f32": base64}`, the
 * little-endian float32 values in order. The same walk unpacks them into plain arrays, so that nothing
 * past the reader sees the difference.
 */

import { PACKABLE_UNIT_FIELDS } from "./schema.js";

const NON_FINITE: Readonly<Record<string, number>> = { NaN: NaN, Infinity: Infinity, "-Infinity": -Infinity };

/** Deepest nesting a record may have: the schema needs 5 levels (run-start → model → layers → layer → span). */
export const MAX_RECORD_DEPTH = 32;

/** A line nested deeper than MAX_RECORD_DEPTH: skipped, never parsed recursively. */
export class NestingError extends Error {
  constructor(readonly limit: number) {
    super(`nested deeper than ${limit} levels (no record is): skipped`);
    this.name = "NestingError";
  }
}

function encodeValue(_key: string, value: unknown): unknown {
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  return value;
}

/**
 * Fields of the schema that hold text. A string "NaN" there is text (a reason, a name), not a number, so
 * it is left alone; everywhere else the three spellings decode to numbers.
 */
const TEXT_FIELDS = new Set([
  "type", "framework", "backend", "time", "name", "version", "kind", "activation", "className", "file",
  "layer", "role", "parameter", "status", "reason", "optimizer", "lossExpects", "code", "severity", "message",
]);

const PACKABLE_FIELDS: ReadonlySet<string> = new Set(PACKABLE_UNIT_FIELDS);

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** A packed per-unit array that cannot be read: the line is skipped with this reason. */
export class PackedArrayError extends TypeError {
  constructor(field: string, why: string) {
    super(`field "${field}": packed float32 array ${why}`);
    this.name = "PackedArrayError";
  }
}

/** The values of a packed array; throws PackedArrayError when it is not one. */
export function unpackFloat32(field: string, packed: Record<string, unknown>): number[] {
  const keys = Object.keys(packed);
  const text = packed.f32;
  if (keys.length !== 1 || typeof text !== "string") throw new PackedArrayError(field, `must be {"f32": base64 text} (got keys ${keys.join(", ") || "none"})`);
  if (text.length % 4 !== 0 || !BASE64.test(text)) throw new PackedArrayError(field, "is not base64 text");
  const bytes = Buffer.from(text, "base64");
  if (bytes.length % 4 !== 0) throw new PackedArrayError(field, `holds ${bytes.length} bytes, not whole float32 values`);
  const values = new Array<number>(bytes.length / 4);
  for (let i = 0; i < values.length; i++) values[i] = bytes.readFloatLE(i * 4);
  return values;
}

const hasOwn = (value: object, key: string): boolean => Object.prototype.hasOwnProperty.call(value, key);

/** Decodes the non-finite spellings in a parsed value, in place; throws NestingError past `limit` levels. */
function decodeTree(value: unknown, depth: number, limit: number): void {
  if (typeof value !== "object" || value === null) return;
  if (depth >= limit) throw new NestingError(limit);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item === "string") {
        if (hasOwn(NON_FINITE, item)) value[i] = NON_FINITE[item];
      } else if (typeof item === "object" && item !== null) decodeTree(item, depth + 1, limit);
    }
    return;
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const item = record[key];
    if (typeof item === "string") {
      if (!TEXT_FIELDS.has(key) && hasOwn(NON_FINITE, item)) Object.defineProperty(record, key, { value: NON_FINITE[item], writable: true, enumerable: true, configurable: true });
    } else if (typeof item === "object" && item !== null) {
      if (PACKABLE_FIELDS.has(key) && hasOwn(item, "f32")) record[key] = unpackFloat32(key, item as Record<string, unknown>);
      else decodeTree(item, depth + 1, limit);
    }
  }
}

/** One record as one line of JSON (no trailing newline). */
export function encodeLine(record: unknown): string {
  return JSON.stringify(record, encodeValue);
}

/**
 * Parses one line of JSON, decoding non-finite numbers. Throws SyntaxError on malformed JSON and
 * NestingError on a line nested deeper than `maxDepth`.
 */
export function decodeLine(line: string, maxDepth: number = MAX_RECORD_DEPTH): unknown {
  const value: unknown = JSON.parse(line);
  if (typeof value === "string") return hasOwn(NON_FINITE, value) ? NON_FINITE[value] : value;
  decodeTree(value, 0, maxDepth);
  return value;
}
