// The telemetry schema as a JSON Schema (draft 2020-12), generated from the TypeScript types in
// src/telemetry/schema.ts, so probes written in other languages (the Python probe) are validated against
// the very types the checks read. `npm run python-artifacts` writes docs/telemetry.schema.json; a test keeps
// it current and validates the Python probe's output against it.
//
// Numbers may be NaN or ±Infinity in a trace, written as the strings "NaN", "Infinity", "-Infinity": every
// number field accepts those. The schema describes this version exactly (no extra fields); readers are
// more tolerant (a newer minor version may add fields).
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const SCHEMA_SOURCE = path.join(root, "src", "telemetry", "schema.ts");
export const SCHEMA_FILE = path.join(root, "docs", "telemetry.schema.json");

/** The JSON Schema object for TelemetryRecord (one line of a trace). */
export function telemetryJsonSchema() {
  const program = ts.createProgram([SCHEMA_SOURCE], { strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(SCHEMA_SOURCE);
  const moduleSymbol = checker.getSymbolAtLocation(source);
  const exports = checker.getExportsOfModule(moduleSymbol);
  const recordSymbol = exports.find((s) => s.name === "TelemetryRecord");
  const defs = {};
  const naming = new Map();

  const NUMBER = { $ref: "#/$defs/number" };
  const PACKED = { $ref: "#/$defs/packedFloat32" };
  const packable = packableFields(exports);

  function nameOf(type) {
    const symbol = type.aliasSymbol ?? type.getSymbol();
    if (!symbol || symbol.name.startsWith("__")) return undefined;
    if (!(type.flags & ts.TypeFlags.Object) || checker.isArrayType(type)) return undefined;
    if (symbol.name === "Record" || symbol.name === "Array" || symbol.name === "ReadonlyArray") return undefined;
    return symbol.name;
  }

  function convert(type, key) {
    if (key === "v") return { type: "number", minimum: 1, exclusiveMaximum: 2 };
    if (type.flags & ts.TypeFlags.Any || type.flags & ts.TypeFlags.Unknown) return {};
    if (type.isUnion()) {
      const parts = type.types.filter((t) => !(t.flags & ts.TypeFlags.Undefined));
      const literals = parts.filter((t) => t.isStringLiteral() || t.isNumberLiteral() || t.flags & ts.TypeFlags.BooleanLiteral);
      if (literals.length === parts.length && parts.every((t) => t.isStringLiteral())) return { enum: parts.map((t) => t.value).sort() };
      if (parts.length === 2 && parts.every((t) => t.flags & ts.TypeFlags.BooleanLiteral)) return { type: "boolean" };
      if (parts.length === 1) return convert(parts[0], key);
      return { anyOf: parts.map((t) => convert(t, key)) };
    }
    if (type.isStringLiteral()) return { const: type.value };
    if (type.isNumberLiteral()) return { const: type.value };
    if (type.flags & ts.TypeFlags.String) return { type: "string" };
    if (type.flags & ts.TypeFlags.Number) return NUMBER;
    if (type.flags & ts.TypeFlags.Boolean || type.flags & ts.TypeFlags.BooleanLiteral) return { type: "boolean" };
    if (type.flags & ts.TypeFlags.Null) return { type: "null" };
    if (checker.isArrayType(type) || checker.isTupleType(type)) {
      const items = checker.getTypeArguments(type);
      if (packable.has(key) && checker.isArrayType(type)) return { anyOf: [{ type: "array", items: convert(items[0]) }, PACKED] };
      if (checker.isTupleType(type)) return { type: "array", prefixItems: items.map((t) => convert(t)), minItems: items.length, maxItems: items.length };
      return { type: "array", items: convert(items[0]) };
    }
    const index = checker.getIndexInfoOfType(type, ts.IndexKind.String);
    if (index && checker.getPropertiesOfType(type).length === 0) return { type: "object", additionalProperties: convert(index.type) };
    const name = nameOf(type);
    if (name !== undefined) {
      const known = naming.get(name);
      if (known !== undefined && known !== type) throw new Error(`two types named ${name}`);
      if (known === undefined) {
        naming.set(name, type);
        defs[name] = {};
        defs[name] = objectSchema(type);
      }
      return { $ref: `#/$defs/${name}` };
    }
    return objectSchema(type);
  }

  function objectSchema(type) {
    const properties = {};
    const required = [];
    for (const property of checker.getPropertiesOfType(type)) {
      const declaration = property.valueDeclaration ?? property.declarations?.[0];
      const propertyType = checker.getTypeOfSymbolAtLocation(property, declaration ?? source);
      // `never` marks a field another variant of the union has (a measured preflight record's `skipped`).
      if (propertyType.flags & (ts.TypeFlags.Never | ts.TypeFlags.Undefined) || (propertyType.isUnion() && propertyType.types.every((t) => t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Never)))) continue;
      const schema = convert(propertyType, property.name);
      const doc = ts.displayPartsToString(property.getDocumentationComment(checker)).replace(/\s+/g, " ").trim();
      properties[property.name] = doc ? { description: doc, ...schema } : schema;
      if (!(property.flags & ts.SymbolFlags.Optional)) required.push(property.name);
    }
    const out = { type: "object", properties, additionalProperties: false };
    if (required.length > 0) out.required = required;
    return out;
  }

  const recordType = checker.getDeclaredTypeOfSymbol(recordSymbol);
  const oneOf = recordType.types.map((t) => convert(t));
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: "https://github.com/nncheck/nncheck/docs/telemetry.schema.json",
    title: "nncheck telemetry record (schema v1)",
    description:
      "One line of a trace (JSON lines). Generated from src/telemetry/schema.ts by `npm run python-artifacts`; see docs/telemetry.md. Non-finite numbers are the strings \"NaN\", \"Infinity\", \"-Infinity\".",
    oneOf,
    $defs: {
      number: { anyOf: [{ type: "number" }, { enum: ["NaN", "Infinity", "-Infinity"] }] },
      packedFloat32: {
        description: "A per-unit array packed (schema 1.3): the values as little-endian float32, in base64.",
        type: "object",
        properties: { f32: { type: "string", pattern: "^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$" } },
        required: ["f32"],
        additionalProperties: false,
      },
      ...Object.fromEntries(Object.entries(defs).sort(([a], [b]) => a.localeCompare(b))),
    },
  };
}

/** The names in schema.ts's PACKABLE_UNIT_FIELDS (an array literal of strings). */
function packableFields(exports) {
  const symbol = exports.find((s) => s.name === "PACKABLE_UNIT_FIELDS");
  let init = symbol?.valueDeclaration?.initializer;
  while (init && (ts.isAsExpression(init) || ts.isParenthesizedExpression(init))) init = init.expression;
  if (!init || !ts.isArrayLiteralExpression(init)) throw new Error("schema.ts must export PACKABLE_UNIT_FIELDS as an array literal");
  return new Set(init.elements.map((e) => e.text));
}

/** The committed file's text. */
export function telemetryJsonSchemaText() {
  return JSON.stringify(telemetryJsonSchema(), null, 2) + "\n";
}
