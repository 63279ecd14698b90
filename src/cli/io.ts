/**
 * What a command may touch of the outside world, passed in so commands can be tested in-process; and
 * how the real standard streams fail (a closed pipe ends quietly; a full disk or an I/O error is said
 * on stderr and makes the exit code 2).
 */
import { writeSync } from "node:fs";

export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
  env: Record<string, string | undefined>;
  /** Whether stdout is a terminal (colour is used only then, and only when NO_COLOR is unset). */
  stdoutIsTTY: boolean;
}

export function processIO(): CliIO {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    cwd: process.cwd(),
    env: process.env,
    stdoutIsTTY: process.stdout.isTTY === true,
  };
}

/** A command of the `nncheck` CLI. `run` returns the exit code. */
export interface Command {
  name: string;
  summary: string;
  run(argv: string[], io?: CliIO): Promise<number>;
}

/** Error codes of a write that failed because of where the output goes, not because of nncheck. */
const OUTPUT_ERRORS: Readonly<Record<string, string>> = {
  ENOSPC: "no space left on the device",
  EDQUOT: "disk quota exceeded",
  EFBIG: "file too large",
  EIO: "input/output error",
  EPIPE: "the reader closed the pipe",
  EBADF: "the stream is closed",
  EROFS: "read-only file system",
  EACCES: "permission denied",
  EISDIR: "it is a directory",
};

/** A one-line description of a failed write of the report or a stream, or undefined for other errors. */
export function outputFailure(error: unknown, target = "the output"): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const syscall = (error as NodeJS.ErrnoException | undefined)?.syscall;
  if (code === undefined || !(code in OUTPUT_ERRORS) || (syscall !== undefined && !["write", "open", "close", "fsync"].includes(syscall))) {
    return undefined;
  }
  return `cannot write ${target}: ${OUTPUT_ERRORS[code]} (${code})`;
}

/** Writes to stderr directly; a stderr that cannot be written is given up on silently. */
export function writeStderr(text: string): void {
  try {
    writeSync(2, text);
  } catch {
    // Nowhere left to say it.
  }
}

let guarded = false;

/**
 * Turns failures of the process's stdout/stderr into a clear end: a closed pipe (`nncheck lint | head`)
 * stops quietly with the exit code so far; a full disk or an I/O error is said on stderr, exit code 2.
 */
export function guardStandardStreams(): void {
  if (guarded) return;
  guarded = true;
  for (const [stream, name] of [
    [process.stdout, "standard output"],
    [process.stderr, "standard error"],
  ] as const) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
      if (stream === process.stdout) writeStderr(`nncheck: ${outputFailure(error, name) ?? `cannot write ${name}: ${error.message}`}\n`);
      process.exit(2);
    });
  }
}
