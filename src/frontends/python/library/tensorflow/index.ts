/**
 * TensorFlow outside graph mode and Keras: `tf.nn` activations on tensors, initialisers, tensor conversions,
 * seeds, `tf.one_hot`, and `tf.data` pipelines built from arrays.
 */
import { simpleArgs } from "../../builtins.js";
import type { CallArgs, CallSite } from "../../state.js";
import { NONE, type Value } from "../../values.js";
import { argValue } from "../args.js";
import { activationOnTensor } from "../keras/layers.js";
import { constructInitializer } from "../keras/learner.js";
import { toCategorical } from "../keras/preprocessing.js";
import { dataValue } from "../numpy/data.js";
import { numpyCall } from "../numpy/numpy.js";
import type { LibraryContext, PackageModel } from "../package.js";
import { classifyPath } from "../paths.js";

/** Dataset methods that keep what each element is. */
const ELEMENT_PRESERVING = new Set(["batch", "prefetch", "repeat", "cache", "take", "skip", "unbatch"]);

export class TensorflowPackageModel implements PackageModel {
  constructor(private readonly context: LibraryContext) {}

  callPath(canonical: string, path: string, args: CallArgs, site: CallSite): Value | undefined {
    if (canonical !== "tensorflow" && !canonical.startsWith("tensorflow.")) return undefined;
    if (canonical === "tensorflow.app.run") return this.context.runMain(argValue(args, 0, "main"), site);
    const c = classifyPath(canonical);
    switch (c.kind) {
      case "activation":
        return activationOnTensor(c.activation, c.name, args, site, this.context.state);
      case "initializer":
        return { t: "initializer", spec: constructInitializer(c.initializer, c.name, args) };
      case "numpy":
        // tf.cast / tf.constant on graph tensors are graph ops, not array conversions.
        return numpyCall(c.name, args, site.span) ?? this.context.opaqueOp(path, args, site);
      case "seed":
        this.context.state.seedSet = true;
        return NONE;
      case "tf-op":
        return this.tfOp(c.name, path, args, site);
      default:
        return this.context.opaqueOp(path, args, site);
    }
  }

  private tfOp(name: string, path: string, args: CallArgs, site: CallSite): Value | undefined {
    if (name === "one_hot") return toCategorical(args, site.span, ["depth"]);
    if (name === "from_tensor_slices" || name === "from_tensors") {
      const source = args.positional[0];
      const parts = source?.t === "tuple" || source?.t === "list" ? source.items : source ? [source] : [];
      const dataset: Value & { t: "dataset" } = { t: "dataset" };
      if (parts[0]?.t === "data") dataset.x = parts[0].facts;
      if (parts[1]?.t === "data") dataset.y = parts[1].facts;
      return dataset;
    }
    return this.context.opaqueOp(path, args, site);
  }

  callMethod(self: Value, name: string, args: CallArgs, site: CallSite): Value | undefined {
    if (self.t !== "dataset") return undefined;
    // Element-wise maps may change anything; the others keep what each element is.
    if (name === "map") return this.mapDataset(self, args.positional[0], site);
    if (name === "shuffle") return { ...self, shuffled: true };
    if (ELEMENT_PRESERVING.has(name)) return self;
    return undefined;
  }

  /**
   * `dataset.map(fn)`: the function applied to what is known of an element (`lambda x, y: (x / 255, y)`).
   * Unknown results drop the facts; shuffling is kept.
   */
  private mapDataset(dataset: Value & { t: "dataset" }, fn: Value | undefined, site: CallSite): Value {
    const mapped: Value & { t: "dataset" } = dataset.shuffled ? { t: "dataset", shuffled: true } : { t: "dataset" };
    const interpreter = this.context.interpreter;
    if (!interpreter || !fn || (fn.t !== "func" && fn.t !== "layer") || !dataset.x) return mapped;
    const element = [dataValue(dataset.x), ...(dataset.y ? [dataValue(dataset.y)] : [])];
    const result = interpreter.call(fn, simpleArgs(element), site);
    const parts = result.t === "tuple" || result.t === "list" ? result.items : [result];
    if (parts[0]?.t === "data") mapped.x = parts[0].facts;
    if (parts[1]?.t === "data") mapped.y = parts[1].facts;
    return mapped;
  }
}
