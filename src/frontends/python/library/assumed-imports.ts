/**
 * Names a pasted snippet uses without importing them (`model = Sequential()`, `tf.placeholder(...)`), and the
 * import a reader would assume for each: the framework's conventional one. Only names that are unmistakably the
 * framework's are here; data names (`X`, `inputData`) never are, and stay unknown.
 */
import type { KerasPackage } from "../../../model/program.js";
import { INITIALIZERS, LAYER_KINDS, LOSSES, OPTIMIZERS } from "../../../model/vocabulary.js";

/**
 * The Keras module prefix of an assumed name when the program does not say which Keras it uses: it
 * canonicalises to `keras` but names no package, so a rule that compares packages (S606) has no fact to compare.
 */
export const UNKNOWN_KERAS = "@keras";

/** Keras names by the module they conventionally come from (relative to the Keras root). */
function kerasNames(): Map<string, string> {
  const names = new Map<string, string>();
  const add = (module: string, list: Iterable<string>): void => {
    for (const name of list) if (!names.has(name)) names.set(name, `${module}.${name}`);
  };
  add("layers", Object.values(LAYER_KINDS).flatMap((spec) => spec.names.keras.filter((n) => /^[A-Z]/.test(n))));
  add("layers", ["concatenate", "TimeDistributedDense"]);
  add("models", ["Sequential", "Model", "load_model", "model_from_json"]);
  add("optimizers", Object.values(OPTIMIZERS).flatMap((spec) => spec.names.keras.filter((n) => /^[A-Z]/.test(n))));
  add("losses", Object.values(LOSSES).flatMap((spec) => spec.names.keras.filter((n) => /^[A-Z]/.test(n))));
  add("initializers", Object.values(INITIALIZERS).flatMap((spec) => spec.names.keras.filter((n) => /^[A-Z]/.test(n))));
  add("regularizers", ["l1", "l2", "l1_l2"]);
  add("constraints", ["max_norm", "MaxNorm", "min_max_norm", "MinMaxNorm", "non_neg", "NonNeg", "unit_norm", "UnitNorm"]);
  add("callbacks", ["EarlyStopping", "ModelCheckpoint", "ReduceLROnPlateau", "TensorBoard", "CSVLogger", "LearningRateScheduler", "LambdaCallback"]);
  add("utils", ["to_categorical", "np_utils", "plot_model"]);
  add("preprocessing.sequence", ["pad_sequences"]);
  add("preprocessing.text", ["Tokenizer"]);
  add("preprocessing.image", ["ImageDataGenerator"]);
  add("datasets", ["mnist", "fashion_mnist", "cifar10", "cifar100", "imdb", "reuters", "boston_housing"]);
  // Keras's own submodules, imported as names (`from keras import layers`).
  for (const module of ["layers", "models", "optimizers", "losses", "regularizers", "initializers", "activations", "constraints", "backend", "utils", "datasets"]) names.set(module, module);
  names.set("K", "backend");
  return names;
}

const KERAS_NAMES = kerasNames();

/** Other libraries' conventional names. */
const OTHER_NAMES = new Map<string, string>([
  ["tf", "tensorflow"],
  ["tensorflow", "tensorflow"],
  ["np", "numpy"],
  ["numpy", "numpy"],
  ["pd", "pandas"],
  ["train_test_split", "sklearn.model_selection.train_test_split"],
  ...["StandardScaler", "MinMaxScaler", "RobustScaler", "MaxAbsScaler", "Normalizer", "LabelEncoder", "OneHotEncoder", "LabelBinarizer", "MultiLabelBinarizer"].map(
    (name): [string, string] => [name, `sklearn.preprocessing.${name}`],
  ),
  ...["load_iris", "load_digits", "load_breast_cancer", "load_wine", "load_diabetes", "fetch_california_housing", "make_classification", "make_regression", "make_moons", "make_circles", "make_blobs"].map(
    (name): [string, string] => [name, `sklearn.datasets.${name}`],
  ),
]);

/**
 * The library path a reader would assume for a name the program never binds, or undefined. Keras names take
 * the Keras package the program imports elsewhere (`tensorflow.keras` or `keras`), else no package.
 */
export function assumedImport(name: string, kerasPackage: KerasPackage | undefined): string | undefined {
  const other = OTHER_NAMES.get(name);
  if (other) return other;
  if (name === "keras") return kerasPackage === "tf.keras" ? "tensorflow.keras" : kerasPackage === "keras" ? "keras" : UNKNOWN_KERAS;
  const relative = KERAS_NAMES.get(name);
  if (!relative) return undefined;
  const root = kerasPackage === "tf.keras" ? "tensorflow.keras" : kerasPackage === "keras" ? "keras" : UNKNOWN_KERAS;
  return `${root}.${relative}`;
}

/** How an assumed path is shown to the user (`keras.layers.Dense`), without the internal unknown-package marker. */
export function shownPath(path: string): string {
  return path.startsWith(`${UNKNOWN_KERAS}.`) || path === UNKNOWN_KERAS ? `keras${path.slice(UNKNOWN_KERAS.length)}` : path;
}
