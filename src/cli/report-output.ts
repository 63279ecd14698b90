/**
 * Where a command's report goes: rendered in the chosen format to `--output` or stdout. Shared by the
 * commands that end with a report (lint, check-trace).
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import type { Report } from "../report/finding.js";
import { formatReport, type ReportFormat } from "../report/index.js";
import { neutralize } from "../report/escape.js";
import { outputFailure, type CliIO } from "./io.js";

/**
 * Renders the report and writes it to `output` (relative to the cwd) or stdout. Colour only on a terminal
 * stdout without NO_COLOR. Returns false, having said why on stderr, when the file cannot be written.
 */
export async function emitReport(report: Report, format: ReportFormat, output: string | undefined, io: CliIO, verbose = false): Promise<boolean> {
  const color = output === undefined && io.stdoutIsTTY && io.env["NO_COLOR"] === undefined;
  const rendered = formatReport(report, format, { color, baseDir: io.cwd, verbose });
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
