/**
 * Argument binding driven by signature tables (data, like Pyright's stubs): a library function's positional
 * parameters in order, and the spellings each parameter goes by. Binding turns a call's arguments into values
 * keyed by the parameter's canonical name, so library models read `bound.value("units")` and never count
 * positions themselves.
 */
import type { CallArgs } from "../state.js";
import { NONE, bool, num, str, type Value } from "../values.js";
import type { ArgRef } from "./args.js";

/** A parameter: its canonical name, and the keyword the framework spells it with when that differs. */
export interface Parameter {
  /** The name library models read (the current Keras keyword, e.g. `units`, `kernel_initializer`). */
  name: string;
  /** The keyword as this framework writes it (`num_outputs` for `units` in `tf.contrib.layers`). */
  keyword: string;
}

export interface Signature {
  /** Parameters that may be passed by position, in order. Later parameters are keyword-only (or ambiguous across versions). */
  positional: Parameter[];
  /** Framework defaults by canonical name, for parameters whose default the library models rely on. */
  defaults: ReadonlyMap<string, Value>;
  /** Other spellings by which keywords reach a canonical name (`output_dim` → `units`, `border_mode` → `padding`). */
  aliases: ReadonlyMap<string, string>;
}

/**
 * A signature from a compact text: parameters separated by spaces, each `name` or `keyword:name` (the
 * framework's keyword, then the canonical name it stands for), optionally `=default` (a Python literal:
 * a number, `'text'`, `None`, `True`, `False`). A `*` ends the positional parameters; those after it are
 * keyword-only and listed for their spelling or default. Aliases map more keyword spellings to canonical names.
 */
export function signature(text: string, aliases: Readonly<Record<string, string>> = {}): Signature {
  const positional: Parameter[] = [];
  const defaults = new Map<string, Value>();
  const aliasMap = new Map(Object.entries(aliases));
  let keywordOnly = false;
  for (const token of text.split(/\s+/).filter((t) => t.length > 0)) {
    if (token === "*") {
      keywordOnly = true;
      continue;
    }
    const [head, literal] = token.includes("=") ? [token.slice(0, token.indexOf("=")), token.slice(token.indexOf("=") + 1)] : [token, undefined];
    const [keyword, name] = head.includes(":") ? (head.split(":") as [string, string]) : [head, head];
    if (!keywordOnly) positional.push({ name, keyword });
    if (keyword !== name && !aliasMap.has(keyword)) aliasMap.set(keyword, name);
    if (literal !== undefined) defaults.set(name, parseLiteral(literal));
  }
  return { positional, defaults, aliases: aliasMap };
}

function parseLiteral(text: string): Value {
  if (text === "None") return NONE;
  if (text === "True" || text === "False") return bool(text === "True");
  if (/^'.*'$/.test(text)) return str(text.slice(1, -1));
  const n = Number(text);
  if (Number.isFinite(n)) return num(n, /^-?\d+$/.test(text));
  throw new Error(`signature default is not a literal: ${text}`);
}

/** A signature extended with more aliases (a family's common spellings on top of one function's own). */
export function withAliases(base: Signature, aliases: Readonly<Record<string, string>>): Signature {
  const merged = new Map(base.aliases);
  for (const [k, v] of Object.entries(aliases)) if (!merged.has(k)) merged.set(k, v);
  return { positional: base.positional, defaults: base.defaults, aliases: merged };
}

/** A call's arguments bound to a signature: values by canonical parameter name. */
export class BoundArgs {
  private readonly byName = new Map<string, ArgRef>();
  /** Canonical name of each keyword the call wrote, by its spelling. */
  private readonly keywordNames = new Map<string, string>();
  /** Positional arguments beyond the table's positional parameters (their meaning is not known). */
  readonly surplus: Value[] = [];

  constructor(
    readonly args: CallArgs,
    readonly signature: Signature,
  ) {
    args.positional.forEach((value, i) => {
      const param = signature.positional[i];
      if (!param) {
        this.surplus.push(value);
        return;
      }
      const node = args.positionalNodes[i];
      this.byName.set(param.name, node ? { value, node } : { value });
    });
    const positionalNames = new Map(signature.positional.map((p) => [p.keyword, p.name]));
    // Keywords win over positions, as Python would raise on both; the canonical spelling wins over an alias.
    for (const [keyword, value] of args.keywords) {
      const name = positionalNames.get(keyword) ?? signature.aliases.get(keyword) ?? keyword;
      this.keywordNames.set(keyword, name);
      const previous = this.byName.get(name);
      if (previous?.keyword !== undefined && previous.keyword === name && keyword !== name) continue;
      const node = args.keywordNodes.get(keyword);
      this.byName.set(name, node ? { value, node, keyword } : { value, keyword });
    }
  }

  /** The argument bound to a canonical parameter name, when given. */
  get(name: string): ArgRef | undefined {
    return this.byName.get(name);
  }

  /**
   * The argument's value, or the signature's default when the call does not give it (unless an opaque
   * `*args`/`**kwargs` may have given it: then it is unknown).
   */
  value(name: string): Value | undefined {
    const given = this.byName.get(name);
    if (given) return given.value;
    return this.args.opaqueSplat ? undefined : this.signature.defaults.get(name);
  }

  /** Whether the call gives the argument (by position or keyword). */
  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** Keywords written in the call, with the canonical name each binds to. */
  keywords(): { keyword: string; name: string; value: Value }[] {
    return [...this.args.keywords].map(([keyword, value]) => ({ keyword, name: this.keywordNames.get(keyword) ?? keyword, value }));
  }

  /** A `*args`/`**kwargs` of unknown content was passed: an absent parameter may still have been given. */
  get opaqueSplat(): boolean {
    return this.args.opaqueSplat;
  }
}

export function bind(sig: Signature, args: CallArgs): BoundArgs {
  return new BoundArgs(args, sig);
}
