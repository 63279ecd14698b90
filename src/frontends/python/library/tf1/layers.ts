/**
 * TF1 layer functions applied to tensors: `tf.layers.dense(x, 10)`, `tf.contrib.layers.fully_connected(x, 32)`,
 * `slim.conv2d(x, 64, [3, 3])`. Arguments bind through the TF1 signature tables onto Keras's canonical names,
 * the layer is built like a Keras layer, then applied to the input tensor. Positional arguments whose value is of
 * the wrong kind for their parameter (`tf.layers.dropout(x, 0.7, is_training)`: the flag lands on `noise_shape`)
 * are recorded for S607.
 */
import type { ArgumentKind } from "../../../../model/program.js";
import { simpleArgs } from "../../builtins.js";
import type { CallArgs, CallSite, ExtractionState } from "../../state.js";
import { asString, type LayerState, type Value } from "../../values.js";
import { applyLayer } from "../graph.js";
import { buildLayer, checkArgumentKinds } from "../keras/layers.js";
import { activationFromValue } from "../keras/learner.js";
import { canonicalPath, classifyPath } from "../paths.js";
import { bind, signature, type BoundArgs } from "../signature.js";
import { tf1LayerFunction, type LayerFamily } from "./layer-signatures.js";
import { rateOfKeep } from "./raw-layers.js";

/** How the graph model tells a boolean tensor (a `tf.placeholder(tf.bool)` training flag) from others. */
export type BooleanTensorTest = (value: Value) => boolean;

/** Parameters of TF1 layer functions that take one kind of value, and the kinds that are surely wrong there. */
const TF1_PARAMETER_KINDS: { parameter: string; expected: ArgumentKind; wrong: ArgumentKind[] }[] = [
  { parameter: "noise_shape", expected: "shape", wrong: ["boolean", "activation", "number"] },
  { parameter: "strides", expected: "shape", wrong: ["boolean", "activation", "string"] },
  { parameter: "pool_size", expected: "shape", wrong: ["boolean", "activation", "string"] },
  { parameter: "kernel_size", expected: "shape", wrong: ["boolean", "activation", "string"] },
  { parameter: "dilation_rate", expected: "shape", wrong: ["boolean", "activation", "string"] },
  { parameter: "units", expected: "number", wrong: ["boolean", "activation", "string"] },
  { parameter: "filters", expected: "number", wrong: ["boolean", "activation", "string"] },
  { parameter: "rate", expected: "number", wrong: ["boolean", "activation", "string"] },
  { parameter: "keep_prob", expected: "number", wrong: ["boolean", "activation", "string"] },
  { parameter: "padding", expected: "string", wrong: ["boolean", "activation", "number"] },
];

function kindOf(value: Value, isBooleanTensor: BooleanTensorTest): ArgumentKind | undefined {
  switch (value.t) {
    case "bool":
      return "boolean";
    case "num":
      return "number";
    case "str":
      return "string";
    case "tuple":
    case "list":
      return "shape";
    case "activation":
      return "activation";
    case "tensor":
      return isBooleanTensor(value) ? "boolean" : undefined;
    case "ref": {
      const c = classifyPath(canonicalPath(value.path));
      return c.kind === "activation" ? "activation" : undefined;
    }
    default:
      return undefined;
  }
}

/** Positional arguments of a TF1 layer function whose value cannot be what their parameter takes (S607). */
function checkPositionalKinds(callee: string, bound: BoundArgs, state: ExtractionState, isBooleanTensor: BooleanTensorTest): void {
  for (const { parameter, expected, wrong } of TF1_PARAMETER_KINDS) {
    const arg = bound.get(parameter);
    if (!arg?.node || arg.keyword !== undefined) continue;
    const actual = kindOf(arg.value, isBooleanTensor);
    if (!actual || !wrong.includes(actual)) continue;
    state.misuse({ callee, parameter, problem: "wrong-kind", expected, actual, text: arg.node.text, span: state.span(arg.node) });
  }
}

const NO_ARGUMENTS = signature("");

/** Normaliser functions that insert batch normalisation (`normalizer_fn=slim.batch_norm`). */
function isBatchNormFunction(value: Value | undefined): boolean {
  if (value?.t !== "ref") return false;
  const name = value.path.slice(value.path.lastIndexOf(".") + 1);
  return name === "batch_norm" || name === "batch_normalization";
}

/**
 * A TF1 layer function call: the layer, applied to its input tensor. Contrib layers with a `normalizer_fn` become
 * the linear layer (no bias: the normaliser replaces it), the normalisation, then the activation.
 */
export function layerFunction(family: LayerFamily, name: string, args: CallArgs, site: CallSite, state: ExtractionState, isBooleanTensor: BooleanTensorTest): Value | undefined {
  const fn = tf1LayerFunction(family, name);
  if (!fn) return undefined;
  const callee = family === "layers" ? `tf.layers.${name}` : `tf.contrib.layers.${name}`;
  const bound = bind(fn.signature, args);
  checkArgumentKinds(callee, bound, state);
  checkPositionalKinds(callee, bound, state, isBooleanTensor);
  const layer = buildLayer(fn.kind, className(fn.kind, name), bound, site, state);
  layer.frameworkName = callee;
  const format = asString(bound.value("data_format"));
  if (format === "NCHW" || format === "NCW" || format === "NCDHW") layer.config.dataFormat = "channels_first";
  if (family === "contrib") contribDetails(layer, bound);
  const input = bound.value("inputs");
  const normalizer = bound.value("normalizer_fn");
  if (family === "contrib" && isBatchNormFunction(normalizer) && (layer.kind === "dense" || layer.kind.startsWith("conv"))) {
    const activation = layer.activation;
    layer.activation = "linear";
    layer.config.useBias = false;
    delete layer.biasInitializer;
    let out = applyLayer(layer, input, state);
    const norm = buildLayer("batchNormalization", "BatchNormalization", bind(NO_ARGUMENTS, simpleArgs([])), site, state);
    norm.frameworkName = `${callee}(normalizer_fn)`;
    out = applyLayer(norm, out, state);
    if (activation && activation !== "linear") {
      const act = buildLayer("activation", "Activation", bind(NO_ARGUMENTS, simpleArgs([])), site, state);
      act.activation = activation;
      act.frameworkName = `${callee}(activation_fn)`;
      out = applyLayer(act, out, state);
    }
    return out;
  }
  return applyLayer(layer, input, state);
}

/** Contrib conventions: dropout takes a keep probability; `biases_initializer=None` means no bias. */
function contribDetails(layer: LayerState, bound: BoundArgs): void {
  if (layer.kind === "dropout") {
    const rate = rateOfKeep(bound.value("keep_prob"));
    if (rate !== undefined) layer.config.rate = rate;
    else delete layer.config.rate;
  }
  if (bound.get("bias_initializer")?.value.t === "none") {
    layer.config.useBias = false;
    delete layer.biasInitializer;
  } else if (layer.biasInitializer) {
    // Contrib layers have no use_bias: they add a bias unless `biases_initializer=None`.
    layer.config.useBias = true;
  }
  // An activation function the vocabulary does not know stays unknown rather than the default.
  const activation = bound.get("activation");
  if (activation && activation.value.t !== "none" && !activationFromValue(activation.value)) delete layer.activation;
}

/** The Keras class a layer function corresponds to, for auto names (`dense`, `conv2d_1`). */
function className(kind: LayerState["kind"], name: string): string {
  const classes: Partial<Record<LayerState["kind"], string>> = {
    dense: "Dense",
    conv1d: "Conv1D",
    conv2d: "Conv2D",
    conv3d: "Conv3D",
    conv2dTranspose: "Conv2DTranspose",
    separableConv2d: "SeparableConv2D",
    maxPooling1d: "MaxPooling1D",
    maxPooling2d: "MaxPooling2D",
    maxPooling3d: "MaxPooling3D",
    averagePooling1d: "AveragePooling1D",
    averagePooling2d: "AveragePooling2D",
    averagePooling3d: "AveragePooling3D",
    flatten: "Flatten",
    dropout: "Dropout",
    batchNormalization: "BatchNormalization",
  };
  return classes[kind] ?? name;
}
