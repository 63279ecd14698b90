/**
 * Lints files on worker threads. Files are independent: each worker pulls the next file when it finishes
 * one, and the results come back indexed by file, so the caller merges them in a stable order whatever the
 * number of workers. A worker that dies on a file (out of memory, a crash) loses only that file, which is
 * reported as an internal error; a fresh worker takes the remaining files.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { FileResult, Finding } from "../report/finding.js";
import { internalErrorFinding } from "./engine.js";

export interface FileTask {
  id: number;
  file: string;
}

export interface LintedFile {
  result: FileResult;
  findings: Finding[];
}

export interface FileTaskResult extends LintedFile {
  id: number;
}

/** Heap allowed to one worker: a file past it loses its worker, not the run. */
const WORKER_HEAP_MB = 2048;

/**
 * Wall time allowed to one file. The front end's work is bounded by counts, not clocks, so this is only a
 * safety net against a bug: far above what any file within the size cap takes.
 */
const FILE_TIME_LIMIT_MS = 10 * 60_000;

const WORKER_URL = new URL("./worker.js", import.meta.url);

/** Whether workers can be started (the compiled worker module is there; not when running from sources). */
export function workersAvailable(): boolean {
  return existsSync(fileURLToPath(WORKER_URL));
}

function lostFile(file: string, why: string): LintedFile {
  return {
    result: { path: file, parsed: false },
    findings: [internalErrorFinding(file, `The analysis of this file stopped its worker: ${why}`)],
  };
}

/**
 * Lints `files` on `jobs` workers started with `settings` (plain data); results in the order of `files`.
 * Rejects when a worker cannot start at all (the caller then lints in-process).
 */
export function lintInWorkers(files: readonly string[], jobs: number, settings: object): Promise<LintedFile[]> {
  const results: LintedFile[] = new Array(files.length);
  let next = 0;
  let done = 0;
  return new Promise((resolve, reject) => {
    const finishIfDone = (): void => {
      if (done === files.length) resolve(results);
    };
    const start = (): void => {
      const worker = new Worker(WORKER_URL, { workerData: settings, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
      let current: number | undefined;
      let ready = false;
      let timer: NodeJS.Timeout | undefined;
      const feed = (): void => {
        if (next >= files.length) {
          current = undefined;
          void worker.terminate();
          return;
        }
        current = next++;
        worker.postMessage({ id: current, file: files[current]! } satisfies FileTask);
        timer = setTimeout(() => {
          fail(`no result after ${FILE_TIME_LIMIT_MS / 60_000} minutes`);
          void worker.terminate();
        }, FILE_TIME_LIMIT_MS);
      };
      worker.on("message", (message: FileTaskResult | "ready") => {
        clearTimeout(timer);
        if (message === "ready") {
          ready = true;
          return feed();
        }
        results[message.id] = { result: message.result, findings: message.findings };
        done++;
        finishIfDone();
        feed();
      });
      const fail = (why: string): void => {
        clearTimeout(timer);
        if (!ready) return reject(new Error(`a lint worker could not start: ${why}`));
        if (current === undefined) return;
        results[current] = lostFile(files[current]!, why);
        current = undefined;
        done++;
        finishIfDone();
        if (next < files.length) start();
      };
      worker.on("error", (error) => fail(error.message));
      worker.on("exit", (code) => fail(`exit code ${code}`));
    };
    if (files.length === 0) return resolve(results);
    for (let i = 0; i < Math.min(jobs, files.length); i++) start();
  });
}
