/**
 * The library model of the Python front end: what each framework call does to the extracted program. It
 * asks each package model in turn (TF1 graph mode before TensorFlow, Keras, numpy, scikit-learn and the
 * standard library); whatever no package knows is an opaque operation.
 */
import type { SyntaxNode as Node } from "../syntax.js";
import type { Interpreter, LibraryModel } from "../interpreter.js";
import type { CallArgs, CallSite, ExtractionState } from "../state.js";
import { NONE, UNKNOWN, list, type PyClass, type Value } from "../values.js";
import { applyLayer, opaqueLayer } from "./graph.js";
import { KerasPackageModel } from "./keras/index.js";
import { unknownData } from "./numpy/data.js";
import { NumpyPackageModel } from "./numpy/index.js";
import type { LibraryContext, PackageModel } from "./package.js";
import { assumedImport, shownPath } from "./assumed-imports.js";
import { canonicalPath, classifyPath, packageOf } from "./paths.js";
import { SklearnPackageModel } from "./sklearn/index.js";
import { PythonLibrariesModel } from "./stdlib/index.js";
import { TensorflowPackageModel } from "./tensorflow/index.js";
import { Tf1PackageModel } from "./tf1/index.js";

/**
 * Module roots whose names the library models know (or know to be something else): a name imported from any
 * other module (`from k.layers import Dense`, an alias nobody planned for) may be read as its framework's.
 * A relative import (`from .layers import Dense`) is the program's own module and never is.
 */
const KNOWN_ROOTS = new Set(["keras", "tensorflow", "tf_keras", "numpy", "sklearn", "pandas", "argparse", "absl", "random", "torch", "scipy", "matplotlib", "typing", "collections", "os", "sys", "math"]);

export class FrameworkLibrary implements LibraryModel {
  private interpreter?: Interpreter;
  private readonly keras: KerasPackageModel;
  private readonly packages: readonly PackageModel[];

  constructor(private readonly state: ExtractionState) {
    const library = this;
    const context: LibraryContext = {
      state,
      get interpreter() {
        return library.interpreter;
      },
      opaqueOp: (path, args, site) => this.opaqueOp(path, args, site),
      runMain: (main, site) => this.runMain(main, site),
    };
    this.keras = new KerasPackageModel(context);
    this.packages = [
      new Tf1PackageModel(context),
      this.keras,
      new TensorflowPackageModel(context),
      new NumpyPackageModel(context),
      new SklearnPackageModel(context),
      new PythonLibrariesModel(context),
    ];
  }

  attach(interpreter: Interpreter): void {
    this.interpreter = interpreter;
  }

  /** Completes what needs the whole program (the TF1 graph's outputs). */
  finish(): void {
    for (const pkg of this.packages) pkg.finish?.();
  }

  private first<T>(ask: (pkg: PackageModel) => T | undefined): T | undefined {
    for (const pkg of this.packages) {
      const answer = ask(pkg);
      if (answer !== undefined) return answer;
    }
    return undefined;
  }

  refAttribute(path: string, name: string): Value | undefined {
    const canonical = canonicalPath(`${path}.${name}`);
    return this.first((pkg) => pkg.refAttribute?.(canonical));
  }

  /** A name a star import provides: any name the library model knows, and every name of a star-imported numpy. */
  starExport(modulePath: string, name: string): Value | undefined {
    const path = `${modulePath}.${name}`;
    const fromPackage = this.first((pkg) => pkg.starExport?.(canonicalPath(modulePath), path));
    if (fromPackage) return fromPackage;
    const c = classifyPath(canonicalPath(path));
    return c.kind === "unknown" || c.kind === "tf-op" || c.kind === "numpy" ? undefined : { t: "ref", path };
  }

  callRef(path: string, args: CallArgs, site: CallSite): Value | undefined {
    const canonical = canonicalPath(path);
    return this.first((pkg) => pkg.callPath?.(canonical, path, args, site)) ?? this.opaqueOp(path, args, site);
  }

  callMethod(self: Value, name: string, args: CallArgs, site: CallSite): Value | undefined {
    return this.first((pkg) => pkg.callMethod?.(self, name, args, site));
  }

  getAttribute(self: Value, name: string, node: Node): Value | undefined {
    return this.first((pkg) => pkg.getAttribute?.(self, name, node));
  }

  binary(op: string, left: Value, right: Value, node: Node): Value | undefined {
    return this.first((pkg) => pkg.binary?.(op, left, right, node));
  }

  subscript(obj: Value, index: Value, node: Node): Value | undefined {
    return this.first((pkg) => pkg.subscript?.(obj, index, node));
  }

  callObject(callee: Value, args: CallArgs, site: CallSite): Value | undefined {
    return this.first((pkg) => pkg.callObject?.(callee, args, site));
  }

  setAttribute(owner: Value, name: string, value: Value): void {
    for (const pkg of this.packages) if (pkg.setAttribute?.(owner, name, value)) return;
  }

  kerasBaseOf(base: Value): "model" | "layer" | undefined {
    return this.keras.kerasBaseOf(base);
  }

  instantiateKerasClass(cls: PyClass, instance: Value & { t: "instance" }, args: CallArgs, site: CallSite, interp: Interpreter): void {
    this.keras.instantiateKerasClass(cls, instance, args, site, interp);
  }

  onBind(name: string, value: Value, global: boolean): void {
    if (value.t === "ref" && this.state.kerasPackage === undefined) {
      const pkg = packageOf(value.path);
      if (pkg) this.state.kerasPackage = pkg;
    }
    for (const pkg of this.packages) pkg.onBind?.(name, value, global);
  }

  importFromUnknownModule(modulePath: string, name: string): Value | undefined {
    const root = modulePath.split(".")[0] ?? "";
    if (KNOWN_ROOTS.has(canonicalPath(root)) || KNOWN_ROOTS.has(root) || modulePath.startsWith(".")) return undefined;
    return this.assumedName(name);
  }

  assumedName(name: string): Value | undefined {
    const path = assumedImport(name, this.state.kerasPackage);
    if (path === undefined) return undefined;
    this.state.assumedImports.set(name, shownPath(path));
    return { t: "ref", path };
  }

  private runMain(main: Value | undefined, site: CallSite): Value {
    const interpreter = this.interpreter;
    const fn = main ?? interpreter?.globals.vars.get("main");
    if (!interpreter || fn?.t !== "func") return NONE;
    interpreter.callFunction(fn.fn, { positional: [UNKNOWN], keywords: new Map(), positionalNodes: [undefined], keywordNodes: new Map(), opaqueSplat: false }, site);
    return NONE;
  }

  /** An unknown library call: on tensors it becomes an op layer (keeps the graph connected); on data, unknown data. */
  private opaqueOp(path: string, args: CallArgs, site: CallSite): Value | undefined {
    // Tensors passed by keyword (`tf.nn.max_pool(value=h)`) are inputs of the op as much as positional ones.
    const tensorArgs = [...args.positional, ...args.keywords.values()].filter((a) => a.t === "tensor" || ((a.t === "list" || a.t === "tuple") && a.items.some((i) => i.t === "tensor")));
    if (tensorArgs.length > 0) {
      const name = path.slice(path.lastIndexOf(".") + 1);
      const layer = opaqueLayer(this.state, `tf_op_${name}_${site.span.line}`, path, site);
      layer.kind = "lambda";
      layer.opaque = false;
      return applyLayer(layer, list(tensorArgs), this.state);
    }
    if (args.positional.some((a) => a.t === "data")) return unknownData();
    return undefined;
  }
}
