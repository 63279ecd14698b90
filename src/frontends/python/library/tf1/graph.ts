/**
 * TensorFlow 1 graph mode: placeholders, `tf.layers.*`, losses, `Optimizer.minimize`, sessions and the
 * variable initialiser. The graph becomes one "graph"-style model, trained by a session loop: the session runs
 * of the train op, of the initialiser, and of what could not be identified.
 */
import type { LoopEvent, SourceSpan, TrainingLoop } from "../../../../model/program.js";
import { LOSSES, layerKindOf, lossOf, optimizerOf, type LayerKind } from "../../../../model/vocabulary.js";
import type { CallArgs, CallSite, ExtractionState } from "../../state.js";
import { asSequence, asShape, type LossValue, type ModelState, type TensorState, type Value } from "../../values.js";
import { argValue, getArg } from "../args.js";
import { createLayer } from "../keras/layers.js";
import { constructOptimizer } from "../keras/learner.js";
import { applyLayer, newModel } from "../graph.js";

export type Tf1Kind =
  | { kind: "placeholder" }
  | { kind: "layer"; layerKind: LayerKind; name: string }
  | { kind: "loss"; loss: LossValue["kind"]; name: string }
  | { kind: "optimizer"; name: string }
  | { kind: "session" }
  | { kind: "initializer" }
  | { kind: "group" }
  | { kind: "variable" }
  | { kind: "saver" }
  | { kind: "reduce" };

/** TF1 graph-mode names under a canonical `tensorflow.` path. */
export function classifyTf1(path: string): Tf1Kind | undefined {
  const parts = path.split(".");
  if (parts[0] !== "tensorflow") return undefined;
  const last = parts[parts.length - 1] ?? "";
  if (path === "tensorflow.placeholder") return { kind: "placeholder" };
  if (parts[1] === "layers" && parts.length === 3) {
    const layerKind = layerKindOf(last, "tf1");
    if (layerKind) return { kind: "layer", layerKind, name: last };
  }
  if ((parts[1] === "losses" || parts[1] === "nn") && parts.length === 3) {
    const loss = lossOf(last, "tf1");
    if (loss) return { kind: "loss", loss, name: last };
  }
  if (parts[1] === "train" && parts.length === 3 && optimizerOf(last, "tf1")) return { kind: "optimizer", name: last };
  if (path === "tensorflow.Session" || path === "tensorflow.InteractiveSession") return { kind: "session" };
  if (/^tensorflow\.(global_variables_initializer|initialize_all_variables|variables_initializer|initializers\.global_variables)$/.test(path)) return { kind: "initializer" };
  if (path === "tensorflow.group") return { kind: "group" };
  if (/^tensorflow\.(Variable|get_variable|random_normal|random_uniform|truncated_normal)$/.test(path)) return { kind: "variable" };
  if (path === "tensorflow.train.Saver") return { kind: "saver" };
  if (/^tensorflow\.(reduce_mean|reduce_sum|math\.reduce_mean|math\.reduce_sum)$/.test(path)) return { kind: "reduce" };
  return undefined;
}

/** Fetches that are plainly not an initialiser or a train op (tensors, losses, constants, data). */
const PLAIN_FETCHES = new Set<Value["t"]>(["tensor", "tf1-loss", "data", "num", "str", "bool", "none", "stat"]);

/** The TF1 part of the library model; one per analysed file. */
export class Tf1Model {
  private graph?: ModelState;
  private lastTensor?: TensorState;
  private session?: SessionRecord;

  constructor(private readonly state: ExtractionState) {}

  call(c: Tf1Kind, args: CallArgs, site: CallSite): Value | undefined {
    const state = this.state;
    // Variables exist in TF2 too: only graph-mode constructs make a program TF1.
    if (c.kind !== "variable") state.usesTf1 = true;
    switch (c.kind) {
      case "placeholder": {
        const graph = this.graphFor(site);
        const layer = createLayer("input", "InputLayer", { ...args, positional: [], positionalNodes: [], keywords: new Map() }, site, state);
        layer.frameworkName = "placeholder";
        const shape = asShape(argValue(args, 1, "shape"));
        if (shape) layer.declaredInputShape = shape;
        const name = argValue(args, 2, "name");
        if (name?.t === "str") layer.name = name.v;
        layer.callOrder = state.nextCallOrder();
        const tensor: TensorState = { producer: layer };
        graph.inputs.push(tensor);
        return { t: "tensor", tensor };
      }
      case "layer": {
        this.graphFor(site);
        const inputs = args.positional[0] ?? argValue(args, undefined, "inputs");
        const rest: CallArgs = { ...args, positional: args.positional.slice(1), positionalNodes: args.positionalNodes.slice(1) };
        const layer = createLayer(c.layerKind, c.name, rest, site, state);
        layer.frameworkName = `tf.layers.${c.name}`;
        if (c.layerKind === "dropout" && layer.config.rate === undefined && !getArg(rest, 0, "rate")) layer.config.rate = 0.5;
        const out = applyLayer(layer, inputs, state);
        if (out.t === "tensor") this.lastTensor = out.tensor;
        return out;
      }
      case "loss": {
        // tf.losses.*(labels, predictions/logits); tf.nn.*_with_logits(labels=, logits=).
        const predicted = argValue(args, 1, "logits", "predictions") ?? (c.name.startsWith("softmax") || c.name.startsWith("sigmoid") ? argValue(args, undefined, "logits") : undefined);
        const loss: LossValue = { kind: c.loss, frameworkName: c.name, fromLogits: LOSSES[c.loss].expects === "logits" };
        const value: Value & { t: "tf1-loss" } = { t: "tf1-loss", loss };
        if (predicted?.t === "tensor") value.logits = predicted.tensor;
        return value;
      }
      case "reduce": {
        const inner = args.positional[0] ?? argValue(args, undefined, "input_tensor");
        if (inner?.t === "tf1-loss") return inner;
        return inner?.t === "tensor" ? { t: "tf1-loss", logits: inner.tensor } : undefined;
      }
      case "optimizer": {
        const kind = optimizerOf(c.name, "tf1")!;
        return { t: "optimizer", optimizer: constructOptimizer(kind, c.name, args, (n) => state.span(n)) };
      }
      case "session":
        this.sessionFacts(site);
        return { t: "tf1-session" };
      case "initializer":
        return { t: "tf1-op", op: "init" };
      case "group": {
        // tf.group(init, ...) initialises; tf.group(train_op, ...) trains; anything else is not known.
        const ops = args.positional.flatMap((a) => asSequence(a) ?? [a]);
        if (ops.some((o) => o.t === "tf1-op" && o.op === "init")) return { t: "tf1-op", op: "init" };
        if (ops.some((o) => o.t === "tf1-op" && o.op === "train")) return { t: "tf1-op", op: "train" };
        return undefined;
      }
      case "saver":
        return { t: "opaque", what: "tf1-saver" };
      case "variable":
        // A variable or constant tensor: fetching it neither initialises nor trains.
        return { t: "opaque", what: "tf1-tensor" };
    }
  }

  /** `saver.restore(sess, path)`: variables initialised from a checkpoint. */
  restore(site: CallSite): Value {
    const session = this.sessionFacts(undefined);
    addOnce(session.initializations, { span: site.span, repeated: this.state.loopDepth > 0, how: "restore" });
    return { t: "none" };
  }

  /** `optimizer.minimize(loss)`: the graph's learner, and a train op. */
  minimize(optimizer: Value & { t: "optimizer" }, args: CallArgs, site: CallSite): Value {
    const graph = this.graphFor(site);
    const lossArg = getArg(args, 0, "loss");
    const loss = lossArg?.value;
    const learner = { metrics: [], span: site.span, optimizer: { ...optimizer.optimizer, span: site.span } } as ModelState["compiles"][number]["learner"];
    if (loss?.t === "tf1-loss") {
      learner.loss = loss.loss ? { ...loss.loss, span: lossArg?.node ? this.state.span(lossArg.node) : site.span } : { kind: "custom", frameworkName: "custom", span: site.span };
      if (loss.logits && !graph.outputs.includes(loss.logits)) graph.outputs.push(loss.logits);
    } else if (loss?.t === "tensor") {
      learner.loss = { kind: "custom", frameworkName: "custom", span: site.span };
    }
    graph.compiles.push({ learner, afterFit: false });
    return { t: "tf1-op", op: "train" };
  }

  /** `sess.run(fetches, ...)`, `init.run()`, `train_op.run()`: initialiser and train-op runs, in a loop or not. */
  run(fetches: Value | undefined, site: CallSite): Value {
    const session = this.sessionFacts(undefined);
    const ops = fetches ? (asSequence(fetches) ?? (fetches.t === "dict" ? [...fetches.entries.values()].map((e) => e.value) : [fetches])) : [];
    const event: LoopEvent = { span: site.span, repeated: this.state.loopDepth > 0 };
    for (const op of ops) {
      if (op.t === "tensor") this.fetch(op.tensor);
      if (op.t === "tf1-op") {
        if (op.op === "init") addOnce(session.initializations, { ...event, how: "initializer" });
        else addOnce(session.steps, event);
      } else if (!PLAIN_FETCHES.has(op.t) && !(op.t === "opaque" && op.what === "tf1-tensor")) {
        // A fetch of unknown kind may initialise or train: the TF1 rules must not decide on it.
        addOnce(session.unidentifiedRuns, event);
      }
    }
    return ops.length > 1 ? { t: "list", items: ops.map(() => ({ t: "unknown" }) as Value) } : { t: "unknown" };
  }

  /** A tensor the program reads out of the graph (`sess.run(code)`, `code.eval()`). */
  fetch(tensor: TensorState): void {
    const graph = this.graph;
    if (!graph) return;
    const fetched = (graph.fetched ??= []);
    if (!fetched.some((t) => t.producer === tensor.producer)) fetched.push(tensor);
  }

  /**
   * Completes the graph model at the end: with no minimize, its last layer is its output; the session's runs
   * become the loop that trains it.
   */
  finish(): void {
    const graph = this.graph;
    if (graph && graph.outputs.length === 0 && this.lastTensor) graph.outputs.push(this.lastTensor);
    const session = this.session;
    if (!graph || !session) return;
    const span = session.sessionSpan ?? session.steps[0]?.span ?? session.initializations[0]?.span ?? session.unidentifiedRuns[0]?.span;
    if (!span) return;
    const loop: TrainingLoop = { driver: "session", call: "sess.run", span, steps: session.steps, initializations: session.initializations, unidentifiedRuns: session.unidentifiedRuns };
    if (session.sessionSpan) loop.sessionSpan = session.sessionSpan;
    graph.training.push(loop);
  }

  private graphFor(site: CallSite): ModelState {
    if (!this.graph) {
      this.graph = newModel(this.state, "graph", site);
      this.graph.tf1 = true;
    }
    return this.graph;
  }

  private sessionFacts(site: CallSite | undefined): SessionRecord {
    this.state.usesTf1 = true;
    this.session ??= { steps: [], initializations: [], unidentifiedRuns: [] };
    if (site && !this.session.sessionSpan) this.session.sessionSpan = site.span;
    return this.session;
  }
}

/** What the program's sessions did, gathered while it runs. */
interface SessionRecord {
  sessionSpan?: SourceSpan;
  steps: LoopEvent[];
  initializations: NonNullable<TrainingLoop["initializations"]>;
  unidentifiedRuns: LoopEvent[];
}

/** Loops re-run the same statements: one event per place. */
function addOnce<T extends LoopEvent>(events: T[], event: T): void {
  if (!events.some((e) => e.span.line === event.span.line && e.span.column === event.span.column)) events.push(event);
}

