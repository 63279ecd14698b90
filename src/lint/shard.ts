/**
 * Splitting a lint run across machines: `--shard i/n` lints the files whose path hashes to shard i. The
 * assignment depends only on the file's path relative to the working directory (with `/` separators), so
 * every machine of a CI matrix agrees on it without talking to the others, and each file is in exactly one
 * shard.
 */
import path from "node:path";

/** Shard `index` of `count` (1-based: `1/3`, `2/3`, `3/3`). */
export interface Shard {
  index: number;
  count: number;
}

/** Reads `i/n` (1 ≤ i ≤ n); undefined when malformed. */
export function parseShard(text: string): Shard | undefined {
  const match = /^\s*(\d{1,6})\s*\/\s*(\d{1,6})\s*$/.exec(text);
  if (match === null) return undefined;
  const index = Number(match[1]);
  const count = Number(match[2]);
  return count >= 1 && index >= 1 && index <= count ? { index, count } : undefined;
}

/** 32-bit FNV-1a over the UTF-16 code units: small, stable across platforms and Node versions. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** The shard (1-based) a file belongs to, from its path relative to `cwd`. */
export function shardOf(file: string, cwd: string, count: number): number {
  const relative = path.relative(cwd, path.resolve(cwd, file)).split(path.sep).join("/");
  return (fnv1a(relative) % count) + 1;
}

export function inShard(file: string, cwd: string, shard: Shard | undefined): boolean {
  return shard === undefined || shard.count === 1 || shardOf(file, cwd, shard.count) === shard.index;
}
