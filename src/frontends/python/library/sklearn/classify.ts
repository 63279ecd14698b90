/**
 * What a name under `sklearn` is: a scaler or encoder, `train_test_split`, a dataset loader or generator.
 */
import type { ScalerKind } from "../../values.js";
import type { PathKind } from "../paths.js";
import { isSklearnDataset } from "./datasets.js";

/** Classifies a canonical path under `sklearn` (`parts` is the path split at dots). */
export function classifySklearnPath(parts: string[]): PathKind {
  const last = parts[parts.length - 1] ?? "";
  if (last === "StandardScaler") return { kind: "scaler", scaler: "standard" };
  if (last === "MinMaxScaler") return { kind: "scaler", scaler: "minmax" };
  if (/Scaler$|^Normalizer$/.test(last)) return { kind: "scaler", scaler: "other" };
  const encoders: Record<string, ScalerKind> = {
    LabelEncoder: "label",
    OneHotEncoder: "onehot",
    MultiLabelBinarizer: "multilabel",
    LabelBinarizer: "labelbinarizer",
    TfidfVectorizer: "vectorizer",
    CountVectorizer: "vectorizer",
    HashingVectorizer: "vectorizer",
  };
  if (encoders[last]) return { kind: "scaler", scaler: encoders[last] };
  if (last === "train_test_split") return { kind: "train-test-split" };
  if (parts[1] === "datasets" && isSklearnDataset(last)) return { kind: "sklearn-dataset", name: last };
  return { kind: "unknown" };
}
