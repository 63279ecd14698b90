/**
 * One finding per place in the program. A layer created in a loop, or by a function called for each block,
 * is one place however many layers it makes: lint's findings there, and the dynamic checks', fold into the
 * first, which says how many it stands for (`repeats`).
 */
import type { Finding } from "./finding.js";

/**
 * Where a finding stands in the program: its rule or check, run and severity at the source place of its layer;
 * undefined without a layer or a place (such findings never fold).
 */
export function placeKey(f: Finding): string | undefined {
  if (f.layer === undefined || f.line === undefined) return undefined;
  return JSON.stringify([f.run ?? 1, f.code, f.severity, f.file, f.line, f.column, f.endLine, f.endColumn]);
}

/**
 * Folds findings at one place (placeKey) on different layers into the first of them, a copy that counts them
 * (`repeats`): thousands of unrolled copies must not drown the other findings. Findings on the same layer,
 * or without a layer or a place, are kept as they are. Expects ordered findings and keeps their order.
 */
export function foldRepeats(ordered: readonly Finding[]): Finding[] {
  const firsts = new Map<string, Finding>();
  const kept: Finding[] = [];
  for (const finding of ordered) {
    const key = placeKey(finding);
    const first = key === undefined ? undefined : firsts.get(key);
    if (first === undefined) {
      const copy = key === undefined ? finding : { ...finding };
      if (key !== undefined) firsts.set(key, copy);
      kept.push(copy);
    } else if (first.layer!.name === finding.layer!.name) {
      kept.push(finding);
    } else {
      first.repeats = (first.repeats ?? 1) + 1;
    }
  }
  return kept;
}
