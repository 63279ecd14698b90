/**
 * scikit-learn preprocessing: feature scalers, label encoders, text vectorisers, and train/test splits.
 */
import type { DataFacts, DataTransform, LabelEncoding, SourceSpan } from "../../../../model/program.js";
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

/** Label encoders and text vectorisers: what their output is, from what went in. */
function encoderTransform(kind: ScalerKind, x: Value, span: SourceSpan): Value | undefined {
  const n = x.t === "data" ? (x.facts.shape?.[0] ?? null) : asSequence(x)?.length ?? null;
  const base: DataFacts = x.t === "data" ? x.facts : { transforms: [] };
  const labels = (encoded: LabelsEncoded, detail: string, op: DataTransform["op"]): Value =>
    dataValue(
      derive(
        base,
        { shape: [n, encoded.width ?? null], dtype: "int64", encoding: encoded.encoding, numClasses: encoded.classes, range: [0, 1], task: "classification" },
        { op, detail, span },
      ),
    );
  switch (kind) {
    case "label":
      return dataValue(derive(base, { shape: [n], dtype: "int64", encoding: "integer", range: undefined, task: "classification" }, { op: "other", detail: "LabelEncoder", span }));
    case "onehot":
      return labels(oneHotEncoded(x), "OneHotEncoder", "to_categorical");
    case "labelbinarizer":
      return labels(labelBinarized(x), "LabelBinarizer", "to_categorical");
    case "multilabel":
      return labels(multiLabelBinarized(x), "MultiLabelBinarizer", "other");
    case "vectorizer":
      return dataValue(derive(base, { shape: [n, null], dtype: "float64", encoding: undefined, range: undefined, origin: undefined }, { op: "other", detail: "vectorizer", span }));
    default:
      return undefined;
  }
}

/** What a label encoder's output is known to be: its encoding (undefined when unknown), classes and width. */
interface LabelsEncoded {
  encoding?: LabelEncoding;
  classes?: number;
  width?: number;
}

/** The labels of each row of a literal list of label sequences (`[['a', 'b'], ('c',)]`); undefined where a row is not one. */
function labelRows(x: Value): (Value[] | undefined)[] | undefined {
  return asSequence(x)?.map((row) => asSequence(row));
}

/** The number of distinct labels among `labels`, undefined when one of them is not a known constant. */
function distinctCount(labels: readonly Value[]): number | undefined {
  const seen = new Set<string>();
  for (const label of labels) {
    const key = dictKey(label);
    if (key === undefined) return undefined;
    seen.add(key);
  }
  return seen.size;
}

/**
 * `MultiLabelBinarizer().fit_transform(rows)`: each row is iterated as the sample's labels. Rows that are label
 * sequences with one label each give one-hot rows, rows with none or several multi-hot rows. Anything else
 * is not known to be multi-hot: strings are split into their characters (a common slip: one label per
 * sample, each read as a set of letters), numbers are rejected, and rows whose nesting is unknown (a
 * DataFrame column, a 1-D array) say nothing.
 */
function multiLabelBinarized(x: Value): LabelsEncoded {
  const rows = labelRows(x);
  if (rows && rows.length > 0 && rows.every((row) => row !== undefined)) {
    const known = rows as Value[][];
    const classes = distinctCount(known.flat());
    const counts = known.map((row) => distinctCount(row) ?? row.length);
    const encoding: LabelEncoding = counts.every((c) => c === 1) ? "one-hot" : "multi-hot";
    return classes !== undefined ? { encoding, classes, width: classes } : { encoding };
  }
  // Single-character strings, one per sample: each is one label.
  const items = asSequence(x);
  if (items && items.length > 0 && items.every((item) => item.t === "str" && item.v.length === 1)) {
    const classes = distinctCount(items);
    return classes !== undefined ? { encoding: "one-hot", classes, width: classes } : { encoding: "one-hot" };
  }
  // A 2-D array: each row holds `width` labels.
  const shape = x.t === "data" ? x.facts.shape : undefined;
  if (shape?.length === 2 && typeof shape[1] === "number") return shape[1] === 1 ? { encoding: "one-hot" } : { encoding: "multi-hot" };
  return {};
}

/** The number of classes of single labels, when known: a literal list of constants, or data whose classes are known. */
function singleLabelClasses(x: Value): number | undefined {
  const items = asSequence(x);
  if (items) return items.every((item) => item.t === "str" || item.t === "num" || item.t === "bool") ? distinctCount(items) : undefined;
  if (x.t !== "data" || (x.facts.shape && x.facts.shape.length > 1 && x.facts.shape[1] !== 1)) return undefined;
  return x.facts.numClasses;
}

/**
 * `LabelBinarizer().fit_transform(y)`: one-hot rows for three classes or more, but a single 0/1 column for two
 * classes. Unknown when the classes are.
 */
function labelBinarized(x: Value): LabelsEncoded {
  const classes = singleLabelClasses(x);
  if (classes === undefined || classes < 2) return {};
  return classes === 2 ? { encoding: "binary", classes, width: 1 } : { encoding: "one-hot", classes, width: classes };
}

/**
 * `OneHotEncoder().fit_transform(y)`: one one-hot block per input column, so one-hot rows only for a single
 * column (`y.reshape(-1, 1)`); several columns (features) give several 1s per row. Unknown when the number
 * of columns is.
 */
function oneHotEncoded(x: Value): LabelsEncoded {
  const rows = labelRows(x);
  if (rows && rows.length > 0 && rows.every((row) => row?.length === 1)) {
    const classes = distinctCount(rows.map((row) => row![0]!));
    return classes !== undefined ? { encoding: "one-hot", classes, width: classes } : { encoding: "one-hot" };
  }
  const shape = x.t === "data" ? x.facts.shape : undefined;
  if (shape?.length === 2 && shape[1] === 1) {
    const classes = x.t === "data" ? x.facts.numClasses : undefined;
    return classes !== undefined ? { encoding: "one-hot", classes, width: classes } : { encoding: "one-hot" };
  }
  return {};
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

