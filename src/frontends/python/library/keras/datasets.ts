/**
 * The Keras datasets programs load by name (`keras.datasets.mnist.load_data()`): shapes, dtypes, value
 * ranges and label facts per split, as in the project's dataset-facts spec.
 */
import type { DataFacts } from "../../../../model/program.js";
import type { CallArgs } from "../../state.js";
import { asInt, asNumber, asString, tuple, type Value } from "../../values.js";
import { argValue } from "../args.js";
import { dataValue, unknownData } from "../numpy/data.js";

interface Split {
  x: Omit<DataFacts, "transforms">;
  y: Omit<DataFacts, "transforms">;
}

function classificationLabels(n: number, classes: number, column: boolean, origin: string): Split["y"] {
  return {
    shape: column ? [n, 1] : [n],
    dtype: "uint8",
    range: [0, classes - 1],
    encoding: classes === 2 ? "binary" : "integer",
    numClasses: classes,
    task: "classification",
    origin,
  };
}

/** `keras.datasets.<name>.load_data(...)` → ((x_train, y_train), (x_test, y_test)). */
export function loadDataset(name: string, args: CallArgs): Value {
  const splits = datasetSplits(name, args);
  if (!splits) return tuple([tuple([unknownData(), unknownData()]), tuple([unknownData(), unknownData()])]);
  const pair = (s: Split): Value => tuple([dataValue({ ...s.x, transforms: [] }), dataValue({ ...s.y, transforms: [] })]);
  return tuple([pair(splits[0]), pair(splits[1])]);
}

function datasetSplits(name: string, args: CallArgs): [Split, Split] | undefined {
  const images = (n: number, dims: number[], classes: number, column: boolean): Split => ({
    x: { shape: [n, ...dims], dtype: "uint8", range: [0, 255], origin: name, task: "classification" },
    y: classificationLabels(n, classes, column, name),
  });
  switch (name) {
    case "mnist":
    case "fashion_mnist":
      return [images(60000, [28, 28], 10, false), images(10000, [28, 28], 10, false)];
    case "cifar10":
      return [images(50000, [32, 32, 3], 10, true), images(10000, [32, 32, 3], 10, true)];
    case "cifar100": {
      const classes = asString(argValue(args, 0, "label_mode")) === "coarse" ? 20 : 100;
      return [images(50000, [32, 32, 3], classes, true), images(10000, [32, 32, 3], classes, true)];
    }
    case "imdb":
    case "reuters": {
      const words = asInt(argValue(args, undefined, "num_words", "nb_words"));
      const total = name === "imdb" ? 50000 : 11228;
      const testSplit = asNumber(argValue(args, undefined, "test_split")) ?? 0.2;
      const train = name === "imdb" ? 25000 : Math.floor(total * (1 - testSplit));
      const classes = name === "imdb" ? 2 : 46;
      const sequences = (n: number): Split => ({
        x: { shape: [n], dtype: "object", ...(words !== undefined ? { range: [0, words - 1] as [number, number] } : {}), origin: name, task: "classification" },
        y: { ...classificationLabels(n, classes, false, name), dtype: "int64" },
      });
      return [sequences(train), sequences(total - train)];
    }
    case "boston_housing": {
      const housing = (n: number): Split => ({
        x: { shape: [n, 13], dtype: "float64", range: [0, 711], origin: name, task: "regression" },
        y: { shape: [n], dtype: "float64", range: [5, 50], encoding: "continuous", task: "regression", origin: name },
      });
      return [housing(404), housing(102)];
    }
    case "california_housing": {
      const housing = (n: number): Split => ({
        x: { shape: [n, 8], dtype: "float64", origin: name, task: "regression" },
        y: { shape: [n], dtype: "float64", encoding: "continuous", task: "regression", origin: name },
      });
      return [housing(16512), housing(4128)];
    }
    default:
      return undefined;
  }
}

