// Shared by the fault-injection benches (bench/fault-injection.js for TF.js, bench/python-fault-injection.js
// for Keras and PyTorch): the codes that name each injected fault, and how a run's report is scored.

/** Codes that name each fault (any one of them, at warning or error). */
export const FAULTS = {
  "lr-x1000": ["D501", "D201", "D401", "D303", "D206", "D503", "D504", "D301", "D402", "D305", "D403"],
  "lr-zero": ["D205"],
  "dead-relu": ["D402", "D305"],
  "nan-inputs": ["D201", "D401", "D501", "D301"],
  "shuffled-labels": ["D508"],
  "l2-10": ["D304"],
};

/** The likely root cause of a report: the lead of diagnosis group 1, as the text report starts with it. */
export function rootCause(findings) {
  return findings.find((f) => f.group === 1 && f.cause === true);
}

/** "D402 [dense_1]": a finding's code and, when it has one, its layer. */
export function findingLabel(finding) {
  return finding ? `${finding.code}${finding.layer ? ` [${finding.layer.name}]` : ""}` : null;
}

/**
 * A run's score against its fault: detected when one of the fault's codes fires at warning or error, named
 * when the likely root cause is one of them; codes: the distinct warning and error codes, sorted.
 */
export function scoreRun(findings, fault) {
  const serious = findings.filter((f) => f.severity !== "info");
  const expected = FAULTS[fault];
  const root = rootCause(findings);
  return {
    detected: serious.some((f) => expected.includes(f.code)),
    named: root !== undefined && expected.includes(root.code),
    root: findingLabel(root),
    codes: [...new Set(serious.map((f) => f.code))].sort(),
  };
}

/** One progress line per run, as both benches print them. */
export function runLine(training, fault, row, width = 24) {
  return `${training.padEnd(width)} ${fault.padEnd(16)} ${row.detected ? "detected" : "MISSED  "} ${row.named ? "named" : "     "}  root ${row.root ?? "-"}  codes ${row.codes.join(" ")}`;
}
