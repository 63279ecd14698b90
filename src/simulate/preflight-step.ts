/**
 * The preflight (D101-D113) as a simulation step: the TF.js procedures run on the program's untrained
 * twin and its synthetic data, within the simulation's remaining time, and the D1 checks decide. Findings
 * name the twin's layers; the simulation places them at the program's lines.
 */
import * as tf from "@tensorflow/tfjs";
import { createCheckEngine } from "../checks/engine.js";
import type { CheckEngineOptions } from "../checks/options.js";
import { allChecks } from "../checks/rules/index.js";
import { budgetForChecks, DEFAULT_PREFLIGHT_BUDGET, type PreflightBudget } from "../probes/preflight-budget.js";
import { runPreflight } from "../probes/tfjs/preflight.js";
import type { PreflightContext, PreflightStep } from "./preflight.js";
import type { ForwardCost } from "./step-cost.js";
import { simulationDefault } from "./train.js";

const PREFLIGHT_CHECKS = allChecks.filter((c) => /^D1\d\d$/.test(c.meta.code));

/**
 * The D1 settings for a twin on synthetic data. Its labels follow its inputs by construction (the teacher),
 * so D112's "no better than zeros" can only mean that the model ignores its input: any significant
 * improvement clears it (a slow learner's few per cent — XOR networks, a 6-row table — is not that fault).
 */
export function simulatedPreflightChecks(checks: CheckEngineOptions["checks"]): NonNullable<CheckEngineOptions["checks"]> {
  return simulationDefault(checks, "D112", "no-data-dependency", "minImprovement", 0);
}

/**
 * The budget of the procedures that run whole passes over their samples (the initial loss over the sample,
 * the ×1–×8 loss scaling, the cross-sample gradient), shrunk to what the twin's measured forward pass fits
 * in a quarter of the preflight's time: once started they cannot be cut, and a 224×224 CNN's initial loss
 * over 512 samples outlasted the whole simulation. The training loops check the time themselves. Settings
 * the user gave are kept.
 */
export function fittedBudget(budget: Partial<PreflightBudget>, forward: ForwardCost | undefined, maxTimeMs: number): Partial<PreflightBudget> {
  if (forward === undefined || !(forward.perSampleMs > 0)) return budget;
  const available = Math.max(0, maxTimeMs / 4 - 6 * forward.fixedMs);
  const fit = (key: "sampleSize" | "lossScalingSamples" | "sampleDependencyBatch", share: number, passes: number, least: number) => {
    if (budget[key] !== undefined) return {};
    const samples = Math.floor((available * share) / (passes * forward.perSampleMs));
    return samples < DEFAULT_PREFLIGHT_BUDGET[key] ? { [key]: Math.max(least, samples) } : {};
  };
  // Forward passes per sample: the initial loss and data statistics 1; the loss scaling 1 + 2 + 4 + 8; the
  // cross-sample test a gradient (about 3).
  return { ...budget, ...fit("sampleSize", 0.5, 1, 32), ...fit("lossScalingSamples", 0.3, 15, 4), ...fit("sampleDependencyBatch", 0.2, 3, 8) };
}

export function preflightStep(options: { budget?: Partial<PreflightBudget>; checks?: CheckEngineOptions["checks"] } = {}): PreflightStep {
  return {
    descriptors: PREFLIGHT_CHECKS.map((c) => c.meta),
    async run(context: PreflightContext) {
      if (context.inputs.length === 0 || context.targets.length !== 1) return [];
      const engine = createCheckEngine({ registry: PREFLIGHT_CHECKS, checks: simulatedPreflightChecks(options.checks) });
      // Half of what is left of the simulation: its own training must still run.
      const maxTimeMs = Math.max(1000, Math.min(options.budget?.maxTimeMs ?? Infinity, context.remainingMs() / 2));
      const weights = context.snapshot();
      try {
        const budget = fittedBudget(budgetForChecks(options.budget, options.checks), context.forward, maxTimeMs);
        await runPreflight(tf, context.twin, { x: [...context.inputs], y: context.targets[0]! }, { budget: { ...budget, maxTimeMs }, sinks: [engine] });
      } finally {
        context.restore(weights);
      }
      return engine.findings();
    },
  };
}
