/**
 * Scores lint findings against the corpus labels: per-rule recall on buggy programs, false alarms on fixed
 * programs, unexpected codes on buggy programs. Pure: no I/O.
 *
 * Counting rules (bench/README.md says the same):
 * - a buggy program's expected code is detected when any finding with that code (error, warning or info)
 *   is reported in that program;
 * - a false alarm is any error or warning finding in a fixed program (infos are design advice, not counted);
 * - an unexpected finding is an error or warning in a buggy program whose code is neither expected nor
 *   allowed by its label (reported separately from false alarms).
 */
import { isFixedProgram } from "./corpus.js";

export const COUNTED_SEVERITIES = new Set(["error", "warning"]);

function emptyRuleRow(code, rule) {
  return {
    code,
    name: rule?.name ?? "",
    implemented: rule !== undefined,
    lifecycle: rule?.lifecycle ?? null,
    severity: rule?.severity ?? null,
    expected: 0,
    detected: 0,
    recall: null,
    missed: [],
    falseAlarms: 0,
    falseAlarmPrograms: [],
    unexpected: 0,
    unexpectedPrograms: [],
  };
}

/**
 * @param labels   {file: {expect, allow?}} with corpus-relative files
 * @param findings [{file, code, severity}] with corpus-relative files
 * @param rules    [{code, name, severity, lifecycle}]: the rules that exist
 * @param files    optional [{file, parsed}] outcome of reading each program
 */
export function scoreCorpus({ labels, findings, rules, files = [] }) {
  const ruleByCode = new Map(rules.map((r) => [r.code, r]));
  const rows = new Map();
  const row = (code) => {
    if (!rows.has(code)) rows.set(code, emptyRuleRow(code, ruleByCode.get(code)));
    return rows.get(code);
  };
  for (const rule of rules) row(rule.code);

  const byFile = new Map();
  for (const f of findings) {
    if (!byFile.has(f.file)) byFile.set(f.file, []);
    byFile.get(f.file).push(f);
  }

  let buggyPrograms = 0;
  let fixedPrograms = 0;
  let buggyFullyDetected = 0;
  const fixedWithAlarm = new Set();
  let truePositiveFindings = 0;

  for (const [file, label] of Object.entries(labels)) {
    const got = byFile.get(file) ?? [];
    if (isFixedProgram(file, label)) {
      fixedPrograms += 1;
      for (const f of got) {
        if (!COUNTED_SEVERITIES.has(f.severity)) continue;
        const r = row(f.code);
        r.falseAlarms += 1;
        if (!r.falseAlarmPrograms.includes(file)) r.falseAlarmPrograms.push(file);
        fixedWithAlarm.add(file);
      }
      continue;
    }
    buggyPrograms += 1;
    const expected = new Set(label.expect);
    const tolerated = new Set([...label.expect, ...(label.allow ?? [])]);
    let all = true;
    for (const code of expected) {
      const r = row(code);
      r.expected += 1;
      if (got.some((f) => f.code === code)) r.detected += 1;
      else {
        r.missed.push(file);
        all = false;
      }
    }
    if (all) buggyFullyDetected += 1;
    for (const f of got) {
      if (!COUNTED_SEVERITIES.has(f.severity)) continue;
      if (tolerated.has(f.code)) {
        if (expected.has(f.code)) truePositiveFindings += 1;
        continue;
      }
      const r = row(f.code);
      r.unexpected += 1;
      if (!r.unexpectedPrograms.includes(file)) r.unexpectedPrograms.push(file);
    }
  }

  const perRule = [...rows.values()].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  for (const r of perRule) r.recall = r.expected > 0 ? r.detected / r.expected : null;

  const labelled = perRule.filter((r) => r.expected > 0);
  const expectedInstances = labelled.reduce((n, r) => n + r.expected, 0);
  const detectedInstances = labelled.reduce((n, r) => n + r.detected, 0);
  const implementedRows = labelled.filter((r) => r.implemented);
  const implementedExpected = implementedRows.reduce((n, r) => n + r.expected, 0);
  const implementedDetected = implementedRows.reduce((n, r) => n + r.detected, 0);
  const falseAlarmFindings = perRule.reduce((n, r) => n + r.falseAlarms, 0);
  const unexpectedFindings = perRule.reduce((n, r) => n + r.unexpected, 0);
  const countedFalse = falseAlarmFindings + unexpectedFindings;

  return {
    perRule,
    totals: {
      programs: buggyPrograms + fixedPrograms,
      buggyPrograms,
      fixedPrograms,
      notParsed: files.filter((f) => !f.parsed).map((f) => f.file),
      labelledRules: labelled.length,
      labelledRulesImplemented: implementedRows.length,
      rulesDetectedAtLeastOnce: labelled.filter((r) => r.detected > 0).length,
      expectedInstances,
      detectedInstances,
      recall: expectedInstances > 0 ? detectedInstances / expectedInstances : null,
      recallOnImplementedRules: implementedExpected > 0 ? implementedDetected / implementedExpected : null,
      buggyProgramsFullyDetected: buggyFullyDetected,
      fixedProgramsWithFalseAlarm: fixedWithAlarm.size,
      falseAlarmRate: fixedPrograms > 0 ? fixedWithAlarm.size / fixedPrograms : null,
      falseAlarmFindings,
      unexpectedFindingsInBuggy: unexpectedFindings,
      precision: truePositiveFindings + countedFalse > 0 ? truePositiveFindings / (truePositiveFindings + countedFalse) : null,
    },
  };
}

const pct = (x) => (x === null ? "–" : `${(100 * x).toFixed(1)} %`);

/** The evaluation as markdown: a per-rule table, then the totals. */
export function formatEvalMarkdown(result) {
  const lines = [];
  lines.push("| Rule | Name | Exists | Expected | Detected | Recall | False alarms (fixed) | Unexpected (buggy) |");
  lines.push("|---|---|---|---:|---:|---:|---:|---:|");
  for (const r of result.perRule) {
    if (r.expected === 0 && r.falseAlarms === 0 && r.unexpected === 0 && !r.implemented) continue;
    const exists = r.implemented ? (r.lifecycle === "stable" ? "yes" : `yes (${r.lifecycle})`) : "no";
    lines.push(
      `| ${r.code} | ${r.name || "–"} | ${exists} | ${r.expected} | ${r.detected} | ${pct(r.recall)} | ${r.falseAlarms} | ${r.unexpected} |`,
    );
  }
  const t = result.totals;
  lines.push("");
  lines.push("| Total | Value |");
  lines.push("|---|---:|");
  lines.push(`| Programs (buggy / fixed) | ${t.programs} (${t.buggyPrograms} / ${t.fixedPrograms}) |`);
  lines.push(`| Programs not parsed | ${t.notParsed.length} |`);
  lines.push(`| Labelled rules (existing) | ${t.labelledRules} (${t.labelledRulesImplemented}) |`);
  lines.push(`| Labelled rules detected at least once | ${t.rulesDetectedAtLeastOnce} |`);
  lines.push(`| Recall (all labelled faults) | ${pct(t.recall)} (${t.detectedInstances}/${t.expectedInstances}) |`);
  lines.push(`| Recall (faults of existing rules) | ${pct(t.recallOnImplementedRules)} |`);
  lines.push(`| Buggy programs with every expected code | ${t.buggyProgramsFullyDetected}/${t.buggyPrograms} |`);
  lines.push(`| Fixed programs with a false alarm | ${t.fixedProgramsWithFalseAlarm}/${t.fixedPrograms} (${pct(t.falseAlarmRate)}) |`);
  lines.push(`| False-alarm findings on fixed programs | ${t.falseAlarmFindings} |`);
  lines.push(`| Unexpected error/warning findings on buggy programs | ${t.unexpectedFindingsInBuggy} |`);
  lines.push(`| Precision of error/warning findings | ${pct(t.precision)} |`);
  return `${lines.join("\n")}\n`;
}
