import type { CorpusLabels } from "./corpus.js";

export const COUNTED_SEVERITIES: ReadonlySet<string>;

export interface ScoredFinding {
  file: string;
  code: string;
  severity: string;
}

export interface RuleRow {
  code: string;
  name: string;
  implemented: boolean;
  lifecycle: string | null;
  severity: string | null;
  expected: number;
  detected: number;
  recall: number | null;
  missed: string[];
  falseAlarms: number;
  falseAlarmPrograms: string[];
  unexpected: number;
  unexpectedPrograms: string[];
}

export interface EvalTotals {
  programs: number;
  buggyPrograms: number;
  fixedPrograms: number;
  notParsed: string[];
  labelledRules: number;
  labelledRulesImplemented: number;
  rulesDetectedAtLeastOnce: number;
  expectedInstances: number;
  detectedInstances: number;
  recall: number | null;
  recallOnImplementedRules: number | null;
  buggyProgramsFullyDetected: number;
  fixedProgramsWithFalseAlarm: number;
  falseAlarmRate: number | null;
  falseAlarmFindings: number;
  unexpectedFindingsInBuggy: number;
  precision: number | null;
}

export interface EvalResult {
  perRule: RuleRow[];
  totals: EvalTotals;
}

export function scoreCorpus(input: {
  labels: CorpusLabels;
  findings: readonly ScoredFinding[];
  rules: readonly { code: string; name: string; severity: string; lifecycle: string }[];
  files?: readonly { file: string; parsed: boolean }[];
}): EvalResult;

export function formatEvalMarkdown(result: EvalResult): string;
