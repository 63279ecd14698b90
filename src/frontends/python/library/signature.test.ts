import { describe, expect, test } from "vitest";
import type { CallArgs } from "../state.js";
import { NONE, int, str, type Value } from "../values.js";
import { bind, signature, withAliases } from "./signature.js";

function call(positional: Value[], keywords: Record<string, Value> = {}, opaqueSplat = false): CallArgs {
  return { positional, keywords: new Map(Object.entries(keywords)), positionalNodes: positional.map(() => undefined), keywordNodes: new Map(), opaqueSplat };
}

describe("signature tables", () => {
  const dense = signature("units activation=None * use_bias=True", { output_dim: "units" });

  test("positional arguments bind to the table's parameters in order", () => {
    const bound = bind(dense, call([int(64), str("relu")]));
    expect(bound.value("units")).toEqual(int(64));
    expect(bound.value("activation")).toEqual(str("relu"));
    expect(bound.surplus).toEqual([]);
  });

  test("keyword-only parameters never bind by position: a surplus argument has no meaning", () => {
    const bound = bind(dense, call([int(64), str("relu"), int(1)]));
    expect(bound.has("use_bias")).toBe(false);
    expect(bound.surplus).toEqual([int(1)]);
  });

  test("aliases bind other spellings to the canonical name; the canonical spelling wins over an alias", () => {
    expect(bind(dense, call([], { output_dim: int(8) })).value("units")).toEqual(int(8));
    expect(bind(dense, call([], { output_dim: int(8), units: int(4) })).value("units")).toEqual(int(4));
    expect(bind(dense, call([], { units: int(4), output_dim: int(8) })).value("units")).toEqual(int(4));
  });

  test("a keyword wins over the same parameter given by position", () => {
    expect(bind(dense, call([int(3)], { units: int(5) })).value("units")).toEqual(int(5));
  });

  test("defaults fill absent parameters, but not when **kwargs of unknown content may hold them", () => {
    expect(bind(dense, call([int(3)])).value("activation")).toEqual(NONE);
    expect(bind(dense, call([int(3)])).has("activation")).toBe(false);
    expect(bind(dense, call([int(3)], {}, true)).value("activation")).toBeUndefined();
  });

  test("`keyword:name` renames a framework's spelling to the canonical name", () => {
    const fullyConnected = signature("inputs num_outputs:units activation_fn:activation='relu'");
    const bound = bind(fullyConnected, call([str("x")], { num_outputs: int(10) }));
    expect(bound.value("units")).toEqual(int(10));
    expect(bound.value("activation")).toEqual(str("relu"));
    expect(bound.keywords()).toEqual([{ keyword: "num_outputs", name: "units", value: int(10) }]);
  });

  test("withAliases adds spellings without replacing the table's own", () => {
    const extended = withAliases(dense, { nb_units: "units", output_dim: "other" });
    expect(bind(extended, call([], { nb_units: int(2) })).value("units")).toEqual(int(2));
    expect(bind(extended, call([], { output_dim: int(2) })).value("units")).toEqual(int(2));
  });

  test("a default that is not a literal is a programming error", () => {
    expect(() => signature("x=foo")).toThrow(/not a literal/);
  });
});
