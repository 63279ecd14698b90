/**
 * The `nncheck` dispatcher: global flags (--help, --version) and the command table. Commands are loaded
 * only when run. `runCli()` is what bin/nncheck.js calls; `main()` is the testable core.
 */
import { packageVersion } from "../report/index.js";
import { commands } from "./commands.js";
import { neutralize } from "../report/escape.js";
import { guardStandardStreams, outputFailure, processIO, writeStderr, type CliIO } from "./io.js";

function usage(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const list = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join("\n");
  return `nncheck — find faults in deep-learning programs

Usage: nncheck <command> [options]

Commands:
${list}

Global options:
  -h, --help     Show this help (nncheck <command> --help for a command's options)
  -V, --version  Print the version

Exit codes: 0 clean, 1 findings, 2 usage, configuration or internal error.
`;
}

/** Runs the CLI with arguments (without `node` and the script); returns the exit code. */
export async function main(argv: readonly string[], io: CliIO = processIO()): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    io.stderr(usage());
    return 2;
  }
  if (first === "--help" || first === "-h" || first === "help") {
    io.stdout(usage());
    return 0;
  }
  if (first === "--version" || first === "-V") {
    io.stdout(`${packageVersion()}\n`);
    return 0;
  }
  const entry = commands.find((c) => c.name === first);
  if (entry === undefined) {
    const what = first.startsWith("-") ? `Unknown option "${first}"` : `Unknown command "${first}"`;
    io.stderr(`nncheck: ${what}\n\n${usage()}`);
    return 2;
  }
  try {
    const { command } = await entry.load();
    return await command.run(rest, io);
  } catch (error) {
    reportFailure(error, io);
    return 2;
  }
}

/**
 * Says what went wrong in one line: an output that cannot be written (a full disk, an I/O error) plainly,
 * anything else as a bug in nncheck. The stack trace only with NNCHECK_DEBUG=1.
 */
export function reportFailure(error: unknown, io: Pick<CliIO, "stderr" | "env">): void {
  const output = outputFailure(error);
  if (output !== undefined) {
    io.stderr(`nncheck: ${output}\n`);
    return;
  }
  const message = error instanceof Error ? error.message : String(error);
  const stack = error instanceof Error && io.env["NNCHECK_DEBUG"] === "1" ? `\n${error.stack ?? ""}` : "";
  io.stderr(`nncheck: internal error: ${neutralize(message)}${stack}\n${stack ? "" : "(set NNCHECK_DEBUG=1 to see where)\n"}`);
}

/** The process entry: sets the exit code rather than exiting, so piped output is never cut short. */
export async function runCli(): Promise<void> {
  guardStandardStreams();
  const fail = (error: unknown): void => {
    reportFailure(error, { stderr: (text) => writeStderr(text), env: process.env });
    process.exit(2);
  };
  // Nothing may end the process with a stack trace, not even a failure outside a command's own flow.
  process.on("uncaughtException", fail);
  process.on("unhandledRejection", fail);
  process.exitCode = await main(process.argv.slice(2));
}
