/**
 * The dynamic check contract. A check is metadata plus a pure `check` over the engine's windows of
 * telemetry; it reports through its context by message id. The engine owns triggering, options,
 * severities, de-duplication, summaries and crash isolation.
 */
import type { RuleDescriptor, RuleDocs, RuleOptionSpec, Severity } from "../report/finding.js";
import type { CheckState } from "./state.js";

/** When a check runs: after a step record, a tensors record, an epoch record, a closed loss period, or a preflight record. */
export type CheckTrigger = "step" | "tensors" | "epoch" | "period" | "preflight";

export type CheckOptionValues = Record<string, number | string | boolean>;

export interface CheckReport<Id extends string = string> {
  messageId: Id;
  data?: Record<string, string | number>;
  /** The layer the finding is about (a name from the run-start summary). */
  layer?: string;
  /** What distinguishes findings of one check on one layer (e.g. the tensor name); part of the de-dup key. */
  subject?: string;
  /** The step at which the condition held; defaults to the current step. */
  step?: number;
  /** The measured value, summarised as `worst` in the finding. */
  value?: number;
  /** Which end of `value` is worse for this report, when it differs from the check's `worst` (D404: a low std). */
  worse?: "max" | "min";
  /**
   * This report's severity when it differs from the check's default (D506's val-rising case is a warning,
   * its gap case info). A user's severity for the check still wins.
   */
  severity?: Severity;
  /**
   * The report states a fault of how the program is set up, not a state training reached (a parameter its
   * framework never hands to the optimizer): the diagnosis ranks it with configuration, before the
   * gradients and losses it disturbs.
   */
  configuration?: boolean;
}

export interface CheckContext<Id extends string = string, Opts = CheckOptionValues> {
  state: CheckState;
  /** The check's options: catalogue defaults merged with the user's configuration. */
  options: Opts;
  trigger: CheckTrigger;
  report(report: CheckReport<Id>): void;
  /**
   * The run has since refuted what this check reported on the same layer and subject (a loss flat from the
   * start that then fell: a slow start, not a model that cannot learn): the finding, if there is one, becomes
   * information, its message this report's. Nothing happens when there is none.
   */
  settle(report: CheckReport<Id>): void;
}

export interface DynamicCheck<Id extends string = string, Opts = CheckOptionValues> {
  meta: RuleDescriptor & { messages: Record<Id, string> };
  on: readonly CheckTrigger[];
  /** Which end of the reported values is worse (summarised as `worst`). Default "max". */
  worst?: "max" | "min";
  check(context: CheckContext<Id, Opts>): void;
}

/** A check of any message ids and options (the registry's element type). */
export type AnyCheck = DynamicCheck<string, CheckOptionValues>;

/** Typed helper so a check's message ids and options are checked at compile time. */
export function defineCheck<Id extends string, Opts extends CheckOptionValues = Record<string, never>>(
  check: DynamicCheck<Id, Opts>,
): DynamicCheck<Id, Opts> {
  return check;
}

interface CheckMetaInput<Id extends string> {
  code: string;
  name: string;
  family: string;
  severity: Severity;
  needs: string[];
  messages: Record<Id, string>;
  options?: Record<string, RuleOptionSpec>;
  docs: RuleDocs;
}

/** Fills the metadata every dynamic check shares. */
export function checkMeta<Id extends string>(input: CheckMetaInput<Id>): RuleDescriptor & { messages: Record<Id, string> } {
  return {
    lifecycle: "preview",
    frameworks: ["tfjs", "pytorch"],
    options: {},
    ...input,
  };
}

/** Option spec shorthand. */
export function option(defaultValue: number | string | boolean, description: string): RuleOptionSpec {
  return { default: defaultValue, description };
}
