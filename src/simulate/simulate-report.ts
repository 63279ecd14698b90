/**
 * `lint --simulate`: adds to a lint report what simulating each file's models finds. Each file that lint
 * read with a model is read again by the front end (a few milliseconds against seconds of training),
 * simulated, and its findings go through the file's suppression comments like lint's own.
 */
import type { Frontend, FrontendOptions } from "../frontends/frontend.js";
import { CheckOptionsError, resolveChecks, type CheckConfig, type CheckEngineOptions } from "../checks/options.js";
import { allChecks } from "../checks/rules/index.js";
import { ConfigError, loadConfig } from "../lint/config.js";
import { compareFindings } from "../lint/engine.js";
import { readSourceFile } from "../lint/files.js";
import { summarize } from "../lint/lint.js";
import { applySuppressions, commentSyntaxOf, parseSuppressions } from "../lint/suppressions.js";
import { INTERNAL_ERROR_CODE, type FileResult, type Finding, type Report, type RuleDescriptor } from "../report/finding.js";
import { resolveSimulationSettings, SimulationSettingsError, type SimulationSettings } from "./options.js";
import type { PreflightStep } from "./preflight.js";
import { readPreflightBudget, type PreflightBudget } from "../probes/preflight-budget.js";
import type { ProgramSimulationOptions } from "./simulate-program.js";

/** The library option `simulate` of `lint()`: `true`, or settings. */
export interface SimulationOptions {
  /** Overlaid on the config file's `simulate` table. */
  settings?: Partial<SimulationSettings>;
  /** Dynamic checks (per code or name: enabled, severity, thresholds); default: the config file's `checks`. */
  checks?: Record<string, CheckConfig>;
  /** Steps per loss period of the D5 checks; default: the config file's `period`. */
  period?: number;
  /** Preflight procedures run on the untrained twin before its training (see preflight.ts). */
  preflight?: readonly PreflightStep[];
  /** Called as each file's simulation ends (progress). */
  onFile?: (file: FileResult) => void;
}

export interface SimulationContext {
  cwd: string;
  /** The config file lint used (its `simulate`, `checks` and `period` apply). */
  configFile?: string;
  frontend: Frontend;
  frontendOptions: FrontendOptions;
}

function checkConfigs(raw: unknown, file: string | undefined): Record<string, CheckConfig> | undefined {
  if (raw === undefined) return undefined;
  const configs = raw as Record<string, CheckConfig>;
  try {
    resolveChecks(allChecks, configs);
  } catch (error) {
    if (error instanceof CheckOptionsError) throw new ConfigError(`${file ?? "configuration"}: "checks": ${error.message}`, file, "checks");
    throw error;
  }
  return configs;
}

/** Settings of a run: the config file's tables, overlaid with the options. Throws ConfigError for bad settings. */
export async function resolveSimulation(options: SimulationOptions, context: SimulationContext): Promise<ProgramSimulationOptions> {
  const { config } = context.configFile !== undefined ? await loadConfig({ cwd: context.cwd, configPath: context.configFile }) : { config: {} as Record<string, undefined> };
  let settings: SimulationSettings;
  try {
    settings = resolveSimulationSettings({ ...(config.simulate ?? {}), ...(options.settings ?? {}) });
  } catch (error) {
    if (error instanceof SimulationSettingsError) throw new ConfigError(`${context.configFile ?? "simulation settings"}: ${error.message}`, context.configFile, `simulate.${error.key}`);
    throw error;
  }
  const checks: CheckEngineOptions = {};
  const configs = checkConfigs(options.checks ?? config.checks, context.configFile);
  if (configs !== undefined) checks.checks = configs;
  const period = options.period ?? config.period;
  if (period !== undefined) checks.period = period;
  const preflight = [...(options.preflight ?? [])];
  if (settings.preflight && options.preflight === undefined) {
    let budget: Partial<PreflightBudget> | undefined;
    try {
      budget = config.preflight === undefined ? undefined : readPreflightBudget(config.preflight);
    } catch (error) {
      throw new ConfigError(`${context.configFile ?? "configuration"}: ${error instanceof Error ? error.message : String(error)}`, context.configFile, "preflight");
    }
    // Loaded only here: the step imports TF.js, which a simulation needs anyway.
    const { preflightStep } = await import("./preflight-step.js");
    preflight.push(preflightStep({ ...(budget ? { budget } : {}), ...(configs ? { checks: configs } : {}) }));
  }
  return { settings, checks, preflight };
}

/** Simulation needs TensorFlow.js, an optional peer dependency of nncheck. */
export class SimulationUnavailableError extends Error {
  constructor(detail: string) {
    super(`simulation needs @tensorflow/tfjs (and, for speed, @tensorflow/tfjs-backend-wasm): npm install @tensorflow/tfjs @tensorflow/tfjs-backend-wasm (${detail})`);
    this.name = "SimulationUnavailableError";
  }
}

/** Loads the simulator, which imports TF.js, only when a simulation runs. */
async function loadSimulator(): Promise<typeof import("./simulate-program.js")> {
  try {
    return await import("./simulate-program.js");
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/@tensorflow\/tfjs/.test(message)) throw new SimulationUnavailableError(message);
    throw error;
  }
}

function internalError(file: string, error: unknown): Finding {
  return {
    code: INTERNAL_ERROR_CODE,
    name: "simulation-failed",
    severity: "warning",
    message: `simulation failed on this file: ${error instanceof Error ? error.message : String(error)}`,
    file,
  };
}

async function sourceOf(file: FileResult, cwd: string): Promise<string | undefined> {
  if (file.source !== undefined) return file.source;
  const read = await readSourceFile(file.path, cwd);
  return read.ok ? read.source : undefined;
}

/** The report with each file's simulated findings and simulation summary added. */
export async function simulateReport(report: Report, options: SimulationOptions, context: SimulationContext): Promise<Report> {
  const started = performance.now();
  const run = await resolveSimulation(options, context);
  const { simulateProgram } = await loadSimulator();
  const findings = [...report.findings];
  const rules: RuleDescriptor[] = [...report.rules];
  const files: FileResult[] = [];
  for (const original of report.files) {
    const file: FileResult = { ...original };
    files.push(file);
    if (!file.parsed || (file.understood?.models ?? 0) === 0) continue;
    try {
      const source = await sourceOf(file, context.cwd);
      if (source === undefined) continue;
      const { program } = await context.frontend(source, file.path, context.frontendOptions);
      if (program === undefined) continue;
      const simulation = await simulateProgram(program, run);
      file.simulation = simulation.summary;
      const { kept } = applySuppressions(simulation.findings, parseSuppressions(source, commentSyntaxOf(file.path)), file.path);
      findings.push(...kept);
      for (const descriptor of simulation.descriptors) if (!rules.some((r) => r.code === descriptor.code)) rules.push(descriptor);
    } catch (error) {
      findings.push(internalError(file.path, error));
    }
    options.onFile?.(file);
  }
  const durationMs = report.summary.durationMs + Math.round(performance.now() - started);
  findings.sort(compareFindings);
  return { ...report, files, findings, rules, summary: summarize(files, findings, durationMs) };
}
