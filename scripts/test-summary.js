// The closing line of `npm test`, from vitest's JSON report.

/**
 * Counts of a vitest JSON report. A test file that failed without a failing test (it threw while loading,
 * or a hook failed) counts as one failure: vitest reports no test for it, so numFailedTests misses it.
 */
export function summarizeResults(results) {
  const brokenFiles = results.testResults.filter(
    (file) => file.status === "failed" && !file.assertionResults.some((test) => test.status === "failed"),
  ).length;
  const passed = results.numPassedTests;
  const failed = results.numFailedTests + brokenFiles;
  const skipped = results.numPendingTests + results.numTodoTests;
  return { passed, failed, skipped, line: `tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}` };
}
