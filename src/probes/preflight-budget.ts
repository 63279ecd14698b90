/** The preflight procedures' budgets, the same for every framework's probe (and the configuration file). */

/** The budgets of the procedures (TheDeepChecker's defaults where it has one). */
export interface PreflightBudget {
  /** Samples read for the data statistics, the initial loss and the data-dependency runs. */
  sampleSize: number;
  /** Samples whose loss is compared with the same samples repeated ×2, ×4, ×8 (D107). */
  lossScalingSamples: number;
  /** Iterations on the single batch (D110, D111). */
  overfitIterations: number;
  /** Size of the single stratified batch. */
  overfitBatch: number;
  /** Adam's learning rate in the procedures that train. */
  learningRate: number;
  /** Iterations of each data-dependency run, real and zeroed inputs (D112); their last 100 losses are compared. */
  dependencyIterations: number;
  dependencyBatch: number;
  /** Batch of the cross-sample dependency test (D113). */
  sampleDependencyBatch: number;
  /** Run the gradient check (D109; costly, off by default). */
  gradientCheck: boolean;
  gradientCheckSamples: number;
  /** Fraction of each parameter's entries checked, and at most this many. */
  gradientCheckFraction: number;
  gradientCheckMaxDims: number;
  /** Central-difference step. TheDeepChecker's 1e-4 is below float32's resolution for a loss near 1. */
  gradientCheckDelta: number;
  /** Wall-time cap over every procedure, in milliseconds. */
  maxTimeMs: number;
}

export const DEFAULT_PREFLIGHT_BUDGET: Readonly<PreflightBudget> = {
  sampleSize: 512,
  lossScalingSamples: 32,
  overfitIterations: 1000,
  overfitBatch: 16,
  learningRate: 0.001,
  dependencyIterations: 200,
  dependencyBatch: 32,
  sampleDependencyBatch: 32,
  gradientCheck: false,
  gradientCheckSamples: 3,
  gradientCheckFraction: 0.1,
  gradientCheckMaxDims: 50,
  gradientCheckDelta: 1e-3,
  maxTimeMs: 60_000,
};

/**
 * The budget a configuration's `preflight` object asks for, checked against the defaults' names and types:
 * a typo would otherwise silently do nothing. Throws an Error naming the bad setting.
 */
export function readPreflightBudget(value: unknown, where = "preflight"): Partial<PreflightBudget> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error(`"${where}" must be an object of budget settings`);
  const out: Record<string, number | boolean> = {};
  for (const [key, setting] of Object.entries(value)) {
    const reference = (DEFAULT_PREFLIGHT_BUDGET as unknown as Record<string, number | boolean>)[key];
    if (reference === undefined) throw new Error(`"${where}.${key}" is not a preflight budget setting (known: ${Object.keys(DEFAULT_PREFLIGHT_BUDGET).join(", ")})`);
    if (typeof setting !== typeof reference || (typeof setting === "number" && !(Number.isFinite(setting) && setting > 0))) {
      throw new Error(`"${where}.${key}" must be ${typeof reference === "boolean" ? "true or false" : "a positive number"} (got ${JSON.stringify(setting)})`);
    }
    out[key] = setting as number | boolean;
  }
  return out as Partial<PreflightBudget>;
}

/** The budget with D109's costly procedure turned on when the checks' configuration enables D109 (by code or name). */
export function budgetForChecks(budget: Partial<PreflightBudget> | undefined, checks: Readonly<Record<string, { enabled?: boolean }>> | undefined): Partial<PreflightBudget> {
  const out: Partial<PreflightBudget> = { ...budget };
  if (out.gradientCheck === undefined && (checks?.["D109"]?.enabled === true || checks?.["gradient-check"]?.enabled === true)) out.gradientCheck = true;
  return out;
}
