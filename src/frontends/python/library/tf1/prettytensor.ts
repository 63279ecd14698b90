/**
 * PrettyTensor, a TF1 layer library of chained calls: `pt.wrap(x).conv2d(5, 64).max_pool(2, 2).flatten()
 * .fully_connected(256).softmax_classifier(10, labels=y)`. Each call is the Keras layer it builds (with the
 * batch normalisation and activation it adds); `pt.defaults_scope(activation_fn=...)` sets the activation of
 * the layers built after it. `softmax_classifier` returns the softmax and its cross-entropy on the logits.
 */
import type { ActivationKind, LayerKind } from "../../../../model/vocabulary.js";
import { simpleArgs } from "../../builtins.js";
import type { CallArgs, CallSite, ExtractionState } from "../../state.js";
import { NONE, asBool, asInt, int, str, tuple, type Value } from "../../values.js";
import { argValue, getArg } from "../args.js";
import { applyLayer } from "../graph.js";
import { buildLayer } from "../keras/layers.js";
import { activationFromValue } from "../keras/learner.js";
import { bind, signature } from "../signature.js";
import { objectOf, tfObject } from "./objects.js";

/** The settings `pt.defaults_scope(...)` gives the layers built after it. */
export interface PrettyDefaults {
  activation?: ActivationKind;
  batchNormalize?: boolean;
}

/** `pt.defaults_scope(activation_fn=tf.nn.relu, ...)`: the scope's `with` is not followed, so they hold from here on. */
export function prettyDefaults(args: CallArgs, defaults: PrettyDefaults): void {
  const activation = argValue(args, undefined, "activation_fn");
  if (activation) {
    const kind = activationFromValue(activation);
    if (kind) defaults.activation = kind;
    else delete defaults.activation;
  }
  const normalize = asBool(argValue(args, undefined, "batch_normalize"));
  if (normalize !== undefined) defaults.batchNormalize = normalize;
}

/** `pt.wrap(tensor)`. */
export function wrap(value: Value | undefined): Value | undefined {
  return value?.t === "tensor" ? tfObject({ kind: "pretty", tensor: value }) : undefined;
}

const SIGNATURES = {
  conv: signature("filters kernel_size strides padding activation use_bias dilation_rate=1"),
  pool: signature("pool_size strides padding"),
  dense: signature("units activation use_bias"),
  dropout: signature("rate"),
  plain: signature(""),
};

/** A method of a wrapped tensor; undefined for methods PrettyTensor models do not cover. */
export function prettyMethod(tensor: Value, name: string, args: CallArgs, site: CallSite, state: ExtractionState, defaults: PrettyDefaults): Value | undefined {
  const layer = (kind: LayerKind, className: string, sig: keyof typeof SIGNATURES, positional: Value[]) => {
    const built = buildLayer(kind, className, bind(SIGNATURES[sig], simpleArgs(positional)), site, state);
    built.frameworkName = `pt.${name}`;
    return built;
  };
  const activationOf = (): Value => {
    const given = getArg(args, undefined, "activation_fn");
    if (given) return given.value;
    return defaults.activation ? str(defaults.activation) : NONE;
  };
  const wrapped = (value: Value): Value => tfObject({ kind: "pretty", tensor: value });
  switch (name) {
    case "conv2d": {
      const kernel = asInt(argValue(args, 0, "kernel"));
      const depth = asInt(argValue(args, 1, "depth"));
      const stride = asInt(argValue(args, 3, "stride")) ?? 1;
      const padding = edgesOf(args);
      const normalize = asBool(argValue(args, undefined, "batch_normalize")) ?? defaults.batchNormalize ?? false;
      const activation = activationOf();
      const conv = layer("conv2d", "Conv2D", "conv", [depth === undefined ? NONE : int(depth), kernel === undefined ? NONE : int(kernel), int(stride), str(padding), normalize ? NONE : activation, { t: "bool", v: !normalize }]);
      let out = applyLayer(conv, tensor, state);
      if (normalize) {
        out = applyLayer(layer("batchNormalization", "BatchNormalization", "plain", []), out, state);
        const act = activationFromValue(activation);
        if (act && act !== "linear") {
          const activationLayer = layer("activation", "Activation", "plain", []);
          activationLayer.activation = act;
          out = applyLayer(activationLayer, out, state);
        }
      }
      return wrapped(out);
    }
    case "max_pool":
    case "average_pool": {
      const kernel = asInt(argValue(args, 0, "kernel"));
      const stride = asInt(argValue(args, 1, "stride"));
      const padding = edgesOf(args);
      const kind: LayerKind = name === "max_pool" ? "maxPooling2d" : "averagePooling2d";
      const pool = layer(kind, name === "max_pool" ? "MaxPooling2D" : "AveragePooling2D", "pool", [kernel === undefined ? NONE : int(kernel), stride === undefined ? NONE : int(stride), str(padding)]);
      if (stride === undefined) delete pool.config.strides;
      return wrapped(applyLayer(pool, tensor, state));
    }
    case "flatten":
      return wrapped(applyLayer(layer("flatten", "Flatten", "plain", []), tensor, state));
    case "fully_connected": {
      const size = asInt(argValue(args, 0, "size"));
      const dense = layer("dense", "Dense", "dense", [size === undefined ? NONE : int(size), activationOf(), { t: "bool", v: true }]);
      return wrapped(applyLayer(dense, tensor, state));
    }
    case "dropout": {
      const keep = argValue(args, 0, "keep_prob");
      const drop = layer("dropout", "Dropout", "dropout", []);
      if (keep?.t === "num") drop.config.rate = Math.round((1 - keep.v) * 1e9) / 1e9;
      return wrapped(applyLayer(drop, tensor, state));
    }
    case "softmax_classifier": {
      const classes = asInt(argValue(args, 0, "num_classes"));
      const logits = applyLayer(layer("dense", "Dense", "dense", [classes === undefined ? NONE : int(classes), NONE, { t: "bool", v: true }]), tensor, state);
      const softmax = layer("activation", "Activation", "plain", []);
      softmax.activation = "softmax";
      const probabilities = applyLayer(softmax, logits, state);
      const labels = argValue(args, 1, "labels");
      if (!labels || labels.t === "none" || logits.t !== "tensor") return tuple([probabilities, NONE]);
      const loss: Value & { t: "tf1-loss" } = { t: "tf1-loss", loss: { kind: "softmax_cross_entropy_with_logits", frameworkName: "softmax_classifier", fromLogits: true }, logits: logits.tensor };
      if (labels.t === "tensor") loss.labels = labels.tensor;
      return tuple([probabilities, loss]);
    }
    default:
      return undefined;
  }
}

/** The tensor a PrettyTensor value wraps (`.tensor`, or where a plain tensor is needed). */
export function unwrap(value: Value | undefined): Value | undefined {
  return objectOf(value, "pretty")?.tensor;
}

/** PrettyTensor's `edges=` (its padding): 'SAME' unless told. */
function edgesOf(args: CallArgs): string {
  const edges = argValue(args, undefined, "edges");
  return edges?.t === "str" ? edges.v.toLowerCase() : "same";
}
