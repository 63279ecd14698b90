/**
 * numpy as a package of the library model: array constructors and functions, numpy's random generators, and
 * the methods, attributes, operators and indexing of data arrays (whatever library produced them).
 */
import type { SyntaxNode as Node } from "../../syntax.js";
import type { CallArgs, CallSite } from "../../state.js";
import { NONE, UNKNOWN, num, type Value } from "../../values.js";
import { argValue } from "../args.js";
import type { LibraryContext, PackageModel } from "../package.js";
import { dataAttribute, dataBinary, dataMethod, dataSubscript, dataValue, derive, unknownData } from "./data.js";
import { eyeSubscript, numpyCall } from "./numpy.js";

const CONSTANTS: Record<string, Value> = {
  "numpy.newaxis": NONE,
  "tensorflow.newaxis": NONE,
  "numpy.pi": num(Math.PI, false),
  "numpy.e": num(Math.E, false),
  "numpy.inf": num(Infinity, false),
};

export class NumpyPackageModel implements PackageModel {
  constructor(private readonly context: LibraryContext) {}

  callPath(canonical: string, path: string, args: CallArgs, site: CallSite): Value | undefined {
    if (canonical !== "numpy" && !canonical.startsWith("numpy.")) return undefined;
    if (canonical === "numpy.random.seed") {
      this.context.state.seedSet = true;
      return NONE;
    }
    return numpyCall(canonical.slice("numpy.".length), args, site.span) ?? this.context.opaqueOp(path, args, site);
  }

  refAttribute(canonical: string): Value | undefined {
    return CONSTANTS[canonical];
  }

  starExport(canonicalModule: string, path: string): Value | undefined {
    // `from numpy import *`: every name is numpy's.
    return canonicalModule === "numpy" ? { t: "ref", path } : undefined;
  }

  callMethod(self: Value, name: string, args: CallArgs, site: CallSite): Value | undefined {
    switch (self.t) {
      case "data":
        return dataMethod(self.facts, name, args, site.span);
      case "stat":
        return { t: "stat", stat: self.stat };
      case "opaque":
        return self.what === "rng" ? generatorMethod(name, args, site) : undefined;
      default:
        return undefined;
    }
  }

  getAttribute(self: Value, name: string): Value | undefined {
    return self.t === "data" ? dataAttribute(self.facts, name) : undefined;
  }

  binary(op: string, left: Value, right: Value, node: Node): Value | undefined {
    const span = this.context.state.span(node);
    if (op === "unary-" && left.t === "data") {
      const r = left.facts.range;
      return dataValue(derive(left.facts, { range: r ? [-r[1], -r[0]] : undefined }, { op: "scale", detail: "negate", span }));
    }
    return dataBinary(op, left, right, span);
  }

  subscript(obj: Value, index: Value, node: Node): Value | undefined {
    const span = this.context.state.span(node);
    if (obj.t === "data") return dataSubscript(obj.facts, index, span);
    if (obj.t === "opaque" && obj.what.startsWith("eye:")) return eyeSubscript(Number(obj.what.slice(4)), index, span);
    return undefined;
  }
}

/** numpy's `Generator` (`np.random.default_rng()`): its methods draw like the legacy `np.random` ones. */
function generatorMethod(name: string, args: CallArgs, site: CallSite): Value | undefined {
  switch (name) {
    case "integers":
      return numpyCall("random.randint", args, site.span);
    case "normal":
    case "uniform":
    case "random":
    case "permutation":
      return numpyCall(`random.${name}`, args, site.span);
    case "standard_normal":
      return numpyCall("random.normal", { ...args, positional: [], positionalNodes: [], keywords: new Map([["size", args.positional[0] ?? argValue(args, undefined, "size") ?? NONE]]) }, site.span);
    default:
      return args.positional.some((a) => a.t === "data") ? unknownData() : UNKNOWN;
  }
}
