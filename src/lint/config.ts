/**
 * Configuration: `nncheck.config.json`, or the `[tool.nncheck]` table of `pyproject.toml`, found in the
 * working directory or its parents (or named with `--config`). Every key is validated here; a bad config
 * is a ConfigError naming the file and the key, which the CLI turns into exit code 2.
 */
import path from "node:path";
import { SEVERITY_OVERRIDES, type SeverityOverride } from "./engine.js";
import { readRegularFile } from "./files.js";
import { checkGlob, GlobError } from "./globs.js";
import { resolveSimulationSettings, SimulationSettingsError } from "../simulate/options.js";

export type FailOn = "error" | "warning" | "info" | "never";
export const FAIL_ON_VALUES: readonly FailOn[] = ["error", "warning", "info", "never"];

export interface NncheckConfig {
  select?: string[];
  ignore?: string[];
  preview?: boolean;
  severity?: Record<string, SeverityOverride>;
  options?: Record<string, Record<string, unknown>>;
  failOn?: FailOn;
  exclude?: string[];
  inputShape?: number[];
  /** Dynamic checks (watch, check-trace): per check code or name, `enabled`, `severity` and thresholds. */
  checks?: Record<string, unknown>;
  /** Dynamic checks: the sampling period in steps. */
  period?: number;
  /** `lint --simulate`: the simulation's budget and data settings (src/simulate/options.ts). */
  simulate?: Record<string, unknown>;
  /** The preflight's budgets (iterations, sample sizes, wall-time cap); validated by the preflight. */
  preflight?: Record<string, unknown>;
}

export interface LoadedConfig {
  config: NncheckConfig;
  /** The file it came from; undefined when no config file was found or `--no-config` was given. */
  file?: string;
}

export class ConfigError extends Error {
  constructor(
    message: string,
    readonly file: string | undefined,
    readonly key: string | undefined,
  ) {
    super(message);
    this.name = "ConfigError";
  }
}

export const CONFIG_FILE_NAMES = ["nncheck.config.json", "pyproject.toml"] as const;

const KNOWN_KEYS = ["select", "ignore", "preview", "severity", "options", "failOn", "exclude", "inputShape", "checks", "period", "simulate", "preflight"] as const;

type Raw = Record<string, unknown>;

function isPlainObject(value: unknown): value is Raw {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function fail(file: string | undefined, key: string, problem: string): never {
  throw new ConfigError(`${file ?? "configuration"}: "${key}" ${problem}`, file, key);
}

function stringList(value: unknown, file: string | undefined, key: string): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) {
    fail(file, key, "must be a list of strings");
  }
  return value as string[];
}

/** Parses an input shape given as `[28, 28, 1]` or "28,28,1" (without the batch dimension). */
export function parseInputShape(value: unknown, file: string | undefined, key: string): number[] {
  const parts = typeof value === "string" ? value.split(",").map((p) => (p.trim() === "" ? NaN : Number(p))) : value;
  if (!Array.isArray(parts) || parts.length === 0 || !parts.every((d) => Number.isInteger(d) && (d as number) > 0)) {
    fail(file, key, 'must be a list of positive integers (without the batch dimension), e.g. [28, 28, 1] or "28,28,1"');
  }
  return parts as number[];
}

/** Checks a raw config object (from JSON or TOML) and returns it typed. */
export function validateConfig(raw: unknown, file?: string): NncheckConfig {
  if (!isPlainObject(raw)) fail(file, "(root)", "must be an object");
  const config: NncheckConfig = {};
  for (const [key, value] of Object.entries(raw)) {
    switch (key as (typeof KNOWN_KEYS)[number]) {
      case "select":
      case "ignore":
        config[key as "select" | "ignore"] = stringList(value, file, key);
        break;
      case "exclude":
        config.exclude = stringList(value, file, key);
        config.exclude.forEach((glob, i) => {
          try {
            checkGlob(glob);
          } catch (error) {
            if (error instanceof GlobError) fail(file, `exclude[${i}]`, `is not a valid pattern: ${error.reason}`);
            throw error;
          }
        });
        break;
      case "preview":
        if (typeof value !== "boolean") fail(file, key, "must be true or false");
        config.preview = value;
        break;
      case "failOn":
        if (!FAIL_ON_VALUES.includes(value as FailOn)) fail(file, key, `must be one of ${FAIL_ON_VALUES.join(", ")}`);
        config.failOn = value as FailOn;
        break;
      case "inputShape":
        config.inputShape = parseInputShape(value, file, key);
        break;
      case "severity": {
        if (!isPlainObject(value)) fail(file, key, 'must map rule codes to "error", "warning", "info" or "off"');
        for (const [code, level] of Object.entries(value)) {
          if (typeof level !== "string" || !SEVERITY_OVERRIDES.includes(level as SeverityOverride)) {
            fail(file, `severity.${code}`, 'must be "error", "warning", "info" or "off"');
          }
        }
        config.severity = value as Record<string, SeverityOverride>;
        break;
      }
      case "options": {
        if (!isPlainObject(value)) fail(file, key, "must map rule codes to objects of option values");
        for (const [code, options] of Object.entries(value)) {
          if (!isPlainObject(options)) fail(file, `options.${code}`, "must be an object of option values");
        }
        config.options = value as Record<string, Record<string, unknown>>;
        break;
      }
      case "checks":
        // The dynamic checks' settings (per check: enabled, severity, thresholds); validated by the check engine.
        if (!isPlainObject(value)) fail(file, key, "must map check codes or names to objects of settings");
        config.checks = value;
        break;
      case "period":
        if (typeof value !== "number" || !Number.isInteger(value) || value < 1) fail(file, key, "must be a positive integer (steps)");
        config.period = value;
        break;
      case "simulate":
        if (!isPlainObject(value)) fail(file, key, "must be an object of simulation settings (steps, timeLimit, batchSize...)");
        try {
          resolveSimulationSettings(value);
        } catch (error) {
          if (error instanceof SimulationSettingsError) fail(file, `simulate.${error.key}`, error.message.replace(/^"[^"]*" /, ""));
          throw error;
        }
        config.simulate = value as Record<string, unknown>;
        break;
      case "preflight":
        if (!isPlainObject(value)) fail(file, key, "must be an object of budget settings");
        config.preflight = value;
        break;
      default:
        fail(file, key, `is not a known key (known: ${KNOWN_KEYS.join(", ")})`);
    }
  }
  return config;
}

/**
 * Reads the raw config object from a file's text. For TOML the `[tool.nncheck]` table is used
 * (undefined when a pyproject.toml has none); other files are JSON.
 */
export async function parseConfigText(text: string, file: string): Promise<unknown> {
  if (file.toLowerCase().endsWith(".toml")) {
    const { parse, TomlError } = await import("smol-toml");
    let doc: Record<string, unknown>;
    try {
      doc = parse(text);
    } catch (error) {
      const detail = error instanceof TomlError ? error.message.split("\n")[0] : String(error);
      throw new ConfigError(`${file}: invalid TOML: ${detail}`, file, undefined);
    }
    const tool = doc["tool"];
    const section = isPlainObject(tool) ? tool["nncheck"] : undefined;
    if (section !== undefined) return section;
    return path.basename(file) === "pyproject.toml" ? undefined : doc;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ConfigError(`${file}: invalid JSON: ${error instanceof Error ? error.message : String(error)}`, file, undefined);
  }
}

/** Largest config file read (a generated exclude list can be long); reading stops there. */
export const MAX_CONFIG_BYTES = 64 * 1024 * 1024;

/** A config file's text; undefined when there is none. A FIFO or device in its place is refused, never opened. */
async function readIfExists(file: string): Promise<string | undefined> {
  const read = readRegularFile(file, MAX_CONFIG_BYTES);
  if (read.ok) return new TextDecoder("utf-8").decode(read.bytes);
  if (read.kind === "missing" || read.directory) return undefined;
  const why = read.kind === "too-large" ? `larger than the ${MAX_CONFIG_BYTES / 1024 / 1024} MB limit` : read.message;
  throw new ConfigError(`${file}: cannot read: ${why}`, file, undefined);
}

export interface LoadConfigOptions {
  cwd?: string;
  /** An explicit config file (`--config`); it must exist. */
  configPath?: string;
  /** `--no-config`: use defaults only. */
  noConfig?: boolean;
}

/** Finds and loads the configuration that applies to a run. */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<LoadedConfig> {
  const cwd = options.cwd ?? process.cwd();
  if (options.noConfig) return { config: {} };
  if (options.configPath !== undefined) {
    const file = path.resolve(cwd, options.configPath);
    const text = await readIfExists(file);
    if (text === undefined) throw new ConfigError(`${options.configPath}: config file not found`, options.configPath, undefined);
    const raw = await parseConfigText(text, file);
    if (raw === undefined) {
      throw new ConfigError(`${options.configPath}: has no [tool.nncheck] table`, options.configPath, undefined);
    }
    return { config: validateConfig(raw, options.configPath), file };
  }
  // Nearest directory first; in one directory nncheck.config.json wins over pyproject.toml.
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    for (const name of CONFIG_FILE_NAMES) {
      const file = path.join(dir, name);
      const text = await readIfExists(file);
      if (text === undefined) continue;
      const raw = await parseConfigText(text, file);
      if (raw === undefined) continue; // a pyproject.toml without [tool.nncheck]
      return { config: validateConfig(raw, path.relative(cwd, file) || name), file };
    }
    if (path.dirname(dir) === dir) return { config: {} };
  }
}
