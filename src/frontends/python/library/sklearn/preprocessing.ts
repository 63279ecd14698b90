/**
 * scikit-learn preprocessing: feature scalers, label encoders, text vectorisers, and train/test splits.
 */
import type { DataFacts, SourceSpan } from "../../../../model/program.js";
import type { CallArgs } from "../../state.js";
import { asNumber, asSequence, dictKey, type ScalerKind, type Value } from "../../values.js";
import { argValue } from "../args.js";
import { dataValue, derive, unknownData } from "../numpy/data.js";

export function scalerTransform(transformer: Value & { t: "scaler" }, x: Value, span: SourceSpan): Value {
  const scaler = transformer.scaler;
  const encoded = encoderTransform(scaler, x, span);
  if (encoded) return encoded;
  if (x.t !== "data") return unknownData();
  if (scaler === "standard") return dataValue(derive(x.facts, { range: undefined, dtype: "float64" }, { op: "standardize", detail: "StandardScaler", span }));
  if (scaler === "minmax") {
    const [lo, hi] = transformer.featureRange ?? [0, 1];
    return dataValue(derive(x.facts, { range: [lo, hi], dtype: "float64" }, { op: "normalize", detail: "MinMaxScaler", span }));
  }
  return dataValue(derive(x.facts, { range: undefined }, { op: "normalize", span }));
}

/** Label encoders and text vectorisers: what their output is, whatever went in. */
function encoderTransform(kind: ScalerKind, x: Value, span: SourceSpan): Value | undefined {
  const n = x.t === "data" ? (x.facts.shape?.[0] ?? null) : x.t === "list" || x.t === "tuple" ? x.items.length : null;
  const base: DataFacts = x.t === "data" ? x.facts : { transforms: [] };
  switch (kind) {
    case "label":
      return dataValue(derive(base, { shape: [n], dtype: "int64", encoding: "integer", range: undefined, task: "classification" }, { op: "other", detail: "LabelEncoder", span }));
    case "onehot":
    case "labelbinarizer":
      return dataValue(derive(base, { shape: [n, null], dtype: "int64", encoding: "one-hot", range: [0, 1], task: "classification" }, { op: "to_categorical", detail: kind === "onehot" ? "OneHotEncoder" : "LabelBinarizer", span }));
    case "multilabel": {
      const classes = distinctLabels(x);
      return dataValue(
        derive(base, { shape: [n, classes ?? null], dtype: "int64", encoding: "multi-hot", numClasses: classes, range: [0, 1], task: "classification" }, { op: "other", detail: "MultiLabelBinarizer", span }),
      );
    }
    case "vectorizer":
      return dataValue(derive(base, { shape: [n, null], dtype: "float64", encoding: undefined, range: undefined, origin: undefined }, { op: "other", detail: "vectorizer", span }));
    default:
      return undefined;
  }
}

/** The number of distinct labels in a literal list of label lists (`[['a', 'b'], ['b']]` has 2). */
function distinctLabels(x: Value): number | undefined {
  const rows = asSequence(x);
  if (!rows) return undefined;
  const seen = new Set<string>();
  for (const row of rows) {
    const labels = asSequence(row);
    if (!labels) return undefined;
    for (const label of labels) {
      const key = dictKey(label);
      if (key === undefined) return undefined;
      seen.add(key);
    }
  }
  return seen.size;
}

/** `train_test_split(x, y, test_size=0.2)` → x_train, x_test, y_train, y_test. */
export function trainTestSplit(args: CallArgs, span: SourceSpan): Value {
  const testSize = argValue(args, undefined, "test_size");
  const trainSize = argValue(args, undefined, "train_size");
  const out: Value[] = [];
  for (const array of args.positional) {
    if (array.t !== "data") {
      out.push(unknownData(), unknownData());
      continue;
    }
    const n = array.facts.shape?.[0];
    let test: number | null = null;
    if (typeof n === "number") {
      const ts = asNumber(testSize);
      const tr = asNumber(trainSize);
      if (ts !== undefined) test = ts < 1 ? Math.ceil(n * ts) : ts;
      else if (tr !== undefined) test = n - (tr < 1 ? Math.floor(n * tr) : tr);
      else test = Math.ceil(n * 0.25);
    }
    const part = (count: number | null): Value =>
      dataValue(derive(array.facts, { shape: array.facts.shape ? [count, ...array.facts.shape.slice(1)] : undefined }, { op: "slice", detail: "train_test_split", span }));
    out.push(part(typeof n === "number" && test !== null ? n - test : null), part(test));
  }
  return { t: "list", items: out };
}

