/**
 * TF1 variables and the tensors that initialise them: `tf.Variable(tf.truncated_normal([784, 10], stddev=0.1))`,
 * `tf.get_variable('W', [784, 10], initializer=...)`, `tf.zeros([10])`, `tf.constant(0.1, shape=[10])`. A variable
 * carries its shape and its initialiser, which the layers written with it (`tf.matmul(x, W) + b`) take over.
 */
import type { InitializerSpec } from "../../../../model/program.js";
import type { CallArgs, CallSite } from "../../state.js";
import { asInt, asNumber, asSequence, type LayerState, type Value } from "../../values.js";
import { argValue, getArg } from "../args.js";
import { initializerFromValue } from "../keras/learner.js";
import { objectOf, tfObject, type VariableState } from "./objects.js";

/** Tensors whose values are a known constant or distribution: what they initialise a variable to. */
export type InitialValueKind = "zeros" | "ones" | "fill" | "constant" | "random_normal" | "truncated_normal" | "random_uniform";

/** The shape argument of a tensor constructor: constants, or `null` for a dimension that is not one. */
export function shapeArgument(value: Value | undefined): (number | null)[] | undefined {
  const single = asInt(value);
  if (single !== undefined) return [single];
  const items = asSequence(value);
  return items?.map((item) => asInt(item) ?? null);
}

/** `tf.zeros(shape)`, `tf.random_normal(shape, stddev=)`, `tf.constant(0.1, shape=)`...: a tensor of known initial values. */
export function initialValue(kind: InitialValueKind, name: string, args: CallArgs, site: CallSite): Value | undefined {
  const variable: VariableState = { isVariable: false, span: site.span };
  let spec: InitializerSpec;
  switch (kind) {
    case "zeros":
    case "ones":
      spec = { kind, frameworkName: name };
      setShape(variable, argValue(args, 0, "shape"));
      break;
    case "fill":
    case "constant": {
      const value = asNumber(kind === "fill" ? argValue(args, 1, "value") : argValue(args, 0, "value"));
      const shape = kind === "fill" ? argValue(args, 0, "dims") : argValue(args, 2, "shape");
      // `tf.constant(array)` is data, not an initial value: only a number spread over a shape is one.
      if (value === undefined || shape === undefined) return undefined;
      setShape(variable, shape);
      spec = value === 0 ? { kind: "zeros", frameworkName: name } : { kind: "constant", frameworkName: name, value };
      break;
    }
    case "random_normal":
    case "truncated_normal": {
      spec = { kind, frameworkName: name };
      setShape(variable, argValue(args, 0, "shape"));
      const stddev = asNumber(argValue(args, 2, "stddev"));
      if (stddev !== undefined) spec.stddev = stddev;
      else if (!getArg(args, 2, "stddev") && !args.opaqueSplat) spec.stddev = 1;
      else spec.parametersUnknown = true;
      break;
    }
    case "random_uniform": {
      spec = { kind, frameworkName: name };
      setShape(variable, argValue(args, 0, "shape"));
      const minval = asNumber(argValue(args, 1, "minval"));
      const maxval = asNumber(argValue(args, 2, "maxval"));
      if (minval !== undefined) spec.minval = minval;
      if (maxval !== undefined) spec.maxval = maxval;
      if ((minval === undefined && getArg(args, 1, "minval")) || (maxval === undefined && getArg(args, 2, "maxval")) || args.opaqueSplat) spec.parametersUnknown = true;
      break;
    }
  }
  variable.initializer = { ...spec, span: site.span };
  return tfObject({ kind: "variable", variable });
}

/** An initializer object called on a shape (`xavier_initializer()([784, 256])`): a tensor of those initial values. */
export function callInitializer(spec: InitializerSpec, args: CallArgs, site: CallSite): Value {
  const variable: VariableState = { isVariable: false, span: site.span, initializer: { ...spec, span: spec.span ?? site.span } };
  setShape(variable, argValue(args, 0, "shape"));
  return tfObject({ kind: "variable", variable });
}

/** `tf.Variable(initial_value)`: a variable with the shape and initialiser of its initial value, as far as known. */
export function makeVariable(args: CallArgs, site: CallSite): Value {
  const initial = argValue(args, 0, "initial_value");
  const variable: VariableState = { isVariable: true, span: site.span };
  const from = objectOf(initial, "variable")?.variable;
  if (from) {
    if (from.shape) variable.shape = [...from.shape];
    if (from.initializer) variable.initializer = from.initializer;
  } else if (initial?.t === "data" && initial.facts.shape) {
    variable.shape = [...initial.facts.shape];
  } else if (asNumber(initial) !== undefined) {
    variable.shape = [];
    const value = asNumber(initial)!;
    variable.initializer = value === 0 ? { kind: "zeros", frameworkName: "constant", span: site.span } : { kind: "constant", frameworkName: "constant", value, span: site.span };
  }
  return tfObject({ kind: "variable", variable });
}

/** `tf.get_variable(name, shape, initializer=)`: TF1's variable scopes default to Glorot uniform. */
export function getVariable(args: CallArgs, site: CallSite): Value {
  const variable: VariableState = { isVariable: true, span: site.span };
  setShape(variable, argValue(args, 1, "shape"));
  const init = getArg(args, 3, "initializer");
  if (!init || init.value.t === "none") {
    if (!args.opaqueSplat) variable.initializer = { kind: "glorot_uniform", frameworkName: "glorot_uniform_initializer" };
  } else {
    const fromTensor = objectOf(init.value, "variable")?.variable;
    if (fromTensor) {
      if (fromTensor.initializer) variable.initializer = fromTensor.initializer;
      if (!variable.shape && fromTensor.shape) variable.shape = [...fromTensor.shape];
    } else {
      const spec = initializerFromValue(init.value, undefined);
      if (spec) variable.initializer = { ...spec, span: spec.span ?? site.span };
    }
  }
  return tfObject({ kind: "variable", variable });
}

function setShape(variable: VariableState, value: Value | undefined): void {
  const shape = shapeArgument(value);
  if (shape) variable.shape = shape;
}

/** The variable a value holds (a weight matrix, a filter bank, a bias vector), if it holds one. */
export function variableOf(value: Value | undefined): VariableState | undefined {
  return objectOf(value, "variable")?.variable;
}

/**
 * `W.assign(pretrained)`, `tf.assign(W, value)`: the variable's values come from the program, not its initialiser
 * (pretrained embeddings loaded into a zero-initialised table), so neither it nor the layers using it keep one.
 */
export function assignVariable(variable: VariableState): void {
  const init = variable.initializer;
  delete variable.initializer;
  for (const layer of variable.users ?? []) {
    if (init && layer.kernelInitializer === init) delete layer.kernelInitializer;
    if (init && layer.biasInitializer === init) delete layer.biasInitializer;
  }
}

/** Records that a layer's weights are a variable. */
export function useVariable(variable: VariableState, layer: LayerState): void {
  (variable.users ??= []).push(layer);
}
