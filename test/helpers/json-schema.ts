/**
 * A small JSON Schema validator for the tests: the keywords docs/telemetry.schema.json uses (type, enum,
 * const, properties, required, additionalProperties, items, prefixItems, minItems, maxItems, anyOf,
 * oneOf, allOf, $ref into $defs, minimum, exclusiveMaximum, pattern). Returns the first problems found, with paths.
 */
export type JsonSchema = Record<string, unknown>;

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function matchesType(value: unknown, type: string): boolean {
  const actual = typeOf(value);
  return actual === type || (type === "number" && actual === "integer");
}

export function validateJson(root: JsonSchema, value: unknown, limit = 5): string[] {
  const problems: string[] = [];
  const defs = (root["$defs"] ?? {}) as Record<string, JsonSchema>;

  function check(schema: JsonSchema, v: unknown, at: string, out: string[]): void {
    if (out.length >= limit) return;
    const ref = schema["$ref"];
    if (typeof ref === "string") {
      const target = defs[ref.replace("#/$defs/", "")];
      if (!target) throw new Error(`unknown $ref ${ref}`);
      check(target, v, at, out);
    }
    if (schema["type"] !== undefined && !matchesType(v, schema["type"] as string)) {
      out.push(`${at}: expected ${String(schema["type"])}, got ${typeOf(v)}`);
      return;
    }
    if (schema["const"] !== undefined && v !== schema["const"]) out.push(`${at}: expected ${JSON.stringify(schema["const"])}, got ${JSON.stringify(v)}`);
    if (Array.isArray(schema["enum"]) && !(schema["enum"] as unknown[]).includes(v)) out.push(`${at}: ${JSON.stringify(v)} is not one of ${JSON.stringify(schema["enum"]).slice(0, 120)}`);
    if (typeof schema["minimum"] === "number" && typeof v === "number" && v < schema["minimum"]) out.push(`${at}: below ${schema["minimum"]}`);
    if (typeof schema["exclusiveMaximum"] === "number" && typeof v === "number" && v >= schema["exclusiveMaximum"]) out.push(`${at}: not below ${schema["exclusiveMaximum"]}`);
    if (typeof schema["pattern"] === "string" && typeof v === "string" && !new RegExp(schema["pattern"], "u").test(v)) out.push(`${at}: does not match ${schema["pattern"]}`);
    for (const key of ["anyOf", "oneOf"] as const) {
      const options = schema[key] as JsonSchema[] | undefined;
      if (!options) continue;
      const passing = options.filter((option) => {
        const sub: string[] = [];
        check(option, v, at, sub);
        return sub.length === 0;
      }).length;
      if (key === "anyOf" ? passing === 0 : passing !== 1) out.push(`${at}: matches ${passing} of the ${key} alternatives`);
    }
    for (const option of (schema["allOf"] as JsonSchema[] | undefined) ?? []) check(option, v, at, out);
    if (typeOf(v) === "object") {
      const object = v as Record<string, unknown>;
      const properties = (schema["properties"] ?? {}) as Record<string, JsonSchema>;
      for (const name of (schema["required"] as string[] | undefined) ?? []) if (!(name in object)) out.push(`${at}: missing "${name}"`);
      for (const [name, item] of Object.entries(object)) {
        if (properties[name]) check(properties[name], item, `${at}.${name}`, out);
        else if (schema["additionalProperties"] === false) out.push(`${at}: unexpected property "${name}"`);
        else if (typeof schema["additionalProperties"] === "object") check(schema["additionalProperties"] as JsonSchema, item, `${at}.${name}`, out);
      }
    }
    if (Array.isArray(v)) {
      if (typeof schema["minItems"] === "number" && v.length < schema["minItems"]) out.push(`${at}: fewer than ${schema["minItems"]} items`);
      if (typeof schema["maxItems"] === "number" && v.length > schema["maxItems"]) out.push(`${at}: more than ${schema["maxItems"]} items`);
      const prefix = (schema["prefixItems"] as JsonSchema[] | undefined) ?? [];
      v.forEach((item, i) => {
        const itemSchema = prefix[i] ?? (schema["items"] as JsonSchema | undefined);
        if (itemSchema) check(itemSchema, item, `${at}[${i}]`, out);
      });
    }
  }

  check(root, value, "$", problems);
  return problems;
}
