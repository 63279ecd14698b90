/**
 * The dynamic checks' settings of a configuration file (`checks`, `failOn`, `period`), read through the one
 * loader lint uses (same files, same discovery from the working directory upwards, same key validation),
 * with each `checks` entry checked against the catalogue: an unknown check or a mistyped setting is a
 * configuration error, as it is for lint.
 */
import { allChecks } from "../checks/rules/index.js";
import { CheckOptionsError, resolveChecks, type CheckConfig } from "../checks/options.js";
import { ConfigError, loadConfig, type FailOn } from "../lint/config.js";
import { readPreflightBudget, type PreflightBudget } from "../probes/preflight-budget.js";

export interface CheckSettings {
  checks?: Record<string, CheckConfig>;
  failOn?: FailOn;
  period?: number;
  /** The preflight's budgets (`nncheck watch --preflight`). */
  preflight?: Partial<PreflightBudget>;
  /** The file they came from, when one was found. */
  file?: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Throws ConfigError (exit 2) for an unreadable file, a bad key, an unknown check or a mistyped setting. */
export async function loadCheckSettings(options: { cwd: string; configPath?: string; noConfig?: boolean }): Promise<CheckSettings> {
  const { config, file } = await loadConfig({ cwd: options.cwd, ...(options.configPath !== undefined ? { configPath: options.configPath } : {}), ...(options.noConfig ? { noConfig: true } : {}) });
  const shown = options.configPath ?? file;
  const out: CheckSettings = {};
  if (file !== undefined) out.file = file;
  if (config.checks !== undefined) {
    const checks: Record<string, CheckConfig> = {};
    for (const [code, settings] of Object.entries(config.checks)) {
      if (!isObject(settings)) throw new ConfigError(`${shown}: "checks.${code}" must be an object`, shown, `checks.${code}`);
      checks[code] = settings as CheckConfig;
    }
    try {
      resolveChecks(allChecks, checks);
    } catch (error) {
      if (error instanceof CheckOptionsError) throw new ConfigError(`${shown}: ${error.message}`, shown, "checks");
      throw error;
    }
    out.checks = checks;
  }
  if (config.failOn !== undefined) out.failOn = config.failOn;
  if (config.period !== undefined) out.period = config.period;
  if (config.preflight !== undefined) {
    try {
      out.preflight = readPreflightBudget(config.preflight);
    } catch (error) {
      throw new ConfigError(`${shown}: ${error instanceof Error ? error.message : String(error)}`, shown, "preflight");
    }
  }
  return out;
}
