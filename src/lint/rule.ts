/**
 * The static rule contract. A rule is metadata plus a pure `check` over the ProgramModel; it reports
 * through its context by message id. The engine owns selection, options, severities and suppressions.
 */
import type { ProgramModel, SourceSpan, Layer } from "../model/program.js";
import type { RuleDescriptor, Severity } from "../report/finding.js";

export interface RuleReport<Id extends string = string> {
  messageId: Id;
  data?: Record<string, string | number>;
  /** Where the finding points: the layer's construction, the compile call, the fit call... */
  span: SourceSpan;
  layer?: Layer;
  /**
   * This report's severity when it differs from the rule's default (S301 on an output layer alone is info).
   * A user's severity override for the rule's code still wins.
   */
  severity?: Severity;
}

export interface RuleContext<Id extends string = string, Opts = Record<string, number | string | boolean>> {
  program: ProgramModel;
  /** The rule's options, defaults merged with the user's configuration. */
  options: Opts;
  report(report: RuleReport<Id>): void;
  /**
   * Whether the rule with this code runs in this lint (selected, not turned off). A rule that leaves a case
   * to a more specific rule asks first: when that rule is not running, the case is its own to report.
   */
  isActive(code: string): boolean;
}

export interface Rule<Id extends string = string, Opts = Record<string, number | string | boolean>> {
  meta: RuleDescriptor & { messages: Record<Id, string> };
  check(context: RuleContext<Id, Opts>): void;
}

/** Typed helper so a rule's message ids and options are checked at compile time. */
export function defineRule<Id extends string, Opts extends Record<string, number | string | boolean> = Record<string, never>>(
  rule: Rule<Id, Opts>,
): Rule<Id, Opts> {
  return rule;
}

export type AnyRule = Rule<string, any>;
