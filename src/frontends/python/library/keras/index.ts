/**
 * The Keras / tf.keras package: layers, models and the calls on them, the learner's objects (losses,
 * optimizers, metrics, initialisers, regularisers, callbacks), Keras's datasets and preprocessing utilities.
 */
import type { SyntaxNode as Node } from "../../syntax.js";
import type { DataFacts, KerasPackage } from "../../../../model/program.js";
import type { LayerKind } from "../../../../model/vocabulary.js";
import { simpleArgs } from "../../builtins.js";
import type { Interpreter } from "../../interpreter.js";
import type { CallArgs, CallSite } from "../../state.js";
import { NONE, UNKNOWN, asBool, asNumber, asSequence, asShape, asString, list, num, str, type LayerState, type ModelState, type PyClass, type Value } from "../../values.js";
import { argValue } from "../args.js";
import { applyLayer, newModel, opaqueLayer, tensorsOf } from "../graph.js";
import { dataBinary, derive, unknownData } from "../numpy/data.js";
import type { LibraryContext, PackageModel } from "../package.js";
import { classifyPath, isKerasLayerClass, isKerasModelClass, packageOf } from "../paths.js";
import { loadDataset } from "./datasets.js";
import { activationOnTensor, createLayer, inputShapeOf } from "./layers.js";
import { constructConstraint, constructInitializer, constructLoss, constructOptimizer, constructRegularizer } from "./learner.js";
import { compileModel, fitModel, functionalModel, inferModel, sequentialAdd } from "./models.js";
import { imageDirectory, padSequences, toCategorical, tokenizerMethod } from "./preprocessing.js";

/** Keywords of a Keras 1 layer that describe its input rather than the layer (kept on a wrapper, not the wrapped layer). */
const SHAPE_KEYWORDS = new Set(["input_shape", "input_dim", "input_length", "batch_input_shape", "name"]);

const MERGE_FUNCTIONS = new Set(["concatenate", "add", "subtract", "multiply", "average", "maximum", "minimum", "dot"]);

export class KerasPackageModel implements PackageModel {
  constructor(private readonly context: LibraryContext) {}

  private get state() {
    return this.context.state;
  }

  callPath(canonical: string, path: string, args: CallArgs, site: CallSite): Value | undefined {
    if (!canonical.startsWith("keras.") && canonical !== "keras") return undefined;
    const state = this.state;
    const c = classifyPath(canonical);
    switch (c.kind) {
      case "layer": {
        if (c.className === "Merge") return this.mergeLayer(args, site);
        if (MERGE_FUNCTIONS.has(c.className)) {
          const layer = createLayer(c.layerKind, c.className, { ...args, positional: args.positional.slice(1), positionalNodes: args.positionalNodes.slice(1) }, site, state, packageOf(path));
          return applyLayer(layer, args.positional[0] ?? argValue(args, undefined, "inputs"), state);
        }
        const layer = createLayer(c.layerKind, c.className, args, site, state, packageOf(path));
        if (c.layerKind === "input") {
          layer.declaredInputShape = inputShapeOf(args) ?? layer.declaredInputShape;
          if (!layer.declaredInputShape) delete layer.declaredInputShape;
        }
        return { t: "layer", layer };
      }
      case "input":
        return this.makeInput(args, site, packageOf(path));
      case "sequential": {
        const model = newModel(state, "sequential", site);
        const pkg = packageOf(path);
        if (pkg) model.package = pkg;
        const items = argValue(args, 0, "layers");
        if (items && items.t !== "none") {
          const seq = items.t === "list" || items.t === "tuple" ? items.items : undefined;
          if (seq) for (const item of seq) sequentialAdd(model, item, state, site);
          else model.complete = false;
        }
        return { t: "model", model };
      }
      case "model": {
        if (args.positional.length === 0 && args.keywords.size === 0) return UNKNOWN;
        const model = functionalModel(state, args, site);
        const pkg = packageOf(path);
        if (pkg) model.package = pkg;
        return { t: "model", model };
      }
      case "load-model": {
        const model = newModel(state, "graph", site);
        model.complete = false;
        return { t: "model", model };
      }
      case "application":
        return this.application(c.name, args, site);
      case "optimizer": {
        const optimizer = constructOptimizer(c.optimizer, c.name, args, (n) => state.span(n));
        optimizer.span = site.span;
        const pkg = packageOf(path);
        if (pkg) optimizer.keras = { package: pkg };
        return { t: "optimizer", optimizer };
      }
      case "callback": {
        const pkg = packageOf(path);
        return pkg ? { t: "callback", frameworkName: c.name, package: pkg, span: site.span } : { t: "callback", frameworkName: c.name, span: site.span };
      }
      case "constraint":
        return { t: "constraint", frameworkName: c.name, spec: constructConstraint(c.name, args) };
      case "lr-schedule": {
        const initial = asNumber(argValue(args, 0, "initial_learning_rate"));
        return { t: "opaque", what: `lr-schedule:${initial ?? "?"}` };
      }
      case "loss":
        // Loss classes make loss objects; loss functions called on tensors compute a value.
        if (/^[A-Z]/.test(c.name)) {
          const loss = constructLoss(c.loss, c.name, args);
          const pkg = packageOf(path);
          if (pkg) loss.keras = { package: pkg };
          return { t: "loss", loss };
        }
        return UNKNOWN;
      case "metric":
        return /^[A-Z]/.test(c.name) ? { t: "metric", kind: c.metric, frameworkName: c.name } : UNKNOWN;
      case "initializer":
        return { t: "initializer", spec: constructInitializer(c.initializer, c.name, args) };
      case "regularizer":
        return { t: "regularizer", spec: constructRegularizer(c.regularizer, c.name, args) };
      case "activation":
        return activationOnTensor(c.activation, c.name, args, site, state);
      case "dataset":
        return loadDataset(c.name, args);
      case "to-categorical":
        return toCategorical(args, site.span);
      case "pad-sequences":
        return padSequences(args, site.span);
      case "backend":
        return this.backend(c.name, args, site);
      case "seed":
        state.seedSet = true;
        return NONE;
      case "image-generator": {
        const rescale = asNumber(argValue(args, undefined, "rescale"));
        return { t: "opaque", what: `image-generator:${rescale ?? ""}${generatorTransform(args)}` };
      }
      case "image-directory":
        return imageDirectory(args, site.span, { sizeNames: ["image_size"], modeNames: ["label_mode"], defaultMode: "int" });
      case "keras1-merge":
        return this.keras1Merge(args, site);
      case "keras1-time-distributed-dense": {
        // `TimeDistributedDense(n)` of Keras 0/1 is `TimeDistributed(Dense(n))`.
        this.state.legacyKeras = true;
        const dense = createLayer("dense", "Dense", { ...args, keywords: new Map([...args.keywords].filter(([k]) => !SHAPE_KEYWORDS.has(k))) }, site, state, packageOf(path));
        const shapeKeywords = new Map([...args.keywords].filter(([k]) => SHAPE_KEYWORDS.has(k)));
        const wrapper = createLayer("timeDistributed", "TimeDistributedDense", { ...args, positional: [{ t: "layer", layer: dense }], positionalNodes: [undefined], keywords: shapeKeywords }, site, state, packageOf(path));
        return { t: "layer", layer: wrapper };
      }
      case "tokenizer": {
        const numWords = asNumber(argValue(args, 0, "num_words", "nb_words"));
        return numWords !== undefined ? { t: "tokenizer", numWords } : { t: "tokenizer" };
      }
      default:
        return this.context.opaqueOp(path, args, site);
    }
  }

  /** `ImageDataGenerator(rescale=...).flow(x, y)`: batches of x (rescaled, standardised if asked) and y. */
  private imageGenerator(what: string, name: string, args: CallArgs, site: CallSite): Value {
    const [rescaleText, transform] = what.slice("image-generator:".length).split(";");
    const rescale = Number(rescaleText || "NaN");
    const afterRescale = (facts: DataFacts): DataFacts => {
      // The generator applies its standardisation (or the user's function) to every batch after rescale.
      if (transform === "standardize") return derive(facts, { range: undefined, dtype: "float32" }, { op: "standardize", detail: "ImageDataGenerator", span: site.span });
      if (transform === "function") return derive(facts, { range: undefined }, { op: "other", detail: "preprocessing_function", span: site.span });
      return facts;
    };
    if (name === "flow_from_directory") {
      const images = imageDirectory(args, site.span, { sizeNames: ["target_size"], modeNames: ["class_mode"], defaultMode: "categorical", ...(Number.isFinite(rescale) ? { rescale } : {}) });
      if (images.x) images.x = afterRescale(images.x);
      return images;
    }
    if (name !== "flow") return name.startsWith("flow") ? { t: "dataset" } : NONE;
    const x = args.positional[0] ?? argValue(args, undefined, "x");
    const y = args.positional[1] ?? argValue(args, undefined, "y");
    // flow() shuffles unless told not to.
    const dataset: Value & { t: "dataset" } = { t: "dataset", shuffled: asBool(argValue(args, undefined, "shuffle")) ?? true };
    if (x?.t === "data") {
      const scaled = Number.isFinite(rescale) ? dataBinary("*", x, num(rescale, false), site.span) : x;
      if (scaled?.t === "data") dataset.x = afterRescale(scaled.facts);
    }
    if (y?.t === "data") dataset.y = y.facts;
    return dataset;
  }

  /** Keras 1 `merge([a, b], mode='concat')`. */
  private keras1Merge(args: CallArgs, site: CallSite): Value {
    this.state.legacyKeras = true;
    return applyLayer(this.mergeOfMode(args, site), args.positional[0] ?? argValue(args, undefined, "inputs"), this.state);
  }

  /** The merge layer a Keras 1 `mode=` names (`sum` by default), with its concatenation axis. */
  private mergeOfMode(args: CallArgs, site: CallSite): LayerState {
    const mode = asString(argValue(args, undefined, "mode")) ?? "sum";
    const kinds: Record<string, LayerKind> = { concat: "concatenate", sum: "add", mul: "multiply", ave: "average", max: "maximum", dot: "dot", cos: "dot" };
    const kind = kinds[mode] ?? "unknown";
    const layer = createLayer(kind, "Merge", simpleArgs([]), site, this.state);
    if (kind === "concatenate") layer.config.axis = asNumber(argValue(args, undefined, "concat_axis")) ?? -1;
    return layer;
  }

  /**
   * Keras 1 `Merge([left, right], mode='concat')`: of Sequential branches, the merged output of the branches
   * (each applied to an input of its own) — a Sequential that starts with it becomes a functional model; of
   * nothing yet, a merge layer to call on tensors.
   */
  private mergeLayer(args: CallArgs, site: CallSite): Value {
    this.state.legacyKeras = true;
    const layer = this.mergeOfMode(args, site);
    const branches = asSequence(args.positional[0] ?? argValue(args, undefined, "layers"));
    if (!branches) return { t: "layer", layer };
    const outputs = branches.map((branch) => (branch.t === "model" ? this.branchOutput(branch.model, site) : branch.t === "tensor" ? branch : UNKNOWN));
    return applyLayer(layer, list(outputs), this.state);
  }

  /** A Sequential branch applied to an input of its own: its output tensor (unknown unless its layers are all known). */
  private branchOutput(branch: ModelState, site: CallSite): Value {
    if (branch.style !== "sequential" || !branch.complete || branch.layers.length === 0) return UNKNOWN;
    const shape = branch.declaredInputShape ?? branch.layers[0]!.declaredInputShape;
    const input = this.makeInput(simpleArgs([]), site);
    if (input.t === "tensor" && shape) input.tensor.producer.declaredInputShape = [...shape];
    let tensor: Value = input;
    for (const layer of branch.layers) tensor = applyLayer(layer, tensor, this.state);
    return tensor;
  }

  setAttribute(owner: Value, name: string, value: Value): boolean {
    if (owner.t !== "layer" || name !== "trainable") return false;
    if (value.t === "bool" || value.t === "num") owner.layer.trainable = value.t === "bool" ? value.v : value.v !== 0;
    return true;
  }

  private makeInput(args: CallArgs, site: CallSite, pkg?: KerasPackage): Value {
    const layer = createLayer("input", "InputLayer", args, site, this.state, pkg);
    layer.frameworkName = "Input";
    const shape = inputShapeOf(args);
    if (shape) layer.declaredInputShape = shape;
    else delete layer.declaredInputShape;
    layer.callOrder = this.state.nextCallOrder();
    return { t: "tensor", tensor: { producer: layer } };
  }

  private application(name: string, args: CallArgs, site: CallSite): Value {
    const model = newModel(this.state, "graph", site);
    model.complete = false;
    const input = this.makeInput({ ...args, positional: [], positionalNodes: [], keywords: new Map([["shape", argValue(args, undefined, "input_shape") ?? NONE]]) }, site);
    const body = opaqueLayer(this.state, name.toLowerCase(), name, site);
    const output = applyLayer(body, input, this.state);
    if (input.t === "tensor") model.inputs = [input.tensor];
    if (output.t === "tensor") model.outputs = [output.tensor];
    return { t: "model", model };
  }

  private backend(name: string, args: CallArgs, site: CallSite): Value | undefined {
    const state = this.state;
    switch (name) {
      case "set_image_data_format": {
        const f = asString(args.positional[0] ?? argValue(args, undefined, "data_format"));
        if (f === "channels_first" || f === "channels_last") state.imageDataFormat = f;
        return NONE;
      }
      case "set_image_dim_ordering": {
        const f = asString(args.positional[0] ?? argValue(args, undefined, "dim_ordering"));
        if (f === "th") state.imageDataFormat = "channels_first";
        if (f === "tf") state.imageDataFormat = "channels_last";
        return NONE;
      }
      case "image_data_format":
        return str(state.imageDataFormat ?? "channels_last");
      case "image_dim_ordering":
        return str(state.imageDataFormat === "channels_first" ? "th" : "tf");
      case "epsilon":
        return num(1e-7, false);
      case "clear_session":
      case "set_floatx":
      case "set_session":
        return NONE;
      case "floatx":
        return str("float32");
      default:
        return this.context.opaqueOp(`keras.backend.${name}`, args, site);
    }
  }

  callMethod(self: Value, name: string, args: CallArgs, site: CallSite): Value | undefined {
    const model = modelOf(self);
    if (model) return this.modelMethod(model, name, args, site);
    switch (self.t) {
      case "opaque":
        return self.what.startsWith("image-generator:") ? this.imageGenerator(self.what, name, args, site) : undefined;
      case "tokenizer":
        return tokenizerMethod(self.numWords, name, args, site.span);
      case "tensor":
        return this.context.opaqueOp(`tensor.${name}`, { ...args, positional: [self, ...args.positional] }, site);
      default:
        return undefined;
    }
  }

  private modelMethod(model: ModelState, name: string, args: CallArgs, site: CallSite): Value | undefined {
    const state = this.state;
    switch (name) {
      case "add":
        if (model.style === "sequential" || model.head) sequentialAdd(model, args.positional[0] ?? argValue(args, undefined, "layer") ?? UNKNOWN, state, site);
        return NONE;
      case "pop":
        if (model.style === "sequential") model.layers.pop();
        return NONE;
      case "compile":
        compileModel(model, args, site, state);
        return NONE;
      case "fit":
      case "fit_generator":
      case "train_on_batch":
        fitModel(model, name, args, site, state);
        return { t: "opaque", what: "history" };
      case "evaluate":
      case "evaluate_generator":
      case "test_on_batch":
        inferModel(model, "evaluate", args, site);
        return UNKNOWN;
      case "predict":
      case "predict_classes":
      case "predict_proba":
      case "predict_generator":
      case "predict_on_batch":
        inferModel(model, "predict", args, site);
        return unknownData();
      case "build": {
        const shape = asShape(argValue(args, 0, "input_shape"));
        if (shape && model.style === "sequential" && !model.declaredInputShape) model.declaredInputShape = shape;
        // A subclassed model's synthetic input takes the built shape.
        const input = model.style === "subclassed" ? model.inputs[0]?.producer : undefined;
        if (shape && input && !input.declaredInputShape) input.declaredInputShape = shape;
        return NONE;
      }
      case "get_layer": {
        const wanted = asString(argValue(args, 0, "name"));
        const layer = model.layers.find((l) => l.name === wanted);
        return layer ? { t: "layer", layer } : UNKNOWN;
      }
      case "summary":
      case "save":
      case "save_weights":
      case "load_weights":
      case "to_json":
        return NONE;
      default:
        return undefined;
    }
  }

  getAttribute(self: Value, name: string): Value | undefined {
    const model = modelOf(self);
    if (model) {
      switch (name) {
        case "layers":
          return list(model.layers.map((layer) => ({ t: "layer", layer }) as Value));
        case "output":
        case "outputs": {
          const out = model.outputs.map((t) => ({ t: "tensor", tensor: t }) as Value);
          if (out.length === 0) return UNKNOWN;
          return name === "output" && out.length === 1 ? out[0] : list(out);
        }
        case "input":
        case "inputs": {
          const inp = model.inputs.map((t) => ({ t: "tensor", tensor: t }) as Value);
          if (inp.length === 0) return UNKNOWN;
          return name === "input" && inp.length === 1 ? inp[0] : list(inp);
        }
        case "optimizer":
        case "history":
          return UNKNOWN;
        default:
          return undefined;
      }
    }
    switch (self.t) {
      case "tensor":
        return name === "shape" ? UNKNOWN : undefined;
      case "layer":
        // A layer called on a tensor, or placed in a Sequential model (`encoder = Model(seq.input, seq.layers[1].output)`).
        if (name === "output" && (self.layer.callOrder !== undefined || this.state.models.some((m) => m.style === "sequential" && m.layers.includes(self.layer)))) {
          return { t: "tensor", tensor: { producer: self.layer } };
        }
        if (name === "name") return str(self.layer.name);
        return undefined;
      default:
        return undefined;
    }
  }

  binary(op: string, left: Value, right: Value, node: Node): Value | undefined {
    if (left.t !== "tensor" && right.t !== "tensor") return undefined;
    const span = this.state.span(node);
    const tensors = [left, right].filter((v) => v.t === "tensor");
    const layer = opaqueLayer(this.state, `tf_op_${opName(op)}_${span.line}`, `operator${op}`, { node, span });
    layer.kind = "lambda";
    layer.opaque = false;
    return applyLayer(layer, list(tensors), this.state);
  }

  subscript(obj: Value, _index: Value, node: Node): Value | undefined {
    if (obj.t === "tensor") return this.context.opaqueOp("tensor.__getitem__", simpleArgs([obj]), { node, span: this.state.span(node) });
    if (obj.t === "opaque" && obj.what === "history") return UNKNOWN;
    return undefined;
  }

  callObject(callee: Value, args: CallArgs, site: CallSite): Value | undefined {
    const input = args.positional[0] ?? argValue(args, undefined, "inputs", "x");
    // A layer called eagerly on an array (a preprocessing layer in a tf.data map) transforms the data.
    if (callee.t === "layer" && input?.t === "data") return layerOnData(callee.layer, input, site);
    if (callee.t === "layer") return applyLayer(callee.layer, input, this.state);
    const model = modelOf(callee);
    if (callee.t === "instance" && callee.layer) return applyLayer(callee.layer, input, this.state);
    if (model?.style === "sequential" && model.complete && model.layers.length > 0 && input?.t === "tensor") {
      // A Sequential called on a tensor is its layers applied in turn: the outer graph sees them all.
      let tensor: Value = input;
      for (const layer of model.layers) tensor = applyLayer(layer, tensor, this.state);
      return tensor;
    }
    if (model) {
      // A model used as a layer: an opaque node (its own facts are extracted separately).
      const layer = opaqueLayer(this.state, model.variable ?? `model_${model.id}`, "Model", site);
      return applyLayer(layer, input, this.state);
    }
    if (callee.t === "loss" || callee.t === "metric" || callee.t === "activation") return UNKNOWN;
    return undefined;
  }

  /** Whether a class base makes a user class a Keras model or layer. */
  kerasBaseOf(base: Value): "model" | "layer" | undefined {
    if (base.t !== "ref") return undefined;
    if (isKerasModelClass(base.path)) return "model";
    if (isKerasLayerClass(base.path)) return "layer";
    return undefined;
  }

  /** A model learns the name it is bound to; the first module-level name wins over a helper function's local name. */
  onBind(name: string, value: Value, global: boolean): void {
    const model = modelOf(value);
    if (!model) return;
    if (model.variable === undefined || (global && !model.variableIsGlobal)) {
      model.variable = name;
      model.variableIsGlobal = global;
    }
  }

  instantiateKerasClass(cls: PyClass, instance: Value & { t: "instance" }, args: CallArgs, site: CallSite, interp: Interpreter): void {
    const state = this.state;
    if (cls.kerasBase === "layer") {
      runInit(cls, instance, args, site, interp);
      instance.layer = opaqueLayer(state, state.autoLayerName(cls.name), cls.name, site);
      return;
    }
    const model = newModel(state, "subclassed", site);
    instance.model = model;
    const pkg = kerasBasePackage(cls);
    if (pkg) model.package = pkg;
    runInit(cls, instance, args, site, interp);
    const call = interp.findClassMember(cls, "call");
    let readable = false;
    if (call?.t === "func") {
      const input = this.makeInput(simpleArgs([]), site);
      const result = interp.callFunction({ ...call.fn, self: instance }, simpleArgs([input]), site);
      const outputs = tensorsOf(result);
      if (outputs.length > 0 && outputs.every((t) => t !== undefined) && input.t === "tensor") {
        model.inputs = [input.tensor];
        model.outputs = outputs.filter((t) => t !== undefined);
        readable = true;
      }
    }
    if (!readable) {
      model.complete = false;
      model.layers = layersOfAttributes(instance.attrs);
      state.note(`could not read the call() of subclassed model '${cls.name}'`, site.node);
    }
  }
}

function modelOf(value: Value): ModelState | undefined {
  return value.t === "model" ? value.model : value.t === "instance" ? value.model : undefined;
}

function runInit(cls: PyClass, instance: Value & { t: "instance" }, args: CallArgs, site: CallSite, interp: Interpreter): void {
  const init = interp.findClassMember(cls, "__init__");
  if (init?.t === "func") interp.callFunction({ ...init.fn, self: instance }, args, site);
}

/** A layer applied eagerly to data: Rescaling scales it; anything else gives data of unknown facts. */
function layerOnData(layer: LayerState, input: Value & { t: "data" }, site: CallSite): Value {
  if (layer.kind === "rescaling" && layer.config.scale !== undefined) {
    const scaled = dataBinary("*", input, num(layer.config.scale, false), site.span) ?? input;
    const offset = layer.config.offset ?? 0;
    return offset !== 0 ? (dataBinary("+", scaled, num(offset, false), site.span) ?? scaled) : scaled;
  }
  return unknownData();
}

/** The package of the Keras class a user class derives from, through user base classes. */
function kerasBasePackage(cls: PyClass, depth = 0): KerasPackage | undefined {
  for (const base of cls.bases) {
    if (base.t === "ref") {
      const pkg = packageOf(base.path);
      if (pkg) return pkg;
    } else if (base.t === "class" && depth < 8) {
      const pkg = kerasBasePackage(base.cls, depth + 1);
      if (pkg) return pkg;
    }
  }
  return undefined;
}

function opName(op: string): string {
  return ({ "+": "add", "-": "sub", "*": "mul", "/": "truediv", "@": "matmul" } as Record<string, string>)[op] ?? "op";
}

/** Layers held in a subclassed model's attributes (directly or in lists), in assignment order. */
function layersOfAttributes(attrs: Map<string, Value>): LayerState[] {
  const out: LayerState[] = [];
  const visit = (v: Value): void => {
    if (v.t === "layer") out.push(v.layer);
    else if (v.t === "list" || v.t === "tuple") v.items.forEach(visit);
  };
  for (const value of attrs.values()) visit(value);
  return out;
}

/**
 * What an `ImageDataGenerator` does to each batch besides `rescale`: `;standardize` when a feature- or
 * sample-wise centring, std normalisation or ZCA whitening is switched on, `;function` for a
 * `preprocessing_function`, else nothing.
 */
function generatorTransform(args: CallArgs): string {
  const flags = ["featurewise_center", "featurewise_std_normalization", "samplewise_center", "samplewise_std_normalization", "zca_whitening"];
  if (flags.some((flag) => asBool(argValue(args, undefined, flag)) === true)) return ";standardize";
  const fn = argValue(args, undefined, "preprocessing_function");
  return fn !== undefined && fn.t !== "none" ? ";function" : "";
}
