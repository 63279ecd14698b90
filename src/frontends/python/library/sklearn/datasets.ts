/**
 * scikit-learn's bundled and generated datasets (`load_iris()`, `make_classification(...)`): their shapes,
 * ranges and label facts, as a Bunch (`.data`, `.target`) or an `(X, y)` tuple.
 */
import type { DataFacts } from "../../../../model/program.js";
import type { CallArgs, CallSite } from "../../state.js";
import { asBool, asInt, asNumber, tuple, type PyClass, type Value } from "../../values.js";
import { argValue } from "../args.js";
import { dataValue } from "../numpy/data.js";

interface DatasetFacts {
  x: Omit<DataFacts, "transforms">;
  y: Omit<DataFacts, "transforms">;
  images?: Omit<DataFacts, "transforms">;
}

function labels(n: number, classes: number, origin: string): DatasetFacts["y"] {
  return { shape: [n], dtype: "int64", range: [0, classes - 1], encoding: classes === 2 ? "binary" : "integer", numClasses: classes, task: "classification", origin };
}

const BUNDLED: Record<string, DatasetFacts> = {
  load_iris: { x: { shape: [150, 4], dtype: "float64", range: [0.1, 7.9], origin: "iris", task: "classification" }, y: labels(150, 3, "iris") },
  load_digits: {
    x: { shape: [1797, 64], dtype: "float64", range: [0, 16], origin: "digits", task: "classification" },
    y: labels(1797, 10, "digits"),
    images: { shape: [1797, 8, 8], dtype: "float64", range: [0, 16], origin: "digits", task: "classification" },
  },
  load_breast_cancer: { x: { shape: [569, 30], dtype: "float64", range: [0, 4254], origin: "breast_cancer", task: "classification" }, y: labels(569, 2, "breast_cancer") },
  load_wine: { x: { shape: [178, 13], dtype: "float64", range: [0.13, 1680], origin: "wine", task: "classification" }, y: labels(178, 3, "wine") },
  load_diabetes: {
    x: { shape: [442, 10], dtype: "float64", range: [-0.2, 0.2], origin: "diabetes", task: "regression" },
    y: { shape: [442], dtype: "float64", range: [25, 346], encoding: "continuous", task: "regression", origin: "diabetes" },
  },
  fetch_california_housing: {
    x: { shape: [20640, 8], dtype: "float64", origin: "california_housing", task: "regression" },
    y: { shape: [20640], dtype: "float64", range: [0.15, 5], encoding: "continuous", task: "regression", origin: "california_housing" },
  },
};

/** Whether `name` is a scikit-learn dataset function this model knows. */
export function isSklearnDataset(name: string): boolean {
  return name in BUNDLED || /^make_(classification|regression|moons|circles|blobs)$/.test(name);
}

export function sklearnDataset(name: string, args: CallArgs, site: CallSite): Value {
  const facts = BUNDLED[name] ?? generated(name, args);
  const x = dataValue({ ...facts.x, transforms: [] });
  const y = dataValue({ ...facts.y, transforms: [] });
  if (name.startsWith("make_") || asBool(argValue(args, undefined, "return_X_y")) === true) return tuple([x, y]);
  const attrs = new Map<string, Value>([["data", x], ["target", y]]);
  if (facts.images) attrs.set("images", dataValue({ ...facts.images, transforms: [] }));
  const cls: PyClass = { name: "Bunch", bases: [], methods: new Map(), attrs: new Map(), span: site.span };
  return { t: "instance", cls, attrs };
}

function generated(name: string, args: CallArgs): DatasetFacts {
  const n = asInt(argValue(args, 0, "n_samples")) ?? 100;
  const origin = name;
  switch (name) {
    case "make_regression": {
      const features = asInt(argValue(args, 1, "n_features")) ?? 100;
      return {
        x: { shape: [n, features], dtype: "float64", origin, task: "regression" },
        y: { shape: [n], dtype: "float64", encoding: "continuous", task: "regression", origin },
      };
    }
    case "make_moons":
    case "make_circles":
      return { x: { shape: [n, 2], dtype: "float64", origin, task: "classification" }, y: labels(n, 2, origin) };
    case "make_blobs": {
      const features = asInt(argValue(args, 1, "n_features")) ?? 2;
      const centers = asInt(argValue(args, 2, "centers")) ?? 3;
      return { x: { shape: [n, features], dtype: "float64", origin, task: "classification" }, y: labels(n, centers, origin) };
    }
    default: {
      const features = asInt(argValue(args, 1, "n_features")) ?? 20;
      const classes = asNumber(argValue(args, undefined, "n_classes")) ?? 2;
      return { x: { shape: [n, features], dtype: "float64", origin, task: "classification" }, y: labels(n, classes, origin) };
    }
  }
}
