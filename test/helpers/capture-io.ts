/** A CliIO for the CLI's commands in tests: keeps what they write; not a terminal. */
import type { CliIO } from "../../src/cli/io.js";

export function captureIO(cwd: string, env: NodeJS.ProcessEnv): CliIO & { out: string; err: string } {
  const io = {
    out: "",
    err: "",
    stdout: (t: string) => void (io.out += t),
    stderr: (t: string) => void (io.err += t),
    cwd,
    env,
    stdoutIsTTY: false,
  };
  return io;
}
