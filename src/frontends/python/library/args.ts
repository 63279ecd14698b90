/**
 * Reading call arguments the way Python binds them: by keyword (any of several spellings, e.g. Keras 1
 * and Keras 2 names) or by position.
 */
import type { SyntaxNode as Node } from "../syntax.js";
import type { CallArgs } from "../state.js";
import type { Value } from "../values.js";

export interface ArgRef {
  value: Value;
  node?: Node;
  keyword?: string;
}

/** The argument at `position` or under one of `names`; keywords win, as Python would raise on both. */
export function getArg(args: CallArgs, position: number | undefined, ...names: string[]): ArgRef | undefined {
  for (const name of names) {
    const value = args.keywords.get(name);
    if (value !== undefined) {
      const node = args.keywordNodes.get(name);
      return node ? { value, node, keyword: name } : { value, keyword: name };
    }
  }
  if (position !== undefined && position < args.positional.length) {
    const node = args.positionalNodes[position];
    return node ? { value: args.positional[position]!, node } : { value: args.positional[position]! };
  }
  return undefined;
}

export function argValue(args: CallArgs, position: number | undefined, ...names: string[]): Value | undefined {
  return getArg(args, position, ...names)?.value;
}

/** Constant keyword arguments by their written spelling, for `LayerConfig.extra`. */
export function constantKeywords(keywords: readonly { keyword: string; value: Value }[]): Record<string, unknown> | undefined {
  const extra: Record<string, unknown> = {};
  let any = false;
  for (const { keyword, value } of keywords) {
    const plain = toPlain(value);
    if (plain !== undefined) {
      extra[keyword] = plain;
      any = true;
    }
  }
  return any ? extra : undefined;
}

/** A JSON-like view of a constant value, or undefined. */
function toPlain(value: Value, depth = 0): unknown {
  switch (value.t) {
    case "num":
    case "bool":
    case "str":
      return value.v;
    case "none":
      return null;
    case "tuple":
    case "list": {
      if (depth > 3) return undefined;
      const items = value.items.map((v) => toPlain(v, depth + 1));
      return items.some((i) => i === undefined) ? undefined : items;
    }
    default:
      return undefined;
  }
}
