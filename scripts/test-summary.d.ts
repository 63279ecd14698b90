/** What `summarizeResults` reads of vitest's JSON report. */
export interface VitestJsonResults {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults: { status: string; assertionResults: { status: string }[] }[];
}

export function summarizeResults(results: VitestJsonResults): { passed: number; failed: number; skipped: number; line: string };
