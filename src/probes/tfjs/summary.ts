/**
 * The run-start model summary of a TF.js LayersModel, in canonical vocabulary. TF.js layers report
 * Keras class names ("Dense", "Conv2D") and TF.js activation identifiers ("relu", "hardSigmoid").
 */
import type * as tf from "@tensorflow/tfjs";
import type { Dim } from "../../model/program.js";
import {
  LAYER_KINDS,
  LOSSES,
  VALUE_PRESERVING,
  activationOf,
  layerKindOf,
  lossOf,
  optimizerOf,
  type ActivationKind,
  type LayerKind,
  type LossKind,
  type OptimizerKind,
} from "../../model/vocabulary.js";
import type { EarlyStoppingSummary, LayerSummary, RunStartRecord, TaskSummary } from "../../telemetry/schema.js";
import { layerOrigin } from "./layer-origins.js";

export type TfLayer = tf.LayersModel["layers"][number];
export type TfOptimizer = tf.Optimizer;

export function layerKindOfTfjs(layer: TfLayer): LayerKind {
  const className = layer.getClassName();
  return layerKindOf(className, "keras") ?? layerKindOf(lowerFirst(className), "tfjs") ?? "unknown";
}

/** The activation a layer applies to its output: its `activation` config, or what an activation layer is. */
export function activationOfTfjs(layer: TfLayer, kind: LayerKind = layerKindOfTfjs(layer)): ActivationKind {
  const fixed = (LAYER_KINDS[kind] as { activation?: ActivationKind }).activation;
  if (fixed) return fixed;
  let config: Record<string, unknown> = {};
  try {
    config = layer.getConfig() as Record<string, unknown>;
  } catch {
    return "linear";
  }
  const name = config["activation"];
  if (typeof name !== "string") return "linear";
  return activationOf(name, "tfjs") ?? activationOf(name, "keras") ?? "linear";
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

function outputShapeOf(layer: TfLayer): Dim[] {
  let shape: unknown;
  try {
    shape = layer.outputShape;
  } catch {
    return [];
  }
  const first = Array.isArray(shape) && Array.isArray(shape[0]) ? shape[0] : shape;
  return Array.isArray(first) ? first.map((d) => (typeof d === "number" ? d : null)) : [];
}

function size(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** A layer of a model and the name its records use. */
export interface NamedLayer {
  name: string;
  layer: TfLayer;
}

/** A model inside a model (a base model under a new head): its own layers are followed in its place. */
function opensAsLayers(layer: TfLayer): boolean {
  const inner = (layer as unknown as { layers?: unknown }).layers;
  return Array.isArray(inner) && inner.length > 0 && ["Sequential", "Model", "Functional"].includes(layer.getClassName());
}

/** The model's layers, a nested model's own in its place, named under it ("base/conv1"). */
export function namedLayers(model: tf.LayersModel, prefix = ""): NamedLayer[] {
  return model.layers.flatMap((layer) =>
    opensAsLayers(layer) ? namedLayers(layer as unknown as tf.LayersModel, `${prefix}${layer.name}/`) : [{ name: `${prefix}${layer.name}`, layer }],
  );
}

/** The names records give a model's layers (namedLayers), by layer. */
export function layerNames(model: tf.LayersModel): Map<TfLayer, string> {
  return new Map(namedLayers(model).map(({ name, layer }) => [layer, name]));
}

export function summarizeLayers(model: tf.LayersModel): LayerSummary[] {
  return namedLayers(model).map(({ name, layer }, index) => {
    const kind = layerKindOfTfjs(layer);
    const summary: LayerSummary = {
      name,
      kind,
      index,
      outputShape: outputShapeOf(layer),
      params: layer.trainableWeights.reduce((n, w) => n + size(w.shape as number[]), 0),
      activation: activationOfTfjs(layer, kind),
      className: layer.getClassName(),
    };
    const span = layerOrigin(layer);
    if (span) summary.span = span;
    if (!layer.trainable && layer.weights.length > 0) summary.trainable = false;
    return summary;
  });
}

export function lossKindOf(model: tf.LayersModel): LossKind | undefined {
  const loss = (model as unknown as { loss?: unknown }).loss;
  const name = Array.isArray(loss) ? loss[0] : loss;
  return typeof name === "string" ? lossOf(name, "tfjs") ?? lossOf(name, "keras") : undefined;
}

export function optimizerKindOf(optimizer: TfOptimizer | undefined): OptimizerKind | undefined {
  if (!optimizer) return undefined;
  const className = optimizer.getClassName();
  return optimizerOf(className, "keras") ?? optimizerOf(lowerFirst(className), "tfjs") ?? "unknown";
}

/** The learning rate an optimizer holds (TF.js keeps it in a plain field). */
export function learningRateOf(optimizer: TfOptimizer | undefined): number | undefined {
  const lr = (optimizer as unknown as { learningRate?: unknown } | undefined)?.learningRate;
  return typeof lr === "number" ? lr : undefined;
}

/**
 * The layers whose outputs the probe does not record: dropout, flatten and reshape layers (value-preserving
 * in the vocabulary) that apply no activation and are not the model's output (the last layer when the
 * outputs are not stated). Their values are their input's up to dropout noise and layout: no check reads
 * them, and each costs a sample a read of its whole output. As the Python probe's `passed_through`.
 */
export function passedThroughLayers(model: RunStartRecord["model"]): Set<string> {
  const last = model.layers.reduce<LayerSummary | undefined>((found, layer) => (!found || layer.index > found.index ? layer : found), undefined);
  const outputs = new Set(model.outputs?.length ? model.outputs : last ? [last.name] : []);
  const passed = new Set<string>();
  for (const layer of model.layers) {
    const category = LAYER_KINDS[layer.kind]?.category;
    if (category && VALUE_PRESERVING.has(category) && layer.activation === "linear" && !outputs.has(layer.name)) passed.add(layer.name);
  }
  return passed;
}

/** The names of the layers whose outputs are the model's outputs, in order (undefined when TF.js does not say). */
export function outputLayerNames(model: tf.LayersModel, prefix = ""): string[] | undefined {
  try {
    const names: string[] = [];
    for (const output of model.outputs) {
      const layer = output.sourceLayer as TfLayer | undefined;
      if (layer === undefined || typeof layer.name !== "string") continue;
      if (opensAsLayers(layer)) {
        const inner = outputLayerNames(layer as unknown as tf.LayersModel, `${prefix}${layer.name}/`);
        if (inner === undefined) return undefined;
        names.push(...inner);
      } else names.push(`${prefix}${layer.name}`);
    }
    return names.length > 0 ? names : undefined;
  } catch {
    return undefined;
  }
}

/** Classification with C classes when the loss says so (C from the output layer's width). */
export function taskOf(loss: LossKind | undefined, layers: LayerSummary[], outputs?: readonly string[]): TaskSummary | undefined {
  if (!loss) return undefined;
  const problem = LOSSES[loss].problem;
  if (problem === "regression") return { kind: "regression" };
  if (problem === "other") return undefined;
  const output = outputs?.[0] !== undefined ? layers.find((l) => l.name === outputs[0]) : layers[layers.length - 1];
  const width = output?.outputShape.at(-1);
  const task: TaskSummary = { kind: "classification" };
  if (typeof width === "number") task.classes = loss === "binary_crossentropy" && width === 1 ? 2 : width;
  return task;
}

/**
 * The run-start record of a model. `outputs` overrides what the model says of its outputs: custom loops
 * pass `[]`, as their loss function, not a model, says what the output is.
 */
export function runStartRecord(model: tf.LayersModel | undefined, backend: string, config: RunStartRecord["config"], version: string, outputs?: string[]): RunStartRecord {
  const layers = model ? summarizeLayers(model) : [];
  const loss = model ? lossKindOf(model) : undefined;
  const optimizer = model ? optimizerKindOf(model.optimizer) : undefined;
  const record: RunStartRecord = {
    type: "run-start",
    v: 1,
    framework: "tfjs",
    backend,
    time: new Date().toISOString(),
    config,
    model: { layers },
    producer: { name: "nncheck-tfjs", version },
  };
  outputs ??= model ? outputLayerNames(model) : undefined;
  if (outputs) record.model.outputs = outputs;
  if (loss) {
    record.model.loss = loss;
    // TF.js losses named in compile() have no from_logits: they read what the vocabulary says they read.
    record.model.lossExpects = LOSSES[loss].expects;
  }
  if (optimizer) record.model.optimizer = optimizer;
  const task = taskOf(loss, layers, outputs);
  if (task) record.model.task = task;
  return record;
}

/** Whether an object's class, or one it extends, is named `name` (a user's subclass of a framework class). */
function isInstanceNamed(value: object, name: string): boolean {
  for (let proto = Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null; proto; proto = Object.getPrototypeOf(proto) as typeof proto) {
    if (proto.constructor?.name === name) return true;
  }
  return false;
}

/**
 * The training's early stopping from fit's callbacks: a `tf.callbacks.earlyStopping` (an EarlyStopping),
 * or undefined. TF.js cannot restore the best weights (it refuses `restoreBestWeights`): the last are kept.
 */
export function earlyStoppingOf(callbacks: unknown): EarlyStoppingSummary | undefined {
  const list = Array.isArray(callbacks) ? (callbacks as unknown[]) : callbacks instanceof Object ? [callbacks] : [];
  for (const callback of list) {
    if (!(callback instanceof Object) || !isInstanceNamed(callback, "EarlyStopping")) continue;
    const { monitor, patience } = callback as { monitor?: unknown; patience?: unknown };
    if (typeof monitor !== "string") continue;
    return { monitor, ...(typeof patience === "number" && Number.isFinite(patience) ? { patience } : {}), restoresBest: false };
  }
  return undefined;
}
