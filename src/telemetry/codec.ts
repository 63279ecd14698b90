/**
 * JSON has no NaN or Infinity, yet a diverging run is exactly when they appear. Non-finite numbers are
 * written as the strings "NaN", "Infinity", "-Infinity" and read back as numbers.
 */

const NON_FINITE: Readonly<Record<string, number>> = { NaN: NaN, Infinity: Infinity, "-Infinity": -Infinity };

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

function decodeValue(key: string, value: unknown): unknown {
  if (typeof value === "string" && !TEXT_FIELDS.has(key) && Object.prototype.hasOwnProperty.call(NON_FINITE, value)) {
    return NON_FINITE[value];
  }
  return value;
}

/** One record as one line of JSON (no trailing newline). */
export function encodeLine(record: unknown): string {
  return JSON.stringify(record, encodeValue);
}

/** Parses one line of JSON, decoding non-finite numbers. Throws SyntaxError on malformed JSON. */
export function decodeLine(line: string): unknown {
  return JSON.parse(line, decodeValue);
}
