// Runs the test suite with vitest and ends with one plain line: "tests: N passed, N failed[, N skipped]".
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { summarizeResults } from "./test-summary.js";

const resultsFile = ".vitest-results.json";
rmSync(resultsFile, { force: true });
const run = spawnSync(
  process.execPath,
  ["node_modules/vitest/vitest.mjs", "run", "--reporter=default", "--reporter=json", `--outputFile=${resultsFile}`, ...process.argv.slice(2)],
  { stdio: "inherit" },
);
let code = run.status ?? 1;
try {
  const { passed, failed, line } = summarizeResults(JSON.parse(readFileSync(resultsFile, "utf8")));
  if (passed + failed === 0) code = code || 1;
  console.log(line);
} catch {
  console.log("tests: 0 passed, 1 failed");
  code = code || 1;
}
process.exit(code);
