/** Runs the CLI in-process (from src) or as a process (bin → dist), capturing output and exit code. */
import { execFile, spawn } from "node:child_process";
import { closeSync, existsSync, openSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { main } from "../../src/cli/main.js";

export const REPO = fileURLToPath(new URL("../..", import.meta.url));
export const FIXTURES = path.join(REPO, "test", "fixtures", "cli");

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runInProcess(argv: string[], cwd: string = FIXTURES, env: Record<string, string | undefined> = {}, tty = false): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    cwd,
    env,
    stdoutIsTTY: tty,
  });
  return { code, stdout, stderr };
}

/** Runs bin/nncheck.js (built). `stdoutFile` sends its stdout to that file instead of a pipe (stdout is then ""). */
export function runBin(argv: string[], cwd: string = FIXTURES, stdoutFile?: string): Promise<CliRun> {
  const bin = path.join(REPO, "bin", "nncheck.js");
  if (!existsSync(path.join(REPO, "dist", "cli", "main.js"))) {
    throw new Error("dist/ is missing: run `npm run build` before the CLI end-to-end tests");
  }
  const env = { ...process.env, NO_COLOR: "1" };
  if (stdoutFile !== undefined) {
    return new Promise((resolve) => {
      const out = openSync(stdoutFile, "w");
      const child = spawn(process.execPath, [bin, ...argv], { cwd, env, stdio: ["ignore", out, "pipe"] });
      closeSync(out);
      let stderr = "";
      child.stderr!.on("data", (chunk: Buffer) => void (stderr += chunk.toString()));
      child.on("close", (code) => resolve({ code: code ?? 1, stdout: "", stderr }));
    });
  }
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...argv], { cwd, env }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === "number" ? error.code : 1;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Replaces the run time in a text summary so outputs can be compared. */
export function withoutTiming(text: string): string {
  return text.replace(/\(\d+ ms\)/g, "(T ms)");
}
