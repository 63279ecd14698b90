/**
 * What a command may touch of the outside world, passed in so commands can be tested in-process.
 */
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
