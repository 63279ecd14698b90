/**
 * `lint()`: files in, Report out. Collects the files, reads each defensively, hands it to its front end,
 * runs the engine over the extracted ProgramModel, applies suppressions, and summarises. One bad file never
 * stops the others.
 */
import { lstatSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import type { Frontend, FrontendOptions, FrontendResult } from "../frontends/frontend.js";
import type { DataFacts, FrontendNote, ProgramModel } from "../model/program.js";
import { INTERNAL_ERROR_CODE, isSkippedFile, SEVERITY_RANK, type FileResult, type FileUnderstanding, type Finding, type Report, type ReportSummary, type Severity } from "../report/finding.js";
import { ConfigError, loadConfig, type FailOn, type NncheckConfig } from "./config.js";
import { createEngine, internalErrorFinding, SettingsError, sortAndDeduplicate, type Engine, type EngineSettings } from "./engine.js";
import { foldRepeats } from "../report/fold.js";
import { collectFiles, isTfjsFile, readSourceFile, unsupportedTfjsProblem, type FileProblem } from "./files.js";
import type { AnyRule } from "./rule.js";
import { lintInWorkers, workersAvailable, type LintedFile } from "./pool.js";
import { inShard, type Shard } from "./shard.js";
import type { SimulationOptions } from "../simulate/simulate-report.js";
import { applySuppressions, commentSyntaxOf, parseSuppressions } from "./suppressions.js";

export interface LintOptions extends EngineSettings {
  /** Base of relative paths and where config discovery starts (default: process.cwd()). */
  cwd?: string;
  /** A config file to use; `false` for none. Default: discovered from cwd for `lint`, none for `lintSource`. */
  config?: string | false;
  exclude?: string[];
  /** Model input shape without the batch dimension, for programs that do not reveal it. */
  inputShape?: number[];
  /** Report suppression comments that suppressed nothing (as info findings). */
  reportUnusedSuppressions?: boolean;
  /** The rule registry (default: every built-in rule). */
  rules?: readonly AnyRule[];
  /** The Python front end (default: the built-in one); tests pass fakes. */
  frontend?: Frontend;
  /**
   * Worker threads for `lint()` (default 1: in-process). The report is the same whatever the number. Custom
   * `rules` or `frontend` cannot cross to a worker: with them, files are linted in-process. `"auto"`: one
   * worker per core when the files are large enough in all to repay starting workers, else in-process.
   */
  jobs?: number | "auto";
  /** Lint only the files of this shard (`{ index: 2, count: 3 }`: the second of three), by a hash of their path. */
  shard?: Shard;
  /** Also simulate each file's models as TF.js twins and run the dynamic checks on them (`--simulate`; needs @tensorflow/tfjs). */
  simulate?: boolean | SimulationOptions;
}

/** Settings after config and options were merged: what a run actually uses. */
export interface ResolvedLintSettings extends EngineSettings {
  failOn?: FailOn;
  exclude: string[];
  inputShape?: number[];
  /** The config file used, if any (exclude globs are relative to its directory). */
  configFile?: string;
}

async function defaultRules(): Promise<readonly AnyRule[]> {
  // Loaded on first use so `nncheck --help` and `--version` stay instant.
  const { allRules } = await import("./rules/index.js");
  return allRules;
}

async function defaultFrontend(): Promise<Frontend> {
  const { analyzePython } = await import("../frontends/python/index.js");
  return analyzePython;
}

/** Overlays options on a config: lists and scalars given in options replace the config's; `ignore` adds to it; maps merge per key. */
export function mergeSettings(config: NncheckConfig, options: LintOptions): Omit<ResolvedLintSettings, "configFile"> {
  const severity = { ...config.severity, ...options.severity };
  const ruleOptions: Record<string, Record<string, unknown>> = { ...config.options };
  for (const [code, values] of Object.entries(options.options ?? {})) ruleOptions[code] = { ...ruleOptions[code], ...values };
  const merged: Omit<ResolvedLintSettings, "configFile"> = {
    select: options.select ?? config.select,
    ignore: [...(config.ignore ?? []), ...(options.ignore ?? [])],
    preview: options.preview ?? config.preview,
    severity,
    options: ruleOptions,
    failOn: config.failOn,
    exclude: [...(config.exclude ?? []), ...(options.exclude ?? [])],
    inputShape: options.inputShape ?? config.inputShape,
  };
  return merged;
}

/** A dynamic-check code or prefix (`D`, `D3`, `D302`): meaningful to `watch`/`check-trace`, not to lint. */
function isDynamicSelector(selector: string): boolean {
  return /^D\d*$/i.test(selector);
}

function withoutDynamic<T>(entries: Record<string, T> | undefined): Record<string, T> | undefined {
  return entries === undefined ? undefined : Object.fromEntries(Object.entries(entries).filter(([key]) => !isDynamicSelector(key)));
}

/**
 * The part of a config file that concerns static rules. One config serves lint and the dynamic checks, so
 * dynamic codes in it are skipped here rather than rejected as unknown.
 */
export function staticPart(config: NncheckConfig): NncheckConfig {
  const part: NncheckConfig = { ...config };
  const select = config.select?.filter((s) => !isDynamicSelector(s));
  if (select !== undefined) {
    if (select.length > 0) part.select = select;
    else delete part.select;
  }
  if (config.ignore !== undefined) part.ignore = config.ignore.filter((s) => !isDynamicSelector(s));
  const severity = withoutDynamic(config.severity);
  const options = withoutDynamic(config.options);
  if (severity !== undefined) part.severity = severity;
  if (options !== undefined) part.options = options;
  return part;
}

/**
 * Loads the config (unless `config: false`), checks it against the registry so a bad code in the file is
 * reported against the file, then overlays the options.
 */
export async function resolveSettings(options: LintOptions, rules: readonly AnyRule[], discover: boolean): Promise<ResolvedLintSettings> {
  const cwd = options.cwd ?? process.cwd();
  const loaded = await loadConfig({
    cwd,
    noConfig: options.config === false || (options.config === undefined && !discover),
    ...(typeof options.config === "string" ? { configPath: options.config } : {}),
  });
  loaded.config = staticPart(loaded.config);
  if (loaded.file !== undefined) {
    try {
      createEngine(rules, loaded.config);
    } catch (error) {
      if (error instanceof SettingsError) {
        const shown = path.relative(cwd, loaded.file) || loaded.file;
        throw new ConfigError(`${shown}: ${error.message}`, shown, error.key);
      }
      throw error;
    }
  }
  const resolved: ResolvedLintSettings = { ...mergeSettings(loaded.config, options) };
  if (loaded.file !== undefined) resolved.configFile = loaded.file;
  return resolved;
}

/** What every file of a run shares, settled once per run. */
interface FileRun {
  engine: Engine;
  frontend: Frontend;
  frontendOptions: FrontendOptions;
  reportUnusedSuppressions: boolean;
}

function fileProblemResult(problem: FileProblem): FileResult {
  return { path: problem.path, parsed: false, error: { message: problem.message, kind: problem.kind } };
}

async function lintText(source: string, file: string, run: FileRun): Promise<{ result: FileResult; findings: Finding[] }> {
  if (isTfjsFile(file)) return { result: fileProblemResult(unsupportedTfjsProblem(file)), findings: [] };
  const result: FileResult = { path: file, parsed: true, source };
  let program: ProgramModel | undefined;
  let extracted: FrontendResult | undefined;
  try {
    extracted = await run.frontend(source, file, run.frontendOptions);
    program = extracted.program;
    const first = extracted.syntaxErrors[0];
    if (first !== undefined) {
      result.parsed = false;
      result.error = { message: first.message, line: first.line, column: first.column, kind: "syntax" };
    }
  } catch (error) {
    // The front end promises never to throw; if it does, it is our bug, reported as such.
    result.parsed = false;
    const message = `Front end failed on this file: ${error instanceof Error ? error.message : String(error)}`;
    return { result, findings: [internalErrorFinding(file, message)] };
  }
  if (program === undefined) return { result, findings: [] };
  result.understood = understanding(program, extracted.partial === true);
  if (extracted.assumedImports !== undefined && extracted.assumedImports.length > 0) result.assumed = extracted.assumedImports.map((a) => ({ ...a }));
  if (program.notes.length > 0) result.notes = program.notes.map(noteEntry);

  const findings = run.engine.run(program);
  if (!source.includes("nncheck:")) return { result, findings };
  const suppressions = parseSuppressions(source, commentSyntaxOf(file));
  // Internal errors are nncheck's own bugs: a suppression comment must not hide them.
  const internal = findings.filter((f) => f.code === INTERNAL_ERROR_CODE);
  const ordinary = findings.filter((f) => f.code !== INTERNAL_ERROR_CODE);
  const { kept, unused } = applySuppressions(ordinary, suppressions, file);
  return { result, findings: [...kept, ...internal, ...(run.reportUnusedSuppressions ? unused : [])] };
}

/** What a front end extracted of a program, as the report tells it. */
export function understanding(program: ProgramModel, partial: boolean): FileUnderstanding {
  const models = program.models.filter((m) => m.architecture.layers.length > 0);
  const known = (facts: DataFacts | undefined): boolean =>
    facts !== undefined && (facts.shape !== undefined || facts.range !== undefined || facts.origin !== undefined || facts.encoding !== undefined);
  const understood: FileUnderstanding = {
    models: models.length,
    learner: models.some((m) => m.learner?.loss !== undefined || m.learner?.optimizer !== undefined),
    data: models.some((m) => m.training.some((loop) => known(loop.x) || known(loop.y))),
  };
  if (partial) understood.partial = true;
  return understood;
}

function noteEntry(note: FrontendNote): NonNullable<FileResult["notes"]>[number] {
  return note.span ? { message: note.message, line: note.span.line, column: note.span.column } : { message: note.message };
}

/** Counts findings and file problems into the report summary. */
export function summarize(files: readonly FileResult[], findings: readonly Finding[], durationMs: number): ReportSummary {
  const count = (severity: Severity): number => findings.filter((f) => f.severity === severity).length;
  const linted = files.filter((f) => f.error?.kind !== "missing");
  // Lint reports say how many files were read without a model being recognised; dynamic reports have no such files.
  const read = linted.some((f) => f.understood !== undefined);
  return {
    files: linted.length,
    filesWithErrors: linted.filter((f) => f.error !== undefined).length,
    ...(read ? { filesWithoutModel: linted.filter((f) => f.understood?.models === 0).length } : {}),
    errors: count("error"),
    warnings: count("warning"),
    infos: count("info"),
    durationMs,
  };
}

/** A configured lint run: settings resolved, engine built, front end loaded. */
export interface Linter {
  settings: ResolvedLintSettings;
  lint(paths: readonly string[]): Promise<Report>;
  lintSource(source: string, file: string): Promise<Report>;
  /** Reads and lints one collected file (its findings unsorted): the unit of work of `lint`. */
  lintFile(file: string): Promise<LintedFile>;
}

function buildReport(files: FileResult[], findings: Finding[], engine: Engine, started: number): Report {
  const sorted = foldRepeats(sortAndDeduplicate(findings));
  return {
    tool: "lint",
    files,
    findings: sorted,
    rules: engine.active.map((a) => a.rule.meta),
    summary: summarize(files, sorted, Math.round(performance.now() - started)),
  };
}

/**
 * Resolves configuration and options into a Linter. Throws ConfigError / SettingsError for a bad
 * configuration or selection, before any file is read. `discoverConfig` looks for a config file from cwd
 * up when `options.config` is undefined.
 */
export async function createLinter(options: LintOptions = {}, discoverConfig = true): Promise<Linter> {
  const cwd = options.cwd ?? process.cwd();
  const rules = options.rules ?? (await defaultRules());
  const settings = await resolveSettings(options, rules, discoverConfig);
  const engine = createEngine(rules, settings);
  const frontend = options.frontend ?? (await defaultFrontend());
  const run: FileRun = {
    engine,
    frontend,
    frontendOptions: settings.inputShape === undefined ? {} : { inputShape: settings.inputShape },
    reportUnusedSuppressions: options.reportUnusedSuppressions === true,
  };
  // Simulation is loaded only when asked for: it needs TF.js.
  const finish = async (report: Report): Promise<Report> => {
    if (options.simulate === undefined || options.simulate === false) return report;
    const { simulateReport } = await import("../simulate/simulate-report.js");
    const context = { cwd, frontend, frontendOptions: run.frontendOptions, ...(settings.configFile !== undefined ? { configFile: settings.configFile } : {}) };
    return simulateReport(report, options.simulate === true ? {} : options.simulate, context);
  };

  const lintFile = async (file: string): Promise<LintedFile> => {
    const read = await readSourceFile(file, cwd);
    return read.ok ? lintText(read.source, file, run) : { result: fileProblemResult(read.problem), findings: [] };
  };
  const lintAll = async (files: readonly string[]): Promise<LintedFile[]> => {
    const jobs = options.jobs === "auto" ? autoJobs(files, cwd) : Math.max(1, Math.floor(options.jobs ?? 1));
    if (jobs > 1 && files.length > 1 && options.rules === undefined && options.frontend === undefined && workersAvailable()) {
      try {
        return await lintInWorkers(files, jobs, workerSettings(options, settings, cwd));
      } catch {
        // Workers could not start (an unusual runtime): the same work, in-process.
      }
    }
    const linted: LintedFile[] = [];
    for (const file of files) linted.push(await lintFile(file));
    return linted;
  };

  return {
    settings,
    lintFile,
    async lint(paths) {
      const started = performance.now();
      const collectOptions = {
        cwd,
        exclude: settings.exclude,
        ...(settings.configFile !== undefined ? { excludeBase: path.dirname(settings.configFile) } : {}),
      };
      const collected = await collectFiles(paths.length > 0 ? paths : ["."], collectOptions);
      // A missing path is a usage error every shard reports; other files belong to one shard.
      const files = collected.files.filter((file) => inShard(file, cwd, options.shard));
      const problems = collected.problems.filter((problem) => problem.kind === "missing" || inShard(problem.path, cwd, options.shard));
      const results: FileResult[] = problems.map(fileProblemResult);
      const findings: Finding[] = [];
      for (const linted of await lintAll(files)) {
        results.push(linted.result);
        findings.push(...linted.findings);
      }
      results.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
      return finish(buildReport(results, findings, engine, started));
    },
    async lintSource(source, file) {
      const started = performance.now();
      const linted = await lintText(source, file, run);
      return finish(buildReport([linted.result], linted.findings, engine, started));
    },
  };
}

/**
 * The options a worker builds the same linter from, as plain data: the caller's options (any other plain
 * setting passes through) with the resolved settings over them, and no config lookup.
 */
function workerSettings(options: LintOptions, settings: ResolvedLintSettings, cwd: string): LintOptions {
  const { rules: _rules, frontend: _frontend, jobs: _jobs, shard: _shard, exclude: _exclude, simulate: _simulate, ...plain } = options;
  const resolved: LintOptions = { ...plain, cwd, config: false, ignore: settings.ignore, severity: settings.severity ?? {}, options: settings.options ?? {} };
  if (settings.select !== undefined) resolved.select = settings.select;
  if (settings.preview !== undefined) resolved.preview = settings.preview;
  if (settings.inputShape !== undefined) resolved.inputShape = settings.inputShape;
  return resolved;
}

/** Lints files and directories (default: the current directory), with the config file found from cwd. */
export async function lint(paths: readonly string[], options: LintOptions = {}): Promise<Report> {
  return (await createLinter(options, true)).lint(paths);
}

/** Lints one in-memory source as if it were the file `file` (whose extension picks the front end). */
export async function lintSource(source: string, file: string, options: LintOptions = {}): Promise<Report> {
  return (await createLinter(options, false)).lintSource(source, file);
}

/** File problems that make the run a usage error (exit 2): paths that do not exist. */
export function missingPaths(report: Report): string[] {
  return report.files.filter((f) => f.error?.kind === "missing").map((f) => f.path);
}

/**
 * The exit code the findings alone decide, shared by every command that reports: 2 for an internal error
 * (a bug in nncheck), 1 for a finding at or above the fail-on level, else 0.
 */
export function findingsExitCode(findings: readonly Finding[], failOn: FailOn): 0 | 1 | 2 {
  if (findings.some((f) => f.code === INTERNAL_ERROR_CODE)) return 2;
  if (failOn === "never") return 0;
  const threshold = SEVERITY_RANK[failOn];
  return findings.some((f) => SEVERITY_RANK[f.severity] >= threshold) ? 1 : 0;
}

/**
 * The process exit code for a lint report: 2 for internal errors or missing paths, 1 when a finding at or
 * above the fail-on level was reported (or a file could not be read or parsed), else 0.
 */
export function exitCodeFor(report: Report, failOn: FailOn = "warning"): 0 | 1 | 2 {
  if (missingPaths(report).length > 0) return 2;
  const byFindings = findingsExitCode(report.findings, failOn);
  if (byFindings !== 0 || failOn === "never") return byFindings;
  // Missing paths returned 2 above; a file skipped on purpose is a notice, any other file problem fails.
  return report.files.some((f) => f.error !== undefined && !isSkippedFile(f.error)) ? 1 : 0;
}

/**
 * Starting a worker costs about as much as linting a few hundred small programs in-process (each worker loads
 * the parser), so workers pay only on large runs: from this many bytes of source in all.
 */
const AUTO_WORKER_BYTES = 384 * 1024;

/** `--jobs` unset: one worker per core on a large run, in-process on a small one (sizes from lstat; unreadable files count 0). */
export function autoJobs(files: readonly string[], cwd: string): number {
  const cores = availableParallelism();
  if (cores < 2 || files.length < 2) return 1;
  let bytes = 0;
  for (const file of files) {
    try {
      bytes += lstatSync(path.resolve(cwd, file)).size;
    } catch {
      // Reported when the file is read.
    }
    if (bytes >= AUTO_WORKER_BYTES) return cores;
  }
  return 1;
}
