/**
 * Where the probe plugs into TF.js without an extra forward pass: each layer's `call` (its
 * training-mode output) and the optimizer's `applyGradients` (the gradients it receives, before and
 * after the update). Every hook is removable and passes straight through when the probe is inactive.
 */
import type * as tf from "@tensorflow/tfjs";
import type { NamedGradient, TfjsProbe } from "./probe.js";
import { layerNames, type TfLayer, type TfOptimizer } from "./summary.js";

export type Restore = () => void;

/** The two shapes `applyGradients` accepts: [{name, tensor}] or {name: tensor}. */
export function normalizeGradients(gradients: unknown): NamedGradient[] {
  if (Array.isArray(gradients)) return gradients as NamedGradient[];
  if (gradients && typeof gradients === "object") {
    return Object.entries(gradients as Record<string, tf.Tensor>).map(([name, tensor]) => ({ name, tensor }));
  }
  return [];
}

/** Replaces `target[key]` by `wrapper(original)` on the instance; the returned function undoes it. */
function patchMethod<T extends object, K extends keyof T>(target: T, key: K, make: (original: T[K]) => T[K]): Restore {
  const hadOwn = Object.prototype.hasOwnProperty.call(target, key);
  const original = target[key];
  target[key] = make(original);
  return () => {
    if (hadOwn) target[key] = original;
    else delete target[key];
  };
}

export interface OptimizerHookHandlers {
  /** Before the update (custom loops open a step here when none is open). */
  before?(): void;
  /** After the update (custom loops close the step here). */
  after?(): void;
}

/** Sees every gradient the optimizer applies, and the parameters right after the update. */
export function hookApplyGradients(optimizer: TfOptimizer, probe: TfjsProbe, handlers: OptimizerHookHandlers = {}): Restore {
  type Apply = TfOptimizer["applyGradients"];
  return patchMethod(optimizer, "applyGradients", (original: Apply): Apply =>
    function (this: TfOptimizer, variableGradients: Parameters<Apply>[0]): void {
      if (probe.active) {
        handlers.before?.();
        probe.observeGradients(normalizeGradients(variableGradients));
      }
      original.call(this, variableGradients);
      if (probe.active) {
        probe.observeParametersUpdated();
        handlers.after?.();
      }
    },
  );
}

type LayerCall = TfLayer["call"];

/**
 * Sees each layer's output. `trainingOnly`: only calls made with `{training: true}` (model.fit);
 * custom loops often call the model without that flag. `names`: the names records give the layers
 * (`namedLayers`: a nested model's layers named under it); by default, the layers' own.
 */
export function hookLayerCalls(layers: readonly TfLayer[], probe: TfjsProbe, trainingOnly: boolean, names?: ReadonlyMap<TfLayer, string>): Restore {
  const restores = layers.map((layer) => {
    const name = names?.get(layer) ?? layer.name;
    return patchMethod(layer, "call", (original: LayerCall): LayerCall =>
      function (this: TfLayer, inputs: Parameters<LayerCall>[0], kwargs: Parameters<LayerCall>[1]) {
        const output = original.call(this, inputs, kwargs);
        if (probe.wantsActivations && (!trainingOnly || (kwargs as { training?: unknown } | undefined)?.training === true)) {
          probe.observeActivation(name, output);
        }
        return output;
      },
    );
  });
  return () => {
    for (const restore of restores.reverse()) restore();
  };
}

type LossFunction = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor;

/**
 * Sees the training targets: fit calls `model.lossFunctions[i](targets, outputs)` once per output in
 * each step (TF.js keeps them in a public array; nothing else gives the batch's labels).
 */
export function hookLossFunctions(model: tf.LayersModel, probe: TfjsProbe): Restore {
  const holder = model as unknown as { lossFunctions?: LossFunction[] };
  const functions = holder.lossFunctions;
  if (!Array.isArray(functions)) return () => undefined;
  const originals = functions.slice();
  functions.forEach((original, index) => {
    functions[index] = function (this: unknown, yTrue: tf.Tensor, yPred: tf.Tensor) {
      if (probe.sampling) probe.observeTargets(index, yTrue);
      return original.call(this, yTrue, yPred);
    };
  });
  return () => {
    originals.forEach((original, index) => {
      functions[index] = original;
    });
  };
}

const INSTALLED = Symbol.for("nncheck.probe.restore");

/** Installs the fit hooks on a model, first removing any a previous (maybe crashed) run left behind. */
export function installModelHooks(model: tf.LayersModel, probe: TfjsProbe, optimizer: TfOptimizer | undefined): Restore {
  const holder = model as unknown as { [INSTALLED]?: Restore };
  holder[INSTALLED]?.();
  const names = layerNames(model);
  const restores: Restore[] = [hookLayerCalls([...names.keys()], probe, true, names), hookLossFunctions(model, probe)];
  if (optimizer) restores.push(hookApplyGradients(optimizer, probe));
  const restoreAll: Restore = () => {
    for (const restore of restores.reverse()) restore();
    if (holder[INSTALLED] === restoreAll) delete holder[INSTALLED];
  };
  holder[INSTALLED] = restoreAll;
  return restoreAll;
}
