/**
 * TensorFlow 1 graph mode: the "graph"-style model of each default graph a program builds (from placeholders,
 * dataset iterators, layer functions and ops), its learner (`Optimizer.minimize(loss)`, `apply_gradients`), and
 * the session loop that trains it. Outputs are the tensors the trained losses judge, so a model function called
 * again on test data (`variable_scope(reuse=True)`) adds nothing to the trained graph.
 */
import type { DataFacts, Learner, TrainingLoop } from "../../../../model/program.js";
import { optimizerOf } from "../../../../model/vocabulary.js";
import type { CallArgs, CallSite, ExtractionState } from "../../state.js";
import { NONE, asInt, asSequence, list, tuple, type CompileRecord, type LayerState, type ModelState, type TensorState, type Value } from "../../values.js";
import { argValue, getArg } from "../args.js";
import { newModel } from "../graph.js";
import { inputLayersBehind } from "../layer-walk.js";
import { createLayer } from "../keras/layers.js";
import { constructOptimizer } from "../keras/learner.js";
import { dtypeName } from "../numpy/data.js";
import type { LibraryContext } from "../package.js";
import type { Tf1Kind } from "./classify.js";
import { layerFunction } from "./layers.js";
import { libraryLoss, opName, readWrittenLoss, isOpLayer } from "./losses.js";
import { objectOf, tfObject, type GradientsState, type IteratorState } from "./objects.js";
import { addBias, convolution, embeddingLookup, matmul, rawConcat, rawDropout, rawPooling, rawReshape, xwPlusB, type RawLayerContext } from "./raw-layers.js";
import { bidirectionalDynamicRnn, cellStep, dropoutWrapper, dynamicRnn, makeCell, multiCell, staticBidirectionalRnn, staticRnn, unknownRnn } from "./rnn.js";
import { SessionRecord } from "./session.js";
import { tensorShape } from "./static-shape.js";
import { assignVariable, getVariable, initialValue, makeVariable, variableOf } from "./variables.js";

export type { Tf1Kind } from "./classify.js";
export { classifyTf1 } from "./classify.js";

/** One TF1 graph as the program builds it: the model, its last layer, its session, its estimator's training. */
class GraphContext {
  graph?: ModelState;
  lastTensor?: TensorState;
  session?: SessionRecord;
  readonly estimatorTraining: TrainingLoop[] = [];
  finished = false;
}

/** The TF1 part of the library model; one per analysed file. */
export class Tf1Model implements RawLayerContext {
  /** The default graph now; `tf.reset_default_graph()` and `g.as_default()` change it. */
  private current = new GraphContext();
  private readonly contexts: GraphContext[] = [this.current];
  /** `tf.Graph()` objects, by the number in their value. */
  private readonly graphObjects: GraphContext[] = [];
  readonly biasable = new WeakSet<LayerState>();
  /** Placeholders' dtypes (a `tf.bool` placeholder is a training flag, not data). */
  private readonly dtypes = new Map<LayerState, string>();
  /** Inputs that read a dataset: the arrays behind them, and whether the pipeline shuffles. */
  private readonly datasetInputs = new Map<LayerState, { facts?: DataFacts; shuffled: boolean }>();
  /** The labels each learner's loss compares the outputs with, and the outputs it judges. */
  private readonly labels = new Map<CompileRecord, TensorState>();
  private readonly judged = new Map<CompileRecord, TensorState[]>();
  /** The last library loss built (`tf.losses.get_total_loss()` returns the losses added so far). */
  private lastLoss?: Value;
  /** The last gradients computed (`apply_gradients(zip(clipped, tvars))` hides which). */
  private lastGradients?: GradientsState;

  constructor(
    readonly state: ExtractionState,
    private readonly context: LibraryContext,
  ) {}

  get graphMode(): boolean {
    return this.state.usesTf1;
  }

  /** Whether a value is a boolean tensor (a training flag placeholder). */
  readonly isBooleanTensor = (value: Value): boolean => value.t === "tensor" && this.dtypes.get(value.tensor.producer) === "bool";

  call(c: Tf1Kind, path: string, args: CallArgs, site: CallSite): Value | undefined {
    const state = this.state;
    switch (c.kind) {
      case "placeholder":
        state.usesTf1 = true;
        return this.placeholder(args, site);
      case "layer-function": {
        state.usesTf1 = true;
        this.graphFor(site);
        return this.track(layerFunction(c.family, c.name, args, site, state, this.isBooleanTensor));
      }
      case "layer-class": {
        state.usesTf1 = true;
        const layer = createLayer(c.layerKind, c.name, args, site, state);
        layer.frameworkName = `tf.layers.${c.name}`;
        return { t: "layer", layer };
      }
      case "loss": {
        state.usesTf1 = true;
        const loss = libraryLoss(c.loss, c.name, c.family, args);
        this.lastLoss = loss;
        return loss;
      }
      case "total-loss":
        return this.lastLoss ?? undefined;
      case "reduce": {
        const inner = args.positional[0] ?? argValue(args, undefined, "input_tensor");
        return inner?.t === "tf1-loss" ? inner : undefined;
      }
      case "optimizer": {
        const kind = optimizerOf(c.name, "tf1")!;
        return { t: "optimizer", optimizer: constructOptimizer(kind, c.name, args, (n) => state.span(n)) };
      }
      case "gradients":
        return this.gradients({ loss: argValue(args, 0, "ys") });
      case "gradient-tape":
        return tfObject({ kind: "tape" });
      case "session":
        state.usesTf1 = true;
        this.useGraph(argValue(args, 1, "graph"));
        this.sessionFacts(site);
        return { t: "tf1-session" };
      case "initializer":
        state.usesTf1 = true;
        return { t: "tf1-op", op: "init" };
      case "other-op":
        return { t: "tf1-op", op: "other" };
      case "group": {
        // tf.group(init, ...) initialises; tf.group(train_op, ...) trains; anything else is not known.
        const ops = args.positional.flatMap((a) => asSequence(a) ?? [a]);
        if (ops.some((o) => o.t === "tf1-op" && o.op === "init")) return { t: "tf1-op", op: "init" };
        if (ops.some((o) => o.t === "tf1-op" && o.op === "train")) return { t: "tf1-op", op: "train" };
        return undefined;
      }
      case "saver":
        state.usesTf1 = true;
        return { t: "opaque", what: "tf1-saver" };
      case "variable":
        return c.how === "Variable" ? makeVariable(args, site) : getVariable(args, site);
      case "initial-value":
        return initialValue(c.value, c.name, args, site);
      case "pow": {
        const out = this.context.opaqueOp(path, args, site);
        const exponent = asInt(argValue(args, 1, "y"));
        if (out?.t === "tensor" && exponent !== undefined) out.tensor.producer.config.extra = { exponent };
        return out;
      }
      case "matmul":
        return this.track(matmul(this, args, site));
      case "xw-plus-b":
        return this.track(xwPlusB(this, args, site));
      case "bias-add": {
        const value = argValue(args, 0, "value");
        return value ? addBias(this, value, argValue(args, 1, "bias")) : undefined;
      }
      case "add": {
        const [x, y] = [argValue(args, 0, "x"), argValue(args, 1, "y")];
        return x && y ? (addBias(this, x, y) ?? addBias(this, y, x)) : undefined;
      }
      case "conv":
        return this.track(convolution(this, c.rank, c.name, args, site));
      case "pool":
        return this.track(rawPooling(this, c.layerKind, c.rank, c.name, args, site));
      case "dropout":
        return this.track(rawDropout(this, c.name, args, site));
      case "reshape":
        return this.track(rawReshape(this, args, site));
      case "concat":
        return this.track(rawConcat(this, args, site));
      case "embedding-lookup":
        return this.track(embeddingLookup(this, args, site));
      case "unstack":
        return this.unstack(c.name, path, args, site);
      case "cell":
        return makeCell(c.cell, c.name, args, site);
      case "multi-cell":
        return multiCell(args);
      case "dropout-wrapper":
        return dropoutWrapper(args);
      case "dynamic-rnn":
        return this.track(dynamicRnn(args, site, state) ?? unknownRnn(argValue(args, 1, "inputs"), false, false, site, state));
      case "static-rnn":
        return this.track(staticRnn(args, site, state, (items) => this.sequenceOf(items, site)) ?? unknownRnn(argValue(args, 1, "inputs"), true, false, site, state));
      case "bidirectional-dynamic-rnn":
        return this.track(bidirectionalDynamicRnn(args, site, state) ?? unknownRnn(argValue(args, 2, "inputs"), false, true, site, state));
      case "static-bidirectional-rnn":
        return this.track(staticBidirectionalRnn(args, site, state, (items) => this.sequenceOf(items, site)) ?? unknownRnn(argValue(args, 2, "inputs"), true, true, site, state));
      case "make-iterator":
        return this.makeIterator(argValue(args, 0, "dataset"), site);
      case "iterator-from-structure":
        return tfObject({ kind: "iterator", iterator: { span: site.span } });
      case "estimator":
        return this.estimator(args, site);
      case "estimator-spec":
        return NONE;
      case "reset-graph":
        this.newGraph();
        return NONE;
      case "graph-object":
        return this.graphObject();
      case "assign": {
        const variable = variableOf(argValue(args, 0, "ref"));
        if (variable) assignVariable(variable);
        return { t: "tf1-op", op: "other" };
      }
    }
  }

  /** A tensor the program named: the latest one built is the graph's output when no loss says otherwise. */
  noteTensor(tensor: TensorState): void {
    const context = this.current;
    // Inputs and ops (a loss written out, a metric) are not what the model outputs.
    if (!context.graph || tensor.producer.kind === "input" || isOpLayer(tensor.producer)) return;
    const last = context.lastTensor?.producer.callOrder ?? -1;
    if ((tensor.producer.callOrder ?? -1) > last) context.lastTensor = tensor;
  }

  /** A layer library's result (a PrettyTensor chain): its graph exists, and its tensor may be the output. */
  noteResult(value: Value, site: CallSite): void {
    this.state.usesTf1 = true;
    const tensor = value.t === "tf-object" && value.object.kind === "pretty" ? value.object.tensor : value.t === "tuple" ? value.items[0] : value;
    if (tensor?.t === "tensor") {
      this.graphFor(site);
      this.track(tensor);
    }
  }

  /** Remembers the last tensor a layer produced: with no loss to say otherwise, it is the graph's output. */
  private track(value: Value | undefined): Value | undefined {
    if (value?.t === "tensor") this.current.lastTensor = value.tensor;
    else if (value?.t === "tuple") {
      const first = value.items[0];
      if (first?.t === "tensor") this.current.lastTensor = first.tensor;
    }
    return value;
  }

  // ------------------------------------------------------------------------------------------ inputs

  private placeholder(args: CallArgs, site: CallSite): Value {
    const graph = this.graphFor(site);
    const layer = createLayer("input", "InputLayer", { ...args, positional: [], positionalNodes: [], keywords: new Map() }, site, this.state);
    layer.frameworkName = "placeholder";
    const shape = argValue(args, 1, "shape");
    const dims = asSequence(shape)?.map((d) => asInt(d) ?? null);
    if (dims) layer.declaredInputShape = dims;
    const name = argValue(args, 2, "name");
    if (name?.t === "str") layer.name = name.v;
    const dtype = dtypeName(argValue(args, 0, "dtype"));
    if (dtype) this.dtypes.set(layer, dtype);
    layer.callOrder = this.state.nextCallOrder();
    const tensor: TensorState = { producer: layer };
    graph.inputs.push(tensor);
    return { t: "tensor", tensor };
  }

  /** `dataset.make_one_shot_iterator()`, `tf.data.make_initializable_iterator(dataset)`. */
  makeIterator(dataset: Value | undefined, site: CallSite): Value {
    this.state.usesTf1 = true;
    const iterator: IteratorState = { span: site.span };
    if (dataset?.t === "dataset") iterator.dataset = dataset;
    return tfObject({ kind: "iterator", iterator });
  }

  /**
   * `iterator.get_next()`: one input tensor per element component, of the element's shape (with a batch
   * dimension once batched), reading the dataset's arrays. The same tensors every time for one iterator.
   */
  nextOf(iterator: IteratorState, site: CallSite): Value {
    if (iterator.next) return iterator.next;
    const graph = this.graphFor(site);
    const dataset = iterator.dataset;
    const parts = dataset?.parts ?? (dataset?.y ? 2 : undefined);
    const facts = [dataset?.x, dataset?.y];
    const tensors: Value[] = [];
    for (let i = 0; i < (parts ?? 1); i++) {
      const layer = createLayer("input", "InputLayer", { positional: [], keywords: new Map(), positionalNodes: [], keywordNodes: new Map(), opaqueSplat: false }, site, this.state);
      layer.frameworkName = "Iterator.get_next";
      const part = facts[i];
      if (part?.shape && dataset?.batched) layer.declaredInputShape = [null, ...part.shape.slice(1)];
      layer.callOrder = this.state.nextCallOrder();
      this.datasetInputs.set(layer, { ...(part ? { facts: part } : {}), shuffled: dataset?.shuffled === true });
      const tensor: TensorState = { producer: layer };
      graph.inputs.push(tensor);
      tensors.push({ t: "tensor", tensor });
    }
    iterator.next = parts === undefined || parts === 1 ? tensors[0]! : tuple(tensors);
    return iterator.next;
  }

  // ------------------------------------------------------------------------------------------- ops

  /** `tf.unstack(x, steps, 1)` / `tf.split(x, n, axis)`: one op, listed once per piece (the count when known). */
  private unstack(name: string, path: string, args: CallArgs, site: CallSite): Value | undefined {
    // TF < 1.0 wrote `tf.split(axis, num, value)`.
    const legacySplit = name === "split" && args.positional[2]?.t === "tensor";
    const value = legacySplit ? args.positional[2] : argValue(args, 0, "value");
    if (value?.t !== "tensor") return undefined;
    const op = this.context.opaqueOp(path, { ...args, positional: [value], positionalNodes: [undefined], keywords: new Map() }, site);
    if (op?.t !== "tensor") return undefined;
    const axis = asInt(legacySplit ? args.positional[0] : argValue(args, 2, "axis")) ?? 0;
    op.tensor.producer.config.extra = { axis };
    let count = asInt(legacySplit ? args.positional[1] : argValue(args, 1, name === "split" ? "num_or_size_splits" : "num"));
    if (count === undefined && name === "unstack") {
      const dim = tensorShape(value.tensor)?.[axis];
      if (typeof dim === "number") count = dim;
    }
    return count !== undefined && count <= 512 ? list(new Array<Value>(count).fill(op)) : { t: "list", items: [op], unknownLength: true };
  }

  /** The sequence tensor a list of per-step tensors was cut from (by `tf.unstack` / `tf.split`). */
  private sequenceOf(items: Value, site: CallSite): Value | undefined {
    const first = items.t === "list" || items.t === "tuple" ? items.items[0] : undefined;
    if (first?.t !== "tensor") return undefined;
    const producer = first.tensor.producer;
    if (!isOpLayer(producer) || (opName(producer) !== "unstack" && opName(producer) !== "split" && opName(producer) !== "unpack")) return undefined;
    const source = producer.inbound[0];
    if (!source) return undefined;
    // Cut along the time axis of a (batch, time, features) tensor: that tensor is the sequence. Cut otherwise
    // (the batch axis of a transposed, reshaped input), the sequence is the pieces stacked, of unknown shape.
    if (producer.config.extra?.["axis"] === 1) return { t: "tensor", tensor: { producer: source } };
    return this.context.opaqueOp("tf.stack", { positional: [first], keywords: new Map(), positionalNodes: [undefined], keywordNodes: new Map(), opaqueSplat: false }, site);
  }

  /** Calling a cell on one step's input (`output, state = cell(x[:, t, :], state)`). */
  callCell(layers: Parameters<typeof cellStep>[0], args: CallArgs, site: CallSite): Value | undefined {
    const step = (input: Value): Value | undefined => this.context.opaqueOp("rnn_step", { positional: [input], keywords: new Map(), positionalNodes: [undefined], keywordNodes: new Map(), opaqueSplat: false }, site);
    return this.track(cellStep(layers, argValue(args, 0, "inputs"), site, this.state, step));
  }

  // -------------------------------------------------------------------------------------- learning

  /** `optimizer.minimize(loss)`: the graph's learner, and a train op. */
  minimize(optimizer: Value & { t: "optimizer" }, args: CallArgs, site: CallSite): Value {
    this.learnFrom(getArg(args, 0, "loss")?.value, optimizer, site);
    return { t: "tf1-op", op: "train" };
  }

  /** `optimizer.compute_gradients(loss)`, `tf.gradients(loss, params)`, `tape.gradient(loss, vars)`. */
  gradients(gradients: GradientsState): Value {
    this.lastGradients = gradients;
    return tfObject({ kind: "gradients", gradients });
  }

  /**
   * `optimizer.apply_gradients(grads_and_vars)`: for a Keras model's variables (a GradientTape loop), that
   * model's learner and custom training loop; otherwise the graph's learner and a train op.
   */
  applyGradients(optimizer: Value & { t: "optimizer" }, args: CallArgs, site: CallSite): Value {
    const given = objectOf(argValue(args, 0, "grads_and_vars"), "gradients")?.gradients;
    const gradients = given ?? this.lastGradients;
    if (gradients?.model && !gradients.model.tf1) {
      this.customLoop(gradients.model, gradients.loss, optimizer, site);
      return NONE;
    }
    this.learnFrom(gradients?.loss, optimizer, site);
    return { t: "tf1-op", op: "train" };
  }

  /** The learner a loss and an optimizer make; the tensors the loss judges become the graph's outputs. */
  private learnFrom(loss: Value | undefined, optimizer: Value & { t: "optimizer" }, site: CallSite): void {
    this.state.usesTf1 = true;
    const graph = this.graphFor(site);
    const learner: Learner = { metrics: [], span: site.span, optimizer: { ...optimizer.optimizer, span: site.span } };
    let labels: TensorState | undefined;
    let outputs: TensorState[] = [];
    if (loss?.t === "tf1-loss") {
      learner.loss = loss.loss ? { ...loss.loss, span: site.span } : { kind: "custom", frameworkName: "custom", span: site.span };
      if (loss.logits) outputs = [loss.logits];
      labels = loss.labels;
    } else if (loss?.t === "tensor") {
      const written = readWrittenLoss(loss.tensor);
      learner.loss = { ...written.loss, span: site.span };
      outputs = written.outputs;
      labels = written.labels;
    }
    // A placeholder is never the model's output (the labels, read in the wrong argument order).
    outputs = outputs.filter((t) => t.producer.kind !== "input");
    for (const output of outputs) if (!graph.outputs.some((t) => t.producer === output.producer)) graph.outputs.push(output);
    const record: CompileRecord = { learner, afterFit: false };
    graph.compiles.push(record);
    this.judged.set(record, outputs);
    if (labels) this.labels.set(record, labels);
  }

  /** A Keras model trained by a custom loop: its learner from the loss and optimizer, and a `custom` loop. */
  private customLoop(model: ModelState, loss: Value | undefined, optimizer: Value & { t: "optimizer" }, site: CallSite): void {
    const event = { span: site.span, repeated: this.state.loopDepth > 0 };
    let loop = model.training.find((t) => t.driver === "custom");
    if (!loop) {
      loop = { driver: "custom", call: "apply_gradients", span: site.span, steps: [] };
      model.training.push(loop);
      const learner: Learner = { metrics: [], span: site.span, optimizer: { ...optimizer.optimizer, span: optimizer.optimizer.span ?? site.span } };
      if (loss?.t === "tf1-loss" && loss.loss) learner.loss = { ...loss.loss, span: site.span };
      model.compiles.push({ learner, afterFit: false });
    }
    const steps = (loop.steps ??= []);
    if (!steps.some((s) => s.span.line === event.span.line && s.span.column === event.span.column)) steps.push(event);
  }

  // --------------------------------------------------------------------------------------- sessions

  /** `saver.restore(sess, path)`: variables initialised from a checkpoint. */
  restore(site: CallSite): Value {
    this.sessionFacts(undefined).restore(site.span, this.state.loopDepth > 0);
    return NONE;
  }

  /** `sess.run(fetches, feed_dict)`, `init.run()`, `train_op.run(feed_dict=...)`, `loss.eval(feed_dict=...)`. */
  run(fetches: Value | undefined, feed: Value | undefined, site: CallSite): Value {
    const fetched = this.sessionFacts(undefined).run(fetches, feed, site.span, this.state.loopDepth > 0);
    for (const tensor of fetched) this.fetch(tensor);
    const items = fetches ? asSequence(fetches) : undefined;
    return items && items.length > 1 ? list(items.map(() => ({ t: "unknown" }) as Value)) : { t: "unknown" };
  }

  /** A tensor the program reads out of the graph (`sess.run(code)`, `code.eval()`): read outside the training. */
  private fetch(tensor: TensorState): void {
    const graph = this.current.graph;
    if (!graph) return;
    const fetched = (graph.fetched ??= []);
    if (!fetched.some((t) => t.producer === tensor.producer)) fetched.push(tensor);
  }

  // ------------------------------------------------------------------------------------- estimators

  /**
   * `tf.estimator.Estimator(model_fn=f, params=p)`: the framework calls `f(features, labels, mode, params)`;
   * the features and labels are inputs of unknown shape, the mode is unknown (every branch runs).
   */
  private estimator(args: CallArgs, site: CallSite): Value {
    this.state.usesTf1 = true;
    const fn = argValue(args, 0, "model_fn");
    const interpreter = this.context.interpreter;
    if (fn?.t === "func" && interpreter) {
      const graph = this.graphFor(site);
      const input = (name: string): Value => {
        const layer = createLayer("input", "InputLayer", { positional: [], keywords: new Map(), positionalNodes: [], keywordNodes: new Map(), opaqueSplat: false }, site, this.state);
        layer.frameworkName = name;
        layer.callOrder = this.state.nextCallOrder();
        const tensor: TensorState = { producer: layer };
        graph.inputs.push(tensor);
        return { t: "tensor", tensor };
      };
      const params = argValue(args, 3, "params") ?? { t: "dict", entries: new Map() };
      interpreter.call(fn, { positional: [input("features"), input("labels"), { t: "unknown" }, params], keywords: new Map(), positionalNodes: [], keywordNodes: new Map(), opaqueSplat: false }, site);
    }
    return tfObject({ kind: "estimator" });
  }

  /** `estimator.train(input_fn, steps)`: the estimator's own loop trains the graph its model function built. */
  estimatorTrain(site: CallSite): Value {
    const training = this.current.estimatorTraining;
    if (!training.some((t) => t.span.line === site.span.line)) training.push({ driver: "fit", call: "Estimator.train", span: site.span });
    return NONE;
  }

  // ----------------------------------------------------------------------------------------- finish

  /** Completes the program's graphs. */
  finish(): void {
    for (const context of this.contexts) this.finishGraph(context);
  }

  /** `tf.reset_default_graph()`: what follows builds another graph. */
  newGraph(): void {
    this.current = new GraphContext();
    this.contexts.push(this.current);
  }

  /** `tf.Graph()`: a graph object; `as_default()` makes it the one built (and, given to a session, run). */
  graphObject(): Value {
    const context = new GraphContext();
    this.contexts.push(context);
    this.graphObjects.push(context);
    return { t: "opaque", what: `tf1-graph:${this.graphObjects.length - 1}` };
  }

  /** `g.as_default()`, `tf.Session(graph=g)`: the graph object's graph becomes the current one. */
  useGraph(value: Value | undefined): void {
    const id = value?.t === "opaque" && value.what.startsWith("tf1-graph:") ? Number(value.what.slice("tf1-graph:".length)) : undefined;
    const context = id === undefined ? undefined : this.graphObjects[id];
    if (context) this.current = context;
  }

  /**
   * Completes a graph model: with no loss, its last layer is its output; several losses trained apart (an
   * autoencoder's, then a classifier's) each apply to their own outputs; the session's runs become the loop that
   * trains it, with the data its inputs were fed.
   */
  private finishGraph(context: GraphContext): void {
    const graph = context.graph;
    if (!graph || context.finished) return;
    context.finished = true;
    if (graph.outputs.length === 0 && context.lastTensor) graph.outputs.push(context.lastTensor);
    // Inputs alone (a dataset iterator read by a Keras model) are no graph model.
    if (graph.outputs.length === 0 && graph.compiles.length === 0 && !context.session && context.estimatorTraining.length === 0) {
      this.state.models.splice(this.state.models.indexOf(graph), 1);
      return;
    }
    if (graph.compiles.length > 1) this.perOutputLearner(graph);
    graph.training.push(...context.estimatorTraining);
    const session = context.session;
    if (!session) return;
    const span = session.sessionSpan ?? session.steps[0]?.span ?? session.initializations[0]?.span ?? session.unidentifiedRuns[0]?.span;
    if (!span) return;
    const loop: TrainingLoop = { driver: "session", call: "sess.run", span, steps: session.steps, initializations: session.initializations, unidentifiedRuns: session.unidentifiedRuns };
    if (session.sessionSpan) loop.sessionSpan = session.sessionSpan;
    if (session.steps.length > 0) this.trainingData(graph, session, loop);
    graph.training.push(loop);
  }

  /** One learner for a graph trained by several losses: each output with the (last) loss that judges it. */
  private perOutputLearner(graph: ModelState): void {
    const last = graph.compiles[graph.compiles.length - 1]!;
    const byOutput = new Map<LayerState, CompileRecord["learner"]["loss"]>();
    for (const record of graph.compiles) for (const output of this.judged.get(record) ?? []) byOutput.set(output.producer, record.learner.loss);
    const perOutput = [...byOutput].flatMap(([layer, loss]) => (loss ? [{ key: layer.name, loss }] : []));
    const { loss: _loss, ...rest } = last.learner;
    const merged: CompileRecord = { learner: rest, perOutput, afterFit: false };
    const labels = this.labels.get(last);
    if (labels) this.labels.set(merged, labels);
    graph.compiles.push(merged);
  }

  /** The training data of the session loop: what its model input and its labels were fed (or read from a dataset). */
  private trainingData(graph: ModelState, session: SessionRecord, loop: TrainingLoop): void {
    const record = graph.compiles[graph.compiles.length - 1];
    const labels = record ? this.labels.get(record)?.producer : undefined;
    const factsOf = (layer: LayerState): DataFacts | undefined => session.fed.get(layer) ?? this.datasetInputs.get(layer)?.facts;
    const inputs = reachedInputs(graph).filter((l) => l !== labels && this.dtypes.get(l) !== "bool");
    // The model's first input is its x (a GAN's noise input, fed second, is not the data).
    const x = inputs[0] ? factsOf(inputs[0]) : undefined;
    if (x) loop.x = { ...x };
    if (labels) {
      const y = factsOf(labels) ?? placeholderFacts(labels, this.dtypes.get(labels));
      if (y) loop.y = { ...y };
    }
    const fromDataset = [...inputs, ...(labels ? [labels] : [])].map((l) => this.datasetInputs.get(l)).find((d) => d !== undefined);
    if (fromDataset) loop.shuffle = fromDataset.shuffled;
  }

  graphFor(site: CallSite): ModelState {
    const context = this.current;
    if (!context.graph) {
      context.graph = newModel(this.state, "graph", site);
      context.graph.tf1 = true;
    }
    return context.graph;
  }

  private sessionFacts(site: CallSite | undefined): SessionRecord {
    this.state.usesTf1 = true;
    const context = this.current;
    context.session ??= new SessionRecord();
    if (site && !context.session.sessionSpan) context.session.sessionSpan = site.span;
    return context.session;
  }

}

/** The input layers the graph's outputs depend on, in the order they were created. */
function reachedInputs(graph: ModelState): LayerState[] {
  return inputLayersBehind(graph.outputs.map((t) => t.producer));
}

/** What a labels placeholder itself says of the labels: its shape and dtype. */
function placeholderFacts(layer: LayerState, dtype: string | undefined): DataFacts | undefined {
  if (!layer.declaredInputShape) return undefined;
  const facts: DataFacts = { shape: [...layer.declaredInputShape], transforms: [] };
  if (dtype) facts.dtype = dtype;
  return facts;
}
