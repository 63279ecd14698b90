/**
 * The preload `nncheck watch` runs inside the program's node process (`--import`). It finds the
 * program's own `@tensorflow/tfjs` (resolved from the script's directory, so `instanceof` checks inside
 * fit hold), patches `LayersModel.prototype.fit` / `fitDataset` to add the nncheck callback, and appends
 * telemetry to the trace file the parent tails. It does nothing in a process that does not use TF.js.
 */
import { createRequire } from "node:module";
import path from "node:path";
import type * as tf from "@tensorflow/tfjs";
import { createTraceWriter } from "../../telemetry/writer.js";
import { createNncheckCallback, type NncheckCallback, type TfjsLibrary } from "./callback.js";
import { SAMPLING_ENV, TRACE_ENV } from "./watch-env.js";

type TfLib = TfjsLibrary & { LayersModel: typeof tf.LayersModel; CustomCallback: typeof tf.CustomCallback };

const CANDIDATES = ["@tensorflow/tfjs", "@tensorflow/tfjs-node", "@tensorflow/tfjs-node-gpu"];

/** The program's TF.js, or undefined when the script's directory does not resolve one. */
export function resolveProgramTfjs(script: string): TfLib | undefined {
  const require = createRequire(path.resolve(script));
  for (const name of CANDIDATES) {
    let resolved: string;
    try {
      resolved = require.resolve(name);
    } catch {
      continue;
    }
    const lib = require(resolved) as Partial<TfLib>;
    if (lib.LayersModel && lib.Callback && lib.CustomCallback && lib.getBackend) return lib as TfLib;
  }
  return undefined;
}

/** The user's callbacks as BaseCallback instances (TF.js converts plain objects only when none is an instance). */
function normalizeCallbacks(lib: TfLib, callbacks: unknown, yieldEvery: unknown): unknown[] {
  if (callbacks == null) return [];
  const list = Array.isArray(callbacks) ? callbacks : [callbacks];
  return list.map((c) =>
    c instanceof lib.Callback || c instanceof lib.CustomCallback
      ? c
      : new lib.CustomCallback(c as tf.CustomCallbackArgs, yieldEvery as tf.ModelFitArgs["yieldEvery"]),
  );
}

/** Patches fit/fitDataset of the program's TF.js so every training run is recorded to `trace`. */
export function instrumentTfjs(lib: TfLib, trace: string, samplingInterval: number | undefined): void {
  const writer = createTraceWriter(trace);
  const proto = lib.LayersModel.prototype as unknown as Record<"fit" | "fitDataset", (...args: unknown[]) => Promise<unknown>>;
  let depth = 0;
  for (const method of ["fit", "fitDataset"] as const) {
    const original = proto[method];
    if (typeof original !== "function") continue;
    proto[method] = async function (this: unknown, ...args: unknown[]): Promise<unknown> {
      // Sequential.fit delegates to an inner LayersModel.fit: instrument the outermost call only.
      if (depth > 0) return original.apply(this, args);
      const at = method === "fit" ? 2 : 1;
      const options = { ...((args[at] as Record<string, unknown> | undefined) ?? {}) };
      let callback: NncheckCallback | undefined;
      try {
        await registerWasmKernelsIfNeeded(lib);
        callback = createNncheckCallback(lib, { sinks: [writer], checks: false, ...(samplingInterval ? { samplingInterval } : {}) });
        options["callbacks"] = [...normalizeCallbacks(lib, options["callbacks"], options["yieldEvery"]), callback];
        while (args.length <= at) args.push(undefined);
        args[at] = options;
      } catch (error) {
        console.warn(`nncheck: could not instrument ${method} (${error instanceof Error ? error.message : String(error)}); training continues unchecked`);
      }
      depth++;
      try {
        return await original.apply(this, args);
      } catch (error) {
        callback?.abort(error);
        throw error;
      } finally {
        depth--;
      }
    };
  }
}

/** Training on wasm needs kernels it lacks; register them through nncheck's own kernel code (shared registry). */
async function registerWasmKernelsIfNeeded(lib: TfLib): Promise<void> {
  if (lib.getBackend() !== "wasm") return;
  try {
    const { registerWasmTrainingKernels } = await import("./wasm/register.js");
    registerWasmTrainingKernels("wasm");
  } catch {
    // nncheck's own TF.js is not installed next to it: the program trains as it would without nncheck.
  }
}

function main(): void {
  const trace = process.env[TRACE_ENV];
  const script = process.argv[1];
  if (!trace || !script) return;
  let lib: TfLib | undefined;
  try {
    lib = resolveProgramTfjs(script);
  } catch (error) {
    console.warn(`nncheck: could not load the program's TensorFlow.js (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!lib) return;
  const sampling = Number(process.env[SAMPLING_ENV]);
  instrumentTfjs(lib, trace, Number.isFinite(sampling) && sampling > 0 ? sampling : undefined);
}

main();
