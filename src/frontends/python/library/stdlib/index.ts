/**
 * The other Python libraries programs use around training: argparse (its defaults are the program's
 * hyperparameters), absl's launcher, the seeds of `random` and `torch`, and pandas readers (tables of unknown
 * contents).
 */
import type { CallArgs, CallSite } from "../../state.js";
import { NONE, asString, list, tuple, type PyClass, type Value } from "../../values.js";
import { argValue } from "../args.js";
import { dataValue } from "../numpy/data.js";
import type { LibraryContext, PackageModel } from "../package.js";

const SEEDS = new Set(["random.seed", "torch.manual_seed"]);

export class PythonLibrariesModel implements PackageModel {
  constructor(private readonly context: LibraryContext) {}

  callPath(canonical: string, _path: string, args: CallArgs, site: CallSite): Value | undefined {
    if (canonical === "absl.app.run") return this.context.runMain(argValue(args, 0, "main"), site);
    if (SEEDS.has(canonical)) {
      this.context.state.seedSet = true;
      return NONE;
    }
    if (canonical === "argparse.ArgumentParser") return { t: "argparser", defaults: new Map() };
    // pandas readers give a table: rank 2, size and contents unknown.
    if (/^pandas\.read_/.test(canonical)) return dataValue({ shape: [null, null], transforms: [] });
    return undefined;
  }

  callMethod(self: Value, name: string, args: CallArgs, site: CallSite): Value | undefined {
    return self.t === "argparser" ? argparseMethod(self, name, args, site) : undefined;
  }
}

/** argparse: options record their defaults; `parse_args()` gives a namespace of the defaults. */
function argparseMethod(parser: Value & { t: "argparser" }, name: string, args: CallArgs, site: CallSite): Value | undefined {
  if (name === "add_argument") {
    const flags = args.positional.map(asString).filter((f): f is string => f !== undefined);
    const long = flags.find((f) => f.startsWith("--")) ?? flags.find((f) => !f.startsWith("-")) ?? flags[0];
    const dest = asString(argValue(args, undefined, "dest")) ?? long?.replace(/^-+/, "").replace(/-/g, "_");
    if (!dest) return NONE;
    const action = asString(argValue(args, undefined, "action"));
    const given = argValue(args, undefined, "default");
    const fallback: Value = action === "store_true" ? { t: "bool", v: false } : action === "store_false" ? { t: "bool", v: true } : NONE;
    parser.defaults.set(dest, given ?? fallback);
    return NONE;
  }
  if (name === "parse_args" || name === "parse_known_args") {
    const cls: PyClass = { name: "Namespace", bases: [], methods: new Map(), attrs: new Map(), span: site.span };
    const namespace: Value = { t: "instance", cls, attrs: new Map(parser.defaults) };
    return name === "parse_args" ? namespace : tuple([namespace, list([])]);
  }
  return NONE;
}
