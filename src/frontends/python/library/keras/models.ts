/**
 * Keras models: Sequential lists and `.add`, functional models of tensors, and the calls on a model (compile,
 * fit, evaluate, predict).
 */
import type { SyntaxNode as Node } from "../../syntax.js";
import type { DataFacts, Learner, ModelFacts, TrainingDriver, TrainingLoop } from "../../../../model/program.js";
import type { CallArgs, CallSite, ExtractionState } from "../../state.js";
import { asBool, asInt, asNumber, asSequence, type CompileRecord, type LayerState, type ModelState, type TensorState, type Value } from "../../values.js";
import { argValue, getArg, type ArgRef } from "../args.js";
import { applyLayer, newModel, opaqueLayer, tensorsOf } from "../graph.js";
import { inputLayersBehind } from "../layer-walk.js";
import { LAYER_KINDS } from "../../../../model/vocabulary.js";
import { literalArrayFacts } from "../numpy/numpy.js";
import { lossFromValue, metricsFromValue, optimizerFromValue } from "./learner.js";

// ------------------------------------------------------------------------------------------ sequential

/** Appends what `Sequential([...])` / `model.add(x)` received. */
export function sequentialAdd(model: ModelState, item: Value, state: ExtractionState, site: CallSite): void {
  if (state.uncertainDepth > 0) model.complete = false;
  if (model.head) {
    headAdd(model, model.head, item, state, site);
    return;
  }
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
      if (model.layers.length === 0 && LAYER_KINDS[item.tensor.producer.kind].category === "merge") {
        // `Sequential().add(Merge([left, right]))`: the model is a graph from the branches' inputs.
        model.style = "functional";
        model.inputs = inputsOf(item.tensor);
        model.head = item.tensor;
        model.outputs = [item.tensor];
        model.layers.push(item.tensor.producer);
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

/** A layer added after a Keras 1 Merge: applied to the running output. */
function headAdd(model: ModelState, head: TensorState, item: Value, state: ExtractionState, site: CallSite): void {
  if (item.t !== "layer") {
    model.complete = false;
    state.note("Sequential received something that is not a known layer", site.node);
    return;
  }
  const out = applyLayer(item.layer, { t: "tensor", tensor: head }, state);
  if (out.t !== "tensor") return;
  model.head = out.tensor;
  model.outputs = [out.tensor];
  model.layers.push(item.layer);
}

/** The input tensors a tensor depends on, in the order they were created. */
function inputsOf(tensor: TensorState): TensorState[] {
  return inputLayersBehind([tensor.producer]).map((producer) => ({ producer }));
}

// ------------------------------------------------------------------------------------------ functional

// ------------------------------------------------------------------------------------------ functional

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
  // Keras converts a (nested) list of numbers into one array; a list of arrays is several inputs.
  const facts = value?.t === "data" ? value.facts : literalArrayFacts(value);
  if (!facts) return undefined;
  const variable = variableOf(node);
  return variable ? { ...facts, variable } : { ...facts };
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

/** How each Keras training method drives its loop. */
const DRIVERS: Record<"fit" | "fit_generator" | "train_on_batch", TrainingDriver> = { fit: "fit", fit_generator: "generator", train_on_batch: "batch-step" };

export function fitModel(model: ModelState, method: "fit" | "fit_generator" | "train_on_batch", args: CallArgs, site: CallSite, state: ExtractionState): void {
  if (model.training.some((t) => t.span.line === site.span.line && t.span.column === site.span.column)) return;
  if (args.keywords.has("nb_epoch")) state.legacyKeras = true;
  const call: TrainingLoop = { driver: DRIVERS[method], call: method, span: site.span };
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
      .map((c) => (c.package ? { frameworkName: c.frameworkName, keras: { package: c.package }, span: c.span } : { frameworkName: c.frameworkName, span: c.span }));
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
function recordValidationData(call: TrainingLoop, validationData: ArgRef): void {
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

