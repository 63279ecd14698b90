/**
 * The rule engine: which rules run (selection, preview, severity overrides), with which options, and one
 * pass of every active rule over a ProgramModel. Everything cross-cutting lives here so rules stay small:
 * the engine merges and validates options, refuses reports with undeclared message ids, and isolates a
 * rule that throws so the other rules still run.
 */
import type { ProgramModel } from "../model/program.js";
import { formatMessage, INTERNAL_ERROR_CODE, type Finding, type RuleDescriptor, type Severity } from "../report/finding.js";
import type { AnyRule, RuleReport } from "./rule.js";

export type SeverityOverride = Severity | "off";
export type OptionValue = number | string | boolean;

/** The user's choices that shape a lint run (config file merged with CLI flags). */
export interface EngineSettings {
  /** Code prefixes (`S2`, `S201`) or rule names (`missing-softmax`); default: every stable rule. */
  select?: string[];
  ignore?: string[];
  /** Enables preview rules matched by `select` (they always run when selected by full code or name). */
  preview?: boolean;
  severity?: Record<string, SeverityOverride>;
  options?: Record<string, Record<string, unknown>>;
}

/** A problem in the user's settings (unknown selector, option or level): a usage error, exit 2. */
export class SettingsError extends Error {
  constructor(
    message: string,
    /** The settings key at fault (`select`, `options.S402.maxLearningRate`...). */
    readonly key: string,
  ) {
    super(message);
    this.name = "SettingsError";
  }
}

export interface ActiveRule {
  rule: AnyRule;
  severity: Severity;
  /** True when the user set this rule's severity; a rule's per-report severity then gives way. */
  severityOverridden: boolean;
  options: Record<string, OptionValue>;
}

export interface Engine {
  /** The rules that will run, in registry order, with their effective severity and options. */
  readonly active: readonly ActiveRule[];
  /** Runs every active rule once over the program; never throws. Findings come in rule order (see sortAndDeduplicate). */
  run(program: ProgramModel): Finding[];
}

/** Every level a user may give a rule (config `severity`, `--severity`). */
export const SEVERITY_OVERRIDES: readonly SeverityOverride[] = ["error", "warning", "info", "off"];

/** How specifically a selector names a rule: 0 = not at all, else longer is more specific, a name or full code wins. */
function selectorSpecificity(selector: string, meta: RuleDescriptor): number {
  if (isExplicit(selector, meta)) return Number.MAX_SAFE_INTEGER;
  const upper = selector.toUpperCase();
  if (upper === "ALL") return 1;
  return meta.code.startsWith(upper) ? selector.length + 1 : 0;
}

/** A full code (any case) or the exact name. */
function isExplicit(selector: string, meta: RuleDescriptor): boolean {
  return selector === meta.name || selector.toUpperCase() === meta.code;
}

function checkSelectorsKnown(selectors: readonly string[], rules: readonly AnyRule[], key: string): void {
  for (const selector of selectors) {
    if (!rules.some((rule) => selectorSpecificity(selector, rule.meta) > 0)) {
      throw new SettingsError(`Unknown rule selector "${selector}" in ${key}: it matches no rule code or name.`, key);
    }
  }
}

/**
 * Whether a rule runs. The most specific matching selector decides (Ruff's model: `--select S2 --ignore S205`
 * runs S201 but not S205; `--select S205 --ignore S2` runs S205); on a tie, ignore wins. Preview and
 * deprecated rules need an explicit full code or name, or `preview` for preview rules matched by prefix.
 */
export function isRuleSelected(meta: RuleDescriptor, settings: EngineSettings): boolean {
  const select = settings.select ?? [];
  const ignore = settings.ignore ?? [];
  const bestSelect = select.length === 0 ? 1 : Math.max(0, ...select.map((s) => selectorSpecificity(s, meta)));
  const bestIgnore = Math.max(0, ...ignore.map((s) => selectorSpecificity(s, meta)));
  if (bestSelect === 0 || bestIgnore >= bestSelect) return false;
  if (meta.lifecycle === "stable") return true;
  const explicit = select.some((s) => isExplicit(s, meta));
  if (meta.lifecycle === "preview") return explicit || settings.preview === true;
  return explicit;
}

function findSeverityOverride(meta: RuleDescriptor, overrides: Record<string, SeverityOverride>): SeverityOverride | undefined {
  // A code or name override beats a prefix override; the longest prefix wins among prefixes.
  let best: { specificity: number; level: SeverityOverride } | undefined;
  for (const [selector, level] of Object.entries(overrides)) {
    const specificity = selectorSpecificity(selector, meta);
    if (specificity > 0 && (best === undefined || specificity > best.specificity)) best = { specificity, level };
  }
  return best?.level;
}

function checkSeverityOverrides(overrides: Record<string, SeverityOverride>, rules: readonly AnyRule[]): void {
  for (const [selector, level] of Object.entries(overrides)) {
    const key = `severity.${selector}`;
    if (!SEVERITY_OVERRIDES.includes(level)) {
      throw new SettingsError(`Invalid severity "${String(level)}" for ${selector} (${key}): expected error, warning, info or off.`, key);
    }
    checkSelectorsKnown([selector], rules, key);
  }
}

/** Merges the user's options over the rule's defaults, rejecting unknown names and values of the wrong type. */
export function mergeRuleOptions(meta: RuleDescriptor, given: Record<string, unknown> | undefined): Record<string, OptionValue> {
  const merged: Record<string, OptionValue> = {};
  for (const [name, spec] of Object.entries(meta.options)) merged[name] = spec.default;
  for (const [name, value] of Object.entries(given ?? {})) {
    const key = `options.${meta.code}.${name}`;
    const spec = meta.options[name];
    if (spec === undefined) {
      const known = Object.keys(meta.options);
      const hint = known.length > 0 ? `known options: ${known.join(", ")}` : "it has no options";
      throw new SettingsError(`Unknown option "${name}" for rule ${meta.code} (${meta.name}) in ${key}: ${hint}.`, key);
    }
    if (typeof value !== typeof spec.default) {
      throw new SettingsError(
        `Option ${key} must be a ${typeof spec.default}, got ${JSON.stringify(value)}.`,
        key,
      );
    }
    merged[name] = value as OptionValue;
  }
  return merged;
}

function findRuleForOptions(selector: string, rules: readonly AnyRule[]): AnyRule {
  const rule = rules.find((r) => r.meta.code === selector.toUpperCase() || r.meta.name === selector);
  if (rule === undefined) {
    throw new SettingsError(`Unknown rule "${selector}" in options: options are given per full rule code or name.`, `options.${selector}`);
  }
  return rule;
}

/** Resolves the settings against a rule registry. Throws SettingsError for anything it does not understand. */
export function createEngine(rules: readonly AnyRule[], settings: EngineSettings = {}): Engine {
  checkSelectorsKnown(settings.select ?? [], rules, "select");
  checkSelectorsKnown(settings.ignore ?? [], rules, "ignore");
  const overrides = settings.severity ?? {};
  checkSeverityOverrides(overrides, rules);

  const givenOptions = new Map<AnyRule, Record<string, unknown>>();
  for (const [selector, options] of Object.entries(settings.options ?? {})) {
    givenOptions.set(findRuleForOptions(selector, rules), options);
  }

  const active: ActiveRule[] = [];
  for (const rule of rules) {
    // Options are validated even for rules that do not run, so a typo never hides.
    const options = mergeRuleOptions(rule.meta, givenOptions.get(rule));
    if (!isRuleSelected(rule.meta, settings)) continue;
    const override = findSeverityOverride(rule.meta, overrides);
    const severity = override ?? rule.meta.severity;
    if (severity === "off") continue;
    active.push({ rule, severity, severityOverridden: override !== undefined, options });
  }
  return { active, run: (program) => runRules(active, program) };
}

/** A finding for a bug in nncheck itself (a rule or front end that failed), placed at the top of the file. */
export function internalErrorFinding(file: string, message: string): Finding {
  return { code: INTERNAL_ERROR_CODE, name: "internal-error", severity: "error", message, file, line: 1, column: 1 };
}

function toFinding(active: ActiveRule, report: RuleReport): Finding {
  const { meta } = active.rule;
  const finding: Finding = {
    code: meta.code,
    name: meta.name,
    severity: active.severityOverridden ? active.severity : (report.severity ?? active.severity),
    message: formatMessage(meta.messages[report.messageId] ?? "", report.data),
    file: report.span.file,
    line: report.span.line,
    column: report.span.column,
    endLine: report.span.endLine,
    endColumn: report.span.endColumn,
  };
  if (report.layer !== undefined) {
    finding.layer = { name: report.layer.name, kind: report.layer.kind, index: report.layer.index };
  }
  return finding;
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function runRules(active: readonly ActiveRule[], program: ProgramModel): Finding[] {
  const findings: Finding[] = [];
  const activeCodes = new Set(active.map((entry) => entry.rule.meta.code));
  const isActive = (code: string): boolean => activeCodes.has(code.toUpperCase());
  for (const entry of active) {
    const { meta } = entry.rule;
    const reported: Finding[] = [];
    try {
      entry.rule.check({
        program,
        options: entry.options,
        isActive,
        report(report: RuleReport) {
          if (!Object.hasOwn(meta.messages, report.messageId)) {
            throw new Error(`reported undeclared messageId "${report.messageId}"`);
          }
          reported.push(toFinding(entry, report));
        },
      });
      findings.push(...reported);
    } catch (error) {
      // A crashing rule is a bug in nncheck, not in the user's program: say which rule, keep going.
      findings.push(internalErrorFinding(program.file, `Rule ${meta.code} (${meta.name}) failed: ${describeError(error)}`));
    }
  }
  return findings;
}

function compareOptional<T extends string | number>(a: T | undefined, b: T | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  return a < b ? -1 : 1;
}

/** Orders findings by file, line, column, code. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    compareOptional(a.file, b.file) ||
    compareOptional(a.line, b.line) ||
    compareOptional(a.column, b.column) ||
    compareOptional(a.code, b.code) ||
    compareOptional(a.message, b.message)
  );
}

function findingKey(finding: Finding): string {
  const { code, severity, message, file, line, column, endLine, endColumn, layer } = finding;
  // The layer's name, not its index: a Sequential wrapped in a functional Model (`Model(x, seq(x))`) is the same
  // layers in two models, and the same finding at the same place must be shown once.
  return JSON.stringify([code, severity, message, file, line, column, endLine, endColumn, layer?.name]);
}

/** Sorts findings and removes exact duplicates (the same rule, place and message reported twice). */
export function sortAndDeduplicate(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  const unique: Finding[] = [];
  for (const finding of findings) {
    const key = findingKey(finding);
    if (seen.has(key)) continue;
    seen.add(key);
    unique.push(finding);
  }
  return unique.sort(compareFindings);
}
