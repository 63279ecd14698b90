/**
 * TensorFlow 1 graph mode (and TF2's GradientTape loops) as a package of the library model: graph construction
 * calls, the methods of optimizers, sessions, ops, iterators, gradient tapes and estimators, the attributes of
 * tensors and variables (static shapes), and the operators that complete layers (`+ b`) or carry losses. The
 * graph itself is built by `Tf1Model`.
 */
import type { SyntaxNode as Node } from "../../syntax.js";
import type { CallArgs, CallSite } from "../../state.js";
import { NONE, UNKNOWN, type ModelState, type Value } from "../../values.js";
import { argValue } from "../args.js";
import { classifyPath } from "../paths.js";
import type { LibraryContext, PackageModel } from "../package.js";
import { Tf1Model, classifyTf1 } from "./graph.js";
import { libraryLoss } from "./losses.js";
import { prettyDefaults, prettyMethod, wrap, type PrettyDefaults } from "./prettytensor.js";
import { objectOf } from "./objects.js";
import { addBias } from "./raw-layers.js";
import { shapeMethod, shapeTuple, tensorShape } from "./static-shape.js";
import { assignVariable, callInitializer } from "./variables.js";

/** Operators through which a loss stays the loss (`loss + beta * l2`, `loss / n`). */
const LOSS_ARITHMETIC = new Set(["+", "-", "*", "/"]);

export class Tf1PackageModel implements PackageModel {
  private readonly graph: Tf1Model;
  /** What `pt.defaults_scope(...)` set for the PrettyTensor layers built after it. */
  private readonly prettyDefaults: PrettyDefaults = {};

  constructor(private readonly context: LibraryContext) {
    this.graph = new Tf1Model(context.state, context);
  }

  callPath(canonical: string, path: string, args: CallArgs, site: CallSite): Value | undefined {
    const kind = classifyTf1(canonical);
    if (kind) return this.graph.call(kind, path, args, site);
    if (canonical === "prettytensor.wrap") return wrap(argValue(args, 0, "tensor"));
    if (canonical === "prettytensor.defaults_scope") {
      prettyDefaults(args, this.prettyDefaults);
      return NONE;
    }
    // Keras loss functions on tensors (`tf.keras.losses.sparse_categorical_crossentropy(y, logits)`) in custom loops.
    if (canonical.startsWith("keras.losses.") && args.positional.some((a) => a.t === "tensor")) {
      const c = classifyPath(canonical);
      if (c.kind === "loss" && /^[a-z]/.test(c.name)) {
        const fromLogits = argValue(args, undefined, "from_logits");
        return libraryLoss(c.loss, c.name, "keras", args, fromLogits?.t === "bool" ? fromLogits.v : undefined);
      }
    }
    return undefined;
  }

  callMethod(self: Value, name: string, args: CallArgs, site: CallSite): Value | undefined {
    switch (self.t) {
      case "optimizer":
        if (name === "minimize") return this.graph.minimize(self, args, site);
        if (name === "compute_gradients") return this.graph.gradients({ loss: argValue(args, 0, "loss") });
        if (name === "apply_gradients") return this.graph.applyGradients(self, args, site);
        return undefined;
      case "tf1-session":
        if (name === "run") return this.graph.run(args.positional[0] ?? argValue(args, undefined, "fetches"), args.positional[1] ?? argValue(args, undefined, "feed_dict"), site);
        if (name === "as_default" || name === "__enter__") return self;
        return NONE;
      case "tf1-op":
        return name === "run" ? this.graph.run(self, args.positional[0] ?? argValue(args, undefined, "feed_dict"), site) : undefined;
      case "tf1-loss":
        return name === "eval" ? this.graph.run(self, args.positional[0] ?? argValue(args, undefined, "feed_dict"), site) : undefined;
      case "tensor":
        return this.tensorMethod(self, name, args, site);
      case "dataset":
        if (name === "make_one_shot_iterator" || name === "make_initializable_iterator") return this.graph.makeIterator(self, site);
        return undefined;
      case "tf-object":
        return this.objectMethod(self, name, args, site);
      case "tuple":
        return shapeMethod(self.items, name);
      case "opaque":
        if (self.what === "tf1-saver") return name === "restore" ? this.graph.restore(site) : NONE;
        if (self.what.startsWith("tf1-graph:") && name === "as_default") {
          this.graph.useGraph(self);
          return self;
        }
        return undefined;
      default:
        return undefined;
    }
  }

  private tensorMethod(self: Value & { t: "tensor" }, name: string, args: CallArgs, site: CallSite): Value | undefined {
    if (name === "eval") return this.graph.run(self, args.positional[0] ?? argValue(args, undefined, "feed_dict"), site);
    if (name === "get_shape") {
      // Unknown is unknown: not an op on the graph.
      const shape = tensorShape(self.tensor);
      return shape ? shapeTuple(shape) : UNKNOWN;
    }
    return undefined;
  }

  private objectMethod(self: Value & { t: "tf-object" }, name: string, args: CallArgs, site: CallSite): Value | undefined {
    const object = self.object;
    switch (object.kind) {
      case "iterator":
        if (name === "get_next") return this.graph.nextOf(object.iterator, site);
        if (name === "make_initializer") {
          const dataset = argValue(args, 0, "dataset");
          if (dataset?.t === "dataset" && !object.iterator.dataset) object.iterator.dataset = dataset;
          return { t: "tf1-op", op: "other" };
        }
        return undefined;
      case "tape":
        if (name === "gradient") return this.graph.gradients({ loss: argValue(args, 0, "target"), ...modelOfVariables(argValue(args, 1, "sources")) });
        return NONE;
      case "variable":
        if (name === "get_shape" && object.variable.shape) return shapeTuple(object.variable.shape);
        if (name === "assign" || name === "load") {
          assignVariable(object.variable);
          return { t: "tf1-op", op: "other" };
        }
        return undefined;
      case "estimator":
        if (name === "train") return this.graph.estimatorTrain(site);
        return NONE;
      case "pretty": {
        const out = prettyMethod(object.tensor, name, args, site, this.context.state, this.prettyDefaults);
        if (out) this.graph.noteResult(out, site);
        return out;
      }
      default:
        return undefined;
    }
  }

  getAttribute(self: Value, name: string): Value | undefined {
    if (self.t === "tensor" && name === "shape") {
      const shape = tensorShape(self.tensor);
      return shape ? shapeTuple(shape) : undefined;
    }
    // An LSTM state's parts (`state.h`, `state.c`) stay the state op: connected, of no claimed shape.
    if (self.t === "tensor" && (name === "h" || name === "c") && self.tensor.producer.frameworkName === "rnn_state") return self;
    if (self.t === "tuple" && name === "ndims") return { t: "num", v: self.items.length, int: true };
    if (self.t === "tf-object") {
      const object = self.object;
      if (object.kind === "iterator" && name === "initializer") return { t: "tf1-op", op: "other" };
      if (object.kind === "variable" && name === "shape" && object.variable.shape) return shapeTuple(object.variable.shape);
      if (object.kind === "pretty" && name === "tensor") return object.tensor;
    }
    // A TF1 Dimension's `.value` (`x.get_shape()[1].value`) is the size itself.
    if ((self.t === "num" || self.t === "none") && name === "value") return self;
    return undefined;
  }

  binary(op: string, left: Value, right: Value, _node: Node): Value | undefined {
    if (op === "+") {
      const biased = addBias(this.graph, left, right) ?? addBias(this.graph, right, left);
      if (biased) return biased;
    }
    if (LOSS_ARITHMETIC.has(op)) {
      if (left.t === "tf1-loss") return left;
      if (right.t === "tf1-loss") return right;
    }
    return undefined;
  }

  callObject(callee: Value, args: CallArgs, site: CallSite): Value | undefined {
    // A Keras loss object called on tensors (`loss_fn(y, model(x))`) in a custom training loop.
    if (callee.t === "loss" && args.positional.some((a) => a.t === "tensor")) {
      return libraryLoss(callee.loss.kind, callee.loss.frameworkName, "keras", args, callee.loss.fromLogits);
    }
    // An initializer object called on a shape: the initial value of a variable.
    if (callee.t === "initializer") return callInitializer(callee.spec, args, site);
    const cell = objectOf(callee, "cell");
    if (cell) return this.graph.callCell(cell.layers, args, site);
    return undefined;
  }

  onBind(_name: string, value: Value): void {
    if (value.t === "tensor") this.graph.noteTensor(value.tensor);
  }

  finish(): void {
    this.graph.finish();
  }
}

/** `model.trainable_variables` (a Keras model's variables): the model they belong to. */
function modelOfVariables(value: Value | undefined): { model?: ModelState } {
  if (value?.t !== "method") return {};
  const owner = value.self;
  const model = owner.t === "model" ? owner.model : owner.t === "instance" ? owner.model : undefined;
  return model && /^(trainable_variables|trainable_weights|variables|weights)$/.test(value.name) ? { model } : {};
}
