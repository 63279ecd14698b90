/**
 * Rules must stay linear in the number of layers: a 20,000-layer chain is linted with every rule (preview
 * ones included) while reads of the layers' edges are counted. A quadratic walk (a successor lookup that
 * scans every layer) would read them ~n² = 4·10⁸ times; the budget stops it early instead of hanging.
 */
import { describe, expect, it } from "vitest";
import { createEngine } from "../../src/lint/engine.js";
import { allRules } from "../../src/lint/rules/index.js";
import { successors } from "../../src/model/graph.js";
import { INTERNAL_ERROR_CODE } from "../../src/report/finding.js";
import { model } from "../helpers/model-builder.js";

const LAYERS = 20_000;
/** Edge reads allowed per layer, all rules together: generous, and still linear. */
const READS_PER_LAYER = 200;

class BudgetExceeded extends Error {}

describe("lint cost on a deep model", () => {
  it("lints a 20,000-layer chain with a number of edge reads linear in the layers", () => {
    const builder = model().layer("input", {}, { input: [null, 8] });
    // Linear Dense layers: S115 walks forward from each of them, the walk that used to be quadratic.
    for (let i = 1; i < LAYERS - 1; i++) builder.dense(8);
    builder.dense(3, "softmax");
    const program = builder.compile({ loss: "categorical_crossentropy", optimizer: "adam" }).program();
    const architecture = program.models[0]!.architecture;
    expect(architecture.layers).toHaveLength(LAYERS);

    let reads = 0;
    const budget = READS_PER_LAYER * LAYERS;
    for (const layer of architecture.layers) {
      const inbound = layer.inbound;
      Object.defineProperty(layer, "inbound", {
        get() {
          if (++reads > budget) throw new BudgetExceeded(`more than ${budget} reads of layer edges`);
          return inbound;
        },
      });
    }
    const engine = createEngine(allRules, { select: ["ALL"], preview: true });
    const findings = engine.run(program);
    expect(findings.filter((f) => f.code === INTERNAL_ERROR_CODE)).toEqual([]);
    expect(reads).toBeLessThanOrEqual(budget);
    // The chain was really walked: a linear layer is reported for the missing non-linearity after it.
    expect(findings.some((f) => f.code === "S115")).toBe(true);
  });

  it("lints a 20,000-layer chain of ever wider Dense layers with reads of the layers linear in their number", () => {
    // Each hidden layer is wider than the one before: S111 reports it unless it widens towards a wider head,
    // a question that used to be answered by a walk forward from every layer (quadratic).
    const builder = model().layer("input", {}, { input: [null, 8] });
    for (let i = 1; i < LAYERS - 1; i++) builder.dense(8 + i, "relu");
    builder.dense(3, "softmax");
    const program = builder.compile({ loss: "categorical_crossentropy", optimizer: "adam" }).program();
    let reads = 0;
    const budget = READS_PER_LAYER * LAYERS;
    for (const layer of program.models[0]!.architecture.layers) {
      for (const key of ["inbound", "config", "index"] as const) {
        const value = layer[key];
        Object.defineProperty(layer, key, {
          get() {
            if (++reads > budget) throw new BudgetExceeded(`more than ${budget} reads of layers`);
            return value;
          },
        });
      }
    }
    const findings = createEngine(allRules, { select: ["ALL"], preview: true }).run(program);
    expect(findings.filter((f) => f.code === INTERNAL_ERROR_CODE)).toEqual([]);
    expect(reads).toBeLessThanOrEqual(budget);
    expect(findings.filter((f) => f.code === "S111")).toHaveLength(LAYERS - 3);
  });

  it("finds each consumer once, in layer order, on branches and merges", () => {
    // 0 input → 1, 2 (branches) → 3 add(1, 1, 2) → 4
    const architecture = model()
      .layer("input", {}, { input: [null, 4] })
      .dense(4, "relu", { inbound: [0] })
      .dense(4, "relu", { inbound: [0] })
      .layer("add", {}, { inbound: [1, 1, 2] })
      .dense(1)
      .model().architecture;
    expect(successors(architecture, 0).map((l) => l.index)).toEqual([1, 2]);
    expect(successors(architecture, 1).map((l) => l.index)).toEqual([3]);
    expect(successors(architecture, 4)).toEqual([]);
    // A fresh array each time: callers use it as a stack.
    successors(architecture, 0).pop();
    expect(successors(architecture, 0)).toHaveLength(2);
  });
});
