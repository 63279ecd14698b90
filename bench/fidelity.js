#!/usr/bin/env node
/**
 * `npm run fidelity`: how faithful the simulation's TF.js twin is to the model real Keras 3 builds.
 * For each clean program (corpus `*_fixed.py` and the examples) whose first compiled model the twin builds:
 *  1. the twin is built, compiled with its learner, and given synthetic data, as `lint --simulate` does;
 *     its initial weights are kept, then it trains `--steps` batches (in order, no shuffling) and its loss
 *     curve is recorded;
 *  2. the oracle's Python worker (bench/oracle/fidelity_worker.py, TensorFlow 2.21 / Keras 3) runs the
 *     program without training, takes the model built at the same line, copies the twin's initial weights
 *     into it, and trains it on the same batches with the program's own compile (loss and optimizer);
 *  3. the two are compared: parameters (total and per layer), the first loss and the loss curve;
 *  4. findings: each side trains again from the same initial weights with a fresh optimizer, by `fit` over
 *     the same batches for --findings-steps steps, recorded by its own probe (the TF.js callback; the
 *     Python probe's `keras_callback`), tensors sampled every SAMPLING steps; each trace is checked as
 *     `check-trace` does with the simulation's check settings, and the codes raised at warning or error
 *     severity are compared.
 * Prints a table with each disagreement and writes bench/results/fidelity.json.
 *
 * Options: --python PATH (default .venv/bin/python, else python3), --steps N (default 10), --only TEXT,
 *          --findings-steps N (default 60; 0 skips the findings), --timeout S (per program, default 60).
 * The programs run in child processes (`--part FILE`, internal): a twin that breaks the wasm backend's heap
 * ends its process, and the next program starts in a fresh one on wasm (on the cpu backend the remaining
 * twins would take hours).
 */
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { fileURLToPath, pathToFileURL } from "node:url";
import { listCorpusPrograms } from "./lib/corpus.js";
import { option } from "./lib/options.js";
import { round } from "./lib/stats.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const WORKER = path.join(root, "bench", "oracle", "fidelity_worker.py");
const FAULTY_EXAMPLES = new Set(["examples/mnist_missing_softmax.py"]);
/** Relative loss difference within which the twin's and Keras's losses agree. */
const LOSS_TOLERANCE = 0.05;
/** Tensor statistics every SAMPLING steps in the findings runs, on both sides. */
const SAMPLING = 5;

const dist = (file) => import(pathToFileURL(path.join(root, "dist", file)).href);

function programs() {
  const corpus = listCorpusPrograms(path.join(root, "bench", "corpus")).filter((p) => p.endsWith("_fixed.py")).map((p) => `bench/corpus/${p}`);
  const examples = readdirSync(path.join(root, "examples")).filter((n) => n.endsWith(".py")).map((n) => `examples/${n}`).filter((p) => !FAULTY_EXAMPLES.has(p)).sort();
  const only = option("only", undefined);
  return [...corpus, ...examples].filter((p) => only === undefined || p.includes(only));
}

function defaultPython() {
  const venv = path.join(root, ".venv", "bin", "python");
  return existsSync(venv) ? venv : "python3";
}

/** A long-lived Python worker answering one JSON line per request. */
class Worker {
  constructor(python) {
    this.child = spawn(python, [WORKER], { cwd: root, stdio: ["pipe", "pipe", "inherit"], env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1" } });
    this.lines = readline.createInterface({ input: this.child.stdout });
    this.waiting = [];
    this.lines.on("line", (line) => this.waiting.shift()?.(JSON.parse(line)));
  }
  next() {
    return new Promise((resolve) => this.waiting.push(resolve));
  }
  run(request) {
    const answer = this.next();
    this.child.stdin.write(`${JSON.stringify(request)}\n`);
    return answer;
  }
  close() {
    this.child.stdin.end();
  }
}

function tensorJson(tensor) {
  return { shape: tensor.shape, values: Array.from(tensor.dataSync()) };
}

/**
 * The twin's initial weights, layer by layer (the layers that have weights, in model order), each weight by
 * its role (`kernel`, `bias`, `recurrent_kernel`, `gamma`, `moving_mean`...): the worker copies them into the
 * Keras layers by role, so a different order of a layer's weights in the two frameworks does not matter.
 */
function weightsByLayer(model) {
  return model.layers
    .filter((layer) => layer.weights.length > 0)
    .map((layer) => ({
      layer: layer.name,
      weights: layer.weights.map((w) => ({ role: w.originalName.split("/").pop().replace(/_\d+$/, ""), ...tensorJson(w.read()) })),
    }));
}

/** The twin of the program's first compiled model, its job for the worker, and its own loss curve. */
async function twinRun(program, steps, lib, findings) {
  const { analyzePython, buildTwin, planLearner, compileTwin, generateData, createRandom, DEFAULT_SIMULATION_SETTINGS, tf } = lib;
  const source = readFileSync(path.join(root, program), "utf8");
  const { program: model } = await analyzePython(source, program);
  const facts = model?.models.find((m) => m.learner !== undefined && m.architecture.layers.length > 0);
  if (facts === undefined) return { skipped: "no compiled model" };
  const random = createRandom(DEFAULT_SIMULATION_SETTINGS.seed * 1009);
  const twin = buildTwin(facts.architecture, { random, dataFormat: model.imageDataFormat, maxParameters: 2_000_000 });
  if (twin.model === undefined) return { skipped: `not simulated: ${twin.notSimulated}` };
  if (twin.notBuilt.length > 0 || twin.passedThrough.length > 0) {
    twin.model.dispose();
    return { skipped: `the twin leaves out or passes through layers (${[...twin.notBuilt, ...twin.passedThrough].map((i) => i.layer.name).join(", ")})` };
  }
  const learner = planLearner(facts.learner, twin.outputs);
  if (!learner.ok) {
    twin.model.dispose();
    return { skipped: `not simulated: ${learner.reason}` };
  }
  compileTwin(twin.model, learner.plan);
  const loop = facts.training[0];
  const batchSize = Math.max(1, Math.min(loop?.batchSize ?? 32, 32));
  const data = generateData({
    architecture: facts.architecture,
    inputs: twin.inputs,
    outputShapes: twin.model.outputs.map((o) => o.shape),
    losses: learner.plan.losses,
    loop,
    random,
    samples: batchSize * steps,
    maxValues: 4_000_000,
    minSamples: batchSize,
  });
  const job = {
    modelLine: facts.span.line,
    weights: weightsByLayer(twin.model),
    inputs: data.inputs.map(tensorJson),
    targets: data.targets.map(tensorJson),
    batchSize,
    steps,
  };
  const samples = data.inputs[0].shape[0];
  const initial = twin.model.getWeights().map((w) => w.clone());
  const losses = [];
  for (let step = 0; step < steps; step++) {
    const start = (step * batchSize) % samples;
    const size = Math.min(samples, start + batchSize) - start;
    const slice = (t) => t.slice(start, size);
    const xs = data.inputs.map(slice);
    const ys = data.targets.map(slice);
    const value = await twin.model.trainOnBatch(xs.length === 1 ? xs[0] : xs, ys.length === 1 ? ys[0] : ys);
    lib.applyConstraints(twin.model); // TF.js leaves them to the caller; Keras applies them after each update
    losses.push(Array.isArray(value) ? value[0] : value);
    tf.dispose([...xs, ...ys]);
  }
  const layers = facts.architecture.layers
    .filter((l) => l.kind !== "input")
    .map((l) => ({ name: l.name, kind: l.kind, params: twin.parameterCounts.get(l.index) ?? 0 }));
  const result = { model: facts.variable ?? `line ${facts.span.line}`, parameters: twin.parameters, layers, losses, loss: learner.plan.losses.map((l) => l.spec.kind).join(","), optimizer: learner.plan.optimizerKind, notes: [...learner.plan.notes, ...data.notes], job };
  if (findings.steps > 0) {
    // From the initial weights again, with a fresh optimizer: fit over the same batches, as Keras does.
    twin.model.setWeights(initial);
    compileTwin(twin.model, learner.plan);
    const epochs = Math.max(1, Math.ceil(findings.steps / Math.ceil(samples / batchSize)));
    const trace = path.join(findings.dir, "twin.jsonl");
    const callback = lib.createNncheckCallback(tf, { trace, samplingInterval: SAMPLING, printFindings: false });
    const xs = data.inputs.length === 1 ? data.inputs[0] : data.inputs;
    const ys = data.targets.length === 1 ? data.targets[0] : data.targets;
    await twin.model.fit(xs, ys, { batchSize, epochs, shuffle: false, verbose: 0, callbacks: [...lib.constraintsCallback(twin.model), callback] });
    callback.close();
    result.findings = seriousCodes(lib.checkTrace(trace, lib.simulationChecks({}, findings.steps, job.batchSize)).findings);
    job.findings = { epochs, steps: findings.steps, sampling: SAMPLING, trace: path.join(findings.dir, "keras.jsonl") };
  }
  tf.dispose(initial);
  data.dispose();
  twin.model.dispose();
  return result;
}

/** The codes raised at warning or error severity, sorted. */
function seriousCodes(found) {
  return [...new Set(found.filter((f) => f.severity !== "info").map((f) => f.code))].sort();
}

function relative(a, b) {
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-3);
}

/** Agreement of the twin and the real model, with each disagreement stated. */
function compare(twin, real) {
  const disagreements = [];
  if (twin.parameters !== real.params) disagreements.push(`parameters: twin ${twin.parameters}, Keras ${real.params}`);
  const twinCounts = twin.layers.map((l) => l.params).filter((n) => n > 0).sort((a, b) => a - b);
  const realCounts = real.layers.map((l) => l.params).filter((n) => n > 0).sort((a, b) => a - b);
  const layersAgree = JSON.stringify(twinCounts) === JSON.stringify(realCounts);
  if (!layersAgree) disagreements.push(`per-layer parameters: twin [${twinCounts}], Keras [${realCounts}]`);
  let firstLoss;
  let curve;
  if (real.weights !== "copied") disagreements.push(`weights ${real.weights}`);
  else if (real.losses) {
    firstLoss = relative(twin.losses[0], real.losses[0]);
    curve = twin.losses.reduce((s, l, i) => s + relative(l, real.losses[i]), 0) / twin.losses.length;
    if (!(firstLoss <= LOSS_TOLERANCE)) disagreements.push(`first loss: twin ${round(twin.losses[0], 4)}, Keras ${round(real.losses[0], 4)}`);
    if (!(curve <= 2 * LOSS_TOLERANCE)) disagreements.push(`loss curve: mean relative difference ${round(curve, 3)} (twin ${round(twin.losses.at(-1), 4)}, Keras ${round(real.losses.at(-1), 4)} at the last step)`);
  } else if (real.training) disagreements.push(real.training);
  let findingsAgree;
  if (twin.findings !== undefined && real.findings !== undefined) {
    findingsAgree = JSON.stringify(twin.findings) === JSON.stringify(real.findings);
    if (!findingsAgree) disagreements.push(`findings: twin [${twin.findings.join(", ")}], Keras [${real.findings.join(", ")}]`);
  } else if (twin.findings !== undefined) disagreements.push(`findings: Keras not trained by fit (${real.findingsError ?? "no trace"})`);
  return { parametersAgree: twin.parameters === real.params, layersAgree, firstLossDifference: firstLoss === undefined ? undefined : round(firstLoss, 4), curveDifference: curve === undefined ? undefined : round(curve, 4), findingsAgree, disagreements };
}

/** Runs `list` in this process until a twin breaks the wasm heap; returns the rows of the programs run. */
async function runPart(list) {
  const steps = Number(option("steps", "10"));
  const findingsSteps = Number(option("findings-steps", "60"));
  const timeout = Number(option("timeout", "60"));
  const tf = await import("@tensorflow/tfjs");
  const { selectBackend, isBrokenWasm } = await dist("simulate/backend.js");
  const backend = await selectBackend("wasm");
  const lib = {
    tf,
    ...(await dist("frontends/python/index.js")),
    ...(await dist("probes/simulate/twin.js")),
    ...(await dist("probes/simulate/learner.js")),
    ...(await dist("probes/simulate/data.js")),
    ...(await dist("probes/simulate/random.js")),
    ...(await dist("simulate/options.js")),
    ...(await dist("probes/tfjs/callback.js")),
    ...(await dist("checks/check-trace.js")),
    ...(await dist("simulate/train.js")),
  };
  const worker = new Worker(option("python", defaultPython()));
  const ready = await worker.next();
  const copyRoot = mkdtempSync(path.join(os.tmpdir(), "nncheck-fidelity-"));
  const rows = [];
  try {
    for (const program of list) {
      const row = { program, backend };
      rows.push(row);
      process.stderr.write(`${program}: `);
      let twin;
      try {
        rmSync(path.join(copyRoot, "keras.jsonl"), { force: true });
        twin = await twinRun(program, steps, lib, { steps: findingsSteps, dir: copyRoot });
      } catch (error) {
        row.skipped = `twin failed: ${error.message}`;
        process.stderr.write(`${row.skipped}\n`);
        // A wasm heap that broke fails every later twin in this process: the next program gets a new one.
        if (backend === "wasm" && isBrokenWasm(error.message)) break;
        continue;
      }
      if (twin.skipped) {
        row.skipped = twin.skipped;
        process.stderr.write(`${row.skipped}\n`);
        continue;
      }
      const { job, ...kept } = twin;
      row.twin = kept;
      const jobFile = path.join(copyRoot, "job.json");
      writeFileSync(jobFile, JSON.stringify(job));
      const copy = path.join(copyRoot, program);
      mkdirSync(path.dirname(copy), { recursive: true });
      copyFileSync(path.join(root, program), copy);
      const answer = await worker.run({ program: copy, root: copyRoot, timeout, job: jobFile });
      row.keras = answer.fidelity ?? undefined;
      if (!answer.fidelity || answer.fidelity.error) {
        row.skipped = `Keras: ${answer.fidelity?.error ?? `${answer.status}: ${answer.reason}`}`;
        process.stderr.write(`${row.skipped}\n`);
        continue;
      }
      if (job.findings !== undefined && existsSync(job.findings.trace) && answer.fidelity.findingsError === undefined) {
        answer.fidelity.findings = seriousCodes(lib.checkTrace(job.findings.trace, lib.simulationChecks({}, job.findings.steps, job.batchSize)).findings);
      }
      row.comparison = compare(kept, answer.fidelity);
      process.stderr.write(`${row.comparison.disagreements.length === 0 ? "agrees" : row.comparison.disagreements.join("; ")}\n`);
    }
  } finally {
    worker.close();
    rmSync(copyRoot, { recursive: true, force: true });
  }
  return { ready, rows };
}

/** Runs every program, in as many child processes as broken wasm heaps require. */
function runAll(list) {
  const scratch = mkdtempSync(path.join(os.tmpdir(), "nncheck-fidelity-parts-"));
  const forwarded = ["steps", "findings-steps", "timeout", "python"].flatMap((name) => (option(name, undefined) === undefined ? [] : [`--${name}`, option(name, undefined)]));
  const rows = [];
  let ready;
  try {
    while (rows.length < list.length) {
      const part = path.join(scratch, `part-${rows.length}.json`);
      writeFileSync(part, JSON.stringify({ programs: list.slice(rows.length), out: `${part}.out` }));
      const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), "--part", part, ...forwarded], { stdio: ["ignore", "inherit", "inherit"] });
      if (!existsSync(`${part}.out`)) throw new Error(`a fidelity process exited with ${child.status} without results`);
      const result = JSON.parse(readFileSync(`${part}.out`, "utf8"));
      ready ??= result.ready;
      if (result.rows.length === 0) throw new Error("a fidelity process ran no program");
      rows.push(...result.rows);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return { ready, rows };
}

async function main() {
  const partFile = option("part", undefined);
  if (partFile !== undefined) {
    const part = JSON.parse(readFileSync(partFile, "utf8"));
    writeFileSync(part.out, JSON.stringify(await runPart(part.programs)));
    return;
  }
  const steps = Number(option("steps", "10"));
  const findingsSteps = Number(option("findings-steps", "60"));
  const { ready, rows } = runAll(programs());
  const backend = [...new Set(rows.map((r) => r.backend))].join(", ");
  const compared = rows.filter((r) => r.comparison);
  const summary = {
    programs: rows.length,
    compared: compared.length,
    parametersAgree: compared.filter((r) => r.comparison.parametersAgree).length,
    layersAgree: compared.filter((r) => r.comparison.layersAgree).length,
    firstLossAgrees: compared.filter((r) => r.comparison.firstLossDifference !== undefined && r.comparison.firstLossDifference <= LOSS_TOLERANCE).length,
    curveAgrees: compared.filter((r) => r.comparison.curveDifference !== undefined && r.comparison.curveDifference <= 2 * LOSS_TOLERANCE).length,
    findingsCompared: compared.filter((r) => r.comparison.findingsAgree !== undefined).length,
    findingsAgree: compared.filter((r) => r.comparison.findingsAgree === true).length,
    fullyAgree: compared.filter((r) => r.comparison.disagreements.length === 0).length,
    skipped: rows.length - compared.length,
  };
  const out = { version: 1, date: new Date().toISOString(), keras: ready, backend, steps, findingsSteps, findingsSampling: SAMPLING, tolerance: { firstLoss: LOSS_TOLERANCE, curve: 2 * LOSS_TOLERANCE }, summary, programs: rows };
  mkdirSync(path.join(root, "bench", "results"), { recursive: true });
  writeFileSync(path.join(root, "bench", "results", option("only", undefined) === undefined ? "fidelity.json" : "fidelity-only.json.tmp"), `${JSON.stringify(out, null, 2)}\n`);
  console.log(`\n## Twin fidelity against Keras ${ready.keras} (TensorFlow ${ready.tensorflow}), ${steps} steps from the same weights on the same batches\n`);
  console.log("| program | parameters twin / Keras | first loss twin / Keras | curve difference | disagreements |");
  console.log("|---|---|---|---|---|");
  for (const r of compared) {
    const t = r.twin;
    const k = r.keras;
    console.log(`| ${r.program} | ${t.parameters} / ${k.params} | ${round(t.losses[0], 4)} / ${k.losses ? round(k.losses[0], 4) : "-"} | ${r.comparison.curveDifference ?? "-"} | ${r.comparison.disagreements.join("; ")} |`);
  }
  console.log(`\n${summary.compared} of ${summary.programs} programs compared: parameters agree on ${summary.parametersAgree}, per-layer parameters on ${summary.layersAgree}, ` +
    `first loss (±${LOSS_TOLERANCE * 100}%) on ${summary.firstLossAgrees}, loss curve (mean ±${LOSS_TOLERANCE * 200}%) on ${summary.curveAgrees}; ` +
    `warning and error findings after ${findingsSteps} steps on ${summary.findingsAgree} of ${summary.findingsCompared}; fully on ${summary.fullyAgree}.`);
  const skipped = new Map();
  for (const r of rows.filter((x) => x.skipped)) {
    const key = r.skipped.replace(/\(.*\)/, "(...)").replace(/\d+/g, "N").slice(0, 140);
    skipped.set(key, (skipped.get(key) ?? 0) + 1);
  }
  if (skipped.size > 0) {
    console.log("\nNot compared:");
    for (const [reason, count] of [...skipped].sort((a, b) => b[1] - a[1])) console.log(`- ${count} × ${reason}`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
