/**
 * Custom training loops under `nncheck watch`, with no change to the program: the program's
 * `Optimizer.prototype.minimize`, `computeGradients` and `applyGradients` and its `tf.variableGrads` are
 * wrapped, so a loop that calls any of them is recorded like `model.fit` — its loss from `minimize`'s cost
 * or the `value` of `variableGrads`/`computeGradients`, gradients and parameters around `applyGradients`,
 * layer outputs from the forward pass run inside them.
 *
 * Which model? The loop's loss is a plain function: the run's layers are those owning the variables the
 * first update changes (and the other layers of the models holding them), found among the layers built since
 * the preload started (layer-origins.ts). The run therefore starts at the first update: that step has no
 * layer outputs. The model's output layer is not known from a loss function and is recorded as unknown.
 * One run per optimizer; when loops of several optimizers alternate (a GAN), their steps cannot form one
 * run, and the instrumentation says so and stops rather than mix their losses.
 */
import type * as tf from "@tensorflow/tfjs";
import type { TelemetrySink } from "../../telemetry/schema.js";
import { hookLayerCalls, normalizeGradients, type Restore } from "./hooks.js";
import { builtLayers } from "./layer-origins.js";
import { TfjsProbe } from "./probe.js";
import type { TfLayer, TfOptimizer } from "./summary.js";

type VariableGrads = (f: () => tf.Scalar, varList?: tf.Variable[]) => { value: tf.Scalar; grads: tf.NamedTensorMap };

/** What custom-loop instrumentation needs of the program's TF.js. */
export interface CustomLoopLibrary {
  Optimizer: { prototype: TfOptimizer };
  /** The library's other exports are searched for Optimizer subclasses: each implements its own applyGradients. */
  [name: string]: unknown;
  LayersModel: abstract new (...args: never[]) => tf.LayersModel;
  getBackend(): string;
}

export interface CustomLoopOptions {
  sinks: TelemetrySink[];
  samplingInterval?: number;
  /** True while `model.fit` runs: its own hooks record those steps. */
  inFit(): boolean;
  /** Called when a custom-loop run starts (the caller ends any other run first); returns how to end it. */
  onRunStart(end: (status?: "completed" | "crashed", reason?: string) => void): void;
  /** The module object whose `variableGrads` the program calls (tfjs-core's exports), when writable. */
  core?: { variableGrads?: VariableGrads };
}

interface LoopRun {
  optimizer: TfOptimizer;
  probe: TfjsProbe;
  restore: Restore;
  stepOpen: boolean;
  pendingLoss: number | undefined;
  batch: number;
}

const readScalar = (t: tf.Tensor | null | undefined): number | undefined => {
  try {
    return t && !t.isDisposed && t.size === 1 ? t.dataSync()[0] : undefined;
  } catch {
    return undefined;
  }
};

/** Wraps the program's optimizer and gradient entry points; returns the function that undoes it. */
export function instrumentCustomLoops(lib: CustomLoopLibrary, options: CustomLoopOptions): Restore {
  const proto = lib.Optimizer.prototype as TfOptimizer;
  const original = { minimize: proto.minimize, computeGradients: proto.computeGradients };
  // applyGradients is each optimizer class's own (Adam, SGD, ...): wrap it on every one the library exports.
  const appliers = optimizerPrototypes(lib).map((p) => ({ proto: p, original: p.applyGradients }));
  const originalVariableGrads = options.core?.variableGrads;
  let run: LoopRun | undefined;
  const finished = new WeakSet<TfOptimizer>();
  let disabled = false;
  /** Inside a minimize/computeGradients the program called: the nested calls are that step's own. */
  let nested = 0;
  /** The loss of a step whose update has not come yet (variableGrads / computeGradients, then applyGradients). */
  let lossBeforeRun: number | undefined;

  const endRun = (status: "completed" | "crashed" = "completed", reason?: string): void => {
    const current = run;
    if (!current) return;
    run = undefined;
    if (current.stepOpen) closeStep(current);
    current.restore();
    current.probe.end(status, reason);
    finished.add(current.optimizer);
  };

  const closeStep = (r: LoopRun): void => {
    r.stepOpen = false;
    if (r.pendingLoss !== undefined) r.probe.endStep(r.pendingLoss);
    else r.probe.endStepWithoutLoss();
    r.pendingLoss = undefined;
    r.batch++;
  };

  const openStep = (r: LoopRun): void => {
    if (r.stepOpen) closeStep(r);
    r.stepOpen = true;
    r.probe.beginStep(0, r.batch);
  };

  /** The run of this optimizer: started at its first update, from the variables it updates. */
  const runFor = (optimizer: TfOptimizer, variableNames: readonly string[]): LoopRun | undefined => {
    if (disabled) return undefined;
    if (run?.optimizer === optimizer) return run;
    if (run || finished.has(optimizer)) {
      // Loops of several optimizers alternate: their steps would mix in one run.
      endRun();
      disabled = true;
      console.warn("nncheck: several optimizers take turns in custom loops (a GAN?); custom-loop checks stop here");
      return undefined;
    }
    const layers = layersOf(lib, variableNames);
    const model = { layers, optimizer } as unknown as tf.LayersModel;
    const probe = new TfjsProbe({ sinks: options.sinks, ...(options.samplingInterval ? { samplingInterval: options.samplingInterval } : {}) });
    probe.start(model, optimizer, lib.getBackend(), []);
    const restore = hookLayerCalls(layers, probe, false);
    run = { optimizer, probe, restore, stepOpen: false, pendingLoss: undefined, batch: 0 };
    options.onRunStart(endRun);
    return run;
  };

  const active = (): boolean => !disabled && !options.inFit();

  proto.minimize = function (this: TfOptimizer, f, returnCost = false, varList) {
    if (!active() || nested > 0) return original.minimize.call(this, f, returnCost, varList);
    const r = run?.optimizer === this ? run : undefined;
    if (r) openStep(r);
    nested++;
    let cost: tf.Scalar | null;
    try {
      cost = original.minimize.call(this, f, true, varList);
    } finally {
      nested--;
    }
    const loss = readScalar(cost);
    const current = run?.optimizer === this ? run : undefined;
    if (current?.stepOpen) {
      current.pendingLoss = loss;
      closeStep(current);
    }
    if (returnCost) return cost;
    cost?.dispose();
    return null;
  } as TfOptimizer["minimize"];

  proto.computeGradients = function (this: TfOptimizer, f, varList) {
    if (!active() || nested > 0) return original.computeGradients.call(this, f, varList);
    const r = run?.optimizer === this ? run : undefined;
    if (r) openStep(r);
    nested++;
    let result: ReturnType<TfOptimizer["computeGradients"]>;
    try {
      result = original.computeGradients.call(this, f, varList);
    } finally {
      nested--;
    }
    if (r) r.pendingLoss = readScalar(result.value);
    else lossBeforeRun = readScalar(result.value);
    return result;
  } as TfOptimizer["computeGradients"];

  const applyWith = (originalApply: TfOptimizer["applyGradients"]) =>
    function (this: TfOptimizer, variableGradients: Parameters<TfOptimizer["applyGradients"]>[0]): void {
      if (!active()) return originalApply.call(this, variableGradients);
      const gradients = normalizeGradients(variableGradients);
      const starting = run?.optimizer !== this;
      const r = runFor(this, gradients.map((g) => g.name));
      if (!r) return originalApply.call(this, variableGradients);
      // Inside minimize (or after variableGrads) the step is open; a loop that applies gradients it got elsewhere opens it here.
      if (!r.stepOpen) {
        r.probe.beginStep(0, r.batch);
        r.stepOpen = true;
      }
      if (starting) r.pendingLoss = lossBeforeRun;
      lossBeforeRun = undefined;
      if (r.probe.active) r.probe.observeGradients(gradients);
      originalApply.call(this, variableGradients);
      if (r.probe.active) r.probe.observeParametersUpdated();
      // The step ends with its update, unless a minimize the program called is still running (it closes it).
      if (nested === 0) closeStep(r);
    } as TfOptimizer["applyGradients"];
  for (const applier of appliers) applier.proto.applyGradients = applyWith(applier.original);

  const core = options.core;
  if (core && originalVariableGrads) {
    core.variableGrads = function (f, varList) {
      if (!active() || nested > 0) return originalVariableGrads(f, varList);
      const r = run;
      // The forward pass runs in here: open the step so its layer outputs are recorded.
      if (r) openStep(r);
      const result = originalVariableGrads(f, varList);
      const loss = readScalar(result.value);
      if (r) r.pendingLoss = loss;
      else lossBeforeRun = loss;
      return result;
    };
  }

  return () => {
    endRun();
    proto.minimize = original.minimize;
    proto.computeGradients = original.computeGradients;
    for (const applier of appliers) applier.proto.applyGradients = applier.original;
    if (core && originalVariableGrads) core.variableGrads = originalVariableGrads;
  };
}

/** The prototypes that define applyGradients: Optimizer's and those of the exported subclasses. */
function optimizerPrototypes(lib: CustomLoopLibrary): TfOptimizer[] {
  const base = lib.Optimizer as unknown as abstract new (...args: never[]) => TfOptimizer;
  const found = new Set<TfOptimizer>([lib.Optimizer.prototype]);
  for (const key of Object.keys(lib)) {
    let value: unknown;
    try {
      value = lib[key];
    } catch {
      continue;
    }
    if (typeof value !== "function" || !(value.prototype instanceof base)) continue;
    for (let p = value.prototype as TfOptimizer; p && p !== lib.Optimizer.prototype; p = Object.getPrototypeOf(p) as TfOptimizer) {
      if (Object.prototype.hasOwnProperty.call(p, "applyGradients")) found.add(p);
    }
  }
  return [...found].filter((p) => typeof p.applyGradients === "function");
}

/**
 * The layers a loop trains: those owning the updated variables, widened to every layer of the models that
 * hold one of them (activation and pooling layers have no variables but are part of the forward pass), in
 * construction order. Nested models are replaced by their layers.
 */
function layersOf(lib: CustomLoopLibrary, variableNames: readonly string[]): TfLayer[] {
  const names = new Set(variableNames);
  const built = builtLayers<TfLayer>();
  const isModel = (layer: TfLayer): boolean => layer instanceof lib.LayersModel;
  const owners = built.filter((l) => !isModel(l) && safeWeights(l).some((w) => names.has(w.name)));
  const chosen = new Set<TfLayer>(owners);
  for (const model of built.filter(isModel)) {
    const inner = (model as unknown as tf.LayersModel).layers as TfLayer[];
    if (inner.some((l) => chosen.has(l))) for (const l of inner) if (!isModel(l) && l.getClassName() !== "InputLayer") chosen.add(l);
  }
  const order = new Map(built.map((l, i) => [l, i]));
  return [...chosen].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
}

function safeWeights(layer: TfLayer): { name: string }[] {
  try {
    return layer.trainableWeights;
  } catch {
    return [];
  }
}
