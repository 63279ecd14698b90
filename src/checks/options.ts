/** Engine options: which checks run, with which thresholds and severities, and when training should stop. */
import type { Severity } from "../report/finding.js";
import type { AnyCheck, CheckOptionValues } from "./check.js";

/** Per check configuration, keyed by code ("D302") or name ("vanishing-gradient"). */
export interface CheckConfig {
  enabled?: boolean;
  severity?: Severity;
  /** Thresholds and other options of the check (see its docs). */
  [option: string]: number | string | boolean | undefined;
}

export interface CheckEngineOptions {
  checks?: Record<string, CheckConfig>;
  /** Findings at or above this severity make `shouldStop()` true. Default "never" ("none" is accepted too). */
  failOn?: Severity | "never" | "none";
  /** Steps per loss period (D5 checks); default: the run's sampling interval, at least 10. */
  period?: number;
  /** The checks to run; default: every check of the catalogue. */
  registry?: readonly AnyCheck[];
  /** Called when a finding is first raised (live views). */
  onFinding?: (finding: import("../report/finding.js").Finding) => void;
}

export interface ResolvedCheck {
  check: AnyCheck;
  severity: Severity;
  /** True when the user set the check's severity: a check's per-report severity then gives way. */
  severityOverridden: boolean;
  options: CheckOptionValues;
}

/** A configuration naming a check or an option that does not exist, or a setting of the wrong type (a typo would otherwise silently do nothing). */
export class CheckOptionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CheckOptionsError";
  }
}

function configFor(check: AnyCheck, configs: Record<string, CheckConfig> | undefined): CheckConfig {
  return { ...configs?.[check.meta.name], ...configs?.[check.meta.code] };
}

const SEVERITIES: readonly string[] = ["error", "warning", "info"];

/**
 * Rejects what would otherwise silently do nothing: a key that names no check of the registry (by code or
 * name), and settings of the wrong type.
 */
function validateConfigs(registry: readonly AnyCheck[], configs: Record<string, CheckConfig>): void {
  for (const [key, config] of Object.entries(configs)) {
    const check = registry.find((c) => c.meta.code === key || c.meta.name === key);
    if (!check) throw new CheckOptionsError(`"checks.${key}" names no dynamic check (give a code such as D302 or a name such as vanishing-gradient)`);
    if (typeof config !== "object" || config === null || Array.isArray(config)) throw new CheckOptionsError(`"checks.${key}" must be an object of settings`);
    for (const [name, value] of Object.entries(config)) {
      if (value === undefined) continue;
      const where = `"checks.${key}.${name}"`;
      if (name === "enabled") {
        if (typeof value !== "boolean") throw new CheckOptionsError(`${where} must be true or false (got ${JSON.stringify(value)})`);
        continue;
      }
      if (name === "severity") {
        if (typeof value !== "string" || !SEVERITIES.includes(value)) throw new CheckOptionsError(`${where} must be "error", "warning" or "info" (got ${JSON.stringify(value)})`);
        continue;
      }
      const spec = check.meta.options[name];
      if (!spec) {
        const known = Object.keys(check.meta.options);
        throw new CheckOptionsError(`check ${check.meta.code} ${check.meta.name} has no option "${name}" (${known.length > 0 ? `its options: ${known.join(", ")}` : "it has no options"})`);
      }
      if (typeof value !== typeof spec.default || (typeof value === "number" && !Number.isFinite(value))) {
        throw new CheckOptionsError(`${where} must be a ${typeof spec.default === "number" ? "finite number" : typeof spec.default} (got ${JSON.stringify(value)})`);
      }
    }
  }
}

/** The enabled checks with their options (catalogue defaults overlaid with the user's values). */
export function resolveChecks(registry: readonly AnyCheck[], configs: Record<string, CheckConfig> | undefined): ResolvedCheck[] {
  if (configs) validateConfigs(registry, configs);
  const resolved: ResolvedCheck[] = [];
  for (const check of registry) {
    const config = configFor(check, configs);
    if (config.enabled === false) continue;
    const options: CheckOptionValues = {};
    for (const [name, spec] of Object.entries(check.meta.options)) options[name] = spec.default;
    for (const [name, value] of Object.entries(config)) {
      if (name === "enabled" || name === "severity" || value === undefined) continue;
      options[name] = value;
    }
    resolved.push({ check, severity: config.severity ?? check.meta.severity, severityOverridden: config.severity !== undefined, options });
  }
  return resolved;
}
