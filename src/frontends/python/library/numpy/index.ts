/**
 * numpy as a package of the library model: array constructors and functions, numpy's random generators, and
 * the methods, attributes, operators and indexing of data arrays (whatever library produced them).
 */
import type { DataFacts } from "../../../../model/program.js";
import type { SyntaxNode as Node } from "../../syntax.js";
import type { CallArgs, CallSite } from "../../state.js";
import { NONE, UNKNOWN, num, type Value } from "../../values.js";
import type { LibraryContext, PackageModel } from "../package.js";
import { dataAttribute, dataBinary, dataMethod, dataSubscript, negate, unknownData } from "./data.js";
import { numpyCall } from "./numpy.js";
import { randomCall } from "./random.js";

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
        // A statistic is an array too (a numpy scalar, or reduced along some axes).
        return dataMethod(statFacts(self), name, args, site.span);
      case "opaque":
        return self.what === "rng" ? generatorMethod(name, args, site) : undefined;
      default:
        return undefined;
    }
  }

  getAttribute(self: Value, name: string): Value | undefined {
    if (self.t === "stat") return dataAttribute(statFacts(self), name);
    return self.t === "data" ? dataAttribute(self.facts, name) : undefined;
  }

  binary(op: string, left: Value, right: Value, node: Node): Value | undefined {
    const span = this.context.state.span(node);
    if (op === "unary-" && left.t === "data") return negate(left.facts, span);
    if (op === "unary+" && left.t === "data") return left;
    // `~mask` inverts a boolean mask; on integers it flips bits.
    if (op === "unary~" && left.t === "data") return left.facts.dtype === "bool" ? left : unknownData();
    return dataBinary(op, left, right, span);
  }

  subscript(obj: Value, index: Value, node: Node): Value | undefined {
    if (obj.t === "stat") return dataSubscript(statFacts(obj), index, this.context.state.span(node));
    return obj.t === "data" ? dataSubscript(obj.facts, index, this.context.state.span(node)) : undefined;
  }
}

/** What is known of a statistic as an array: its shape. */
function statFacts(stat: Value & { t: "stat" }): DataFacts {
  return stat.shape ? { shape: stat.shape, transforms: [] } : { transforms: [] };
}

/**
 * numpy's `Generator` (`np.random.default_rng()`) and `RandomState`: their methods draw like the
 * `np.random` functions of the same names.
 */
function generatorMethod(name: string, args: CallArgs, site: CallSite): Value | undefined {
  if (name === "seed") return NONE;
  return randomCall(name, args, site.span, true) ?? (args.positional.some((a) => a.t === "data") ? unknownData() : UNKNOWN);
}
