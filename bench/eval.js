#!/usr/bin/env node
/**
 * `npm run eval`: lints the labelled corpus with every rule (preview included) through the built library,
 * scores the findings against bench/corpus/labels.json, prints a markdown table and writes
 * bench/results/eval.json.
 *
 * Options: --corpus DIR (default bench/corpus), --out FILE (default bench/results/eval.json for
 *          bench/corpus, bench/results/eval-<folder>.json for any other corpus, e.g. eval-holdout.json),
 *          --details (also print every miss, false alarm and unexpected finding).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { checkLabels, listCorpusPrograms, readLabels, toCorpusPath } from "./lib/corpus.js";
import { formatEvalMarkdown, scoreCorpus } from "./lib/score.js";
import { option } from "./lib/options.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Another corpus (the held-out set) gets its own result file, so it never overwrites the main corpus's. */
function defaultOutFile(corpusDir) {
  if (corpusDir === path.resolve(root, "bench/corpus")) return "bench/results/eval.json";
  return `bench/results/eval-${path.basename(corpusDir)}.json`;
}

async function main() {
  const corpusDir = path.resolve(root, option("corpus", "bench/corpus"));
  const outFile = path.resolve(root, option("out", defaultOutFile(corpusDir)));
  const details = process.argv.includes("--details");

  const labels = readLabels(corpusDir);
  const programs = listCorpusPrograms(corpusDir);
  const problems = checkLabels(labels, programs);
  if (problems.length > 0) {
    console.error(`bench/eval: the labels do not match the corpus:\n  ${problems.join("\n  ")}`);
    process.exitCode = 2;
    return;
  }

  const lib = await import(pathToFileURL(path.join(root, "dist", "index.js")).href);
  const started = performance.now();
  // Every rule, preview included; no config file, so a user's settings cannot change the score.
  const report = await lib.lint([path.relative(root, corpusDir) || "."], { cwd: root, config: false, preview: true });
  const lintMs = performance.now() - started;

  const rel = (file) => toCorpusPath(corpusDir, path.resolve(root, file));
  const findings = report.findings.map((f) => ({ file: rel(f.file), code: f.code, severity: f.severity, line: f.line, message: f.message }));
  const files = report.files.map((f) => ({ file: rel(f.path), parsed: f.parsed, ...(f.error ? { error: f.error.message } : {}) }));
  const rules = lib.allRules.map(({ meta }) => ({ code: meta.code, name: meta.name, severity: meta.severity, lifecycle: meta.lifecycle }));

  const result = scoreCorpus({ labels, findings, rules, files });
  const markdown = formatEvalMarkdown(result);

  console.log(`# nncheck eval: ${result.totals.programs} labelled programs, ${rules.length} rules, linted in ${Math.round(lintMs)} ms\n`);
  console.log(markdown);
  if (details) {
    for (const r of result.perRule) {
      for (const file of r.missed) console.log(`missed      ${r.code}  ${file}`);
      for (const file of r.falseAlarmPrograms) console.log(`false alarm ${r.code}  ${file}`);
      for (const file of r.unexpectedPrograms) console.log(`unexpected  ${r.code}  ${file}`);
    }
    for (const f of files.filter((x) => !x.parsed)) console.log(`not parsed  ${f.file}  ${f.error ?? ""}`);
  }

  mkdirSync(path.dirname(outFile), { recursive: true });
  const output = {
    version: 1,
    date: new Date().toISOString(),
    node: process.version,
    machine: { cpu: os.cpus()[0]?.model ?? "unknown", cpus: os.cpus().length, platform: `${os.platform()} ${os.release()}` },
    corpus: path.relative(root, corpusDir).split(path.sep).join("/"),
    lintMs: Math.round(lintMs),
    rules,
    totals: result.totals,
    perRule: result.perRule,
    findings,
    files,
  };
  writeFileSync(outFile, `${JSON.stringify(output, null, 2)}\n`);
  console.log(`wrote ${path.relative(root, outFile)}`);
}

main().catch((error) => {
  console.error(`bench/eval: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 2;
});
