// Runs the test suite with vitest and ends with one plain line: "tests: N passed, N failed[, N skipped]",
// then one line saying whether the Python probe's suites ran (they need an interpreter with TensorFlow,
// PyTorch and JAX: NNCHECK_PYTHON or .venv/bin/python). With NNCHECK_REQUIRE_PYTHON=1 (CI), suites that cannot run fail the run.
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { pythonSuites } from "./python-env.js";
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
const suites = pythonSuites();
const ran = [suites.keras ? "keras" : undefined, suites.torch ? "pytorch" : undefined, suites.jax ? "keras on jax" : undefined].filter(Boolean);
if (ran.length === 3) console.log(`python probe tests: run (${ran.join(", ")}) with ${suites.python}`);
else {
  console.log(`python probe tests: ${ran.length ? `only ${ran.join(", ")} run` : "not run"} (${suites.reason})`);
  if (process.env.NNCHECK_REQUIRE_PYTHON === "1") code = code || 1;
}
process.exit(code);
