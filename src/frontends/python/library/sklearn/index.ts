/**
 * scikit-learn as a package of the library model: scalers and encoders (and what they do to data),
 * `train_test_split`, and the bundled or generated datasets.
 */
import type { CallArgs, CallSite } from "../../state.js";
import { asNumber, asSequence, type Value } from "../../values.js";
import { argValue } from "../args.js";
import { unknownData } from "../numpy/data.js";
import type { LibraryContext, PackageModel } from "../package.js";
import { classifyPath } from "../paths.js";
import { sklearnDataset } from "./datasets.js";
import { scalerTransform, trainTestSplit } from "./preprocessing.js";

export class SklearnPackageModel implements PackageModel {
  constructor(private readonly context: LibraryContext) {}

  callPath(canonical: string, path: string, args: CallArgs, site: CallSite): Value | undefined {
    if (!canonical.startsWith("sklearn.")) return undefined;
    const c = classifyPath(canonical);
    switch (c.kind) {
      case "scaler": {
        const range = asSequence(argValue(args, 0, "feature_range"));
        const lo = asNumber(range?.[0]);
        const hi = asNumber(range?.[1]);
        return lo !== undefined && hi !== undefined ? { t: "scaler", scaler: c.scaler, featureRange: [lo, hi] } : { t: "scaler", scaler: c.scaler };
      }
      case "train-test-split":
        return trainTestSplit(args, site.span);
      case "sklearn-dataset":
        return sklearnDataset(c.name, args, site);
      default:
        return this.context.opaqueOp(path, args, site);
    }
  }

  callMethod(self: Value, name: string, args: CallArgs, site: CallSite): Value | undefined {
    if (self.t !== "scaler") return undefined;
    if (name === "fit") return self;
    if (name === "fit_transform" || name === "transform") return scalerTransform(self, args.positional[0] ?? { t: "unknown" }, site.span);
    if (name === "inverse_transform") return unknownData();
    return undefined;
  }
}
