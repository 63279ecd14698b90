/**
 * numpy as the oracle of the front end's array facts. The fixture holds random small programs (arrays of
 * random shapes, some sizes unknown to the front end, one expression over them) with numpy's answer for
 * each: the result's shape, dtype and value range, or the exception numpy raised. For every case the
 * interpreter must say numpy's shape or unknown (`null` for a size, or no shape at all): never another
 * shape, and never a shape where numpy refuses the program. A dtype it states must be numpy's, and a range
 * it states must hold numpy's values. (One assumption is built in: a list of unknown length that is turned
 * into an array is not empty; np.array([]) is 1-D whatever its rows would have been.)
 *
 * The fixture is generated with numpy, so this test runs without Python. To regenerate it (after changing
 * the generator, or to check another numpy version): `npm run numpy-cases` (scripts/numpy-cases.py, needs
 * numpy).
 */
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import type { Shape } from "../../../../model/program.js";
import { Interpreter } from "../../interpreter.js";
import { parsePython } from "../../parser.js";
import { ExtractionState } from "../../state.js";
import { fixturePath } from "../../testing.js";
import type { Value } from "../../values.js";
import { FrameworkLibrary } from "../index.js";

interface NumpyCase {
  id: number;
  kind: string;
  setup: string[];
  expr: string;
  unknowns?: Record<string, number>;
  /** `varies`: other random draws change whether numpy raises or the shape it gives (a mask's count). */
  numpy: { shape?: number[]; dtype?: string; range?: [number, number]; error?: string; varies?: boolean };
}

interface Claim {
  shape?: Shape;
  dtype?: string;
  range?: [number, number];
}

const fixture = JSON.parse(readFileSync(fixturePath("numpy-cases.json"), "utf8")) as { numpy: string; cases: NumpyCase[] };

/** The program of a case: sizes in `unknowns` are read from the environment, so the front end cannot know them. */
function programOf(c: NumpyCase): string {
  const unknowns = Object.keys(c.unknowns ?? {}).map((name) => `${name} = int(os.environ['${name.toUpperCase()}'])`);
  return ["import numpy as np", "import os", ...unknowns, ...c.setup, `result = ${c.expr}`].join("\n");
}

async function interpret(c: NumpyCase): Promise<Value | undefined> {
  const parsed = await parsePython(programOf(c));
  const state = new ExtractionState("case.py", undefined, 200_000);
  const interpreter = new Interpreter(state, new FrameworkLibrary(state));
  interpreter.runModule(parsed.root);
  return interpreter.globals.vars.get("result");
}

/** What the interpreter states about a value as an array. */
function claimOf(value: Value | undefined): Claim {
  switch (value?.t) {
    case "data":
      return { ...(value.facts.shape ? { shape: value.facts.shape } : {}), ...(value.facts.dtype ? { dtype: value.facts.dtype } : {}), ...(value.facts.range ? { range: value.facts.range } : {}) };
    case "stat":
      return value.shape ? { shape: value.shape } : {};
    case "num":
      return { shape: [], range: [value.v, value.v] };
    case "bool":
      return { shape: [], dtype: "bool" };
    default:
      return {};
  }
}

function formatShape(shape: Shape | undefined): string {
  return shape ? `(${shape.map((d) => d ?? "?").join(", ")})` : "unknown";
}

/** Why a claim contradicts numpy's answer, or undefined when it does not. */
function contradiction(c: NumpyCase, claim: Claim): string | undefined {
  const answer = c.numpy;
  if (answer.error) {
    // When numpy's refusal depends on sizes or values not known (n0, a random mask's count), a shape is a
    // claim about the runs that work.
    if (claim.shape && !c.unknowns && !answer.varies) return `numpy raises ${answer.error}, the front end says ${formatShape(claim.shape)}`;
    return undefined;
  }
  const shape = answer.shape!;
  if (claim.shape && (claim.shape.length !== shape.length || claim.shape.some((d, i) => d !== null && d !== shape[i]))) {
    return `numpy gives ${formatShape(shape)}, the front end says ${formatShape(claim.shape)}`;
  }
  if (claim.dtype && answer.dtype && claim.dtype !== answer.dtype) return `numpy's dtype is ${answer.dtype}, the front end says ${claim.dtype}`;
  if (claim.range && answer.range) {
    const slack = 1e-6 * Math.max(1, Math.abs(answer.range[0]), Math.abs(answer.range[1]));
    if (claim.range[0] > answer.range[0] + slack || claim.range[1] < answer.range[1] - slack) {
      return `numpy's values span [${answer.range.join(", ")}], outside the front end's range [${claim.range.join(", ")}]`;
    }
  }
  return undefined;
}

describe(`the front end against numpy ${fixture.numpy} on ${fixture.cases.length} random programs`, () => {
  test("every shape, dtype and range it states agrees with numpy's; it knows most shapes", async () => {
    const violations: string[] = [];
    let succeeded = 0;
    let exact = 0;
    let withUnknowns = 0;
    let rankKnown = 0;
    let refused = 0;
    let refusalSeen = 0;
    for (const c of fixture.cases) {
      const claim = claimOf(await interpret(c));
      const problem = contradiction(c, claim);
      if (problem) violations.push(`#${c.id} ${c.kind}: ${[...c.setup, `result = ${c.expr}`].join("; ")}${c.unknowns ? ` with ${JSON.stringify(c.unknowns)}` : ""}\n    ${problem}`);
      if (c.numpy.error) {
        if (!c.unknowns && !c.numpy.varies) {
          refused++;
          if (!claim.shape) refusalSeen++;
        }
        continue;
      }
      if (c.unknowns) {
        withUnknowns++;
        if (claim.shape) rankKnown++;
      } else {
        succeeded++;
        if (claim.shape && claim.shape.every((d, i) => d === c.numpy.shape![i])) exact++;
      }
    }
    expect(violations, violations.join("\n")).toEqual([]);
    // Unknown is always allowed, but knowing is the point: these floors keep the front end from retreating.
    expect(exact / succeeded).toBeGreaterThan(0.85);
    expect(rankKnown / withUnknowns).toBeGreaterThan(0.75);
    expect(refusalSeen).toBe(refused);
  });
});
