/**
 * Keras models: Sequential lists and `.add`, functional graphs of tensors, subclassed models, and the
 * calls on a model (compile, fit, evaluate, predict). Turns what was recorded into ProgramModel facts.
 */
import type { SyntaxNode as Node } from "../../syntax.js";
import type { Architecture, DataFacts, Layer, Learner, ModelFacts, OutputLoss, Shape, TrainingCall } from "../../../../model/program.js";
import type { CallArgs, CallSite, ExtractionState } from "../../state.js";
import { LAYER_ATTRIBUTES, asBool, asInt, asNumber, asSequence, type CompileRecord, type LayerState, type ModelState, type TensorState, type Value } from "../../values.js";
import { argValue, getArg, type ArgRef } from "../args.js";
import { lossFromValue, metricsFromValue, optimizerFromValue } from "./learner.js";

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

// ------------------------------------------------------------------------------------------ sequential

/** Appends what `Sequential([...])` / `model.add(x)` received. */
export function sequentialAdd(model: ModelState, item: Value, state: ExtractionState, site: CallSite): void {
  if (state.uncertainDepth > 0) model.complete = false;
  switch (item.t) {
    case "layer":
      if (item.layer.kind === "input" && model.layers.length === 0) {
        // An InputLayer at the head of a Sequential only declares the input shape.
        if (item.layer.declaredInputShape) model.declaredInputShape = item.layer.declaredInputShape;
        return;
      }
      if (state.uncertainDepth > 0) item.layer.uncertain = true;
      model.layers.push(item.layer);
      return;
    case "tensor":
      if (item.tensor.producer.kind === "input" && model.layers.length === 0) {
        if (item.tensor.producer.declaredInputShape) model.declaredInputShape = item.tensor.producer.declaredInputShape;
        return;
      }
      model.complete = false;
      return;
    case "model":
      model.layers.push(opaqueLayer(state, `sequential_${item.model.id}`, "Model", site));
      model.complete = false;
      return;
    case "instance":
      if (item.layer) {
        model.layers.push(item.layer);
        model.complete = false;
        return;
      }
      model.layers.push(opaqueLayer(state, item.cls.name.toLowerCase(), item.cls.name, site));
      model.complete = false;
      return;
    default:
      model.complete = false;
      state.note("Sequential received something that is not a known layer", site.node);
  }
}

// ------------------------------------------------------------------------------------------ functional

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
export function tensorsOf(value: Value): (TensorState | undefined)[] {
  if (value.t === "tensor") return [value.tensor];
  const items = asSequence(value);
  if (items) return items.flatMap((item) => (item.t === "tensor" ? [item.tensor] : item.t === "list" || item.t === "tuple" ? tensorsOf(item) : [undefined]));
  return [undefined];
}

export function functionalModel(state: ExtractionState, args: CallArgs, site: CallSite): ModelState {
  const model = newModel(state, "functional", site);
  const inputs = argValue(args, 0, "inputs", "input");
  const outputs = argValue(args, 1, "outputs", "output");
  const inputTensors = inputs ? tensorsOf(inputs) : [undefined];
  const outputTensors = outputs ? tensorsOf(outputs) : [undefined];
  model.inputs = inputTensors.filter((t): t is TensorState => t !== undefined);
  model.outputs = outputTensors.filter((t): t is TensorState => t !== undefined);
  if (model.inputs.length !== inputTensors.length || model.outputs.length !== outputTensors.length || model.outputs.length === 0) model.complete = false;
  return model;
}

// ---------------------------------------------------------------------------------------- model calls

function variableOf(node: Node | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === "identifier" || node.type === "attribute") return node.text;
  return undefined;
}

function factsOf(value: Value | undefined, node: Node | undefined): DataFacts | undefined {
  if (!value || value.t !== "data") return undefined;
  const variable = variableOf(node);
  return variable ? { ...value.facts, variable } : { ...value.facts };
}

export function compileModel(model: ModelState, args: CallArgs, site: CallSite, state: ExtractionState): void {
  const learner: Learner = { metrics: [], span: site.span };
  const loss = getArg(args, 1, "loss");
  const lossSpan = loss?.node ? state.span(loss.node) : site.span;
  let perOutput: CompileRecord["perOutput"];
  if (loss?.value.t === "dict" || loss?.value.t === "list" || loss?.value.t === "tuple") {
    // Multi-output: one loss per output, by output name or position.
    perOutput = [];
    const entries = loss.value.t === "dict" ? [...loss.value.entries.values()].map((e) => ({ key: e.key, value: e.value })) : loss.value.items.map((value, i) => ({ key: { t: "num", v: i, int: true } as Value, value }));
    for (const { key, value } of entries) {
      const spec = lossFromValue(value);
      const k = key.t === "str" ? key.v : key.t === "num" ? key.v : undefined;
      if (spec && k !== undefined) perOutput.push({ key: k, loss: { ...spec, span: lossSpan } });
    }
  } else if (loss) {
    const spec = lossFromValue(loss.value);
    if (spec) learner.loss = { ...spec, span: lossSpan };
  }
  const optimizer = getArg(args, 0, "optimizer");
  if (optimizer) {
    const spec = optimizerFromValue(optimizer.value);
    // Located where the optimizer object was built (`Adam(...)`), else where it is named (`'adam'`).
    if (spec) learner.optimizer = { ...spec, span: spec.span ?? (optimizer.node ? state.span(optimizer.node) : site.span) };
  } else if (!args.opaqueSplat) {
    // Keras's default optimizer is RMSprop.
    learner.optimizer = { ...optimizerFromValue({ t: "str", v: "rmsprop" })!, span: site.span };
  }
  const metrics = getArg(args, 2, "metrics");
  if (metrics) {
    // Each metric of a written list (`['acc', AUC()]`) is located at its own element.
    const elements = metrics.node?.type === "list" || metrics.node?.type === "tuple" ? metrics.node.namedChildren.filter((n) => n.type !== "comment") : undefined;
    const items = asSequence(metrics.value);
    if (elements && items && elements.length === items.length) {
      learner.metrics = items.flatMap((item, i) => metricsFromValue(item, state.span(elements[i]!)));
    } else {
      learner.metrics = metricsFromValue(metrics.value, metrics.node ? state.span(metrics.node) : site.span);
    }
  }
  model.compiles.push(perOutput ? { learner, perOutput, afterFit: model.training.length > 0 } : { learner, afterFit: model.training.length > 0 });
}

export function fitModel(model: ModelState, method: TrainingCall["method"], args: CallArgs, site: CallSite, state: ExtractionState): void {
  if (model.training.some((t) => t.span.line === site.span.line && t.span.column === site.span.column)) return;
  const call: TrainingCall = { method, span: site.span };
  const generator = method === "fit_generator";
  const x = getArg(args, 0, "x", "generator");
  const y = generator ? undefined : getArg(args, 1, "y");
  const xFacts = factsOf(x?.value, x?.node);
  const yFacts = factsOf(y?.value, y?.node);
  if (xFacts) call.x = xFacts;
  if (yFacts) call.y = yFacts;
  const dataVariables: { x?: string; y?: string } = {};
  const xName = x?.node?.type === "identifier" ? x.node.text : undefined;
  const yName = y?.node?.type === "identifier" ? y.node.text : undefined;
  if (xName) dataVariables.x = xName;
  if (yName) dataVariables.y = yName;
  if (xName || yName) call.dataVariables = dataVariables;
  const callbacks = getArg(args, method === "fit" ? 5 : undefined, "callbacks");
  const callbackItems = callbacks ? asSequence(callbacks.value) : undefined;
  if (callbackItems) {
    call.callbacks = callbackItems
      .filter((c): c is Value & { t: "callback" } => c.t === "callback")
      .map((c) => (c.package ? { frameworkName: c.frameworkName, package: c.package, span: c.span } : { frameworkName: c.frameworkName, span: c.span }));
  }
  if (x?.value.t === "dataset") {
    // A tf.data pipeline built from arrays: its elements are what the arrays were.
    if (x.value.x) call.x = { ...x.value.x };
    if (x.value.y) call.y = { ...x.value.y };
    call.shuffle = x.value.shuffled === true;
  }
  if (method === "fit" || method === "fit_generator") {
    const epochs = asInt(argValue(args, method === "fit" ? 3 : 2, "epochs", "nb_epoch"));
    if (epochs !== undefined) call.epochs = epochs;
    else if (!getArg(args, method === "fit" ? 3 : 2, "epochs", "nb_epoch") && !args.opaqueSplat) call.epochs = 1;
  }
  if (method === "fit") {
    const batch = getArg(args, 2, "batch_size");
    const n = asInt(batch?.value);
    if (n !== undefined) call.batchSize = n;
    else if ((!batch || batch.value.t === "none") && !args.opaqueSplat && !isPipeline(x?.value)) call.batchSize = 32;
    const validationData = getArg(args, 7, "validation_data");
    const split = asNumber(argValue(args, 6, "validation_split"));
    if (validationData && validationData.value.t !== "none") recordValidationData(call, validationData);
    else if (split !== undefined && split > 0) call.validation = "split";
    else if (!args.opaqueSplat && (split !== undefined || !getArg(args, 6, "validation_split"))) call.validation = "none";
    const shuffle = getArg(args, 8, "shuffle");
    if (shuffle) {
      const b = asBool(shuffle.value);
      if (b !== undefined) call.shuffle = b;
    } else if (!args.opaqueSplat && x?.value.t !== "dataset" && !isPipeline(x?.value)) call.shuffle = true; // Keras shuffles arrays by default.
  } else if (method === "train_on_batch") {
    const n = x?.value.t === "data" ? x.value.facts.shape?.[0] : undefined;
    if (typeof n === "number") call.batchSize = n;
  } else if (generator) {
    const validationData = getArg(args, undefined, "validation_data");
    if (validationData && validationData.value.t !== "none") recordValidationData(call, validationData);
    else if (!args.opaqueSplat) call.validation = "none";
  }
  model.training.push(call);
}

/** `validation_data=(x, y)` or a pipeline: the variable names and what is known of the arrays. */
function recordValidationData(call: TrainingCall, validationData: ArgRef): void {
  call.validation = "data";
  const value = validationData.value;
  if (value.t === "dataset") {
    if (value.x || value.y) call.validationData = { ...(value.x ? { x: { ...value.x } } : {}), ...(value.y ? { y: { ...value.y } } : {}) };
    return;
  }
  const elements = validationData.node && (validationData.node.type === "tuple" || validationData.node.type === "list") ? validationData.node.namedChildren : [];
  const names = elements.map(variableOf).filter((n): n is string => n !== undefined);
  if (names.length > 0) call.validationVariables = names;
  const parts = asSequence(value);
  const vx = factsOf(parts?.[0], elements[0]);
  const vy = factsOf(parts?.[1], elements[1]);
  if (vx || vy) call.validationData = { ...(vx ? { x: vx } : {}), ...(vy ? { y: vy } : {}) };
}

function isPipeline(value: Value | undefined): boolean {
  return value !== undefined && value.t !== "data" && value.t !== "unknown";
}

export function inferModel(model: ModelState, method: "evaluate" | "predict", args: CallArgs, site: CallSite): void {
  if (model.inference.some((t) => t.span.line === site.span.line && t.span.column === site.span.column)) return;
  const x = getArg(args, 0, "x");
  const y = method === "evaluate" ? getArg(args, 1, "y") : undefined;
  const call: ModelFacts["inference"][number] = { method, span: site.span };
  const xFacts = factsOf(x?.value, x?.node);
  const yFacts = factsOf(y?.value, y?.node);
  if (xFacts) call.x = xFacts;
  if (yFacts) call.y = yFacts;
  model.inference.push(call);
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

export function buildArchitecture(model: ModelState, state: ExtractionState): Architecture {
  if (model.style === "sequential" || (model.style === "subclassed" && model.outputs.length === 0)) {
    const layers = model.layers.map((l, i) => toLayer(l, i, i === 0 || model.style === "subclassed" ? [] : [i - 1]));
    const first = layers[0];
    if (first && model.style === "sequential" && !first.declaredInputShape) {
      const declared = model.declaredInputShape ?? fallbackInputShape(model, state.inputShape);
      if (declared) first.declaredInputShape = [...declared];
    }
    const complete = model.complete && model.style === "sequential" && !state.layersLost && model.layers.every((l) => !l.uncertain && !l.opaque);
    return {
      layers,
      inputs: layers.length > 0 && model.style === "sequential" ? [0] : [],
      outputs: layers.length > 0 && model.style === "sequential" ? [layers.length - 1] : [],
      style: model.style,
      complete,
    };
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
    stack.push(...layer.inbound);
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
  return { layers, inputs, outputs, style: model.style, complete };
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
