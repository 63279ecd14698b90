#!/usr/bin/env node
/**
 * `npm run bench`: how fast nncheck lints the corpus.
 *  (a) the whole corpus in one CLI process (`node bin/nncheck.js lint <corpus> --format json`), wall time
 *      from spawn to exit, start-up included; median of --runs runs (default 5);
 *  (b) each program on its own, in-process, through the built library's `lint([file])`; after one cold
 *      call (module and parser loading, reported apart), --passes passes (default 3) over the corpus, the
 *      per-program time being its median over the passes.
 *  (c) lint time against program size, 1k to 200k lines (lib/scaling.js), each size in a fresh process: a
 *      table, the fitted exponent of time in lines (1 = linear) and the cost per 1000 lines;
 *  (d) programs per second over the corpus in one CLI process with --jobs 1 and --jobs N (N: the cores).
 * Prints markdown tables and writes bench/results/bench.json. `--only scaling` runs (c) and (d) alone and
 * updates those parts of an existing result file.
 * Then (unless --lint-only) it runs the TF.js probe's overhead bench, `bench/probe-overhead.js`, in its own
 * process (its own backend and memory), passing --overhead-rounds / --overhead-steps on as --rounds /
 * --steps; that prints its tables and writes bench/results/overhead.json. Then the Python probe's,
 * `bench/python-overhead.js` (Keras and PyTorch, when the interpreter has them; same options), which
 * writes bench/results/python-overhead.json.
 * Last (unless --lint-only or --no-simulate) the simulation bench, `bench/simulate.js`: `lint --simulate` on
 * every clean program, its wall time per program; that writes bench/results/simulate.json. And (unless
 * --lint-only or --no-preflight) the preflight bench, `bench/preflight.js`: the preflight's time and
 * findings on every TF.js example under watch --preflight; that writes bench/results/preflight.json.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { listCorpusPrograms } from "./lib/corpus.js";
import { measureScaling } from "./lib/scaling.js";
import { option } from "./lib/options.js";
import { median, quantile, round, sum } from "./lib/stats.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Runs the CLI once over the given paths; resolves with its wall time and parsed JSON report. */
function timeCli(paths, extra = ["--jobs", "1"]) {
  return new Promise((resolve, reject) => {
    const args = [path.join(root, "bin", "nncheck.js"), "lint", ...paths, "--format", "json", "--no-config", "--fail-on", "never", ...extra];
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    const out = [];
    const err = [];
    child.stdout.on("data", (chunk) => out.push(chunk));
    child.stderr.on("data", (chunk) => err.push(chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (code !== 0) {
        reject(new Error(`nncheck lint exited ${code}: ${Buffer.concat(err).toString().slice(0, 2000)}`));
        return;
      }
      resolve({ ms, report: JSON.parse(Buffer.concat(out).toString()) });
    });
  });
}

function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? "unknown",
    cpus: cpus.length,
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    memoryGB: round(os.totalmem() / 2 ** 30, 1),
    // Other processes share the cores; the load says how far wall times are from an idle machine.
    loadAverage1m: round(os.loadavg()[0], 2),
  };
}

/** (c) and (d): time against size, and programs per second with 1 and N workers. */
async function scalingAndJobs(corpusRel, programs, runs) {
  const scaling = measureScaling(root);
  const cores = os.availableParallelism();
  const jobs = {};
  for (const n of [...new Set([1, Math.max(2, cores)])]) {
    const times = [];
    for (let i = 0; i < runs; i++) times.push((await timeCli([corpusRel], ["--jobs", String(n)])).ms);
    jobs[n] = { medianMs: round(median(times), 1), programsPerSecond: round(programs.length / (median(times) / 1000), 1) };
  }
  console.log("\n## Lint time against program size\n");
  console.log("| Lines | Bytes | Time (ms) | ms / 1000 lines | Peak RSS (MB) | Models | Partly analysed |\n|---:|---:|---:|---:|---:|---:|---|");
  for (const r of scaling.rows) {
    console.log(`| ${r.lines} | ${r.bytes} | ${round(r.ms, 0)} | ${round((r.ms / r.lines) * 1000, 1)} | ${round(r.rssMB, 0)} | ${r.models} | ${r.partial ? "yes (step budget)" : "no"} |`);
  }
  console.log(`\nFit: time ∝ lines^${round(scaling.exponent, 3)} (R² ${round(scaling.exponentR2, 4)}); least squares ${round(scaling.msPerThousandLines, 1)} ms per 1000 lines + ${round(scaling.interceptMs, 0)} ms (R² ${round(scaling.linearR2, 4)}).`);
  console.log("\n## Programs per second, whole corpus, one CLI process\n");
  console.log("| Workers | Wall time (median, ms) | Programs / s |\n|---:|---:|---:|");
  for (const [n, j] of Object.entries(jobs)) console.log(`| ${n} | ${j.medianMs} | ${j.programsPerSecond} |`);
  return {
    scaling: {
      rows: scaling.rows.map((r) => ({ lines: r.lines, bytes: r.bytes, ms: round(r.ms, 1), rssMB: round(r.rssMB, 1), models: r.models, partial: r.partial })),
      exponent: round(scaling.exponent, 3),
      exponentR2: round(scaling.exponentR2, 4),
      msPerThousandLines: round(scaling.msPerThousandLines, 2),
      interceptMs: round(scaling.interceptMs, 1),
      linearR2: round(scaling.linearR2, 4),
    },
    jobs: { runs, ...jobs },
  };
}

async function main() {
  const corpusDir = path.resolve(root, option("corpus", "bench/corpus"));
  const corpusRel = path.relative(root, corpusDir) || ".";
  const runs = Number(option("runs", "5"));
  const passes = Number(option("passes", "3"));
  const outFile = path.resolve(root, option("out", "bench/results/bench.json"));

  const programs = listCorpusPrograms(corpusDir).map((p) => path.join(corpusRel, p));
  const linesOf = new Map(programs.map((p) => [p, readFileSync(path.join(root, p), "utf8").split("\n").length]));
  const totalLines = sum([...linesOf.values()]);

  const loadBefore = machine().loadAverage1m;
  if (option("only", "") === "scaling") {
    const previous = existsSync(outFile) ? JSON.parse(readFileSync(outFile, "utf8")) : { version: 1 };
    const parts = await scalingAndJobs(corpusRel, programs, runs);
    const updated = { ...previous, ...parts, scalingMachine: { ...machine(), loadAverage1mBefore: loadBefore, date: new Date().toISOString() } };
    mkdirSync(path.dirname(outFile), { recursive: true });
    writeFileSync(outFile, `${JSON.stringify(updated, null, 2)}\n`);
    console.log(`\nwrote ${path.relative(root, outFile)}`);
    process.argv.push("--lint-only");
    return;
  }

  // (a) one CLI process for the whole corpus, then for its first 100 programs (the goal's corpus size)
  const cliTimes = [];
  let cliReport;
  for (let i = 0; i < runs; i++) {
    const { ms, report } = await timeCli([corpusRel]);
    cliTimes.push(ms);
    cliReport = report;
  }
  const cliMedian = median(cliTimes);
  const hundred = programs.slice(0, 100);
  const hundredTimes = [];
  for (let i = 0; i < runs; i++) hundredTimes.push((await timeCli(hundred)).ms);
  const hundredMedian = median(hundredTimes);

  // (b) per program, in-process
  const coldStarted = performance.now();
  const lib = await import(pathToFileURL(path.join(root, "dist", "index.js")).href);
  const options = { cwd: root, config: false };
  await lib.lint([programs[0]], options);
  const coldMs = performance.now() - coldStarted;

  const perPass = programs.map(() => []);
  const cpuStarted = process.cpuUsage();
  for (let pass = 0; pass < passes; pass++) {
    for (const [i, program] of programs.entries()) {
      const t0 = performance.now();
      await lib.lint([program], options);
      perPass[i].push(performance.now() - t0);
    }
  }
  const cpu = process.cpuUsage(cpuStarted);
  const cpuMsPerPass = (cpu.user + cpu.system) / 1000 / passes;
  const perProgram = perPass.map((times) => median(times));
  const inProcessTotal = sum(perProgram);

  const parsed = cliReport.files.filter((f) => f.parsed).length;
  const result = {
    version: 1,
    date: new Date().toISOString(),
    machine: { ...machine(), loadAverage1mBefore: loadBefore },
    corpus: { path: corpusRel.split(path.sep).join("/"), programs: programs.length, lines: totalLines, parsedByCli: parsed, findingsByCli: cliReport.findings.length },
    cli: {
      runs: cliTimes.map((t) => round(t, 1)),
      medianMs: round(cliMedian, 1),
      minMs: round(Math.min(...cliTimes), 1),
      maxMs: round(Math.max(...cliTimes), 1),
      msPerProgram: round(cliMedian / programs.length, 2),
      linesPerSecond: Math.round(totalLines / (cliMedian / 1000)),
      first100: { programs: hundred.length, runs: hundredTimes.map((t) => round(t, 1)), medianMs: round(hundredMedian, 1) },
    },
    inProcess: {
      passes,
      coldStartMs: round(coldMs, 1),
      perProgramMs: {
        median: round(median(perProgram), 3),
        p90: round(quantile(perProgram, 0.9), 3),
        max: round(Math.max(...perProgram), 3),
        mean: round(inProcessTotal / programs.length, 3),
      },
      totalMs: round(inProcessTotal, 1),
      cpuMsPerPass: round(cpuMsPerPass, 1),
      linesPerSecond: Math.round(totalLines / (inProcessTotal / 1000)),
      slowest: programs
        .map((p, i) => ({ program: p.split(path.sep).join("/"), ms: round(perProgram[i], 3), lines: linesOf.get(p) }))
        .sort((a, b) => b.ms - a.ms)
        .slice(0, 5),
    },
  };

  const m = result.machine;
  const rows = [
    ["Machine", `${m.cpu} × ${m.cpus}, ${m.memoryGB} GB, Node ${m.node}, ${m.platform}`],
    ["Load average (1 min) before / after", `${loadBefore} / ${m.loadAverage1m}`],
    ["Corpus", `${programs.length} programs, ${totalLines} lines (${parsed} parsed, ${cliReport.findings.length} findings)`],
    [`CLI, whole corpus, wall time incl. start-up (median of ${runs})`, `${result.cli.medianMs} ms (min ${result.cli.minMs}, max ${result.cli.maxMs})`],
    ["CLI, ms per program / lines per second", `${result.cli.msPerProgram} ms / ${result.cli.linesPerSecond}`],
    ["In-process cold start (import + first program)", `${result.inProcess.coldStartMs} ms`],
    [`In-process ms per program (median / p90 / max, ${passes} passes)`, `${result.inProcess.perProgramMs.median} / ${result.inProcess.perProgramMs.p90} / ${result.inProcess.perProgramMs.max}`],
    ["In-process total / CPU per pass / lines per second", `${result.inProcess.totalMs} ms / ${result.inProcess.cpuMsPerPass} ms / ${result.inProcess.linesPerSecond}`],
    [`CLI, first ${hundred.length} programs, wall time incl. start-up (median of ${runs})`, `${result.cli.first100.medianMs} ms`],
    ["Goal: 100 programs under 1 s wall, start-up included", hundredMedian < 1000 ? "met" : "not met"],
  ];
  console.log("# nncheck bench\n");
  console.log("| Measure | Value |\n|---|---|");
  for (const [k, v] of rows) console.log(`| ${k} | ${v} |`);
  Object.assign(result, await scalingAndJobs(corpusRel, programs, runs));

  mkdirSync(path.dirname(outFile), { recursive: true });
  writeFileSync(outFile, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\nwrote ${path.relative(root, outFile)}`);
}

/** Runs a probe overhead bench (a script in bench/) as a child process; resolves with its exit code. */
function runOverheadBench(script) {
  const args = [path.join(root, "bench", script)];
  for (const name of ["rounds", "steps"]) {
    const value = option(`overhead-${name}`, undefined);
    if (value !== undefined) args.push(`--${name}`, value);
  }
  return runChild(args);
}

/** Runs the simulation bench (`lint --simulate` on the clean programs) as a child process. */
function runSimulationBench() {
  return runChild([path.join(root, "bench", "simulate.js")]);
}

function runChild(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: "inherit" });
    child.on("error", reject);
    child.on("close", (code) => resolve(code ?? 1));
  });
}

main()
  .then(async () => {
    if (process.exitCode || process.argv.includes("--lint-only")) return;
    for (const script of ["probe-overhead.js", "python-overhead.js"]) {
      const code = await runOverheadBench(script);
      if (code !== 0) {
        console.error(`bench/run: bench/${script} exited with code ${code}`);
        process.exitCode = 2;
        return;
      }
    }
    if (!process.argv.includes("--no-simulate")) {
      const simulated = await runSimulationBench();
      if (simulated !== 0) {
        console.error(`bench/run: the simulation bench exited with code ${simulated}`);
        process.exitCode = 2;
      }
    }
    if (process.argv.includes("--no-preflight")) return;
    const preflightCode = await runChild([path.join(root, "bench", "preflight.js")]);
    if (preflightCode !== 0) {
      console.error(`bench/run: the preflight bench exited with code ${preflightCode}`);
      process.exitCode = 2;
    }
  })
  .catch((error) => {
    console.error(`bench/run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 2;
  });
