/**
 * How `nncheck watch` runs a Python program under the Python probe (`python/nncheck_probe/`, shipped in
 * the package): the probe's folder goes first on the program's PYTHONPATH (its `sitecustomize` connects
 * the probe and chains to any the program had), the probe writes telemetry to an inherited descriptor that
 * watch reads as a stream (no file to poll), and watch answers on a second descriptor, the back channel
 * through which `--fail-on` stops training. Nothing here decides anything about the training.
 */
import path from "node:path";
import type { Readable, Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { TraceDecoder, type TraceReadSummary } from "../../telemetry/reader.js";
import type { TelemetryRecord } from "../../telemetry/schema.js";

/** The descriptor the probe writes telemetry to, and the one it reads watch's requests from. */
export const TELEMETRY_FD = 3;
export const CONTROL_FD = 4;
export const TELEMETRY_FD_ENV = "NNCHECK_TELEMETRY_FD";
export const CONTROL_FD_ENV = "NNCHECK_CONTROL_FD";
/** A folder of watch's, removed when it ends: where the Python processes keep their claim on the telemetry. */
export const WATCH_DIR_ENV = "NNCHECK_WATCH_DIR";
/** The interpreter a bare `train.py` runs with (and the tests use); default `python3`. */
export const PYTHON_ENV = "NNCHECK_PYTHON";

/** The folder holding `sitecustomize.py` and `nncheck_probe/` (the same from src/ and dist/). */
export function pythonProbeDir(): string {
  return fileURLToPath(new URL("../../../python/", import.meta.url)).replace(/[\\/]$/, "");
}

/** The interpreter for a bare script: NNCHECK_PYTHON, else python3. */
export function pythonInterpreter(env: NodeJS.ProcessEnv): string {
  const chosen = env[PYTHON_ENV];
  return chosen !== undefined && chosen !== "" ? chosen : "python3";
}

export function isPythonScript(file: string): boolean {
  return /\.pyw?$/i.test(file);
}

/** Whether a command runs Python (for messages only: every program gets the probe's environment). */
export function runsPython(command: string, args: readonly string[]): boolean {
  const name = path.basename(command).toLowerCase();
  return /^python(\d+(\.\d+)?)?(\.exe)?$/.test(name) || /^(py|pypy\d*|uv|poetry|pipenv|conda)$/.test(name) || args.some((a) => isPythonScript(a));
}

/** The program's environment with the probe on its PYTHONPATH and the descriptors it talks through. */
export function pythonProbeEnv(env: NodeJS.ProcessEnv, probeDir: string = pythonProbeDir()): NodeJS.ProcessEnv {
  const existing = env["PYTHONPATH"];
  return {
    ...env,
    PYTHONPATH: existing ? `${probeDir}${path.delimiter}${existing}` : probeDir,
    [TELEMETRY_FD_ENV]: String(TELEMETRY_FD),
    [CONTROL_FD_ENV]: String(CONTROL_FD),
  };
}

/** The spawn `stdio` entries that give the program the two descriptors (after stdin, stdout, stderr). */
export const PROBE_STDIO = ["pipe", "pipe"] as const;

/**
 * The parent's end of the connection: telemetry decoded as it streams in (bounded memory, as a trace
 * file is read), and the back channel. Decoding errors (another schema version) end reading.
 */
export class ProbeConnection {
  private readonly decoder: TraceDecoder;
  private stopSent = false;
  private failure: string | undefined;
  private summary: TraceReadSummary | undefined;
  readonly ended: Promise<void>;

  constructor(
    private readonly telemetry: Readable,
    private readonly control: Writable | undefined,
    onRecord: (record: TelemetryRecord) => void,
    onBadLine: (line: number, error: string) => void,
    private readonly onFailure: (message: string) => void,
  ) {
    this.decoder = new TraceDecoder((record) => onRecord(record), { onBadLine });
    // The program may close its end at any time (or never have used it): that is not an error here.
    control?.on("error", () => undefined);
    this.ended = new Promise((resolve) => {
      telemetry.on("data", (chunk: Buffer) => {
        if (this.failure !== undefined) return;
        try {
          this.decoder.push(chunk);
        } catch (error) {
          this.failure = error instanceof Error ? error.message : String(error);
          this.onFailure(this.failure);
        }
      });
      telemetry.on("error", () => resolve());
      telemetry.on("end", () => resolve());
      telemetry.on("close", () => resolve());
    });
  }

  /** Asks the probe to stop training (once): `stop<TAB>reason`. */
  requestStop(reason: string): void {
    if (this.stopSent || this.control === undefined) return;
    this.stopSent = true;
    try {
      this.control.write(`stop\t${reason.replace(/[\t\r\n]+/g, " ")}\n`);
    } catch {
      // The program is gone: nothing to stop.
    }
  }

  get stopRequested(): boolean {
    return this.stopSent;
  }

  /** Why reading stopped early, if it did. */
  get readFailure(): string | undefined {
    return this.failure;
  }

  /** Waits (at most `limitMs`) for the program's side to close, then ends decoding. */
  async finish(limitMs: number): Promise<TraceReadSummary | undefined> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.ended, new Promise<void>((resolve) => (timer = setTimeout(resolve, limitMs)))]);
    if (timer) clearTimeout(timer);
    this.telemetry.destroy();
    this.control?.destroy();
    if (this.summary === undefined && this.failure === undefined) {
      try {
        this.summary = this.decoder.end();
      } catch (error) {
        this.failure = error instanceof Error ? error.message : String(error);
        this.onFailure(this.failure);
      }
    }
    return this.summary;
  }
}
