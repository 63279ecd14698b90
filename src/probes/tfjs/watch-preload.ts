/**
 * The preload `nncheck watch` runs inside the program's node process (`--import`). It finds the
 * program's own `@tensorflow/tfjs` (resolved from the script's directory, so `instanceof` checks inside
 * fit hold), patches `LayersModel.prototype.fit` / `fitDataset` to add the nncheck callback and the
 * optimizers and `tf.variableGrads` for custom loops (custom-loops.ts), records where each layer is built
 * (layer-origins.ts), and appends telemetry to the trace file the parent tails. It does nothing in a
 * process that does not use TF.js.
 *
 * Runs: fit calls on one model, one after another, are one run (one fit per epoch is one training); a fit
 * on another model, or a custom loop, ends it and starts the next. The open run ends when the process exits.
 */
import { createRequire } from "node:module";
import path from "node:path";
import type * as tf from "@tensorflow/tfjs";
import { createTraceWriter } from "../../telemetry/writer.js";
import { createNncheckCallback, type NncheckCallback, type TfjsLibrary } from "./callback.js";
import { instrumentCustomLoops, type CustomLoopLibrary } from "./custom-loops.js";
import { installLayerOrigins } from "./layer-origins.js";
import { earlyStoppingOf } from "./summary.js";
import { PREFLIGHT_ENV, SAMPLING_ENV, TRACE_ENV } from "./watch-env.js";
import type { PreflightBudget } from "../preflight-budget.js";

type TfLib = TfjsLibrary &
  CustomLoopLibrary & { LayersModel: typeof tf.LayersModel; CustomCallback: typeof tf.CustomCallback; layers?: { Layer?: { prototype: object } } };

const CANDIDATES = ["@tensorflow/tfjs", "@tensorflow/tfjs-node", "@tensorflow/tfjs-node-gpu"];

/** The program's TF.js (and the tfjs-core module it re-exports), or undefined when the script's directory does not resolve one. */
export function resolveProgramTfjs(script: string): { lib: TfLib; core: { variableGrads?: unknown } | undefined } | undefined {
  const require = createRequire(path.resolve(script));
  for (const name of CANDIDATES) {
    let resolved: string;
    try {
      resolved = require.resolve(name);
    } catch {
      continue;
    }
    const lib = require(resolved) as Partial<TfLib>;
    if (!(lib.LayersModel && lib.Callback && lib.CustomCallback && lib.getBackend)) continue;
    let core: { variableGrads?: unknown } | undefined;
    try {
      // tf.variableGrads reads through to tfjs-core's exports: wrapping it there reaches the program's calls.
      core = createRequire(resolved)("@tensorflow/tfjs-core") as { variableGrads?: unknown };
    } catch {
      core = undefined;
    }
    return { lib: lib as TfLib, core };
  }
  return undefined;
}

/** The run being recorded (a model's fit calls, or a custom loop): one at a time. */
interface OpenRun {
  model?: object;
  callback?: NncheckCallback;
  end(): void;
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

/** Patches fit/fitDataset and the custom-loop entry points of the program's TF.js so every training run is recorded to `trace`. */
export function instrumentTfjs(lib: TfLib, trace: string, samplingInterval: number | undefined, core?: { variableGrads?: unknown }, preflightBudget?: Partial<PreflightBudget>): void {
  const writer = createTraceWriter(trace);
  // `watch --preflight`: once, before the program's first fit, on that fit's model and data.
  let preflightPending = preflightBudget !== undefined;
  const runPreflightOnce = async (model: unknown, method: "fit" | "fitDataset", args: unknown[]): Promise<void> => {
    if (!preflightPending) return;
    preflightPending = false;
    const [x, y] = args;
    const isTensor = (v: unknown): boolean => v instanceof (lib as unknown as { Tensor: new () => unknown }).Tensor;
    if (method !== "fit" || !(isTensor(x) || (Array.isArray(x) && x.every(isTensor))) || !isTensor(y)) {
      console.warn("nncheck: the preflight needs fit(x, y) with tensors (not fitDataset or named inputs); training goes on without it");
      return;
    }
    try {
      const { runPreflight } = await import("./preflight.js");
      await runPreflight(lib as unknown as Parameters<typeof runPreflight>[0], model as Parameters<typeof runPreflight>[1], { x: x as never, y: y as never }, { budget: preflightBudget ?? {}, sinks: [writer] });
    } catch (error) {
      console.warn(`nncheck: the preflight failed (${error instanceof Error ? error.message : String(error)}); training goes on`);
    }
  };
  installLayerOrigins(lib.layers?.Layer);
  let current: OpenRun | undefined;
  const endCurrent = (): void => {
    const run = current;
    current = undefined;
    run?.end();
  };
  process.on("exit", endCurrent);
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
        // Counted as inside fit: the preflight's own training steps are not a custom loop to record.
        depth++;
        try {
          await runPreflightOnce(this, method, args);
        } finally {
          depth--;
        }
        // The same model trained again (one fit per epoch): the same run goes on.
        const open = current;
        if (open !== undefined && open.model === this && open.callback !== undefined) callback = open.callback;
        else {
          endCurrent();
          const earlyStopping = earlyStoppingOf(options["callbacks"]);
          const created = createNncheckCallback(lib, { sinks: [writer], ...(samplingInterval ? { samplingInterval } : {}), ...(earlyStopping ? { earlyStopping } : {}) });
          current = { model: this as object, callback: created, end: () => created.close() };
          callback = created;
        }
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
        if (current?.callback === callback) current = undefined;
        throw error;
      } finally {
        depth--;
      }
    };
  }
  try {
    instrumentCustomLoops(lib, {
      sinks: [writer],
      ...(samplingInterval ? { samplingInterval } : {}),
      inFit: () => depth > 0,
      onRunStart: (end) => {
        endCurrent();
        current = { end: () => end() };
      },
      ...(core && typeof core.variableGrads === "function" ? { core: core as Parameters<typeof instrumentCustomLoops>[1]["core"] } : {}),
    });
  } catch (error) {
    console.warn(`nncheck: could not instrument custom training loops (${error instanceof Error ? error.message : String(error)})`);
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
  let found: ReturnType<typeof resolveProgramTfjs>;
  try {
    found = resolveProgramTfjs(script);
  } catch (error) {
    console.warn(`nncheck: could not load the program's TensorFlow.js (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!found) return;
  const sampling = Number(process.env[SAMPLING_ENV]);
  let preflight: Partial<PreflightBudget> | undefined;
  const preflightSetting = process.env[PREFLIGHT_ENV];
  if (preflightSetting) {
    try {
      preflight = JSON.parse(preflightSetting) as Partial<PreflightBudget>;
    } catch {
      preflight = {};
    }
  }
  instrumentTfjs(found.lib, trace, Number.isFinite(sampling) && sampling > 0 ? sampling : undefined, found.core, preflight);
}

main();
