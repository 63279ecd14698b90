/**
 * A lint worker thread: builds a linter from the run's resolved settings (plain data, sent by the pool), then
 * lints the files it is sent one at a time and posts back each file's result and findings.
 */
import { parentPort, workerData } from "node:worker_threads";
import { createLinter, type LintOptions } from "./lint.js";
import type { FileTask, FileTaskResult } from "./pool.js";

const port = parentPort;
if (port !== null) {
  const linter = await createLinter(workerData as LintOptions, false);
  port.on("message", (task: FileTask) => {
    void linter.lintFile(task.file).then((linted) => port.postMessage({ id: task.id, ...linted } satisfies FileTaskResult));
  });
  port.postMessage("ready");
}
