/**
 * Canonical vocabulary → TF.js: the activation identifiers, initialisers and regularisers of a twin.
 * Names come from the vocabulary's own TF.js spellings (src/model/vocabulary.ts); where TF.js has no
 * equivalent, the caller is told so and decides (an extra layer, a stated substitute).
 */
import * as tf from "@tensorflow/tfjs";
import type { ConstraintSpec, InitializerSpec, RegularizerSpec } from "../../model/program.js";
import { ACTIVATIONS, INITIALIZERS, initializerOf, type ActivationKind, type InitializerKind } from "../../model/vocabulary.js";
import { createRandom, type Random } from "./random.js";

/** The activation identifiers TF.js layers accept (`activation: "relu"`). */
const TFJS_ACTIVATIONS = new Set(["elu", "hardSigmoid", "linear", "relu", "relu6", "selu", "sigmoid", "softmax", "softplus", "softsign", "tanh", "swish", "mish", "gelu"]);

/** A TF.js initialiser / regulariser object (their classes are not exported by name). */
export type TfInitializer = ReturnType<typeof tf.initializers.zeros>;
export type TfRegularizer = ReturnType<typeof tf.regularizers.l1l2>;
export type TfConstraint = ReturnType<typeof tf.constraints.maxNorm>;

export type TfActivation = Parameters<typeof tf.layers.dense>[0]["activation"];

/** The TF.js activation identifier of a canonical activation, or undefined when TF.js has none. */
export function tfjsActivation(kind: ActivationKind): TfActivation | undefined {
  const names: readonly string[] = (ACTIVATIONS[kind].names as { tfjs?: readonly string[] }).tfjs ?? [];
  return names.find((name) => TFJS_ACTIVATIONS.has(name)) as TfActivation | undefined;
}

export interface ResolvedInitializer {
  initializer: TfInitializer;
  /** A standard choice made where the program's value is unknown, stated in the simulation report. */
  assumption?: string;
}

/** Keras's default for a parameter role, used when the program's initialiser is unknown. */
const ROLE_DEFAULTS: Record<"kernel" | "bias" | "recurrent" | "embeddings" | "gamma" | "beta", InitializerKind> = {
  kernel: "glorot_uniform",
  bias: "zeros",
  recurrent: "orthogonal",
  embeddings: "random_uniform",
  gamma: "ones",
  beta: "zeros",
};

export type ParameterRole = keyof typeof ROLE_DEFAULTS;

/**
 * Keras 2/3 initialisers default to stddev 0.05 and [-0.05, 0.05]; TF1's `random_normal_initializer` and
 * friends to stddev 1 and [0, 1). Which applies follows the dialect the name belongs to.
 */
function isTf1Name(spec: InitializerSpec): boolean {
  return initializerOf(spec.frameworkName, "tf1") !== undefined && initializerOf(spec.frameworkName, "keras") === undefined;
}

/** A seeded TF.js initialiser for a program's initialiser (the role's Keras default when unknown). */
export function tfjsInitializer(spec: InitializerSpec | undefined, role: ParameterRole, random: Random): ResolvedInitializer {
  // Parameters given but not known leave the family's defaults out: they would be a guess (TF1's [0, 1)
  // for a `random_uniform_initializer(-r, r)` made every kernel positive and the twin explode).
  const known = spec !== undefined && spec.kind !== "unknown" && !(spec.parametersUnknown === true && hasParameters(spec.kind));
  const kind: InitializerKind = known ? spec.kind : ROLE_DEFAULTS[role];
  const seed = random.seed();
  const tf1 = spec !== undefined && isTf1Name(spec);
  const initializer = makeInitializer(kind, spec, seed, tf1);
  if (known) return { initializer };
  const what = spec === undefined ? "not known" : spec.parametersUnknown === true && spec.kind !== "unknown" ? `${spec.frameworkName} with parameters not known` : `${spec.frameworkName} (not understood)`;
  return { initializer, assumption: `${role} initialiser ${what}: ${kind} (Keras's default)` };
}

/** Initialisers whose draws depend on the parameters a program gives (a value, a stddev, limits). */
function hasParameters(kind: InitializerKind): boolean {
  return kind === "constant" || kind === "random_normal" || kind === "truncated_normal" || kind === "random_uniform";
}

function makeInitializer(kind: InitializerKind, spec: InitializerSpec | undefined, seed: number, tf1: boolean): TfInitializer {
  const stddev = spec?.stddev ?? (tf1 ? 1 : 0.05);
  switch (kind) {
    case "zeros":
      return tf.initializers.zeros();
    case "ones":
      return tf.initializers.ones();
    case "constant":
      return tf.initializers.constant({ value: spec?.value ?? 0 });
    case "random_normal":
      return tf.initializers.randomNormal({ mean: 0, stddev, seed });
    case "truncated_normal":
      return tf.initializers.truncatedNormal({ mean: 0, stddev, seed });
    case "random_uniform":
      return tf.initializers.randomUniform({ minval: spec?.minval ?? (tf1 ? 0 : -0.05), maxval: spec?.maxval ?? (tf1 ? 1 : 0.05), seed });
    case "glorot_uniform":
      return tf.initializers.glorotUniform({ seed });
    case "glorot_normal":
      return tf.initializers.glorotNormal({ seed });
    case "he_uniform":
      return tf.initializers.heUniform({ seed });
    case "he_normal":
      return tf.initializers.heNormal({ seed });
    case "lecun_uniform":
      return tf.initializers.leCunUniform({ seed });
    case "lecun_normal":
      return tf.initializers.leCunNormal({ seed });
    case "variance_scaling":
      return tf.initializers.varianceScaling({ scale: 1, mode: "fanIn", distribution: "truncatedNormal", seed });
    case "orthogonal":
      return orthogonal(seed);
    case "identity":
      return tf.initializers.identity({ gain: 1 });
    case "unknown":
      return tf.initializers.glorotUniform({ seed });
  }
}

/**
 * An orthogonal matrix as Keras draws it (QR of a normal matrix, flattened to 2-D on the last axis, signs
 * fixed by R's diagonal). TF.js's own runs its QR as one small tensor op per column and takes minutes on
 * an LSTM's recurrent kernel; this one runs modified Gram-Schmidt in plain arrays (milliseconds). It keeps
 * the TF.js initialiser's identity (class name, config) and replaces only how values are drawn.
 */
function orthogonal(seed: number): TfInitializer {
  const initializer = tf.initializers.orthogonal({ gain: 1, seed });
  const random = createRandom(seed);
  initializer.apply = (weightShape, dtype) => {
    const shape = weightShape.map((d) => d ?? 1);
    const cols = shape[shape.length - 1] ?? 1;
    const rows = shape.slice(0, -1).reduce((a, b) => a * b, 1);
    // Orthonormal columns of a tall matrix: Q is n × k with n >= k, transposed back when the shape is wide.
    const n = Math.max(rows, cols);
    const k = Math.min(rows, cols);
    const q = Array.from({ length: k }, () => Float64Array.from({ length: n }, () => random.normal()));
    for (let j = 0; j < k; j++) {
      const column = q[j]!;
      for (let i = 0; i < j; i++) {
        const previous = q[i]!;
        let dot = 0;
        for (let r = 0; r < n; r++) dot += previous[r]! * column[r]!;
        for (let r = 0; r < n; r++) column[r]! -= dot * previous[r]!;
      }
      let norm = 0;
      for (let r = 0; r < n; r++) norm += column[r]! * column[r]!;
      norm = Math.sqrt(norm) || 1;
      for (let r = 0; r < n; r++) column[r]! /= norm;
    }
    const values = new Float32Array(rows * cols);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) values[r * cols + c] = rows >= cols ? q[c]![r]! : q[r]![c]!;
    }
    return tf.tensor(values, shape, dtype);
  };
  return initializer;
}

/** Whether an initialiser gives every value the same number (the symmetry the simulation should expose). */
export function isConstantInitializer(spec: InitializerSpec | undefined): boolean {
  return spec !== undefined && INITIALIZERS[spec.kind].constant;
}

/** A TF.js L1/L2 regulariser (Keras's default factor 0.01 where the factor is unknown). */
export function tfjsRegularizer(spec: RegularizerSpec | undefined): { regularizer?: TfRegularizer; assumption?: string } {
  if (spec === undefined) return {};
  switch (spec.kind) {
    case "l1":
      return spec.l1 !== undefined ? { regularizer: tf.regularizers.l1l2({ l1: spec.l1, l2: 0 }) } : { regularizer: tf.regularizers.l1l2({ l1: 0.01, l2: 0 }), assumption: "L1 factor not known: 0.01" };
    case "l2":
      return spec.l2 !== undefined ? { regularizer: tf.regularizers.l1l2({ l1: 0, l2: spec.l2 }) } : { regularizer: tf.regularizers.l1l2({ l1: 0, l2: 0.01 }), assumption: "L2 factor not known: 0.01" };
    case "l1_l2":
      return { regularizer: tf.regularizers.l1l2({ l1: spec.l1 ?? 0.01, l2: spec.l2 ?? 0.01 }), ...(spec.l1 === undefined || spec.l2 === undefined ? { assumption: "L1/L2 factors not known: 0.01" } : {}) };
    case "unknown":
      return { assumption: `regulariser ${spec.frameworkName} not understood: left out` };
  }
}

/** A TF.js weight constraint with Keras's arguments (Keras's defaults where the program gives none). TF.js's
 * `fit` does not apply constraints after its updates: the simulation's training applies them itself (see
 * simulate/train.ts). */
export function tfjsConstraint(spec: ConstraintSpec | undefined): { constraint?: TfConstraint; assumption?: string } {
  if (spec === undefined) return {};
  const assumption = spec.parametersUnknown ? `arguments of ${spec.frameworkName} not known: Keras's defaults` : undefined;
  const axis = spec.axis ?? 0;
  const known = (constraint: TfConstraint) => (assumption ? { constraint, assumption } : { constraint });
  switch (spec.kind) {
    case "max_norm":
      return known(tf.constraints.maxNorm({ maxValue: spec.maxValue ?? 2, axis }));
    case "min_max_norm":
      return known(tf.constraints.minMaxNorm({ minValue: spec.minValue ?? 0, maxValue: spec.maxValue ?? 1, rate: spec.rate ?? 1, axis }));
    case "unit_norm":
      return known(tf.constraints.unitNorm({ axis }));
    case "non_neg":
      return { constraint: tf.constraints.nonNeg() };
    case "unknown":
      return { assumption: `constraint ${spec.frameworkName} not understood: left out` };
  }
}
