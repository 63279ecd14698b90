/**
 * Keras preprocessing utilities: `to_categorical`, `pad_sequences`, the text `Tokenizer`, and images read from
 * directories.
 */
import type { DataFacts, Shape, SourceSpan } from "../../../../model/program.js";
import type { CallArgs } from "../../state.js";
import { NONE, asBool, asInt, asNumber, asSequence, asString, dictKey, type ScalerKind, type Value } from "../../values.js";
import { argValue } from "../args.js";
import { dataValue, derive, unknownData } from "../numpy/data.js";

/** `pad_sequences(x, maxlen=n)`: (samples, n) integer sequences, range kept. */
export function padSequences(args: CallArgs, span: SourceSpan): Value {
  const x = args.positional[0] ?? argValue(args, undefined, "sequences");
  const maxlen = asInt(argValue(args, undefined, "maxlen"));
  if (!x || x.t !== "data") return unknownData();
  const n = x.facts.shape?.[0] ?? null;
  return dataValue(derive(x.facts, { shape: [n, maxlen ?? null], dtype: "int32" }, { op: "reshape", detail: `pad_sequences(${maxlen ?? "?"})`, span }));
}

// ------------------------------------------------------------------------------------------ labels

/** `to_categorical(y, k)` / `tf.one_hot(y, k)`. */
export function toCategorical(args: CallArgs, span: SourceSpan, depthNames: string[] = ["num_classes", "nb_classes"]): Value {
  const y = args.positional[0] ?? argValue(args, undefined, "y");
  const explicit = asInt(argValue(args, 1, ...depthNames));
  if (!y || y.t !== "data") {
    const facts: DataFacts = { encoding: "one-hot", range: [0, 1], transforms: [{ op: "to_categorical", span }] };
    if (explicit !== undefined) facts.numClasses = explicit;
    return dataValue(facts);
  }
  const facts = y.facts;
  const known = facts.numClasses ?? (facts.range && Number.isInteger(facts.range[1]) ? facts.range[1] + 1 : undefined);
  const k = explicit ?? known;
  // Labels of unknown shape are a column of class ids: the result is (samples, k) either way.
  let shape: Shape | undefined = k !== undefined ? [null, k] : undefined;
  if (facts.shape) {
    const last = facts.shape[facts.shape.length - 1];
    // A trailing 1 is squeezed. A table column of unknown width (`values[:, 0:1]`) is taken as that column too;
    // deeper label arrays of unknown trailing size leave the shape unknown.
    const squeezed = facts.shape.length >= 2 && (last === 1 || (last === null && facts.shape.length === 2));
    if (last === null && facts.shape.length > 2) shape = undefined;
    else shape = [...(squeezed ? facts.shape.slice(0, -1) : facts.shape), k ?? null];
  }
  return dataValue(
    derive(
      facts,
      // Labels beyond the written width (`to_categorical(cifar100_labels, 10)`) still have all their classes.
      // Only a stated class count counts here: a value range is an upper bound (a masked subset may hold fewer classes).
      { shape, encoding: "one-hot", numClasses: facts.numClasses !== undefined && k !== undefined && facts.numClasses > k ? facts.numClasses : k, range: [0, 1], dtype: "float32", task: facts.task ?? "classification" },
      { op: "to_categorical", ...(k !== undefined ? { detail: String(k) } : {}), span },
    ),
  );
}

/** A Keras text Tokenizer's methods. */
export function tokenizerMethod(numWords: number | undefined, name: string, args: CallArgs, span: SourceSpan): Value | undefined {
  const input = args.positional[0];
  const n = input?.t === "data" ? (input.facts.shape?.[0] ?? null) : input?.t === "list" ? input.items.length : null;
  switch (name) {
    case "fit_on_texts":
    case "fit_on_sequences":
      return NONE;
    case "texts_to_sequences":
      return dataValue({ shape: [n], dtype: "object", ...(numWords !== undefined ? { range: [0, numWords - 1] as [number, number] } : {}), transforms: [{ op: "other", detail: "texts_to_sequences", span }] });
    case "sequences_to_matrix":
    case "texts_to_matrix": {
      const mode = asString(argValue(args, 1, "mode")) ?? "binary";
      const base: DataFacts = input?.t === "data" ? input.facts : { transforms: [] };
      const range: [number, number] | undefined = mode === "binary" ? [0, 1] : mode === "freq" ? [0, 1] : undefined;
      return dataValue(derive(base, { shape: [n, numWords ?? null], dtype: "float64", range, encoding: undefined }, { op: "other", detail: `${name}(${mode})`, span }));
    }
    default:
      return undefined;
  }
}

/**
 * Images read from a directory (`flow_from_directory`, `image_dataset_from_directory`): float pixels in
 * [0, 255] (times `rescale`) of the target size, and labels per `class_mode` / `label_mode`.
 */
export function imageDirectory(args: CallArgs, span: SourceSpan, options: { sizeNames: string[]; modeNames: string[]; defaultMode: string; rescale?: number }): Value & { t: "dataset" } {
  const size = asSequence(argValue(args, undefined, ...options.sizeNames));
  const height = asInt(size?.[0]) ?? 256;
  const width = asInt(size?.[1]) ?? 256;
  const color = asString(argValue(args, undefined, "color_mode")) ?? "rgb";
  const channels = color === "grayscale" ? 1 : color === "rgba" ? 4 : 3;
  const scale = options.rescale ?? 1;
  const x: DataFacts = {
    shape: [null, height, width, channels],
    dtype: "float32",
    range: [0, 255 * scale],
    task: "classification",
    transforms: options.rescale !== undefined ? [{ op: "scale", detail: `* ${scale}`, factor: scale, span }] : [],
  };
  const mode = asString(argValue(args, undefined, ...options.modeNames)) ?? options.defaultMode;
  const dataset: Value & { t: "dataset" } = { t: "dataset", x, shuffled: asBool(argValue(args, undefined, "shuffle")) ?? true };
  const labels = (encoding: DataFacts["encoding"], shape: Shape, range: [number, number] | undefined): DataFacts => ({
    shape,
    dtype: "float32",
    ...(range ? { range } : {}),
    ...(encoding ? { encoding } : {}),
    task: "classification",
    transforms: [],
  });
  if (mode === "categorical") dataset.y = labels("one-hot", [null, null], [0, 1]);
  else if (mode === "binary") dataset.y = labels("binary", [null], [0, 1]);
  else if (mode === "sparse" || mode === "int") dataset.y = labels("integer", [null], undefined);
  return dataset;
}
