/**
 * Typed reads of `LayerConfig.extra`, which holds keyword arguments by their framework spelling: Keras
 * writes snake_case (`merge_mode`), TF.js camelCase (`mergeMode`). Each reader accepts both spellings and
 * returns undefined for anything it cannot use, so a surprising value degrades to "unknown".
 */
import type { LayerConfig } from "../program.js";

function raw(config: LayerConfig, snake: string, camel: string): unknown {
  const extra = config.extra;
  if (extra === undefined) return undefined;
  if (snake in extra) return extra[snake];
  return extra[camel];
}

/** Whether the keyword was written at all (a written Python `None` is present, and null). */
export function hasExtra(config: LayerConfig, snake: string, camel: string): boolean {
  const extra = config.extra;
  return extra !== undefined && (snake in extra || camel in extra);
}

export function extraBoolean(config: LayerConfig, snake: string, camel: string): boolean | undefined {
  const value = raw(config, snake, camel);
  return typeof value === "boolean" ? value : undefined;
}

export function extraString(config: LayerConfig, snake: string, camel: string): string | null | undefined {
  const value = raw(config, snake, camel);
  if (value === null) return null;
  return typeof value === "string" ? value : undefined;
}

/** A number or a list of numbers, as a list. */
export function extraNumbers(config: LayerConfig, snake: string, camel: string): number[] | undefined {
  const value = raw(config, snake, camel);
  if (typeof value === "number") return [value];
  if (Array.isArray(value) && value.every((item): item is number => typeof item === "number")) return [...value];
  return undefined;
}
