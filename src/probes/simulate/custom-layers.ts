/**
 * Layers Keras has and TF.js lacks, as small TF.js layers: a shape function and a differentiable
 * computation. Each reports the Keras class name it stands for, so the probe's summary (which maps class
 * names through the vocabulary) sees the layer's true kind.
 */
import * as tf from "@tensorflow/tfjs";

type TfShape = (number | null)[];

export interface FunctionLayerSpec {
  name: string;
  /** The Keras class the layer stands for (`Subtract`, `ZeroPadding1D`). */
  className: string;
  outputShape(inputShapes: TfShape[]): TfShape;
  /** The computation on the layer's inputs (one or several tensors, in inbound order). */
  apply(inputs: tf.Tensor[], training: boolean): tf.Tensor;
}

/** A parameter-free layer defined by a shape function and a computation. */
export class FunctionLayer extends tf.layers.Layer {
  static readonly className = "NncheckFunctionLayer";
  private readonly spec: FunctionLayerSpec;

  constructor(spec: FunctionLayerSpec) {
    super({ name: spec.name });
    this.spec = spec;
  }

  override getClassName(): string {
    return this.spec.className;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shapes = (Array.isArray(inputShape[0]) || inputShape.length === 0 ? inputShape : [inputShape]) as TfShape[];
    return this.spec.outputShape(shapes);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    const list = Array.isArray(inputs) ? inputs : [inputs];
    return tf.tidy(() => this.spec.apply(list, kwargs["training"] === true));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig() };
  }
}

const first = (shapes: TfShape[]): TfShape => shapes[0] ?? [];

/** `Subtract`: the first input minus the second. */
export function subtractLayer(name: string): FunctionLayer {
  return new FunctionLayer({ name, className: "Subtract", outputShape: first, apply: ([a, b]) => tf.sub(a!, b!) });
}

/** Zero padding over the spatial axes 1..rank (channels last): [before, after] per axis. */
export function zeroPaddingLayer(name: string, amounts: [number, number][], className: string): FunctionLayer {
  return new FunctionLayer({
    name,
    className,
    outputShape: (shapes) => first(shapes).map((d, axis) => (axis >= 1 && axis <= amounts.length && d !== null ? d + amounts[axis - 1]![0] + amounts[axis - 1]![1] : d)),
    apply: ([x]) => tf.pad(x!, [[0, 0], ...amounts, ...Array.from({ length: x!.rank - 1 - amounts.length }, () => [0, 0] as [number, number])]),
  });
}

/** Cropping over the spatial axes 1..rank (channels last): [before, after] per axis. */
export function croppingLayer(name: string, amounts: [number, number][], className: string): FunctionLayer {
  return new FunctionLayer({
    name,
    className,
    outputShape: (shapes) => first(shapes).map((d, axis) => (axis >= 1 && axis <= amounts.length && d !== null ? d - amounts[axis - 1]![0] - amounts[axis - 1]![1] : d)),
    apply: ([x]) => {
      const begin = x!.shape.map((_, axis) => (axis >= 1 && axis <= amounts.length ? amounts[axis - 1]![0] : 0));
      const size = x!.shape.map((d, axis) => (axis >= 1 && axis <= amounts.length ? d - amounts[axis - 1]![0] - amounts[axis - 1]![1] : -1));
      return tf.slice(x!, begin, size);
    },
  });
}

/** Nearest-neighbour upsampling over the spatial axes 1..rank (channels last): each value repeated `size[i]` times. */
export function upSamplingLayer(name: string, size: number[], className: string): FunctionLayer {
  return new FunctionLayer({
    name,
    className,
    outputShape: (shapes) => first(shapes).map((d, axis) => (axis >= 1 && axis <= size.length && d !== null ? d * size[axis - 1]! : d)),
    apply: ([x]) => {
      let out = x!;
      size.forEach((factor, i) => {
        const axis = i + 1;
        if (factor === 1) return;
        // Repeat along `axis`: insert a new axis after it, tile it, merge the two.
        const expanded = tf.expandDims(out, axis + 1);
        const reps = expanded.shape.map((_, a) => (a === axis + 1 ? factor : 1));
        const shape = out.shape.slice();
        shape[axis] = shape[axis]! * factor;
        out = tf.reshape(tf.tile(expanded, reps), shape);
      });
      return out;
    },
  });
}

/** Global pooling over every axis between the batch and the channels (3-D pooling TF.js lacks). */
export function globalPoolingLayer(name: string, pooling: "max" | "average", keepDims: boolean, className: string): FunctionLayer {
  return new FunctionLayer({
    name,
    className,
    outputShape: (shapes) => {
      const shape = first(shapes);
      return keepDims ? shape.map((d, axis) => (axis === 0 || axis === shape.length - 1 ? d : 1)) : [shape[0] ?? null, shape[shape.length - 1] ?? null];
    },
    apply: ([x]) => {
      const axes = x!.shape.slice(1, -1).map((_, i) => i + 1);
      return pooling === "max" ? tf.max(x!, axes, keepDims) : tf.mean(x!, axes, keepDims);
    },
  });
}

/**
 * An adapted `Normalization` layer: standardises each feature (last axis) to mean 0 and variance 1. The
 * statistics Keras would adapt on the training data are taken from each batch of the synthetic data.
 */
export function standardizationLayer(name: string): FunctionLayer {
  return new FunctionLayer({
    name,
    className: "Normalization",
    outputShape: first,
    apply: ([x]) => {
      const axes = x!.shape.slice(0, -1).map((_, i) => i);
      const { mean, variance } = tf.moments(x!, axes, true);
      return tf.div(tf.sub(x!, mean), tf.sqrt(tf.add(variance, 1e-7)));
    },
  });
}

/** An element-wise activation TF.js has no identifier for (`exponential`, `log_softmax`). */
export function activationFunctionLayer(name: string, apply: (x: tf.Tensor) => tf.Tensor): FunctionLayer {
  return new FunctionLayer({ name, className: "Activation", outputShape: first, apply: ([x]) => apply(x!) });
}

/**
 * Rows of `table` at `ids` (any shape of integer ids), with a gradient that adds each row's incoming
 * gradients in one pass. TF.js differentiates `gather` through `unsortedSegmentSum`, which its cpu
 * backend runs once per vocabulary entry: minutes per step for an 8000-word embedding.
 */
const gatherRows = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [table, ids, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
  const [rows, width] = table.shape as [number, number];
  const flat = tf.cast(tf.clipByValue(tf.reshape(ids, [-1]), 0, rows - 1), "int32");
  save([flat]);
  const value = tf.reshape(tf.gather(table, flat), [...ids.shape, width]);
  const gradFunc = (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]): tf.Tensor[] => {
    const indices = saved[0]!.dataSync();
    const upstream = (Array.isArray(dy) ? dy[0]! : dy).dataSync();
    const grad = new Float32Array(rows * width);
    for (let i = 0; i < indices.length; i++) {
      const row = indices[i]! * width;
      const from = i * width;
      for (let j = 0; j < width; j++) grad[row + j]! += upstream[from + j]!;
    }
    return [tf.tensor2d(grad, [rows, width]), tf.zerosLike(ids)];
  };
  return { value, gradFunc };
});

export interface EmbeddingSpec {
  name: string;
  inputDim: number;
  outputDim: number;
  initializer: ReturnType<typeof tf.initializers.zeros>;
  regularizer?: ReturnType<typeof tf.regularizers.l1l2>;
}

/** Keras's `Embedding` (ids → rows of a trained table), with a gradient that scales to large vocabularies. */
export class EmbeddingLayer extends tf.layers.Layer {
  static readonly className = "NncheckEmbedding";
  private readonly spec: EmbeddingSpec;
  private table?: tf.LayerVariable;

  constructor(spec: EmbeddingSpec) {
    super({ name: spec.name });
    this.spec = spec;
  }

  override build(): void {
    this.table = this.addWeight("embeddings", [this.spec.inputDim, this.spec.outputDim], "float32", this.spec.initializer, this.spec.regularizer, true);
    this.built = true;
  }

  override getClassName(): string {
    return "Embedding";
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as TfShape;
    return [...shape, this.spec.outputDim];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const ids = Array.isArray(inputs) ? inputs[0]! : inputs;
    return gatherRows(this.table!.read(), ids) as tf.Tensor;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), inputDim: this.spec.inputDim, outputDim: this.spec.outputDim };
  }
}
