/**
 * Synthetic training data shaped and ranged like the program's (the DataFacts the front end extracted):
 * inputs keep their known value range (unscaled pixels stay in [0, 255], scaled ones in [0, 1]), token
 * inputs stay below the embedding's vocabulary size, and targets follow the loss's label encoding and the
 * known class count or target range. Where a fact is unknown, a standard choice is made and stated
 * (standardised features, balanced classes, standard-normal regression targets).
 *
 * Targets are not noise: a fixed random "teacher" (a projection of a sketch of the inputs) decides them, so
 * a healthy model can learn them and its loss goes down, as it would on real data.
 */
import * as tf from "@tensorflow/tfjs";
import { successors } from "../../model/graph.js";
import type { Architecture, DataFacts, Layer, TrainingLoop } from "../../model/program.js";
import { ACTIVATIONS, LOSSES } from "../../model/vocabulary.js";
import type { OutputLossPlan } from "./learner.js";
import type { Random } from "./random.js";
import type { TwinInput } from "./twin.js";

/** How one input's values are drawn. */
export type InputValues =
  | { kind: "tokens"; vocabulary: number }
  /** `background`: the share of values that sit at `low` (the dark background of digit images), when known. */
  | { kind: "uniform"; low: number; high: number; integer: boolean; background?: number }
  /** Sparse rows of 0 and `value` (bag-of-words matrices): `density` of each row's features are set. */
  | { kind: "multiHot"; density: number; value: number; source: string }
  /** One 1 per position of the last axis (`to_categorical` on the inputs). */
  | { kind: "oneHot" }
  /** Normal values: standard unless the program's draw is known (`np.random.normal(mean, std)`). */
  | { kind: "normal"; mean?: number; std?: number };

/** How one output's targets are encoded. */
export type TargetEncoding = "one-hot" | "integer" | "binary" | "signed" | "distribution" | "counts" | "continuous" | "inputs";

export interface SyntheticData {
  inputs: tf.Tensor[];
  targets: tf.Tensor[];
  samples: number;
  /** One line per input and output: what was generated. */
  description: string[];
  /** Standard choices made where the program's data is not known. */
  notes: string[];
  dispose(): void;
}

export interface DataRequest {
  architecture: Architecture;
  inputs: readonly TwinInput[];
  /** The twin's output shapes (with a null batch dimension), in output order. */
  outputShapes: readonly (number | null)[][];
  losses: readonly OutputLossPlan[];
  loop: TrainingLoop | undefined;
  random: Random;
  /** Samples wanted (fewer when the inputs are large: see maxValues). */
  samples: number;
  /** Largest number of input values generated in all. */
  maxValues: number;
  /** The smallest number of samples (one batch). */
  minSamples: number;
}

/**
 * Each synthetic sample is drawn from a few latent factors shared by all its inputs: real samples differ
 * from each other along a few directions (strokes, brightness, topics), and their features are
 * correlated. Independent noise per feature would make every unit's input nearly the same for all samples
 * (its mean swamps its variation), and healthy ReLU units would look dead.
 */
const LATENT_FACTORS = 8;
/** Token inputs: the dimension of the teacher's random token scores. */
const TOKEN_FEATURES = 8;
/** Part of a feature's variance that is its own noise rather than the latent factors'. */
const NOISE_SHARE = 0.25;

function product(dims: readonly number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}

/** The first layer that reads an input (the input layer itself in a Sequential without an Input). */
function reader(architecture: Architecture, input: Layer): Layer | undefined {
  if (input.kind !== "input") return input;
  const next = successors(architecture, input.index);
  return next.length === 1 ? next[0] : undefined;
}

/**
 * Features set per row of a bag-of-words matrix of `width` words: about 2·√width (63 of 1000, 200 of
 * 10000) — a short document's distinct words, a few percent of the vocabulary. Real rows are that sparse;
 * dense draws in [0, 1] would feed the first layer inputs of another scale and distribution.
 */
export function multiHotDensity(width: number): number {
  return Math.min(0.5, 2 / Math.sqrt(Math.max(1, width)));
}

/** What the last transform that made the inputs sparse says of their rows, when one did. */
function sparseRows(facts: DataFacts | undefined, width: number): InputValues | undefined {
  // Rows taken afterwards (`x[1000:]`) keep the values the transform made.
  const last = facts?.transforms.filter((t) => t.op !== "slice").at(-1);
  if (last === undefined) return undefined;
  if (last.op === "to_categorical") return { kind: "oneHot" };
  const matrix = last.op === "other" ? /^(sequences_to_matrix|texts_to_matrix)\((\w+)\)$/.exec(last.detail ?? "") : null;
  if (matrix === null) return undefined;
  const density = multiHotDensity(width);
  // `freq` rows hold each word's share of the document: about 1 / (words set).
  const value = matrix[2] === "freq" ? 1 / Math.max(1, Math.round(density * width)) : 1;
  return { kind: "multiHot", density, value, source: `${matrix[1]}(${matrix[2]})` };
}

/** Rows at least this wide, bounded in [0, 1] and otherwise unexplained, are drawn as bag-of-words rows. */
const WIDE_ROW = 1000;

/**
 * The range values are drawn over: not a reduction's bound (200 values in [0, 1] summed are bounded by
 * [0, 200] but lie near a few units when most are masked out): drawing over it would be a guess.
 */
function drawableRange(facts: DataFacts | undefined): [number, number] | undefined {
  if (facts?.rangeIsBound === true && facts.transforms.some((t) => t.op === "reduce")) return undefined;
  return facts?.range;
}

/**
 * Wide flat rows whose values are only known to lie in [0, 1], with no dataset, scaling or transform to say
 * more: the shape of a bag-of-words matrix written into zeros (`out[i, seq] = 1`). Images and scaled
 * features carry an origin or a transform; dense draws over thousands of features would give the first
 * layer a mean input no such row has.
 */
function unexplainedWideBinaryRows(facts: DataFacts | undefined, shape: readonly number[]): boolean {
  const range = facts?.range;
  // Taking rows (`x[1000:]`, a validation split) leaves each row's values as they were.
  const valuesAsWritten = facts?.transforms.every((t) => t.op === "slice") === true;
  return range !== undefined && range[0] === 0 && range[1] === 1 && facts?.rangeIsBound === true && facts.origin === undefined && valuesAsWritten && shape.length === 1 && shape[0]! >= WIDE_ROW;
}

/**
 * Datasets whose images are strokes on a dark background: the share of their pixels at the range's low end
 * (MNIST: 81 % of pixels are 0, mean 0.13 of the range; Fashion-MNIST: 50 %, mean 0.29). Drawn over the whole
 * range, the same inputs would have about 3 times their mean square, and a learning rate tuned on the real
 * data (SGD 0.5 on MNIST's logistic regression) would diverge on them.
 */
const DARK_BACKGROUND: Readonly<Record<string, number>> = { mnist: 0.81, fashion_mnist: 0.5 };

function isIntegerDtype(dtype: string | undefined): boolean {
  return dtype !== undefined && /int/.test(dtype);
}

/** How an input's values are drawn, from its facts and the layer that reads it. */
export function inputValues(architecture: Architecture, input: TwinInput, facts: DataFacts | undefined, notes: string[]): InputValues {
  const first = reader(architecture, input.layer);
  const vocabulary = first?.kind === "embedding" ? first.config.inputDim : first?.kind === "timeDistributed" && first.config.wrappedKind === "embedding" ? first.config.inputDim : undefined;
  if (vocabulary !== undefined) {
    const high = facts?.range ? Math.min(vocabulary - 1, Math.floor(facts.range[1])) : vocabulary - 1;
    return { kind: "tokens", vocabulary: Math.max(1, high + 1) };
  }
  const sparse = sparseRows(facts, input.shape.at(-1) ?? 1);
  if (sparse !== undefined) return sparse;
  if (unexplainedWideBinaryRows(facts, input.shape)) {
    const density = multiHotDensity(input.shape[0]!);
    notes.push(`input ${input.layer.name}: ${input.shape[0]} features known only to lie in [0, 1]: drawn as sparse 0/1 rows (${formatShare(density)} set), as a bag-of-words matrix`);
    return { kind: "multiHot", density, value: 1, source: "0/1 rows" };
  }
  // A normal draw is drawn normal, not spread over its practical range (mean ± 5 std).
  if (facts?.normal !== undefined && !isIntegerDtype(facts.dtype)) return { kind: "normal", mean: facts.normal.mean, std: facts.normal.std };
  const range = drawableRange(facts);
  if (range !== undefined && Number.isFinite(range[0]) && Number.isFinite(range[1])) {
    const integer = isIntegerDtype(facts?.dtype) || (facts?.origin !== undefined && Number.isInteger(range[0]) && Number.isInteger(range[1]) && range[1] - range[0] > 1);
    const background = facts?.origin !== undefined ? DARK_BACKGROUND[facts.origin] : undefined;
    return { kind: "uniform", low: range[0], high: range[1], integer, ...(background !== undefined ? { background } : {}) };
  }
  notes.push(`input ${input.layer.name}: value range not known: standard normal values (standardised features)`);
  return { kind: "normal" };
}

function describeInput(input: TwinInput, values: InputValues): string {
  const shape = `(${input.shape.join(", ")})`;
  switch (values.kind) {
    case "tokens":
      return `input ${input.layer.name} ${shape}: token ids in [0, ${values.vocabulary - 1}]`;
    case "uniform":
      return `input ${input.layer.name} ${shape}: ${values.integer ? "integers" : "values"} ${values.background !== undefined ? `in [${values.low}, ${values.high}], ${formatShare(values.background)} of them ${values.low} (dark background)` : `uniform in [${values.low}, ${values.high}]`}`;
    case "multiHot":
      return `input ${input.layer.name} ${shape}: sparse rows (${values.source}): ${formatShare(values.density)} of the features ${values.value === 1 ? "1" : `${values.value.toPrecision(2)}`}, the rest 0`;
    case "oneHot":
      return `input ${input.layer.name} ${shape}: one-hot rows (to_categorical)`;
    case "normal":
      return values.mean !== undefined && values.std !== undefined && (values.mean !== 0 || values.std !== 1)
        ? `input ${input.layer.name} ${shape}: normal values, mean ${values.mean}, std ${values.std} (as the program draws them)`
        : `input ${input.layer.name} ${shape}: standard normal values`;
  }
}

/**
 * Draws an input's values from each sample's latent factors. Ranged values are the range's ends squashed
 * around a latent Gaussian (`low + (high - low) · sigmoid(z)`: spread over the whole range, crowding its
 * ends as pixels do); unranged ones are the standardised Gaussian itself; sparse rows set the features
 * whose latent score is in the density's upper tail, one-hot rows the largest of each group. Token ids are uniform; their
 * random scores join the features the teacher reads (`tokenFeatures`, [samples × TOKEN_FEATURES]).
 */
function drawInput(values: InputValues, samples: number, shape: readonly number[], latent: Float32Array, random: Random, tokenFeatures: Float32Array): Float32Array {
  const size = product(shape);
  const width = shape.at(-1) ?? 1;
  const data = new Float32Array(samples * size);
  if (values.kind === "tokens") {
    const scores = Float32Array.from({ length: values.vocabulary * TOKEN_FEATURES }, () => random.normal());
    for (let s = 0; s < samples; s++) {
      for (let j = 0; j < size; j++) {
        const token = random.integer(0, values.vocabulary - 1);
        data[s * size + j] = token;
        for (let f = 0; f < TOKEN_FEATURES; f++) tokenFeatures[s * TOKEN_FEATURES + f]! += scores[token * TOKEN_FEATURES + f]! / Math.sqrt(size);
      }
    }
    return data;
  }
  const loadings = latentLoadings(shape, random);
  const noise = Math.sqrt(NOISE_SHARE);
  // Sparse rows set the features whose latent score passes the density's quantile: words of a topic co-occur.
  // Dark backgrounds likewise leave the features below the background's quantile at the low end.
  const threshold = values.kind === "multiHot" ? normalQuantile(1 - values.density) : values.kind === "uniform" && values.background !== undefined ? normalQuantile(values.background) : 0;
  for (let s = 0; s < samples; s++) {
    for (let j = 0; j < size; j++) {
      let z = noise * random.normal();
      for (let k = 0; k < LATENT_FACTORS; k++) z += loadings[j * LATENT_FACTORS + k]! * latent[s * LATENT_FACTORS + k]!;
      data[s * size + j] =
        values.kind === "normal" ? (values.mean ?? 0) + (values.std ?? 1) * z : values.kind === "oneHot" ? z : values.kind === "multiHot" ? (z > threshold ? values.value : 0) : values.background !== undefined ? stroke(values, z - threshold) : ranged(values, z);
    }
  }
  if (values.kind === "oneHot") oneHotRows(data, width);
  return data;
}

/** Grid cells per side of an image's coarse loading field. */
const IMAGE_FIELD_CELLS = 4;

/**
 * How each feature loads on the latent factors ([size × LATENT_FACTORS]), each feature's loadings scaled so
 * that, with its noise, its variance is 1. Features of an image (height × width × channels, both sides at
 * least 2 cells) load smoothly over space: each factor's loadings are a coarse random field, bilinearly
 * interpolated. Real images vary from one to the next over whole regions (light, shape, colour); loadings
 * drawn independently per pixel would make them vary pixel by pixel only, a variation that convolutions and
 * pooling average away, leaving a dense head inputs nearly the same for every sample (ReLU units on them
 * then all on or all off: dead units no real image set shows).
 */
function latentLoadings(shape: readonly number[], random: Random): Float32Array {
  const size = product(shape);
  const loadings = new Float32Array(size * LATENT_FACTORS);
  const [height, width, channels] = shape.length === 3 ? (shape as [number, number, number]) : [0, 0, 0];
  if (height >= 2 * IMAGE_FIELD_CELLS && width >= 2 * IMAGE_FIELD_CELLS) {
    const cells = IMAGE_FIELD_CELLS + 1; // grid points per side
    const field = Float32Array.from({ length: cells * cells * channels * LATENT_FACTORS }, () => random.normal());
    const at = (gy: number, gx: number, c: number, k: number) => field[((gy * cells + gx) * channels + c) * LATENT_FACTORS + k]!;
    for (let y = 0; y < height; y++) {
      const fy = (y / (height - 1)) * IMAGE_FIELD_CELLS;
      const y0 = Math.min(IMAGE_FIELD_CELLS - 1, Math.floor(fy));
      const ty = fy - y0;
      for (let x = 0; x < width; x++) {
        const fx = (x / (width - 1)) * IMAGE_FIELD_CELLS;
        const x0 = Math.min(IMAGE_FIELD_CELLS - 1, Math.floor(fx));
        const tx = fx - x0;
        for (let c = 0; c < channels; c++) {
          const base = ((y * width + x) * channels + c) * LATENT_FACTORS;
          for (let k = 0; k < LATENT_FACTORS; k++) {
            const top = at(y0, x0, c, k) * (1 - tx) + at(y0, x0 + 1, c, k) * tx;
            const bottom = at(y0 + 1, x0, c, k) * (1 - tx) + at(y0 + 1, x0 + 1, c, k) * tx;
            loadings[base + k] = top * (1 - ty) + bottom * ty;
          }
        }
      }
    }
    // Interpolation shrinks the variance between grid points: each pixel's loadings are scaled back to it.
    const scale = Math.sqrt(1 - NOISE_SHARE);
    for (let j = 0; j < size; j++) {
      let norm = 0;
      for (let k = 0; k < LATENT_FACTORS; k++) norm += loadings[j * LATENT_FACTORS + k]! ** 2;
      const factor = norm > 0 ? scale / Math.sqrt(norm) : 0;
      for (let k = 0; k < LATENT_FACTORS; k++) loadings[j * LATENT_FACTORS + k]! *= factor;
    }
    return loadings;
  }
  // Other features load with independent random weights, of the variance that leaves room for the noise.
  for (let i = 0; i < loadings.length; i++) loadings[i] = random.normal() * Math.sqrt((1 - NOISE_SHARE) / LATENT_FACTORS);
  return loadings;
}

function formatShare(share: number): string {
  return `${(share * 100).toPrecision(2)}%`;
}

/** The standard-normal quantile of p (Acklam's rational approximation; |error| < 1.2e-9). */
export function normalQuantile(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const tail = (q: number): number => (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  if (p < 0.02425) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

/** Replaces each run of `width` scores by the one-hot row of its largest. */
function oneHotRows(data: Float32Array, width: number): void {
  for (let start = 0; start + width <= data.length; start += width) {
    let best = start;
    for (let j = start + 1; j < start + width; j++) if (data[j]! > data[best]!) best = j;
    data.fill(0, start, start + width);
    data[best] = 1;
  }
}

/** A standard-normal draw mapped onto a range: sigmoid(1.7 z) spreads it about uniformly, with the ends reached. */
function ranged(values: { low: number; high: number; integer: boolean }, z: number): number {
  return onRange(values, values.low + (values.high - values.low) / (1 + Math.exp(-1.7 * z)));
}

/** A value of the range as the program holds it: rounded into the range for integer data. */
function onRange(values: { low: number; high: number; integer: boolean }, value: number): number {
  return values.integer ? Math.min(values.high, Math.max(values.low, Math.round(value))) : value;
}

/** A pixel of a dark-background image: the low end below the threshold, rising smoothly towards the high end above it (stroke edges). */
function stroke(values: { low: number; high: number; integer: boolean }, excess: number): number {
  if (excess <= 0) return values.low;
  return onRange(values, values.low + (values.high - values.low) * (2 / (1 + Math.exp(-3.4 * excess)) - 1));
}

/** The label encoding a loss needs (from the vocabulary), before the program's facts are consulted. */
/** How the targets of an output are drawn: from its loss, and for binary cross-entropy over a softmax's
 * columns (or over labels the program one-hot encodes) one class a row — 0/1 drawn per column would ask a
 * softmax for rows it cannot produce ([1, 1], [0, 0]). */
function encodingOfLoss(plan: OutputLossPlan, facts: DataFacts | undefined, classes: number): TargetEncoding {
  const kind = plan.spec.kind;
  if (kind === "hinge" || kind === "squared_hinge") return "signed";
  if (kind === "kl_divergence") return "distribution";
  if (kind === "poisson") return "counts";
  // A sparse loss computed from logits is the one-hot cross-entropy of the same labels (see learner.ts).
  if (plan.loss !== "sparseCategoricalCrossentropy" && LOSSES[kind].labels === "integer") return "one-hot";
  const labels = LOSSES[kind].labels;
  if (labels === "one-hot" || kind === "categorical_hinge") return "one-hot";
  if (labels === "integer") return "integer";
  if (labels === "binary") return classes >= 2 && (facts?.encoding === "one-hot" || plan.output.activation === "softmax") ? "one-hot" : "binary";
  return "continuous";
}

function sameVariable(loop: TrainingLoop | undefined): boolean {
  const x = loop?.dataVariables?.x ?? loop?.x?.variable;
  const y = loop?.dataVariables?.y ?? loop?.y?.variable;
  return x !== undefined && x === y;
}

/** Generates inputs and teacher-decided targets for the twin. */
export function generateData(request: DataRequest): SyntheticData {
  const { random, loop } = request;
  const notes: string[] = [];
  const description: string[] = [];
  const valuesPerSample = request.inputs.reduce((n, input) => n + product(input.shape), 0);
  const samples = Math.max(request.minSamples, Math.min(request.samples, Math.floor(request.maxValues / Math.max(1, valuesPerSample))));
  const latent = Float32Array.from({ length: samples * LATENT_FACTORS }, () => random.normal());
  const tokenFeatures = new Float32Array(samples * TOKEN_FEATURES);
  const single = request.inputs.length === 1;
  const inputs: tf.Tensor[] = [];
  const rawInputs: Float32Array[] = [];
  for (const input of request.inputs) {
    const facts = single ? loop?.x : undefined;
    const values = inputValues(request.architecture, input, facts, notes);
    description.push(describeInput(input, values));
    const data = drawInput(values, samples, input.shape, latent, random, tokenFeatures);
    rawInputs.push(data);
    inputs.push(tf.tensor(data, [samples, ...input.shape]));
  }
  // What the teacher reads: the latent factors, and the token scores of token inputs.
  const hasTokens = tokenFeatures.some((v) => v !== 0);
  const teacher = narrowInputs(rawInputs, samples, hasTokens) ?? {
    features: hasTokens ? concatenateRows(latent, LATENT_FACTORS, tokenFeatures, TOKEN_FEATURES, samples) : latent,
    width: hasTokens ? LATENT_FACTORS + TOKEN_FEATURES : LATENT_FACTORS,
  };
  const targets: tf.Tensor[] = [];
  const singleOutput = request.losses.length === 1;
  request.losses.forEach((plan, k) => {
    const shape = request.outputShapes[k]!.slice(1).map((d) => d ?? 1);
    const facts = singleOutput ? loop?.y : undefined;
    const built = makeTargets(plan, shape, facts, samples, teacher, random, notes, singleOutput && single && sameVariable(loop) ? { data: rawInputs[0]!, shape: request.inputs[0]!.shape } : undefined);
    description.push(`target ${plan.output.name} (${shape.join(", ")}): ${built.description}`);
    targets.push(built.tensor);
  });
  return {
    inputs,
    targets,
    samples,
    description,
    notes,
    dispose: () => tf.dispose([...inputs, ...targets]),
  };
}

function makeTargets(
  plan: OutputLossPlan,
  shape: number[],
  facts: DataFacts | undefined,
  samples: number,
  teacher: Teacher,
  random: Random,
  notes: string[],
  reconstruction: { data: Float32Array; shape: number[] } | undefined,
): { tensor: tf.Tensor; description: string } {
  if (reconstruction !== undefined && reconstruction.shape.length === shape.length && reconstruction.shape.every((d, i) => d === shape[i])) {
    return { tensor: tf.tensor(reconstruction.data, [samples, ...shape]), description: "the inputs themselves (the program trains the model to reconstruct its input)" };
  }
  const classes = shape[shape.length - 1] ?? 1;
  const encoding = encodingOfLoss(plan, facts, classes);
  if (encoding === "integer" || encoding === "one-hot") {
    let count = classes;
    if (encoding === "integer" && facts?.numClasses !== undefined && facts.numClasses !== classes) {
      notes.push(`output ${plan.output.name}: ${facts.numClasses} classes in the program's labels but ${classes} outputs: labels drawn from the ${classes} the output can represent`);
    }
    if (encoding === "integer") count = Math.min(classes, facts?.numClasses ?? classes);
    const positions = product(shape.slice(0, -1));
    const scores = teacherScores(teacher, samples, positions * count, random);
    const labels = new Float32Array(samples * positions);
    for (let i = 0; i < samples * positions; i++) {
      let best = 0;
      for (let c = 1; c < count; c++) if (scores[i * count + c]! > scores[i * count + best]!) best = c;
      labels[i] = best;
    }
    if (encoding === "integer") return { tensor: tf.tensor(labels, [samples, ...shape.slice(0, -1), 1]), description: `integer labels of ${count} classes` };
    const oneHot = new Float32Array(samples * positions * classes);
    for (let i = 0; i < labels.length; i++) oneHot[i * classes + labels[i]!] = 1;
    return { tensor: tf.tensor(oneHot, [samples, ...shape]), description: `one-hot labels of ${classes} classes` };
  }
  const size = product(shape);
  const scores = teacherScores(teacher, samples, size, random);
  const values = new Float32Array(samples * size);
  let description: string;
  switch (encoding) {
    case "binary":
      for (let i = 0; i < values.length; i++) values[i] = scores[i]! > 0 ? 1 : 0;
      description = size === 1 ? "binary labels (0/1)" : `0/1 labels per column (${size} columns)`;
      break;
    case "signed":
      for (let i = 0; i < values.length; i++) values[i] = scores[i]! > 0 ? 1 : -1;
      description = "labels -1/1";
      break;
    case "distribution": {
      for (let i = 0; i < samples; i++) {
        const row = scores.subarray(i * size, (i + 1) * size);
        const max = Math.max(...row);
        let sum = 0;
        for (let j = 0; j < size; j++) sum += values[i * size + j] = Math.exp(row[j]! - max);
        for (let j = 0; j < size; j++) values[i * size + j]! /= sum;
      }
      description = "probability distributions";
      break;
    }
    case "counts":
      for (let i = 0; i < values.length; i++) values[i] = Math.round(Math.exp(scores[i]! / 2));
      description = "counts (Poisson targets)";
      break;
    default: {
      const range = drawableRange(facts);
      if (range !== undefined && Number.isFinite(range[0]) && Number.isFinite(range[1]) && range[1] > range[0]) {
        for (let i = 0; i < values.length; i++) values[i] = range[0] + (range[1] - range[0]) / (1 + Math.exp(-1.5 * scores[i]!));
        description = `values in [${range[0]}, ${range[1]}]`;
      } else {
        // Unknown targets are drawn where the output can reach them: a bounded output (sigmoid, tanh) fed
        // standard-normal targets would make the checks report a mismatch the program may not have.
        const [low, high] = plan.output.activation !== undefined ? ACTIVATIONS[plan.output.activation].range : [-Infinity, Infinity];
        if (Number.isFinite(low) && Number.isFinite(high)) {
          for (let i = 0; i < values.length; i++) values[i] = low + (high - low) / (1 + Math.exp(-1.5 * scores[i]!));
          description = `values in [${low}, ${high}] (the output's range)`;
        } else if (Number.isFinite(low)) {
          for (let i = 0; i < values.length; i++) values[i] = low + Math.abs(scores[i]!);
          description = `values from ${low} up (the output's range)`;
        } else {
          values.set(scores);
          description = "standard normal values";
        }
        notes.push(`output ${plan.output.name}: target range not known: ${description}`);
      }
    }
  }
  return { tensor: tf.tensor(values, [samples, ...shape]), description };
}

/**
 * Inputs with fewer values per sample than there are latent factors (2 readings, 4 measurements; no tokens)
 * cannot carry the factors: labels that followed them would be partly unpredictable from the inputs, and a
 * healthy model would stay near chance (2 binary inputs: 4 distinct samples). The teacher then reads the
 * inputs themselves, standardised.
 */
function narrowInputs(rawInputs: readonly Float32Array[], samples: number, hasTokens: boolean): Teacher | undefined {
  const widths = rawInputs.map((data) => data.length / Math.max(1, samples));
  const width = widths.reduce((a, b) => a + b, 0);
  if (hasTokens || width === 0 || width >= LATENT_FACTORS) return undefined;
  const features = new Float32Array(samples * width);
  let offset = 0;
  rawInputs.forEach((data, k) => {
    const w = widths[k]!;
    for (let s = 0; s < samples; s++) for (let j = 0; j < w; j++) features[s * width + offset + j] = data[s * w + j]!;
    offset += w;
  });
  standardizeColumns(features, samples, width);
  return { features, width };
}

/** What the teacher reads of each sample: `width` features per sample. */
interface Teacher {
  features: Float32Array;
  width: number;
}

function concatenateRows(a: Float32Array, aWidth: number, b: Float32Array, bWidth: number, rows: number): Float32Array {
  const out = new Float32Array(rows * (aWidth + bWidth));
  for (let r = 0; r < rows; r++) {
    out.set(a.subarray(r * aWidth, (r + 1) * aWidth), r * (aWidth + bWidth));
    out.set(b.subarray(r * bWidth, (r + 1) * bWidth), r * (aWidth + bWidth) + aWidth);
  }
  return out;
}

/** The teacher: `width` scores per sample, a fixed random projection of its features, each standardised over the samples. */
function teacherScores(teacher: Teacher, samples: number, width: number, random: Random): Float32Array {
  const size = teacher.width;
  const projection = Float32Array.from({ length: size * width }, () => random.normal());
  const scores = new Float32Array(samples * width);
  for (let s = 0; s < samples; s++) {
    for (let w = 0; w < width; w++) {
      let sum = 0;
      for (let b = 0; b < size; b++) sum += teacher.features[s * size + b]! * projection[b * width + w]!;
      scores[s * width + w] = sum;
    }
  }
  standardizeColumns(scores, samples, width);
  return scores;
}

/** Standardises each column of a row-major [rows × width] matrix in place (a constant column becomes 0). */
function standardizeColumns(data: Float32Array, rows: number, width: number): void {
  for (let w = 0; w < width; w++) {
    let mean = 0;
    for (let r = 0; r < rows; r++) mean += data[r * width + w]!;
    mean /= rows;
    let variance = 0;
    for (let r = 0; r < rows; r++) variance += (data[r * width + w]! - mean) ** 2;
    const std = Math.sqrt(variance / rows) || 1;
    for (let r = 0; r < rows; r++) data[r * width + w] = (data[r * width + w]! - mean) / std;
  }
}
