/**
 * The model graph every framework's library model builds: models, layers wired by tensors, and what they
 * become in the ProgramModel (the architecture, the learner that counts).
 */
import type { Architecture, Layer, Learner, OutputLoss, Shape } from "../../../model/program.js";
import type { CallSite, ExtractionState } from "../state.js";
import { LAYER_ATTRIBUTES, WalkBudget, asSequence, type CompileRecord, type LayerState, type ModelState, type TensorState, type Value } from "../values.js";

export function newModel(state: ExtractionState, style: ModelState["style"], site: CallSite): ModelState {
  const model: ModelState = {
    id: state.nextModelId(),
    style,
    span: site.span,
    layers: [],
    inputs: [],
    outputs: [],
    complete: true,
    compiles: [],
    training: [],
    inference: [],
  };
  if (state.uncertainDepth > 0) model.complete = false;
  state.models.push(model);
  return model;
}

/** A layer of unknown kind standing for something the library model cannot see into. */
export function opaqueLayer(state: ExtractionState, name: string, frameworkName: string, site: CallSite): LayerState {
  const layer: LayerState = {
    id: state.nextLayerId(),
    kind: "unknown",
    frameworkName,
    name,
    config: {},
    inbound: [],
    span: site.span,
    conditional: false,
    uncertain: false,
    opaque: true,
  };
  state.addLayerFlags(layer);
  return layer;
}

/** Calls a layer on tensors (a tensor, or a list of tensors for merges): wires edges, returns the output tensor. */
export function applyLayer(layer: LayerState, input: Value | undefined, state: ExtractionState): Value {
  const tensors = input ? tensorsOf(input) : [];
  for (const t of tensors) {
    if (t) layer.inbound.push(t.producer);
    else layer.opaque = layer.opaque ?? false;
  }
  if (tensors.some((t) => t === undefined)) layer.uncertain = true;
  if (layer.callOrder === undefined) layer.callOrder = state.nextCallOrder();
  return { t: "tensor", tensor: { producer: layer } };
}

/** The tensors in a value: a tensor, or a list/tuple of them (undefined entries for unknown items). */
export function tensorsOf(value: Value, walk = new WalkBudget()): (TensorState | undefined)[] {
  if (value.t === "tensor") return [value.tensor];
  const items = asSequence(value);
  // A nesting too deep (or cyclic) to follow holds tensors not known.
  if (!items || !walk.enter()) return [undefined];
  try {
    const out: (TensorState | undefined)[] = [];
    for (const item of items) {
      if (item.t === "tensor") out.push(item.tensor);
      else if (item.t === "list" || item.t === "tuple") for (const t of tensorsOf(item, walk)) out.push(t);
      else out.push(undefined);
    }
    return out;
  } finally {
    walk.leave();
  }
}

// ------------------------------------------------------------------------------------------ building

function toLayer(state: LayerState, index: number, inbound: number[]): Layer {
  const layer: Layer = {
    index,
    name: state.name,
    kind: state.kind,
    frameworkName: state.frameworkName,
    config: structuredClone(state.config),
    inbound,
    span: state.span,
  };
  for (const key of LAYER_ATTRIBUTES) copyDefined(layer, state, key);
  if (state.declaredInputShape) layer.declaredInputShape = [...state.declaredInputShape];
  if (state.conditional) layer.conditional = true;
  return layer;
}

function copyDefined<K extends keyof Layer>(to: Layer, from: Pick<Layer, K>, key: K): void {
  if (from[key] !== undefined) to[key] = from[key];
}

/** The shape the first input gets when the program does not declare one: `--input-shape`, else the training data. */
function fallbackInputShape(model: ModelState, inputShape: number[] | undefined): Shape | undefined {
  if (inputShape) return [null, ...inputShape];
  for (const call of model.training) {
    const shape = call.x?.shape;
    if (shape && shape.length >= 2) return [null, ...shape.slice(1)];
  }
  return undefined;
}

/** The layers whose outputs each model gives (a Sequential's last layer, a functional model's output producers). */
function outputsOfModel(model: ModelState): LayerState[] {
  if (model.style === "sequential") {
    const last = model.layers[model.layers.length - 1];
    return last ? [last] : [];
  }
  return model.outputs.map((tensor) => tensor.producer);
}

/** For each layer, the models that give its output; built once per program (models × their outputs). */
const outputReaders = new WeakMap<ExtractionState, { count: number; readers: Map<LayerState, ModelState[]> }>();

function readersOf(state: ExtractionState): Map<LayerState, ModelState[]> {
  const cached = outputReaders.get(state);
  if (cached !== undefined && cached.count === state.models.length) return cached.readers;
  const readers = new Map<LayerState, ModelState[]>();
  for (const model of state.models) {
    for (const layer of outputsOfModel(model)) {
      const list = readers.get(layer);
      if (list === undefined) readers.set(layer, [model]);
      else if (list[list.length - 1] !== model) list.push(model);
    }
  }
  outputReaders.set(state, { count: state.models.length, readers });
  return readers;
}

/**
 * Whether the program reads `layer`'s output outside `model`: as the output of another model (built on the same
 * layers: an autoencoder's encoder), or as a tensor a TF1 session fetches from this model.
 */
function readElsewhere(model: ModelState, state: ExtractionState): (layer: LayerState) => boolean {
  const readers = readersOf(state);
  const fetched = new Set((model.fetched ?? []).map((tensor) => tensor.producer));
  return (layer) => fetched.has(layer) || (readers.get(layer)?.some((other) => other !== model) ?? false);
}

/** Indices of the layers of `ordered` read outside the model, leaving out the model's own outputs. */
function externalOutputsOf(ordered: readonly LayerState[], outputs: readonly number[], isRead: (layer: LayerState) => boolean): number[] {
  const own = new Set(outputs);
  return ordered.flatMap((layer, i) => (isRead(layer) && !own.has(i) ? [i] : []));
}

export function buildArchitecture(model: ModelState, state: ExtractionState): Architecture {
  if (model.style === "sequential" || (model.style === "subclassed" && model.outputs.length === 0)) {
    const layers = model.layers.map((l, i) => toLayer(l, i, i === 0 || model.style === "subclassed" ? [] : [i - 1]));
    const first = layers[0];
    if (first && model.style === "sequential" && !first.declaredInputShape) {
      const declared = model.declaredInputShape ?? fallbackInputShape(model, state.inputShape);
      if (declared) first.declaredInputShape = [...declared];
    }
    const complete = model.complete && model.style === "sequential" && !state.layersLost && model.layers.every((l) => !l.uncertain && !l.opaque);
    const outputs = layers.length > 0 && model.style === "sequential" ? [layers.length - 1] : [];
    const architecture: Architecture = { layers, inputs: layers.length > 0 && model.style === "sequential" ? [0] : [], outputs, style: model.style, complete };
    const external = externalOutputsOf(model.layers, outputs, readElsewhere(model, state));
    if (external.length > 0) architecture.externalOutputs = external;
    return architecture;
  }
  // Functional (and readable subclassed): the layers between the inputs and the outputs.
  const reached = new Set<LayerState>();
  const stack = model.outputs.map((t) => t.producer);
  let dangling = false;
  while (stack.length > 0) {
    const layer = stack.pop()!;
    if (reached.has(layer)) continue;
    reached.add(layer);
    if (layer.inbound.length === 0 && layer.kind !== "input") dangling = true;
    for (const producer of layer.inbound) stack.push(producer);
  }
  const ordered = [...reached].sort((a, b) => (a.callOrder ?? a.id) - (b.callOrder ?? b.id) || a.id - b.id);
  const index = new Map(ordered.map((l, i) => [l, i]));
  const layers = ordered.map((l, i) => toLayer(l, i, l.inbound.map((p) => index.get(p)!).filter((n) => n !== undefined)));
  const inputs = layers.filter((l) => l.kind === "input").map((l) => l.index);
  const firstInput = inputs[0] !== undefined ? layers[inputs[0]] : undefined;
  if (firstInput && !firstInput.declaredInputShape) {
    const declared = fallbackInputShape(model, state.inputShape);
    if (declared) firstInput.declaredInputShape = declared;
  }
  const outputs = model.outputs.map((t) => index.get(t.producer)).filter((n): n is number => n !== undefined);
  const complete =
    model.complete && !dangling && !state.layersLost && ordered.every((l) => !l.uncertain && !l.opaque) && outputs.length > 0;
  const architecture: Architecture = { layers, inputs, outputs, style: model.style, complete };
  const external = externalOutputsOf(ordered, outputs, readElsewhere(model, state));
  if (external.length > 0) architecture.externalOutputs = external;
  return architecture;
}

/** The compile that counts: the last one before the first fit, else the last one. */
function effectiveCompile(model: ModelState): CompileRecord | undefined {
  const beforeFit = model.compiles.filter((c) => !c.afterFit);
  if (model.training.length > 0 && beforeFit.length > 0) return beforeFit[beforeFit.length - 1]!;
  return model.compiles[model.compiles.length - 1];
}

/** The learner that counts, with per-output losses resolved against the built architecture. */
export function effectiveLearner(model: ModelState, architecture: Architecture): Learner | undefined {
  const record = effectiveCompile(model);
  if (!record) return undefined;
  if (!record.perOutput) return record.learner;
  const outputLosses: OutputLoss[] = [];
  for (const { key, loss } of record.perOutput) {
    const output = typeof key === "number" ? architecture.outputs[key] : architecture.outputs.find((i) => architecture.layers[i]?.name === key);
    if (output !== undefined) outputLosses.push({ output, loss });
  }
  const learner: Learner = { ...record.learner, outputLosses };
  // One output, or every output with the same loss: that is the model's loss too.
  if (outputLosses.length === 1 && architecture.outputs.length === 1) learner.loss = outputLosses[0]!.loss;
  return learner;
}
