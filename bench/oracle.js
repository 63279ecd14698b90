#!/usr/bin/env node
/**
 * `npm run oracle`: real Keras 3 as the test oracle of the Python front end.
 *
 * Builds, with real Keras and without training, every model of the programs in bench/corpus,
 * bench/holdout, examples, test/fixtures and bench/oracle/programs (bench/oracle/build_models.py, in
 * long-lived Python workers, on temporary copies of the programs), compares each with the ProgramModel
 * nncheck extracts from the same program (bench/lib/oracle-compare.js), prints a markdown table and writes
 * bench/results/oracle.json.
 *
 * Exits 1 on a disagreement missing from bench/oracle/known-disagreements.json or on a listed one that no
 * longer occurs; 2 when the oracle cannot run (no Python with TensorFlow).
 *
 * Options: --python PATH (default .venv/bin/python, else python3), --jobs N (workers, default 2),
 *          --timeout S (per program, default 60), --only TEXT (programs whose path contains TEXT; the
 *          result then goes to bench/results/oracle-only.json.tmp unless --out says otherwise),
 *          --out FILE, --details (also print listed disagreements with their reasons, programs not
 *          built, and every fact nncheck does not know that Keras does).
 */
import { spawn } from "node:child_process";
import { closeSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath, pathToFileURL } from "node:url";
import { checkKnownDisagreements, compareProgram, formatOracleMarkdown, summarize } from "./lib/oracle-compare.js";
import { option } from "./lib/options.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const PROGRAM_ROOTS = ["bench/corpus", "bench/holdout", "examples", "test/fixtures", "bench/oracle/programs"];
const KNOWN_FILE = "bench/oracle/known-disagreements.json";
const WORKER = path.join(root, "bench", "oracle", "build_models.py");
/** Extra time the worker gets beyond a program's own limit (start-up, the full-size retry) before it is killed. */
const HARD_LIMIT_MARGIN_S = 90;

function listPrograms(only) {
  const found = [];
  const walk = (dir) => {
    for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(rel);
      else if (entry.isFile() && entry.name.endsWith(".py")) found.push(rel);
    }
  };
  for (const dir of PROGRAM_ROOTS) if (existsSync(path.join(root, dir))) walk(dir);
  return found.sort().filter((p) => only === undefined || p.includes(only));
}

function defaultPython() {
  const venv = path.join(root, ".venv", "bin", "python");
  return existsSync(venv) ? venv : "python3";
}

/** One long-lived Python worker; `run` sends a program and resolves with its result (or a crash/timeout result). */
class Worker {
  constructor(python, logFile) {
    this.python = python;
    this.logFile = logFile;
  }

  async start() {
    const log = openSync(this.logFile, "a");
    // No bytecode caches written next to the worker's sources in the repository.
    this.child = spawn(this.python, [WORKER], { cwd: root, stdio: ["pipe", "pipe", log], env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1" } });
    closeSync(log);
    this.lines = createInterface({ input: this.child.stdout });
    this.waiting = null;
    this.exited = false;
    this.lines.on("line", (line) => {
      const waiter = this.waiting;
      this.waiting = null;
      waiter?.resolve(JSON.parse(line));
    });
    this.child.on("exit", (code, signal) => {
      this.exited = true;
      const waiter = this.waiting;
      this.waiting = null;
      waiter?.reject(new Error(`worker exited (${signal ?? `code ${code}`})`));
    });
    this.child.on("error", (error) => {
      // The Python executable could not be started.
      this.exited = true;
      const waiter = this.waiting;
      this.waiting = null;
      waiter?.reject(error);
    });
    this.child.stdin.on("error", () => {});
    this.ready = await this.next(300);
    if (!this.ready?.ready) throw new Error("worker did not start");
    return this.ready;
  }

  next(timeoutSeconds) {
    return new Promise((resolve, reject) => {
      if (this.exited) {
        reject(new Error("worker exited"));
        return;
      }
      const timer = setTimeout(() => {
        this.waiting = null;
        reject(new Error("timeout"));
      }, timeoutSeconds * 1000);
      this.waiting = {
        resolve: (v) => { clearTimeout(timer); resolve(v); },
        reject: (e) => { clearTimeout(timer); reject(e); },
      };
    });
  }

  async run(request) {
    const answer = this.next(request.timeout * 2 + HARD_LIMIT_MARGIN_S);
    this.child.stdin.write(`${JSON.stringify(request)}\n`);
    return answer;
  }

  stop() {
    if (!this.exited) this.child.kill("SIGKILL");
  }
}

async function buildAll(programs, { python, jobs, timeout, copyRoot, logFile }) {
  const results = new Map();
  const queue = [...programs];
  let ready = null;
  const startWorker = async () => {
    const worker = new Worker(python, logFile);
    ready = await worker.start();
    return worker;
  };
  const lane = async () => {
    let worker = await startWorker();
    for (let program = queue.shift(); program !== undefined; program = queue.shift()) {
      const request = { program: path.join(copyRoot, program), root: copyRoot, timeout };
      try {
        results.set(program, await worker.run(request));
      } catch (error) {
        const timedOut = String(error.message) === "timeout";
        results.set(program, {
          status: "not-buildable",
          category: timedOut ? "timeout" : "crash",
          reason: timedOut ? `the worker did not answer within ${timeout * 2 + HARD_LIMIT_MARGIN_S} s` : `the worker crashed: ${error.message}`,
          models: [],
        });
        worker.stop();
        worker = await startWorker();
      }
      if (process.stderr.isTTY) process.stderr.write(`\roracle: ${results.size}/${programs.length} programs`);
    }
    worker.stop();
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, programs.length)) }, lane));
  if (process.stderr.isTTY) process.stderr.write("\n");
  return { results, ready };
}

function copyPrograms(programs) {
  const copyRoot = mkdtempSync(path.join(os.tmpdir(), "nncheck-oracle-"));
  for (const program of programs) {
    const target = path.join(copyRoot, program);
    mkdirSync(path.dirname(target), { recursive: true });
    copyFileSync(path.join(root, program), target);
  }
  return copyRoot;
}

async function main() {
  const only = option("only", undefined);
  const python = option("python", defaultPython());
  const jobs = Number(option("jobs", "2"));
  const timeout = Number(option("timeout", "60"));
  // A partial run never overwrites the committed result.
  const outFile = path.resolve(root, option("out", only === undefined ? "bench/results/oracle.json" : "bench/results/oracle-only.json.tmp"));
  const details = process.argv.includes("--details");

  const programs = listPrograms(only);
  const lib = await import(pathToFileURL(path.join(root, "dist", "index.js")).href);
  const vocabulary = await import(pathToFileURL(path.join(root, "dist", "model", "vocabulary.js")).href);
  const known = JSON.parse(readFileSync(path.join(root, KNOWN_FILE), "utf8")).disagreements;

  const copyRoot = copyPrograms(programs);
  const logFile = path.join(copyRoot, "worker.log");
  const started = performance.now();
  let built;
  try {
    built = await buildAll(programs, { python, jobs, timeout, copyRoot, logFile });
  } catch (error) {
    console.error(`oracle: cannot start the Python worker with ${python} (${error.message}); it needs TensorFlow 2.21:`);
    console.error("  python3 -m venv .venv && .venv/bin/pip install --retries 0 tensorflow-cpu==2.21.0");
    if (existsSync(logFile)) console.error(readFileSync(logFile, "utf8").split("\n").slice(-15).join("\n"));
    rmSync(copyRoot, { recursive: true, force: true });
    process.exitCode = 2;
    return;
  }
  const buildSeconds = (performance.now() - started) / 1000;
  rmSync(copyRoot, { recursive: true, force: true });

  const comparisons = [];
  for (const program of programs) {
    const source = readFileSync(path.join(root, program), "utf8");
    const { program: ours } = await lib.analyzePython(source, program);
    const keras = built.results.get(program);
    comparisons.push({ ...compareProgram({ file: program, ours, keras, vocabulary }), seconds: keras.seconds ?? null, notes: keras.notes ?? [] });
  }
  const summary = summarize(comparisons);
  const disagreements = comparisons.flatMap((c) => c.disagreements);
  const check = checkKnownDisagreements(disagreements, known, programs);

  console.log(`# nncheck oracle: ${programs.length} programs built with Keras ${built.ready.keras} (TensorFlow ${built.ready.tensorflow}) in ${Math.round(buildSeconds)} s\n`);
  console.log(formatOracleMarkdown(summary, check));
  const show = (d) => `${d.program}  ${d.model}  ${d.layer ?? "-"}  ${d.field}: nncheck ${JSON.stringify(d.ours)}, keras ${JSON.stringify(d.keras)}`;
  if (details) {
    for (const d of check.listed) console.log(`listed    ${show(d)}  (${d.reason})`);
    for (const c of comparisons.filter((x) => x.status !== "built")) console.log(`${c.status.padEnd(13)} ${c.file}  ${c.category}: ${c.reason}`);
    for (const g of comparisons.flatMap((c) => c.gaps)) console.log(`unknown   ${g.program}  ${g.model}  ${g.layer ?? "-"}  ${g.field}: keras ${JSON.stringify(g.keras)}`);
  }
  for (const d of check.unlisted) console.log(`UNLISTED  ${show(d)}`);
  for (const d of check.stale) console.log(`STALE     ${show(d)}  (listed, no longer occurs)`);

  mkdirSync(path.dirname(outFile), { recursive: true });
  const output = {
    version: 1,
    date: new Date().toISOString(),
    node: process.version,
    machine: { cpu: os.cpus()[0]?.model ?? "unknown", cpus: os.cpus().length, platform: `${os.platform()} ${os.release()}` },
    python: built.ready.python,
    tensorflow: built.ready.tensorflow,
    keras: built.ready.keras,
    jobs,
    buildSeconds: Math.round(buildSeconds),
    totals: summary,
    unlisted: check.unlisted,
    stale: check.stale,
    listed: check.listed,
    programs: comparisons.map(({ fields: _fields, ...rest }) => rest),
  };
  writeFileSync(outFile, `${JSON.stringify(output, null, 2)}\n`);
  console.log(`\nwrote ${path.relative(root, outFile)}`);
  if (check.unlisted.length > 0 || check.stale.length > 0) process.exitCode = 1;
}

main().catch((error) => {
  console.error(`bench/oracle: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 2;
});
