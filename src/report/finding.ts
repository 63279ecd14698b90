/**
 * What reporters consume: findings (static or dynamic) and the metadata of the rules that produced them.
 * Both lint and the dynamic checks produce these; reporters are pure functions of them.
 */
import type { TraceDigest } from "../telemetry/digest.js";

export type Severity = "error" | "warning" | "info";

export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { info: 1, warning: 2, error: 3 };

export type Lifecycle = "stable" | "preview" | "deprecated";

/** The code of a finding that reports a bug in nncheck itself (a rule or front end that failed); exit code 2. */
export const INTERNAL_ERROR_CODE = "nncheck-internal-error";

/** The fixed doc sections every rule and check carries. */
export interface RuleDocs {
  /** One line: what the rule checks (also the SARIF short description). */
  summary: string;
  whatItChecks: string;
  whyItMatters: string;
  /** A failing example (code). */
  example: string;
  /** The fix (prose and/or code). */
  fix: string;
  /** Describes each option; empty when the rule has none. */
  options?: string;
  references: string[];
}

export interface RuleOptionSpec {
  description: string;
  default: number | string | boolean;
}

/** The metadata shared by static rules (S...) and dynamic checks (D...). */
export interface RuleDescriptor {
  code: string;
  name: string;
  family: string;
  severity: Severity;
  lifecycle: Lifecycle;
  frameworks: string[];
  /** Facts of the ProgramModel (or telemetry) the rule needs; it stays silent when they are unknown. */
  needs: string[];
  /** Message templates keyed by message id, with `{placeholders}`. */
  messages: Record<string, string>;
  options: Record<string, RuleOptionSpec>;
  docs: RuleDocs;
}

export interface FindingLayer {
  name: string;
  kind: string;
  index: number;
}

/** One reported problem. Lines and columns are 1-based; `file` is as the user named it (relative paths stay relative). */
export interface Finding {
  code: string;
  name: string;
  severity: Severity;
  message: string;
  file?: string;
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  layer?: FindingLayer;
  /** Raised by `lint --simulate`: a dynamic check on the program's TF.js twin trained on synthetic data, not on the program's own run. */
  simulated?: boolean;
  /** Dynamic findings: the steps at which the condition held. */
  steps?: { first: number; last: number; count: number };
  /** Dynamic findings: the worst value seen. */
  worst?: number;
  /** Dynamic findings of a trace holding several training runs: which run (1-based); steps count from 0 in each. */
  run?: number;
  /**
   * Dynamic findings grouped by likely cause (src/checks/diagnosis.ts): findings on one layer over
   * overlapping steps form a group; groups are numbered in causal order, 1 holding the likely root cause.
   */
  group?: number;
  /** True for the finding that leads its group: the likely cause of the group's other findings. */
  cause?: boolean;
  /**
   * Dynamic findings that state a fault of the program's set-up rather than a state its training reached
   * (a parameter the framework never trains): the diagnosis ranks them before gradients and losses. Not serialised.
   */
  configuration?: boolean;
  /**
   * How many findings this entry stands for (2 or more), the same rule (or check, in one run) at the same source
   * place on other layers — a layer created in a loop is one place in the program however many times it runs.
   */
  repeats?: number;
}

/** The outcome of reading one input file. */
export interface FileResult {
  path: string;
  parsed: boolean;
  /** Why the file could not be (fully) read: a syntax error with its location, an unreadable or binary file... */
  error?: {
    message: string;
    line?: number;
    column?: number;
    /**
     * What went wrong (absent means unspecified). `missing` is a usage error; `too-large`, `unsupported`,
     * `special` (a FIFO, socket or device) and `link` (a broken, looping or outward symbolic link) are notices;
     * `unchecked` (watch: the program ran but trained nothing the probe could see) too.
     */
    kind?: "syntax" | "missing" | "unreadable" | "binary" | "encoding" | "too-large" | "unsupported" | "special" | "link" | "unchecked";
  };
  /** What the front end understood of the file: absent for files it could not read. */
  understood?: FileUnderstanding;
  /** Names the file uses without importing them, read as their framework's conventional import (a pasted snippet). */
  assumed?: { name: string; path: string }[];
  /** What the front end could not follow (unresolved names, loops cut short...), for `--verbose` and tools. */
  notes?: { message: string; line?: number; column?: number }[];
  /** Lines of source, used by the text reporter for code frames (not serialised). */
  source?: string;
  /** `lint --simulate`: what was simulated of the file's models. */
  simulation?: SimulationSummary;
}

/** `lint --simulate`: the simulation of one file's models. */
export interface SimulationSummary {
  models: SimulatedModelSummary[];
  /** Wall time of the file's simulation, in milliseconds. */
  timeMs: number;
}

/** What became of one model of the program in simulation. */
export interface SimulatedModelSummary {
  /** The model's variable, else where it is built (`model at line 12`). */
  model: string;
  line?: number;
  simulated: boolean;
  /** Why the model was not simulated (or its training stopped with an error). */
  reason?: string;
  /** Program layers, and how many of them the twin built (layers passed through or left out are not built). */
  layers?: { total: number; built: number };
  /** Layers the twin could not build, with the reason. */
  notBuilt?: { layer: string; line?: number; reason: string }[];
  /** Layers replaced by their input (their computation is unknown; the shape is kept). */
  passedThrough?: { layer: string; line?: number; reason: string }[];
  parameters?: number;
  /** The synthetic data: one line per input and target. */
  data?: string[];
  /** Standard choices made where the program's facts are unknown, and differences between twin and program. */
  assumptions?: string[];
  backend?: string;
  batchSize?: number;
  steps?: number;
  /** What ended the training: the step budget, the time limit, an error-level finding, or an error. */
  stoppedBy?: "steps" | "time" | "finding" | "error";
  /** Build, data and training of this model, in milliseconds. */
  timeMs?: number;
}

/**
 * What the front end extracted from a file, so a user can tell a clean program from one nncheck did not
 * understand: a file with no recognisable model was not checked at all.
 */
export interface FileUnderstanding {
  /** Models recognised (each with at least one layer). */
  models: number;
  /** Whether a learner (loss or optimizer) was recognised for some model. */
  learner: boolean;
  /** Whether something is known of the data some model trains on (shape, value range, origin or label encoding). */
  data: boolean;
  /** The analysis stopped before the end of the file (work budget, internal error): the rest was not analysed. */
  partial?: boolean;
}

/** A file skipped on purpose (too large, no front end for it yet, not a regular file, a bad link): a notice, not a failure. */
export function isSkippedFile(error: NonNullable<FileResult["error"]>): boolean {
  return error.kind === "too-large" || error.kind === "unsupported" || error.kind === "special" || error.kind === "link" || error.kind === "unchecked";
}

export interface ReportSummary {
  files: number;
  filesWithErrors: number;
  /** Lint: files read in which no model was recognised (nothing was checked in them). */
  filesWithoutModel?: number;
  errors: number;
  warnings: number;
  infos: number;
  durationMs: number;
}

/** Everything a reporter needs. */
export interface Report {
  tool: "lint" | "watch" | "check-trace";
  files: FileResult[];
  findings: Finding[];
  rules: RuleDescriptor[];
  summary: ReportSummary;
  /** Dynamic reports (watch, check-trace): a bounded digest of the trace, for reporters that plot it. */
  trace?: TraceDigest;
}

/** Fills `{placeholder}`s of a message template. Unknown placeholders are left as written. */
export function formatMessage(template: string, data: Record<string, unknown> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in data ? String(data[key]) : whole));
}
