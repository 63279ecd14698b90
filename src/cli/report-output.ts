/**
 * Where a command's report goes: rendered in the chosen format to `--output` or stdout. Shared by the
 * commands that end with a report (lint, check-trace).
 */
import { realpathSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import type { Report } from "../report/finding.js";
import { formatReport, type FormatOptions, type ReportFormat } from "../report/index.js";
import { readSourceFile } from "../lint/files.js";
import type { TraceDigest } from "../telemetry/digest.js";
import { neutralize } from "../report/escape.js";
import { outputFailure, type CliIO } from "./io.js";

/**
 * Renders the report and writes it to `output` (relative to the cwd) or stdout. Colour only on a terminal
 * stdout without NO_COLOR. Returns false, having said why on stderr, when the file cannot be written.
 */
export async function emitReport(report: Report, format: ReportFormat, output: string | undefined, io: CliIO, verbose = false): Promise<boolean> {
  const color = output === undefined && io.stdoutIsTTY && io.env["NO_COLOR"] === undefined;
  const options: FormatOptions = { color, baseDir: io.cwd, verbose };
  if (format === "html" && report.trace !== undefined) options.sources = await layerSources(report.trace, io.cwd);
  const rendered = formatReport(report, format, options);
  if (output === undefined) {
    io.stdout(rendered);
    return true;
  }
  try {
    await writeFile(path.resolve(io.cwd, output), rendered);
    return true;
  } catch (error) {
    io.stderr(`nncheck: ${outputFailure(error, neutralize(output)) ?? `cannot write ${neutralize(output)}: ${error instanceof Error ? error.message : String(error)}`}\n`);
    return false;
  }
}

/** Most source files read for the excerpts of a dynamic HTML report. */
const MAX_SOURCE_FILES = 32;

/** Programs whose lines may be quoted: a trace's spans are not trusted to name anything else. */
const SOURCE_EXTENSIONS = /\.(py|js|mjs|cjs|ts|mts|cts)$/;

/** Whether a file named by a trace may be read: a program source inside the working directory (links resolved). */
function isQuotable(file: string, cwd: string): boolean {
  if (!SOURCE_EXTENSIONS.test(file)) return false;
  try {
    const real = realpathSync(path.resolve(cwd, file));
    const relative = path.relative(realpathSync(cwd), real);
    return relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative);
  } catch {
    return false;
  }
}

/**
 * The sources of the files where the trace's layers are defined (spans, when the probe knows them), for
 * the HTML page's excerpts. A trace is untrusted and a page gets published: only program sources inside
 * the working directory are read, as lint reads sources (regular files only, size-capped), and the page
 * quotes a few lines around the span. A file that cannot be read just has no excerpt.
 */
async function layerSources(trace: TraceDigest, cwd: string): Promise<Map<string, string>> {
  const files = [...new Set(trace.layers.flatMap((l) => (l.span ? [l.span.file] : [])))].slice(0, MAX_SOURCE_FILES);
  const sources = new Map<string, string>();
  for (const file of files) {
    if (!isQuotable(file, cwd)) continue;
    const read = await readSourceFile(file, cwd);
    if (read.ok) sources.set(file, read.source);
  }
  return sources;
}
