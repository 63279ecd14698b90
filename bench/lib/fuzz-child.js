/**
 * A fuzz worker process: lints the programs it is sent one at a time (the built library, in-process) and
 * answers each with its time, whether it finished cleanly, and any internal error the report holds.
 */
const { lintSource } = await import(new URL("../../dist/index.js", import.meta.url).href);

process.on("message", async ({ index, source }) => {
  const started = performance.now();
  let problem;
  try {
    const report = await lintSource(source, "fuzz.py", { config: false });
    const internal = report.findings.find((f) => f.code === "nncheck-internal-error");
    if (internal !== undefined) problem = internal.message;
    else if (report.files.length !== 1) problem = `report has ${report.files.length} files`;
  } catch (error) {
    problem = `threw: ${error instanceof Error ? error.stack : String(error)}`;
  }
  process.send({ index, ms: performance.now() - started, problem, rssMB: process.memoryUsage().rss / 2 ** 20 });
});
process.send({ ready: true });
