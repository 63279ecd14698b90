/**
 * TensorFlow objects the interpreter carries as values (`{ t: "tf-object" }`): variables and the constant or
 * random tensors that initialise them, recurrent cells, dataset iterators, computed gradients and gradient tapes.
 */
import type { InitializerSpec, SourceSpan } from "../../../../model/program.js";
import type { ActivationKind, LayerKind } from "../../../../model/vocabulary.js";
import type { LayerState, ModelState, Value } from "../../values.js";

/**
 * A variable (`tf.Variable(init)`, `tf.get_variable(name, shape, initializer=)`) or the tensor that initialises one
 * (`tf.zeros([784, 10])`, `tf.truncated_normal(shape, stddev=0.1)`): its shape and how its values start.
 */
export interface VariableState {
  /** The shape when written as constants (a dimension `null` when not). */
  shape?: (number | null)[];
  initializer?: InitializerSpec;
  /** False for the initial value itself (a constant or random tensor), true once it is a variable. */
  isVariable: boolean;
  span: SourceSpan;
  /** The layers whose weights this variable is (their initialisers are its own). */
  users?: LayerState[];
}

/** One recurrent layer of a cell (a `MultiRNNCell` stacks several), with its dropout wrapper's keep probabilities. */
export interface CellLayer {
  kind: Extract<LayerKind, "lstm" | "gru" | "simpleRnn">;
  frameworkName: string;
  units?: number;
  activation?: ActivationKind;
  /** `DropoutWrapper(input_keep_prob=)` / `output_keep_prob=`: the keep probability, `null` when not a constant. */
  inputKeep?: number | null;
  outputKeep?: number | null;
  span: SourceSpan;
}

/** A dataset iterator: the pipeline it reads, and the tensors `get_next()` returned (one set per iterator). */
export interface IteratorState {
  dataset?: Value & { t: "dataset" };
  next?: Value;
  span: SourceSpan;
}

/** Gradients of a loss (`compute_gradients`, `tf.gradients`, `tape.gradient`), and the model whose variables they are for. */
export interface GradientsState {
  loss?: Value;
  model?: ModelState;
}

export type TfObject =
  | { kind: "variable"; variable: VariableState }
  | { kind: "cell"; layers: CellLayer[] }
  | { kind: "iterator"; iterator: IteratorState }
  | { kind: "gradients"; gradients: GradientsState }
  | { kind: "tape" }
  | { kind: "estimator" }
  /** A PrettyTensor-wrapped tensor (`pt.wrap(x)`), whose methods chain layers. */
  | { kind: "pretty"; tensor: Value };

export function tfObject(object: TfObject): Value {
  return { t: "tf-object", object };
}

/** The object of a kind inside a value, if it holds one. */
export function objectOf<K extends TfObject["kind"]>(value: Value | undefined, kind: K): Extract<TfObject, { kind: K }> | undefined {
  return value?.t === "tf-object" && value.object.kind === kind ? (value.object as Extract<TfObject, { kind: K }>) : undefined;
}
