/**
 * Joining what two possible paths of the program left in a variable (the branches of an `if` the
 * interpreter cannot decide, a loop that may run or not). A fact holds after the join only if it holds
 * on every path: constants that differ become unknown, data keep the facts both paths agree on, lists
 * hold one path's items or the other's (after a loop, samples of what they hold). Framework objects (tensors, layers, models) keep the last path's, so the model graph stays connected;
 * what those paths built is already marked conditional.
 */
import type { DataFacts } from "../../model/program.js";
import { UNKNOWN, WalkBudget, pyEquals, sampledList, type Scope, type Value } from "./values.js";

const STRUCTURAL = new Set<Value["t"]>(["tensor", "layer", "model", "instance", "class", "func", "ref", "list", "dict", "dataset", "tf1-session", "tf1-op", "tf1-loss", "tf-object", "argparser"]);

/** `repeated`: the paths are a loop's passes (zero, one or many), not alternatives. */
export function joinValues(a: Value, b: Value, repeated = false): Value {
  if (a === b) return a;
  if (pyEquals(a, b) === true) return b;
  if (a.t === "data" && b.t === "data") return { t: "data", facts: joinFacts(a.facts, b.facts) };
  if (a.t === "list" && b.t === "list") return joinLists(a, b, repeated);
  if (a.t === b.t && STRUCTURAL.has(a.t)) return b;
  return UNKNOWN;
}

/**
 * Two lists a variable may hold: one path's items or the other's, so a list of these items or fewer (both
 * paths' items in order; the longer one when the other is its beginning). Across a loop's passes the list
 * may have grown any number of times: its items are samples.
 */
function joinLists(a: Value & { t: "list" }, b: Value & { t: "list" }, repeated: boolean): Value {
  const vary = a.samplesVary === true || b.samplesVary === true;
  if (repeated || a.unknownLength || b.unknownLength) return sampledList([...a.items, ...b.items], vary);
  const [short, long] = a.items.length <= b.items.length ? [a, b] : [b, a];
  const walk = new WalkBudget();
  const prefix = short.items.every((item, i) => item === long.items[i] || pyEquals(item, long.items[i]!, walk) === true);
  const out: Value & { t: "list" } = { t: "list", items: prefix ? [...long.items] : [...a.items, ...b.items], uncertainItems: true };
  if (vary) out.samplesVary = true;
  return out;
}

function same(x: unknown, y: unknown): boolean {
  return JSON.stringify(x) === JSON.stringify(y);
}

/** The facts two arrays share (transforms: their common beginning). */
function joinFacts(a: DataFacts, b: DataFacts): DataFacts {
  const out: DataFacts = { transforms: [] };
  for (const key of ["shape", "dtype", "range", "encoding", "numClasses", "task", "origin", "variable"] as const) {
    if (a[key] !== undefined && same(a[key], b[key])) (out as unknown as Record<string, unknown>)[key] = a[key];
  }
  for (let i = 0; i < Math.min(a.transforms.length, b.transforms.length) && a.transforms[i] === b.transforms[i]; i++) out.transforms.push(a.transforms[i]!);
  return out;
}

/** Joins the variables of several possible outcomes of one scope (a variable missing from one keeps its other values). */
function joinScopes(outcomes: Map<string, Value>[], repeated: boolean): Map<string, Value> {
  const names = new Set(outcomes.flatMap((o) => [...o.keys()]));
  const joined = new Map<string, Value>();
  for (const name of names) {
    let value: Value | undefined;
    for (const outcome of outcomes) {
      const v = outcome.get(name);
      if (v === undefined) continue;
      value = value === undefined ? v : joinValues(value, v, repeated);
    }
    if (value !== undefined) joined.set(name, value);
  }
  return joined;
}

/** Replaces a scope's variables by the join of `outcomes` (`repeated`: a loop's passes). */
export function restoreJoined(scope: Scope, outcomes: Map<string, Value>[], repeated = false): void {
  const joined = joinScopes(outcomes, repeated);
  scope.vars.clear();
  for (const [name, value] of joined) scope.vars.set(name, value);
}
