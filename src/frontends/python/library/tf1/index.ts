/**
 * TensorFlow 1 graph mode as a package of the library model: graph construction calls, `minimize`, sessions,
 * initialisers and savers. The graph itself is built by `Tf1Model`.
 */
import type { CallArgs, CallSite } from "../../state.js";
import { NONE, UNKNOWN, type Value } from "../../values.js";
import { argValue } from "../args.js";
import type { LibraryContext, PackageModel } from "../package.js";
import { Tf1Model, classifyTf1 } from "./graph.js";

export class Tf1PackageModel implements PackageModel {
  private readonly graph: Tf1Model;

  constructor(context: LibraryContext) {
    this.graph = new Tf1Model(context.state);
  }

  callPath(canonical: string, _path: string, args: CallArgs, site: CallSite): Value | undefined {
    const kind = classifyTf1(canonical);
    return kind ? (this.graph.call(kind, args, site) ?? UNKNOWN) : undefined;
  }

  callMethod(self: Value, name: string, args: CallArgs, site: CallSite): Value | undefined {
    switch (self.t) {
      case "optimizer":
        return name === "minimize" ? this.graph.minimize(self, args, site) : undefined;
      case "tf1-session":
        if (name === "run") return this.graph.run(args.positional[0] ?? argValue(args, undefined, "fetches"), site);
        if (name === "as_default" || name === "__enter__") return self;
        return NONE;
      case "tf1-op":
        return name === "run" ? this.graph.run(self, site) : undefined;
      case "opaque":
        if (self.what === "tf1-saver") return name === "restore" ? this.graph.restore(site) : NONE;
        return undefined;
      case "tensor":
        // `code.eval()` reads the tensor out of the graph; the value itself is left to the other packages.
        if (name === "eval") this.graph.fetch(self.tensor);
        return undefined;
      default:
        return undefined;
    }
  }

  finish(): void {
    this.graph.finish();
  }
}
