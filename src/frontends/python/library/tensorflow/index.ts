/**
 * TensorFlow outside graph mode and Keras: `tf.nn` activations on tensors, initialisers, tensor conversions,
 * seeds, `tf.one_hot`, and `tf.data` pipelines built from arrays.
 */
import type { DataFacts, Dim } from "../../../../model/program.js";
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
const ELEMENT_PRESERVING = new Set(["prefetch", "repeat", "cache", "take", "skip"]);

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
        return { t: "initializer", spec: constructInitializer(c.initializer, c.name, args, canonical.includes(".contrib.")) };
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
    // `tf.one_hot` of a graph tensor (a labels placeholder) is an op; of an array, one-hot data.
    if (name === "one_hot" && !hasTensor(args)) return toCategorical(args, site.span, ["depth"]);
    if (name === "from_tensor_slices" || name === "from_tensors") {
      const source = args.positional[0] ?? argValue(args, undefined, "tensors");
      const parts = source?.t === "tuple" || source?.t === "list" ? source.items : source ? [source] : [];
      const dataset: Value & { t: "dataset" } = { t: "dataset" };
      if (parts[0]?.t === "data") dataset.x = parts[0].facts;
      if (parts[1]?.t === "data") dataset.y = parts[1].facts;
      if (source && source.t !== "unknown" && source.t !== "dict") dataset.parts = parts.length;
      // `from_tensors` makes one element of the whole arrays: no sample dimension to slice off.
      if (name === "from_tensors") dataset.batched = true;
      return dataset;
    }
    if (!hasTensor(args) && (name === "reshape" || name === "expand_dims")) {
      const onData = numpyCall(name, args, site.span);
      if (onData) return onData;
    }
    return this.context.opaqueOp(path, args, site);
  }

  callMethod(self: Value, name: string, args: CallArgs, site: CallSite): Value | undefined {
    if (self.t !== "dataset") return undefined;
    // Element-wise maps may change anything; the others keep what each element is.
    if (name === "map") return this.mapDataset(self, args.positional[0] ?? argValue(args, undefined, "map_func"), site);
    if (name === "shuffle") return { ...self, shuffled: true };
    if (name === "batch" || name === "padded_batch") return { ...self, batched: true };
    if (name === "unbatch") return { ...self, batched: false };
    if (ELEMENT_PRESERVING.has(name)) return self;
    return undefined;
  }

  /**
   * `dataset.map(fn)`: the function applied to what is known of one element (`lambda x, y: (x / 255, y)`,
   * `tf.reshape(x, [28, 28, 1])`); the results, one per sample, are the new arrays. Unknown results drop the
   * facts; shuffling and batching are kept.
   */
  private mapDataset(dataset: Value & { t: "dataset" }, fn: Value | undefined, site: CallSite): Value {
    const mapped: Value & { t: "dataset" } = { t: "dataset" };
    if (dataset.shuffled) mapped.shuffled = true;
    if (dataset.batched) mapped.batched = true;
    const interpreter = this.context.interpreter;
    if (!interpreter || !fn || (fn.t !== "func" && fn.t !== "layer") || !dataset.x) return mapped;
    const batched = dataset.batched === true;
    const element = [dataValue(elementOf(dataset.x, batched)), ...(dataset.y ? [dataValue(elementOf(dataset.y, batched))] : [])];
    const result = interpreter.call(fn, simpleArgs(element), site);
    const parts = result.t === "tuple" || result.t === "list" ? result.items : [result];
    if (result.t !== "unknown") mapped.parts = parts.length;
    const samples = dataset.x.shape?.[0] ?? null;
    if (parts[0]?.t === "data") mapped.x = wholeOf(parts[0].facts, samples, batched);
    if (parts[1]?.t === "data") mapped.y = wholeOf(parts[1].facts, dataset.y?.shape?.[0] ?? samples, batched);
    return mapped;
  }
}

function hasTensor(args: CallArgs): boolean {
  return args.positional.some((a) => a.t === "tensor") || [...args.keywords.values()].some((a) => a.t === "tensor");
}

/** What one element of a dataset is: a sample of the arrays (a batch of them once batched). */
function elementOf(facts: DataFacts, batched: boolean): DataFacts {
  const shape = facts.shape;
  if (!shape || shape.length === 0) return { ...facts };
  return { ...facts, shape: batched ? [null, ...shape.slice(1)] : shape.slice(1) };
}

/** The arrays a mapped element stands for: the element's facts with the sample dimension back in front. */
function wholeOf(element: DataFacts, samples: Dim, batched: boolean): DataFacts {
  const shape = element.shape;
  if (!shape) return { ...element };
  return { ...element, shape: batched ? [samples, ...shape.slice(1)] : [samples, ...shape] };
}
