#!/usr/bin/env node
/**
 * `npm run fuzz`: lints generated programs (valid Keras / tf.keras / TF1 code with random mutations of its
 * syntax tree and of its text, see lib/fuzz-programs.js) under a time and a memory bound, and counts crashes
 * (an exception, an internal-error finding, a process that died or ran out of memory) and hangs (no answer
 * within the time limit). Each program is linted in a child process that serves a batch of programs and is
 * killed on a hang; --jobs children run side by side. Failing programs are printed and written to --out.
 *
 * Options: --count N (10000) --seed S (random, printed) --time-limit MS per program (20000)
 *          --memory MB heap per child (1024) --batch N programs per child (200) --jobs N (cores) --out DIR
 * Exit code: 0 when every program was linted, 1 when any crashed or hung.
 */
import { fork } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { fuzzProgram } from "./lib/fuzz-programs.js";
import { option } from "./lib/options.js";
import { quantile, round } from "./lib/stats.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const count = Number(option("count", "10000"));
const seed = Number(option("seed", String(Math.floor(Math.random() * 2 ** 31))));
const timeLimitMs = Number(option("time-limit", "20000"));
const memoryMB = Number(option("memory", "1024"));
const batch = Number(option("batch", "200"));
const jobs = Number(option("jobs", String(os.availableParallelism())));
const out = path.resolve(option("out", path.join(os.tmpdir(), `nncheck-fuzz-${seed}`)));

const { getPythonParser } = await import(new URL("../dist/frontends/python/parser.js", import.meta.url).href);
const parser = await getPythonParser();

const times = [];
const failures = [];
let maxRssMB = 0;
let bytes = 0;
let next = 0;

function record(index, kind, detail, source) {
  failures.push({ index, kind, detail });
  mkdirSync(out, { recursive: true });
  const file = path.join(out, `seed-${seed}-program-${index}-${kind}.py`);
  writeFileSync(file, source);
  console.log(`${kind}: program ${index} (seed ${seed}) → ${file}\n  ${String(detail).split("\n").slice(0, 4).join("\n  ")}`);
}

/** Runs one child over programs taken from the shared counter until `batch` are done or none are left. */
function runChild() {
  return new Promise((resolve) => {
    const child = fork(path.join(root, "bench", "lib", "fuzz-child.js"), [], {
      execArgv: [`--max-old-space-size=${memoryMB}`],
      stdio: ["ignore", "ignore", "pipe", "ipc"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr = (stderr + chunk).slice(-4000)));
    let served = 0;
    let current;
    let timer;
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      child.kill("SIGKILL");
      resolve();
    };
    const send = () => {
      if (served >= batch || next >= count) return finish();
      const index = next++;
      const source = fuzzProgram(seed, index, parser);
      bytes += source.length;
      current = { index, source };
      served++;
      timer = setTimeout(() => {
        record(index, "hang", `no answer in ${timeLimitMs} ms`, source);
        current = undefined;
        finish();
      }, timeLimitMs);
      child.send({ index, source });
    };
    child.on("message", (message) => {
      if (message.ready) return send();
      clearTimeout(timer);
      times.push(message.ms);
      maxRssMB = Math.max(maxRssMB, message.rssMB);
      if (message.problem !== undefined) record(message.index, "crash", message.problem, current.source);
      current = undefined;
      send();
    });
    child.on("exit", (code, signal) => {
      if (current !== undefined && !finished) record(current.index, "crash", `child exited (code ${code}, signal ${signal}): ${stderr.slice(-1500)}`, current.source);
      current = undefined;
      finish();
    });
  });
}

const started = performance.now();
console.log(`fuzz: ${count} programs, seed ${seed}, time limit ${timeLimitMs} ms, heap ${memoryMB} MB per child, ${jobs} children`);
await Promise.all(
  Array.from({ length: Math.max(1, jobs) }, async () => {
    while (next < count) await runChild();
  }),
);
const wallS = (performance.now() - started) / 1000;
const crashes = failures.filter((f) => f.kind === "crash").length;
const hangs = failures.filter((f) => f.kind === "hang").length;
const sorted = [...times].sort((a, b) => a - b);
const summary = {
  seed,
  programs: count,
  linted: times.length,
  crashes,
  hangs,
  wallSeconds: round(wallS, 1),
  programsPerSecond: round(times.length / wallS, 1),
  meanProgramBytes: Math.round(bytes / Math.max(1, next)),
  msPerProgram: { p50: round(quantile(sorted, 0.5), 1), p99: round(quantile(sorted, 0.99), 1), max: round(sorted[sorted.length - 1] ?? 0, 1) },
  maxChildRssMB: Math.round(maxRssMB),
  failures: out,
};
console.log(JSON.stringify(summary, null, 2));
process.exit(crashes + hangs === 0 ? 0 : 1);
