/**
 * One package's part of the library model (Keras, TF1 graph mode, TensorFlow ops and tf.data, numpy,
 * scikit-learn, the standard library...). The library model asks each package in turn; a package answers
 * what concerns its own names and values and returns undefined for the rest.
 */
import type { SyntaxNode as Node } from "../syntax.js";
import type { Interpreter } from "../interpreter.js";
import type { CallArgs, CallSite, ExtractionState } from "../state.js";
import type { Value } from "../values.js";

/** What every package may use: the extraction state, the interpreter, and the shared fallbacks. */
export interface LibraryContext {
  readonly state: ExtractionState;
  /** The interpreter, to call user functions (a `Dataset.map` function); set once the interpreter exists. */
  readonly interpreter: Interpreter | undefined;
  /** An unknown library call: on tensors it becomes an op node (keeps the graph connected); on data, unknown data. */
  opaqueOp(path: string, args: CallArgs, site: CallSite): Value | undefined;
  /**
   * A launcher (`tf.app.run()`, `absl.app.run(main)`) runs the program's main function: `main` when given,
   * else the module's own `main`, with an unknown `argv`.
   */
  runMain(main: Value | undefined, site: CallSite): Value;
}

export interface PackageModel {
  /** A call of a library name; `canonical` is its canonical path (`keras.layers.Dense`), `path` as written. */
  callPath?(canonical: string, path: string, args: CallArgs, site: CallSite): Value | undefined;
  /** A constant attribute of a library path (`np.newaxis`). */
  refAttribute?(canonical: string): Value | undefined;
  /** What a star import of a module of this package provides under `name`. */
  starExport?(canonicalModule: string, path: string): Value | undefined;
  callMethod?(self: Value, name: string, args: CallArgs, site: CallSite): Value | undefined;
  getAttribute?(self: Value, name: string, node: Node): Value | undefined;
  binary?(op: string, left: Value, right: Value, node: Node): Value | undefined;
  subscript?(obj: Value, index: Value, node: Node): Value | undefined;
  /** Calling a value of this package (a layer or model on tensors). */
  callObject?(callee: Value, args: CallArgs, site: CallSite): Value | undefined;
  /** An assignment to an attribute of a value of this package; true when handled. */
  setAttribute?(owner: Value, name: string, value: Value): boolean;
  /** A value was bound to a simple name (a tensor named by the program is a candidate output). */
  onBind?(name: string, value: Value, global: boolean): void;
  /** Completes what needs the whole program. */
  finish?(): void;
}
