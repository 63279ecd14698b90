/**
 * The preflight (D101-D113) as a simulation step: the TF.js procedures run on the program's untrained
 * twin and its synthetic data, within the simulation's remaining time, and the D1 checks decide. Findings
 * name the twin's layers; the simulation places them at the program's lines.
 */
import * as tf from "@tensorflow/tfjs";
import { createCheckEngine } from "../checks/engine.js";
import type { CheckEngineOptions } from "../checks/options.js";
import { allChecks } from "../checks/rules/index.js";
import { budgetForChecks, type PreflightBudget } from "../probes/preflight-budget.js";
import { runPreflight } from "../probes/tfjs/preflight.js";
import type { PreflightContext, PreflightStep } from "./preflight.js";

const PREFLIGHT_CHECKS = allChecks.filter((c) => /^D1\d\d$/.test(c.meta.code));

/**
 * The D1 settings for a twin on synthetic data. Its labels follow its inputs by construction (the teacher),
 * so D112's "no better than zeros" can only mean that the model ignores its input: any significant
 * improvement clears it (a slow learner's few per cent — XOR networks, a 6-row table — is not that fault).
 */
export function simulatedPreflightChecks(checks: CheckEngineOptions["checks"] = {}): NonNullable<CheckEngineOptions["checks"]> {
  const configs = { ...checks };
  const userSet = [configs["D112"], configs["no-data-dependency"]].some((c) => c?.["minImprovement"] !== undefined);
  if (!userSet) configs["D112"] = { ...configs["D112"], minImprovement: 0 };
  return configs;
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
        await runPreflight(tf, context.twin, { x: [...context.inputs], y: context.targets[0]! }, { budget: { ...budgetForChecks(options.budget, options.checks), maxTimeMs }, sinks: [engine] });
      } finally {
        context.restore(weights);
      }
      return engine.findings();
    },
  };
}
