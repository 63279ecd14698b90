/**
 * A small abstract interpreter for Python over the tree-sitter syntax tree. It evaluates what it can
 * (constants, containers, functions, classes, loops with known bounds, imports) and hands every
 * framework call to a library model. Whatever it cannot evaluate becomes UNKNOWN; it never throws,
 * except BudgetExceeded, which the front end catches.
 */
import type { SyntaxNode as Node } from "./syntax.js";
import { callBuiltin, callBuiltinMethod, isBuiltinName } from "./builtins.js";
import { packageOf as packageOfPath } from "./library/paths.js";
import { joinValues, restoreJoined } from "./merge.js";
import { assignItem, binaryConstant, compareValues, formatValue, subscriptConstant, unaryConstant } from "./operators.js";
import type { CallArgs, CallSite, ExtractionState } from "./state.js";
import {
  MAX_ITEMS,
  MAX_STRING,
  NONE,
  UNKNOWN,
  appendItems,
  boundedList,
  anyRebound,
  asSequence,
  bool,
  dictKey,
  int,
  list,
  markConditionalListChanges,
  num,
  sampledList,
  setOf,
  sizeWork,
  snapshotLists,
  snapshotSize,
  str,
  truthy,
  tuple,
  type PyClass,
  type PyFunction,
  type Scope,
  type Value,
} from "./values.js";

/** What the interpreter asks of a framework library model. Each hook returns undefined when it does not apply. */
export interface LibraryModel {
  /** A constant attribute of a library path (`np.newaxis`, `tf.float32`), or undefined for a plain path. */
  refAttribute(path: string, name: string): Value | undefined;
  /** What a star import of `modulePath` provides under `name`, if anything. */
  starExport(modulePath: string, name: string): Value | undefined;
  callRef(path: string, args: CallArgs, site: CallSite): Value | undefined;
  callMethod(self: Value, name: string, args: CallArgs, site: CallSite): Value | undefined;
  getAttribute(self: Value, name: string, node: Node): Value | undefined;
  binary(op: string, left: Value, right: Value, node: Node): Value | undefined;
  subscript(obj: Value, index: Value, node: Node): Value | undefined;
  /** Calling a framework object: a layer or model on tensors. */
  callObject(callee: Value, args: CallArgs, site: CallSite): Value | undefined;
  /** An assignment to an attribute of a framework object (`layer.trainable = False`). */
  setAttribute(owner: Value, name: string, value: Value): void;
  /** Whether a class base makes the class a Keras model or layer. */
  kerasBaseOf(base: Value): "model" | "layer" | undefined;
  /** Instantiating a user class derived from a Keras Model / Layer. */
  instantiateKerasClass(cls: PyClass, instance: Value & { t: "instance" }, args: CallArgs, site: CallSite, interp: Interpreter): void;
  /** Gives the library model the interpreter, to call user functions (a `Dataset.map` function). */
  attach?(interpreter: Interpreter): void;
  /** A value was bound to a simple name (models learn their variable name); `global` for module-level names. */
  onBind(name: string, value: Value, global: boolean): void;
  /** What a name the program never binds stands for when it is a framework's well-known name (a pasted snippet's `Dense`). */
  assumedName?(name: string): Value | undefined;
  /** A framework's well-known name imported from a module no library model knows (`from k.layers import Dense`), read as the framework's. */
  importFromUnknownModule?(modulePath: string, name: string): Value | undefined;
}

type Completion = { kind: "normal" } | { kind: "return"; value: Value } | { kind: "break" } | { kind: "continue" };
const NORMAL: Completion = { kind: "normal" };

export const MAX_CALL_DEPTH = 8;
export const MAX_LOOP_ITERATIONS = 64;
export const MAX_EXPRESSION_DEPTH = 300;

export class Interpreter {
  readonly globals: Scope = { vars: new Map() };
  private readonly starImports: string[] = [];
  /** Module-level functions and classes, in definition order: the entry points a program may leave uncalled. */
  private readonly definitions: Definition[] = [];
  /** Function bodies run and classes instantiated so far. */
  private readonly called = new Set<Node>();
  private readonly instantiated = new Set<PyClass>();
  private callDepth = 0;
  private evalDepth = 0;
  /** The step count past which nested loops stop unrolling and nested calls are not followed (see withNestDeadline). */
  private nestDeadline: number | undefined;

  constructor(
    readonly state: ExtractionState,
    readonly library: LibraryModel,
  ) {
    this.globals.vars.set("__name__", str("__main__"));
    library.attach?.(this);
  }

  // ------------------------------------------------------------------------------------ statements

  runModule(root: Node): void {
    // A stray break/continue/return at module level (tree-sitter accepts some) must not end the program.
    for (const statement of root.namedChildren) this.execStatement(statement, this.globals);
  }

  /**
   * Runs what the module defines but never calls, as a reader would read it: a model built in `def
   * build_model(): ...` that nothing calls (a helper for a notebook, a `build_fn` handed to a wrapper, a
   * `main` started by a launcher) is still the program's model. Functions run once with unknown arguments;
   * classes never instantiated get an instance (unknown arguments), whose uncalled methods then run. Roots
   * first (definitions no other function mentions), so a helper runs inside its caller rather than alone.
   */
  runEntryPoints(): void {
    const pending = this.definitions.filter((d) => !this.wasRun(d));
    const mentioned = mentionedNames(this.definitions);
    const roots = pending.filter((d) => !mentioned.has(d.name));
    for (const definition of [...roots, ...pending.filter((d) => !roots.includes(d))]) {
      if (this.wasRun(definition)) continue;
      const site: CallSite = { node: definition.node, span: this.state.span(definition.node) };
      if (definition.kind === "function") {
        this.state.note(`function '${definition.name}' is never called: analysed with unknown arguments`, definition.node);
        this.callFunction(definition.fn, emptyArgs(), site);
        continue;
      }
      this.state.note(`class '${definition.name}' is never instantiated: analysed with unknown arguments`, definition.node);
      const instance = this.instantiate(definition.cls, emptyArgs(), site);
      if (instance.t !== "instance") continue;
      for (const [name, method] of definition.cls.methods) {
        if (method.t !== "func" || name.startsWith("__") || this.called.has(method.fn.node)) continue;
        this.callFunction({ ...method.fn, self: instance }, emptyArgs(), site);
      }
    }
  }

  private wasRun(definition: Definition): boolean {
    return definition.kind === "function" ? this.called.has(definition.fn.node) : this.instantiated.has(definition.cls);
  }

  execBlock(statements: Node[], scope: Scope): Completion {
    for (const statement of statements) {
      const completion = this.execStatement(statement, scope);
      if (completion.kind !== "normal") return completion;
    }
    return NORMAL;
  }

  private execBody(node: Node | null, scope: Scope): Completion {
    if (!node) return NORMAL;
    return node.type === "block" ? this.execBlock(node.namedChildren, scope) : this.execStatement(node, scope);
  }

  execStatement(node: Node, scope: Scope): Completion {
    this.state.step();
    switch (node.type) {
      case "expression_statement":
        for (const child of node.namedChildren) this.evalStatementExpression(child, scope);
        return NORMAL;
      case "import_statement":
        this.execImport(node, scope);
        return NORMAL;
      case "import_from_statement":
        this.execImportFrom(node, scope);
        return NORMAL;
      case "function_definition":
        this.defineFunction(node, scope);
        return NORMAL;
      case "class_definition":
        this.defineClass(node, scope);
        return NORMAL;
      case "decorated_definition": {
        const definition = node.childForFieldName("definition");
        return definition ? this.execStatement(definition, scope) : NORMAL;
      }
      case "if_statement":
        return this.execIf(node, scope);
      case "for_statement":
        return this.execFor(node, scope);
      case "while_statement":
        return this.execWhile(node, scope);
      case "with_statement":
        return this.execWith(node, scope);
      case "try_statement":
        return this.execTry(node, scope);
      case "return_statement": {
        const child = node.namedChildren[0];
        return { kind: "return", value: child ? this.eval(child, scope) : NONE };
      }
      case "break_statement":
        return { kind: "break" };
      case "continue_statement":
        return { kind: "continue" };
      case "global_statement":
      case "nonlocal_statement":
        if (scope !== this.globals) {
          scope.globals ??= new Set();
          for (const name of node.namedChildren) if (name.type === "identifier" && node.type === "global_statement") scope.globals.add(name.text);
        }
        return NORMAL;
      case "block":
        return this.execBlock(node.namedChildren, scope);
      case "print_statement":
      case "exec_statement":
        for (const child of node.namedChildren) this.eval(child, scope);
        return NORMAL;
      case "delete_statement":
        for (const target of node.namedChildren) this.deleteTarget(target, scope);
        return NORMAL;
      case "pass_statement":
      case "assert_statement":
      case "raise_statement":
      case "future_import_statement":
      case "comment":
      case "ERROR":
        return NORMAL;
      default:
        return NORMAL;
    }
  }

  private evalStatementExpression(node: Node, scope: Scope): void {
    if (node.type === "assignment") this.execAssignment(node, scope);
    else if (node.type === "augmented_assignment") this.execAugmented(node, scope);
    else this.eval(node, scope);
  }

  private execAssignment(node: Node, scope: Scope): Value {
    const right = node.childForFieldName("right");
    const left = node.childForFieldName("left");
    if (!right) return UNKNOWN; // annotation only: `x: int`
    const value = right.type === "assignment" ? this.execAssignment(right, scope) : this.eval(right, scope);
    if (left) this.assign(left, value, scope);
    return value;
  }

  private execAugmented(node: Node, scope: Scope): void {
    const left = node.childForFieldName("left");
    const right = node.childForFieldName("right");
    const operator = node.childForFieldName("operator")?.text ?? "";
    if (!left || !right) return;
    const current = this.eval(left, scope);
    const operand = this.eval(right, scope);
    const op = operator.replace(/=$/, "");
    // In-place list extension keeps identity (`layers += [...]`).
    if (op === "+" && current.t === "list" && (operand.t === "list" || operand.t === "tuple")) {
      // Extended in a loop of unknown count (or by a list of unknown length): as with append, the list
      // keeps a few samples and forgets its length, rather than claiming the one pass seen.
      if (this.state.uncertainDepth > 0 || (operand.t === "list" && operand.unknownLength)) current.unknownLength = true;
      if (operand.t === "list" && operand.uncertainItems) current.uncertainItems = true;
      if (operand.t === "list" && operand.samplesVary) current.samplesVary = true;
      appendItems(current, operand.items);
      return;
    }
    this.assign(left, this.binary(op, current, operand, node), scope);
  }

  /** Binds a value to an assignment target (names, tuples, attributes, subscripts). */
  assign(target: Node, value: Value, scope: Scope): void {
    switch (target.type) {
      case "identifier":
        this.bindName(target.text, value, scope);
        return;
      case "pattern_list":
      case "tuple_pattern":
      case "list_pattern":
      case "tuple":
      case "list":
      case "expression_list":
        this.assignSequence(target.namedChildren, value, scope);
        return;
      case "parenthesized_expression": {
        const inner = target.namedChildren[0];
        if (inner) this.assign(inner, value, scope);
        return;
      }
      case "attribute": {
        const object = target.childForFieldName("object");
        const attribute = target.childForFieldName("attribute");
        if (!object || !attribute) return;
        const owner = this.eval(object, scope);
        if (owner.t === "instance") owner.attrs.set(attribute.text, value);
        else if (owner.t === "class") owner.cls.attrs.set(attribute.text, value);
        else this.library.setAttribute(owner, attribute.text, value);
        return;
      }
      case "subscript": {
        const object = target.childForFieldName("value");
        const index = target.childForFieldName("subscript");
        if (!object || !index) return;
        const owner = this.eval(object, scope);
        const key = this.eval(index, scope);
        assignItem(owner, key, value);
        return;
      }
      case "list_splat_pattern": {
        const inner = target.namedChildren[0];
        if (inner) this.assign(inner, value, scope);
        return;
      }
      default:
        return;
    }
  }

  /** `del x[i]` shortens a list (an unknown position leaves samples); `del d[k]` removes a key. */
  private deleteTarget(target: Node, scope: Scope): void {
    if (target.type === "expression_list") {
      for (const child of target.namedChildren) this.deleteTarget(child, scope);
      return;
    }
    if (target.type !== "subscript") return;
    const object = target.childForFieldName("value");
    const index = target.childForFieldName("subscript");
    if (!object || !index) return;
    const owner = this.eval(object, scope);
    const key = this.eval(index, scope);
    if (owner.t === "dict") {
      const k = dictKey(key);
      if (k !== undefined) owner.entries.delete(k);
    } else if (owner.t === "list") {
      const i = key.t === "num" && key.int ? (key.v < 0 ? owner.items.length + key.v : key.v) : undefined;
      if (i !== undefined && i >= 0 && i < owner.items.length && !owner.unknownLength && !owner.uncertainItems) owner.items.splice(i, 1);
      else owner.unknownLength = true;
    }
  }

  private assignSequence(targets: Node[], value: Value, scope: Scope): void {
    const items = asSequence(value);
    const starIndex = targets.findIndex((t) => t.type === "list_splat_pattern");
    if (!items) {
      for (const target of targets) this.assign(target, this.unpackUnknown(value), scope);
      return;
    }
    if (starIndex < 0) {
      targets.forEach((target, i) => this.assign(target, items[i] ?? UNKNOWN, scope));
      return;
    }
    const after = targets.length - starIndex - 1;
    targets.forEach((target, i) => {
      if (i < starIndex) this.assign(target, items[i] ?? UNKNOWN, scope);
      else if (i === starIndex) this.assign(target, list(items.slice(starIndex, items.length - after)), scope);
      else this.assign(target, items[items.length - (targets.length - i)] ?? UNKNOWN, scope);
    });
  }

  /** Unpacking a value that is not a known sequence: the parts are unknown (data stays data of unknown shape). */
  private unpackUnknown(value: Value): Value {
    if (value.t === "data") return { t: "data", facts: { transforms: [] } };
    return UNKNOWN;
  }

  bindName(name: string, value: Value, scope: Scope): void {
    const target = scope.globals?.has(name) ? this.globals : scope;
    target.vars.set(name, value);
    this.library.onBind(name, value, target === this.globals);
  }

  private lookup(name: string, scope: Scope, node: Node): Value {
    for (let s: Scope | undefined = scope; s; s = s.parent) {
      const value = s.vars.get(name);
      if (value !== undefined) return value;
    }
    if (isBuiltinName(name)) return { t: "builtin", name };
    for (const modulePath of this.starImports) {
      const exported = this.library.starExport(modulePath, name);
      if (exported) return exported;
    }
    const assumed = this.library.assumedName?.(name);
    if (assumed) return assumed;
    if (name !== "_") this.state.note(`unresolved name '${name}'`, node);
    return UNKNOWN;
  }

  // -------------------------------------------------------------------------------------- imports

  private execImport(node: Node, scope: Scope): void {
    for (const child of node.namedChildren) {
      if (child.type === "dotted_name") {
        const first = child.namedChildren[0]?.text;
        if (first) this.bindName(first, { t: "ref", path: first }, scope);
      } else if (child.type === "aliased_import") {
        const name = child.childForFieldName("name")?.text;
        const alias = child.childForFieldName("alias")?.text;
        if (name && alias) this.bindName(alias, { t: "ref", path: name }, scope);
      }
    }
  }

  private execImportFrom(node: Node, scope: Scope): void {
    const moduleNode = node.childForFieldName("module_name");
    if (!moduleNode) return;
    const modulePath = this.kerasAliasedModule(moduleNode.text.replace(/\s+/g, ""), scope);
    for (const child of node.namedChildren) {
      if (child === moduleNode) continue;
      if (child.type === "wildcard_import") {
        this.starImports.push(modulePath);
      } else if (child.type === "dotted_name") {
        this.bindName(child.text, this.importedName(modulePath, child.text), scope);
      } else if (child.type === "aliased_import") {
        const name = child.childForFieldName("name")?.text;
        const alias = child.childForFieldName("alias")?.text;
        if (name && alias) this.bindName(alias, this.importedName(modulePath, name), scope);
      }
    }
  }

  /** A name imported from a module: the library's, or (from a module no library model knows) its framework's well-known name. */
  private importedName(modulePath: string, name: string): Value {
    return this.library.importFromUnknownModule?.(modulePath, name) ?? { t: "ref", path: `${modulePath}.${name}` };
  }

  /**
   * `from keras import layers` after the program bound `keras` to TensorFlow's Keras (`from tensorflow
   * import keras`): the author treats the two as one library, and such code only runs where they are one
   * (Keras 2.4 and later), so the import is read as tf.keras rather than as a second, standalone package.
   */
  private kerasAliasedModule(modulePath: string, scope: Scope): string {
    if (!/^keras(\.|$)/.test(modulePath)) return modulePath;
    let bound: Value | undefined;
    for (let s: Scope | undefined = scope; s && bound === undefined; s = s.parent) bound = s.vars.get("keras");
    if (bound?.t !== "ref" || packageOfPath(bound.path) !== "tf.keras") return modulePath;
    return bound.path + modulePath.slice("keras".length);
  }

  // ------------------------------------------------------------------------------ functions/classes

  private defineFunction(node: Node, scope: Scope): void {
    const name = node.childForFieldName("name")?.text;
    if (!name) return;
    const fn: PyFunction = { name, node, closure: scope, defaults: this.evalDefaults(node.childForFieldName("parameters"), scope) };
    this.bindName(name, { t: "func", fn }, scope);
    if (scope === this.globals) this.definitions.push({ kind: "function", name, fn, node });
  }

  private evalDefaults(parameters: Node | null, scope: Scope): Map<string, Value> {
    const defaults = new Map<string, Value>();
    if (!parameters) return defaults;
    for (const p of parameters.namedChildren) {
      if (p.type === "default_parameter" || p.type === "typed_default_parameter") {
        const name = p.childForFieldName("name")?.text;
        const value = p.childForFieldName("value");
        if (name && value) defaults.set(name, this.eval(value, scope));
      }
    }
    return defaults;
  }

  private defineClass(node: Node, scope: Scope): void {
    const name = node.childForFieldName("name")?.text;
    if (!name) return;
    const bases = (node.childForFieldName("superclasses")?.namedChildren ?? [])
      .filter((b) => b.type !== "keyword_argument")
      .map((b) => this.eval(b, scope));
    const cls: PyClass = { name, bases, methods: new Map(), attrs: new Map(), span: this.state.span(node) };
    for (const base of bases) {
      const kerasBase = base.t === "class" ? base.cls.kerasBase : this.library.kerasBaseOf(base);
      if (kerasBase) cls.kerasBase = kerasBase;
    }
    // The class body runs in its own scope; functions defined there become methods.
    const classScope: Scope = { vars: new Map(), parent: scope };
    const body = node.childForFieldName("body");
    if (body) this.execBlock(body.namedChildren, classScope);
    for (const [key, value] of classScope.vars) {
      if (value.t === "func") cls.methods.set(key, value);
      else cls.attrs.set(key, value);
    }
    // Annotated class attributes (`units: int = 64`) are the fields a dataclass's generated __init__ takes.
    cls.fields = (body?.namedChildren ?? [])
      .map((statement) => statement.type === "expression_statement" ? statement.namedChildren[0] : undefined)
      .filter((a): a is Node => a?.type === "assignment" && a.childForFieldName("type") !== null && a.childForFieldName("left")?.type === "identifier")
      .map((a) => a.childForFieldName("left")!.text);
    this.bindName(name, { t: "class", cls }, scope);
    if (scope === this.globals) this.definitions.push({ kind: "class", name, cls, node });
  }

  /** A method or attribute looked up on a class and its user-defined bases. */
  findClassMember(cls: PyClass, name: string, depth = 0): Value | undefined {
    const own = cls.methods.get(name) ?? cls.attrs.get(name);
    if (own || depth > 8) return own;
    for (const base of cls.bases) {
      if (base.t === "class") {
        const found = this.findClassMember(base.cls, name, depth + 1);
        if (found) return found;
      }
    }
    return undefined;
  }

  private instantiate(cls: PyClass, args: CallArgs, site: CallSite): Value {
    this.instantiated.add(cls);
    const instance: Value & { t: "instance" } = { t: "instance", cls, attrs: new Map() };
    const init = this.findClassMember(cls, "__init__");
    if (cls.kerasBase) {
      this.library.instantiateKerasClass(cls, instance, args, site, this);
      return instance;
    }
    if (init?.t === "func") this.callFunction({ ...init.fn, self: instance }, args, site);
    else if (cls.fields && cls.fields.length > 0) {
      // A dataclass-style class: arguments bind to its annotated fields in order.
      cls.fields.forEach((field, i) => {
        const value = args.keywords.get(field) ?? args.positional[i];
        if (value) instance.attrs.set(field, value);
      });
    }
    return instance;
  }

  /** Calls a user function; `fn.self` is passed as the first parameter when set. */
  callFunction(fn: PyFunction, args: CallArgs, site: CallSite): Value {
    if (this.callDepth >= MAX_CALL_DEPTH) {
      this.state.note(`call depth limit reached in '${fn.name}'`, site.node);
      return UNKNOWN;
    }
    if (this.pastNestDeadline(site.node)) return UNKNOWN;
    this.called.add(fn.node);
    const body = fn.node.childForFieldName("body");
    if (!body) return UNKNOWN;
    if (fn.node.type === "function_definition" && containsYield(body)) return UNKNOWN;
    const local: Scope = { vars: new Map(), parent: fn.closure };
    this.bindParameters(fn, args, local);
    this.callDepth++;
    try {
      return this.withNestDeadline(() => {
        if (fn.node.type === "lambda") return this.eval(body, local);
        const completion = this.execBlock(body.namedChildren, local);
        return completion.kind === "return" ? completion.value : NONE;
      });
    } finally {
      this.callDepth--;
    }
  }

  private bindParameters(fn: PyFunction, args: CallArgs, local: Scope): void {
    const parameters = fn.node.childForFieldName("parameters")?.namedChildren ?? [];
    const positional = fn.self ? [fn.self, ...args.positional] : [...args.positional];
    const used = new Set<string>();
    let index = 0;
    let keywordOnly = false;
    for (const p of parameters) {
      if (p.type === "list_splat_pattern" || p.type === "keyword_separator") {
        if (p.type === "list_splat_pattern") {
          const name = p.namedChildren[0]?.text;
          if (name) local.vars.set(name, tuple(positional.slice(index)));
        }
        index = positional.length;
        keywordOnly = true;
        continue;
      }
      if (p.type === "dictionary_splat_pattern") {
        const name = p.namedChildren[0]?.text;
        if (name) {
          const entries = new Map<string, { key: Value; value: Value }>();
          for (const [key, value] of args.keywords) if (!used.has(key)) entries.set(`s:${key}`, { key: str(key), value });
          local.vars.set(name, { t: "dict", entries });
        }
        continue;
      }
      if (p.type === "positional_separator") continue;
      const name = parameterName(p);
      if (!name) continue;
      used.add(name);
      let value: Value | undefined;
      if (!keywordOnly && index < positional.length) value = positional[index++];
      else if (args.keywords.has(name)) value = args.keywords.get(name);
      value ??= fn.defaults.get(name) ?? UNKNOWN;
      local.vars.set(name, value);
    }
  }

  // ------------------------------------------------------------------------------------- control

  private execIf(node: Node, scope: Scope): Completion {
    const clauses: { condition: Node | null; body: Node | null }[] = [
      { condition: node.childForFieldName("condition"), body: node.childForFieldName("consequence") },
    ];
    for (const alt of node.childrenForFieldName("alternative")) {
      if (alt.type === "elif_clause") clauses.push({ condition: alt.childForFieldName("condition"), body: alt.childForFieldName("consequence") });
      else clauses.push({ condition: null, body: alt.childForFieldName("body") });
    }
    let undecided = 0;
    // Undecided branches each start from the variables before the first of them; afterwards every variable
    // holds what all the paths agree on. Side effects on objects (layers added to a model) are kept, conditional.
    let before: Map<string, Value> | undefined;
    let lists: ReturnType<typeof snapshotLists> | undefined;
    const outcomes: Map<string, Value>[] = [];
    let exhaustive = false;
    for (const clause of clauses) {
      const decision = clause.condition ? truthy(this.eval(clause.condition, scope)) : true;
      if (decision === false) continue;
      if (decision === true && undecided === 0) return this.execBody(clause.body, scope);
      if (before === undefined) {
        // Taken once an undecided path is met (decided `if`s cost nothing), and counted: it copies the scope.
        before = new Map(scope.vars);
        lists = snapshotLists(scope);
        this.state.charge((4 * scopeChainSize(scope) + snapshotSize(lists)) >> 6);
      }
      this.state.conditionalDepth++;
      try {
        this.execBody(clause.body, scope);
      } finally {
        this.state.conditionalDepth--;
      }
      outcomes.push(new Map(scope.vars));
      this.restoreVars(scope, before);
      if (decision === true) {
        exhaustive = true;
        break;
      }
      undecided++;
    }
    // Every condition was false: no path ran.
    if (before === undefined || lists === undefined) return NORMAL;
    if (!exhaustive) outcomes.push(before);
    restoreJoined(scope, outcomes);
    // Lists changed in place on paths that may not have run.
    markConditionalListChanges(lists);
    // A return under an undecided condition is only one possible path: keep going.
    return NORMAL;
  }

  private restoreVars(scope: Scope, vars: Map<string, Value>): void {
    scope.vars.clear();
    for (const [name, value] of vars) scope.vars.set(name, value);
  }

  private execFor(node: Node, scope: Scope): Completion {
    const left = node.childForFieldName("left");
    const right = node.childForFieldName("right");
    const body = node.childForFieldName("body");
    if (!left || !right) return NORMAL;
    const iterable = this.eval(right, scope);
    const items = this.iterate(iterable);
    if (items === undefined) return this.runUncertainLoop(left, body, scope, node);
    return this.withNestDeadline(() => {
      const layersBefore = this.state.layersCreated;
      const limit = Math.min(items.length, MAX_LOOP_ITERATIONS);
      let i = 0;
      for (; i < limit && !this.pastNestDeadline(node); i++) {
        this.assign(left, items[i]!, scope);
        const completion = this.inLoop(() => this.execBody(body, scope));
        if (completion.kind === "break") return NORMAL;
        if (completion.kind === "return") return completion;
      }
      if (i < items.length) {
        if (i === limit) this.state.note(`loop unrolled ${limit} of ${items.length} iterations`, node);
        if (this.state.layersCreated > layersBefore) this.state.layersLost = true;
        // The iterations not unrolled still run: what they change is unknown (lists grow by samples).
        else this.runUncertainLoop(left, body, scope, node, false);
        return NORMAL;
      }
      const alternative = node.childForFieldName("alternative");
      if (alternative) return this.execBody(alternative.childForFieldName("body"), scope);
      return NORMAL;
    });
  }

  /**
   * Runs a loop or a call that no enclosing loop or call bounds yet, giving the work it nests (loops in
   * loops, calls in calls) at most half of the steps left: past that, loops stop unrolling and calls are not
   * followed, so a nest of loops that would exhaust the budget leaves the other half for the rest of the file.
   */
  private withNestDeadline<T>(run: () => T): T {
    if (this.nestDeadline !== undefined) return run();
    this.nestDeadline = this.state.steps + Math.floor((this.state.stepBudget - this.state.steps) / 2);
    try {
      return run();
    } finally {
      this.nestDeadline = undefined;
    }
  }

  /** Whether the enclosing nest went past its share of the budget (noted once per place). */
  private pastNestDeadline(node: Node): boolean {
    if (this.nestDeadline === undefined || this.state.steps <= this.nestDeadline) return false;
    this.state.budgetCut = true;
    const what = node.type === "for_statement" || node.type === "while_statement" ? "this loop stopped unrolling" : node.type.endsWith("comprehension") || node.type === "generator_expression" ? "this comprehension was sampled" : "this call was not followed";
    this.state.note(`analysis cut short: ${what} past half the remaining work budget`, node);
    return true;
  }

  private runUncertainLoop(left: Node | null, body: Node | null, scope: Scope, node: Node, noteUnknownCount = true): Completion {
    if (noteUnknownCount) this.state.note("loop over an unknown iterable: body evaluated once", node);
    const before = new Map(scope.vars);
    const lists = snapshotLists(scope);
    this.state.charge((4 * scopeChainSize(scope) + snapshotSize(lists)) >> 6);
    const targets = new Set(left ? identifiersIn(left) : []);
    if (left) this.assign(left, UNKNOWN, scope);
    this.state.uncertainDepth++;
    this.state.conditionalDepth++;
    try {
      this.inLoop(() => this.execBody(body, scope));
    } finally {
      this.state.uncertainDepth--;
      this.state.conditionalDepth--;
    }
    // The loop may have run zero times or many: keep what holds either way. Items added to lists are
    // samples; when the pass also changed other variables (a counter), later items may differ from them.
    const after = new Map(scope.vars);
    restoreJoined(scope, [before, after], true);
    markConditionalListChanges(lists, anyRebound(before, after, targets));
    return NORMAL;
  }

  private execWhile(node: Node, scope: Scope): Completion {
    const condition = node.childForFieldName("condition");
    const body = node.childForFieldName("body");
    if (!condition) return NORMAL;
    return this.withNestDeadline(() => {
      const layersBefore = this.state.layersCreated;
      for (let i = 0; i < MAX_LOOP_ITERATIONS && !this.pastNestDeadline(node); i++) {
        const decision = truthy(this.eval(condition, scope));
        if (decision === false) return NORMAL;
        if (decision === undefined) return this.runUncertainLoop(null, body, scope, node);
        const completion = this.inLoop(() => this.execBody(body, scope));
        if (completion.kind === "break") return NORMAL;
        if (completion.kind === "return") return completion;
      }
      if (!this.state.budgetCut) this.state.note("while loop cut short", node);
      if (this.state.layersCreated > layersBefore) this.state.layersLost = true;
      else this.runUncertainLoop(null, body, scope, node, false);
      return NORMAL;
    });
  }

  private inLoop<T>(run: () => T): T {
    this.state.loopDepth++;
    try {
      return run();
    } finally {
      this.state.loopDepth--;
    }
  }

  private execWith(node: Node, scope: Scope): Completion {
    for (const clause of node.namedChildren.filter((c) => c.type === "with_clause")) {
      for (const item of clause.namedChildren) {
        const value = item.childForFieldName("value") ?? item.namedChildren[0];
        if (!value) continue;
        if (value.type === "as_pattern") {
          const expr = value.namedChildren[0];
          const alias = value.childForFieldName("alias") ?? value.namedChildren[1];
          const v = expr ? this.eval(expr, scope) : UNKNOWN;
          const target = alias?.type === "as_pattern_target" ? alias.namedChildren[0] : alias;
          if (target) this.assign(target, v, scope);
        } else {
          this.eval(value, scope);
        }
      }
    }
    return this.execBody(node.childForFieldName("body"), scope);
  }

  private execTry(node: Node, scope: Scope): Completion {
    const completion = this.execBody(node.childForFieldName("body"), scope);
    if (completion.kind !== "normal") return completion;
    for (const child of node.namedChildren) {
      if (child.type === "else_clause") {
        const c = this.execBody(child.childForFieldName("body"), scope);
        if (c.kind !== "normal") return c;
      } else if (child.type === "finally_clause") {
        const block = child.namedChildren.find((n) => n.type === "block");
        const c = this.execBody(block ?? null, scope);
        if (c.kind !== "normal") return c;
      }
    }
    return NORMAL;
  }

  // ----------------------------------------------------------------------------------- expressions

  eval(node: Node, scope: Scope): Value {
    this.state.step();
    // Absurdly nested expressions (thousands of parentheses) would overflow the JavaScript stack.
    if (this.evalDepth >= MAX_EXPRESSION_DEPTH) return UNKNOWN;
    this.evalDepth++;
    try {
      return this.evalNode(node, scope);
    } finally {
      this.evalDepth--;
    }
  }

  private evalNode(node: Node, scope: Scope): Value {
    switch (node.type) {
      case "identifier":
        return this.lookup(node.text, scope, node);
      case "integer":
        return parseInteger(node.text);
      case "float":
        return parseFloatLiteral(node.text);
      case "true":
        return bool(true);
      case "false":
        return bool(false);
      case "none":
        return NONE;
      case "ellipsis":
        return { t: "ellipsis" };
      case "string":
        return this.evalString(node, scope);
      case "concatenated_string": {
        let text = "";
        for (const part of node.namedChildren) {
          const v = this.evalString(part, scope);
          if (v.t !== "str" || text.length + v.v.length > MAX_STRING) return UNKNOWN;
          text += v.v;
        }
        return str(text);
      }
      case "parenthesized_expression": {
        const inner = node.namedChildren.find((c) => c.type !== "comment");
        return inner ? this.eval(inner, scope) : tuple([]);
      }
      case "tuple":
      case "expression_list": {
        const items = this.evalItems(node.namedChildren, scope);
        return items.length > MAX_ITEMS ? UNKNOWN : tuple(items);
      }
      case "list":
        return boundedList(this.evalItems(node.namedChildren, scope));
      case "set": {
        const items = this.evalItems(node.namedChildren, scope);
        return items.length > MAX_ITEMS ? sampledList(items, false) : setOf(items);
      }
      case "dictionary":
        return this.evalDict(node, scope);
      case "attribute":
        return this.evalAttribute(node, scope);
      case "subscript":
        return this.evalSubscript(node, scope);
      case "slice":
        return this.evalSlice(node, scope);
      case "call":
        return this.evalCall(node, scope);
      case "binary_operator": {
        const left = node.childForFieldName("left");
        const right = node.childForFieldName("right");
        const op = node.childForFieldName("operator")?.text ?? "";
        if (!left || !right) return UNKNOWN;
        return this.binary(op, this.eval(left, scope), this.eval(right, scope), node);
      }
      case "unary_operator": {
        const argument = node.childForFieldName("argument");
        const op = node.childForFieldName("operator")?.text ?? "";
        if (!argument) return UNKNOWN;
        const value = this.eval(argument, scope);
        return unaryConstant(op, value) ?? this.library.binary(`unary${op}`, value, UNKNOWN, node) ?? UNKNOWN;
      }
      case "not_operator": {
        const argument = node.childForFieldName("argument");
        const t = argument ? truthy(this.eval(argument, scope)) : undefined;
        return t === undefined ? UNKNOWN : bool(!t);
      }
      case "boolean_operator":
        return this.evalBoolean(node, scope);
      case "comparison_operator":
        return this.evalComparison(node, scope);
      case "conditional_expression": {
        const [a, condition, b] = node.namedChildren;
        if (!a || !condition || !b) return UNKNOWN;
        const decision = truthy(this.eval(condition, scope));
        if (decision === true) return this.eval(a, scope);
        if (decision === false) return this.eval(b, scope);
        return joinValues(this.eval(a, scope), this.eval(b, scope));
      }
      case "lambda":
        return { t: "func", fn: { name: "<lambda>", node, closure: scope, defaults: this.evalDefaults(node.childForFieldName("parameters"), scope) } };
      case "list_comprehension":
      case "generator_expression":
      case "set_comprehension":
        return this.evalComprehension(node, scope);
      case "dictionary_comprehension":
        return UNKNOWN;
      case "named_expression": {
        const name = node.childForFieldName("name");
        const value = node.childForFieldName("value");
        const v = value ? this.eval(value, scope) : UNKNOWN;
        if (name) this.assign(name, v, scope);
        return v;
      }
      case "keyword_argument": {
        const value = node.childForFieldName("value");
        return value ? this.eval(value, scope) : UNKNOWN;
      }
      case "assignment":
        return this.execAssignment(node, scope);
      case "augmented_assignment":
        this.execAugmented(node, scope);
        return NONE;
      case "list_splat":
      case "dictionary_splat":
      case "await":
      case "yield":
        for (const child of node.namedChildren) this.eval(child, scope);
        return UNKNOWN;
      default:
        return UNKNOWN;
    }
  }

  private evalItems(nodes: Node[], scope: Scope): Value[] {
    const items: Value[] = [];
    for (const child of nodes) {
      if (child.type === "comment") continue;
      if (child.type === "list_splat") {
        const inner = child.namedChildren[0];
        const v = inner ? this.eval(inner, scope) : UNKNOWN;
        const seq = this.iterate(v);
        if (seq) for (const item of seq) items.push(item);
        else items.push(UNKNOWN);
        continue;
      }
      items.push(this.eval(child, scope));
    }
    return items;
  }

  private evalDict(node: Node, scope: Scope): Value {
    const entries = new Map<string, { key: Value; value: Value }>();
    for (const child of node.namedChildren) {
      if (child.type === "pair") {
        const keyNode = child.childForFieldName("key");
        const valueNode = child.childForFieldName("value");
        const key = keyNode ? this.eval(keyNode, scope) : UNKNOWN;
        const value = valueNode ? this.eval(valueNode, scope) : UNKNOWN;
        const k = dictKey(key);
        if (k !== undefined) entries.set(k, { key, value });
      } else if (child.type === "dictionary_splat") {
        const inner = child.namedChildren[0];
        const v = inner ? this.eval(inner, scope) : UNKNOWN;
        if (v.t === "dict") for (const [k, e] of v.entries) entries.set(k, e);
      }
    }
    return { t: "dict", entries };
  }

  private evalString(node: Node, scope: Scope): Value {
    if (node.type !== "string") return this.eval(node, scope);
    const start = node.children[0]?.text ?? "";
    const prefix = start.replace(/["']+$/, "").toLowerCase();
    const raw = prefix.includes("r");
    const isBytes = prefix.includes("b");
    let text = "";
    let known = true;
    for (const child of node.children) {
      if (child.type === "string_content") text += raw ? child.text : unescape(child.text);
      else if (child.type === "escape_sequence") text += raw ? child.text : unescape(child.text);
      else if (child.type === "interpolation") {
        const expression = child.childForFieldName("expression") ?? child.namedChildren[0];
        const value = expression ? this.eval(expression, scope) : UNKNOWN;
        const specNode = child.namedChildren.find((c) => c.type === "format_specifier");
        const spec = specNode ? specNode.text.replace(/^:/, "") : "";
        const formatted = formatValue(value, spec);
        if (formatted === undefined) known = false;
        else text += formatted;
      }
      if (text.length > MAX_STRING) return UNKNOWN;
    }
    if (!known) return UNKNOWN;
    return isBytes ? { t: "str", v: text } : str(text);
  }

  private evalAttribute(node: Node, scope: Scope): Value {
    const objectNode = node.childForFieldName("object");
    const name = node.childForFieldName("attribute")?.text;
    if (!objectNode || !name) return UNKNOWN;
    const object = this.eval(objectNode, scope);
    return this.getAttribute(object, name, node);
  }

  getAttribute(object: Value, name: string, node: Node): Value {
    switch (object.t) {
      case "ref":
        return this.library.refAttribute(object.path, name) ?? { t: "ref", path: `${object.path}.${name}` };
      case "instance": {
        const own = object.attrs.get(name);
        if (own) return own;
        const member = this.findClassMember(object.cls, name);
        if (member?.t === "func") return { t: "func", fn: { ...member.fn, self: object } };
        if (member) return member;
        const fromLibrary = this.library.getAttribute(object, name, node);
        return fromLibrary ?? { t: "method", self: object, name };
      }
      case "class": {
        const member = this.findClassMember(object.cls, name);
        return member ?? UNKNOWN;
      }
      case "unknown":
        return UNKNOWN;
      default: {
        const fromLibrary = this.library.getAttribute(object, name, node);
        return fromLibrary ?? { t: "method", self: object, name };
      }
    }
  }

  private evalSubscript(node: Node, scope: Scope): Value {
    const valueNode = node.childForFieldName("value");
    if (!valueNode) return UNKNOWN;
    const object = this.eval(valueNode, scope);
    const indexNodes = node.childrenForFieldName("subscript");
    const indexes = indexNodes.map((n) => this.eval(n, scope));
    const index = indexes.length === 1 ? indexes[0]! : tuple(indexes);
    const result = subscriptConstant(object, index) ?? this.library.subscript(object, index, node) ?? UNKNOWN;
    this.state.charge(sizeWork(result));
    return result;
  }

  private evalSlice(node: Node, scope: Scope): Value {
    const parts: (Value | undefined)[] = [undefined, undefined, undefined];
    let position = 0;
    for (const child of node.children) {
      if (child.type === ":") position++;
      else if (child.isNamed && child.type !== "comment") parts[position] = this.eval(child, scope);
    }
    return { t: "slice", start: parts[0] ?? NONE, stop: parts[1] ?? NONE, step: parts[2] ?? NONE };
  }

  private evalBoolean(node: Node, scope: Scope): Value {
    const left = node.childForFieldName("left");
    const right = node.childForFieldName("right");
    const op = node.childForFieldName("operator")?.text;
    if (!left || !right) return UNKNOWN;
    const a = this.eval(left, scope);
    const ta = truthy(a);
    if (op === "and") {
      if (ta === false) return a;
      const b = this.eval(right, scope);
      return ta === true ? b : UNKNOWN;
    }
    if (ta === true) return a;
    const b = this.eval(right, scope);
    return ta === false ? b : UNKNOWN;
  }

  private evalComparison(node: Node, scope: Scope): Value {
    const operands = node.namedChildren.filter((c) => c.type !== "comment");
    const operators = node.childrenForFieldName("operators").map((c) => c.type);
    const values = operands.map((o) => this.eval(o, scope));
    this.state.charge(values.reduce((work, v) => work + sizeWork(v), 0));
    // Element-wise comparisons of arrays (`x > 0.5`) give arrays: the library model knows their facts.
    if (values.length === 2 && operators.length === 1 && (values[0]!.t === "data" || values[1]!.t === "data")) {
      return this.library.binary(operators[0]!, values[0]!, values[1]!, node) ?? UNKNOWN;
    }
    let result: boolean | undefined = true;
    for (let i = 0; i < operators.length && i + 1 < values.length; i++) {
      const r = compareValues(operators[i]!, values[i]!, values[i + 1]!);
      if (r === false) return bool(false);
      if (r === undefined) result = undefined;
    }
    return result === undefined ? UNKNOWN : bool(result);
  }

  private evalComprehension(node: Node, scope: Scope): Value {
    const body = node.childForFieldName("body");
    if (!body) return UNKNOWN;
    const clauses = node.namedChildren.filter((c) => c.type === "for_in_clause" || c.type === "if_clause");
    const local: Scope = { vars: new Map(), parent: scope };
    const results: Value[] = [];
    let known = true;
    let sampled = false;
    // Cut short at the work budget: the items not visited may give other values.
    let cut = false;
    const run = (i: number): void => {
      if (!known) return;
      if (i >= clauses.length) {
        results.push(this.eval(body, local));
        return;
      }
      const clause = clauses[i]!;
      if (clause.type === "if_clause") {
        const condition = clause.namedChildren[0];
        const t = condition ? truthy(this.eval(condition, local)) : undefined;
        if (t === undefined) known = false;
        else if (t) run(i + 1);
        return;
      }
      const left = clause.childForFieldName("left");
      const right = clause.childForFieldName("right");
      if (!left || !right) {
        known = false;
        return;
      }
      const items = this.iterate(this.eval(right, local));
      if (!items || items.length > MAX_LOOP_ITERATIONS * 16 || this.pastNestDeadline(node)) {
        // Unknown count: evaluate the body once on an unknown item, as a sample of what the list holds.
        sampled = true;
        this.assign(left, UNKNOWN, local);
        this.state.uncertainDepth++;
        try {
          run(i + 1);
        } finally {
          this.state.uncertainDepth--;
        }
        return;
      }
      for (const item of items) {
        if (this.pastNestDeadline(node)) {
          sampled = true;
          cut = true;
          return;
        }
        this.assign(left, item, local);
        run(i + 1);
      }
    };
    // A comprehension is a loop (a session run inside one runs many times).
    this.state.loopDepth++;
    try {
      this.withNestDeadline(() => run(0));
    } finally {
      this.state.loopDepth--;
    }
    // Every value the body gave is a sample (outer loops may make them differ).
    if ((sampled || results.length > MAX_ITEMS) && results.length > 0) return sampledList(results, cut);
    if (!known || sampled) return UNKNOWN;
    return node.type === "set_comprehension" ? setOf(results) : list(results);
  }

  /** The items a value iterates over, when known. */
  iterate(value: Value): Value[] | undefined {
    switch (value.t) {
      case "list":
        return value.unknownLength ? undefined : value.items;
      case "tuple":
        return value.items;
      case "str":
        // A string longer than a list may be is iterated as something of unknown length.
        return value.v.length > MAX_ITEMS ? undefined : [...value.v].map(str);
      case "dict":
        return [...value.entries.values()].map((e) => e.key);
      default:
        return undefined;
    }
  }

  binary(op: string, left: Value, right: Value, node: Node): Value {
    const result = binaryConstant(op, left, right) ?? this.library.binary(op, left, right, node) ?? UNKNOWN;
    this.state.charge(sizeWork(left) + sizeWork(right) + sizeWork(result));
    return result;
  }

  // ------------------------------------------------------------------------------------------ calls

  private evalCall(node: Node, scope: Scope): Value {
    const functionNode = node.childForFieldName("function");
    const argumentsNode = node.childForFieldName("arguments");
    if (!functionNode) return UNKNOWN;
    const callee = this.eval(functionNode, scope);
    const args = this.evalArguments(argumentsNode, scope);
    return this.call(callee, args, { node, span: this.state.span(node) });
  }

  evalArguments(node: Node | null, scope: Scope): CallArgs {
    const args: CallArgs = { positional: [], keywords: new Map(), positionalNodes: [], keywordNodes: new Map(), opaqueSplat: false };
    if (!node) return args;
    if (node.type === "generator_expression") {
      args.positional.push(this.eval(node, scope));
      args.positionalNodes.push(node);
      return args;
    }
    for (const child of node.namedChildren) {
      if (child.type === "comment") continue;
      if (child.type === "keyword_argument") {
        const name = child.childForFieldName("name")?.text;
        const valueNode = child.childForFieldName("value");
        if (!name || !valueNode) continue;
        args.keywords.set(name, this.eval(valueNode, scope));
        args.keywordNodes.set(name, valueNode);
      } else if (child.type === "list_splat") {
        const inner = child.namedChildren[0];
        const v = inner ? this.eval(inner, scope) : UNKNOWN;
        const items = this.iterate(v);
        if (items) {
          for (const item of items) {
            args.positional.push(item);
            args.positionalNodes.push(undefined);
          }
        } else args.opaqueSplat = true;
      } else if (child.type === "dictionary_splat") {
        const inner = child.namedChildren[0];
        const v = inner ? this.eval(inner, scope) : UNKNOWN;
        if (v.t === "dict") {
          for (const { key, value } of v.entries.values()) if (key.t === "str") args.keywords.set(key.v, value);
        } else args.opaqueSplat = true;
      } else {
        args.positional.push(this.eval(child, scope));
        args.positionalNodes.push(child);
      }
    }
    return args;
  }

  /** A built-in or library call's result, after counting the work its values' sizes stand for (it may walk them). */
  private charged(args: CallArgs, self: Value | undefined, result: Value): Value {
    let work = sizeWork(self) + sizeWork(result);
    for (const arg of args.positional) work += sizeWork(arg);
    for (const arg of args.keywords.values()) work += sizeWork(arg);
    this.state.charge(work);
    return result;
  }

  call(callee: Value, args: CallArgs, site: CallSite): Value {
    switch (callee.t) {
      case "func":
        return this.callFunction(callee.fn, args, site);
      case "class":
        return this.instantiate(callee.cls, args, site);
      case "builtin":
        return this.charged(args, undefined, callBuiltin(callee.name, args, this, site) ?? UNKNOWN);
      case "ref":
        return this.charged(args, undefined, this.library.callRef(callee.path, args, site) ?? UNKNOWN);
      case "method": {
        const result = callBuiltinMethod(callee.self, callee.name, args, this) ?? this.library.callMethod(callee.self, callee.name, args, site) ?? UNKNOWN;
        return this.charged(args, callee.self, result);
      }
      case "instance": {
        const callMethod = this.findClassMember(callee.cls, "__call__") ?? (callee.cls.kerasBase ? undefined : undefined);
        if (callMethod?.t === "func") return this.callFunction({ ...callMethod.fn, self: callee }, args, site);
        return this.library.callObject(callee, args, site) ?? UNKNOWN;
      }
      default:
        return this.library.callObject(callee, args, site) ?? UNKNOWN;
    }
  }
}

/** The variables of a scope and its parents (what copying and joining it walks). */
function scopeChainSize(scope: Scope): number {
  let size = 0;
  for (let s: Scope | undefined = scope; s; s = s.parent) size += s.vars.size;
  return size;
}

function emptyArgs(): CallArgs {
  return { positional: [], keywords: new Map(), positionalNodes: [], keywordNodes: new Map(), opaqueSplat: false };
}

/** A module-level function or class, with its definition. */
type Definition = { kind: "function"; name: string; fn: PyFunction; node: Node } | { kind: "class"; name: string; cls: PyClass; node: Node };

/** Names mentioned (as identifiers) inside the bodies of the given definitions, excluding each one's own name. */
function mentionedNames(definitions: readonly Definition[]): Set<string> {
  const names = new Set<string>();
  for (const definition of definitions) {
    const root = definition.node.childForFieldName("body");
    const stack: Node[] = root ? [root] : [];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node.type === "identifier" && node.text !== definition.name) names.add(node.text);
      for (const child of node.namedChildren) stack.push(child);
    }
  }
  return names;
}

/** The names a loop target binds (`i`, `(x, y)`). */
function identifiersIn(target: Node): string[] {
  if (target.type === "identifier") return [target.text];
  return target.namedChildren.flatMap(identifiersIn);
}

function parameterName(p: Node): string | undefined {
  if (p.type === "identifier") return p.text;
  if (p.type === "default_parameter" || p.type === "typed_default_parameter") return p.childForFieldName("name")?.text;
  if (p.type === "typed_parameter") return p.namedChildren.find((c) => c.type === "identifier")?.text;
  return undefined;
}

const yieldCache = new WeakMap<Node, boolean>();

/** Whether a function body is a generator's (a `yield` outside nested functions); cached per body. */
function containsYield(body: Node): boolean {
  const cached = yieldCache.get(body);
  if (cached !== undefined) return cached;
  const found = findYield(body);
  yieldCache.set(body, found);
  return found;
}

function findYield(body: Node): boolean {
  const stack: Node[] = [body];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === "yield") return true;
    if (node.type === "function_definition" || node.type === "lambda" || node.type === "class_definition") {
      if (node !== body) continue;
    }
    for (const child of node.namedChildren) stack.push(child);
  }
  return false;
}

function parseInteger(text: string): Value {
  const clean = text.replace(/_/g, "").replace(/[lL]$/, "");
  let value: number;
  if (/^0[xX]/.test(clean)) value = parseInt(clean.slice(2), 16);
  else if (/^0[oO]/.test(clean)) value = parseInt(clean.slice(2), 8);
  else if (/^0[bB]/.test(clean)) value = parseInt(clean.slice(2), 2);
  else if (/[jJ]$/.test(clean)) return UNKNOWN;
  else value = parseInt(clean, 10);
  return Number.isFinite(value) ? int(value) : UNKNOWN;
}

function parseFloatLiteral(text: string): Value {
  const clean = text.replace(/_/g, "");
  if (/[jJ]$/.test(clean)) return UNKNOWN;
  const value = Number(clean);
  return Number.isFinite(value) ? num(value, false) : UNKNOWN;
}

function unescape(text: string): string {
  return text.replace(/\\(n|t|r|\\|'|"|0)/g, (_m, c: string) => ({ n: "\n", t: "\t", r: "\r", "\\": "\\", "'": "'", '"': '"', "0": "\0" })[c] ?? c);
}

