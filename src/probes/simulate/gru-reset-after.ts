/**
 * Keras's GRU with `reset_after=True` (its default since TensorFlow 2), which TF.js lacks: two biases per gate
 * (the input's and the recurrent product's, a [2, 3·units] weight as in Keras) and the reset gate applied
 * after the recurrent product: hh = tanh(x·Wh + bh + r ⊙ (h·Uh + bh')). Without it the twin of a Keras GRU had
 * the other convention's arithmetic and 3·units fewer parameters.
 */
import * as tf from "@tensorflow/tfjs";

type GruArgs = Parameters<typeof tf.layers.gru>[0];
type CellArgs = Parameters<typeof tf.layers.gruCell>[0];
type Initializer = ReturnType<typeof tf.initializers.zeros>;
type Regularizer = ReturnType<typeof tf.regularizers.l1l2>;
type Constraint = ReturnType<typeof tf.constraints.maxNorm>;

/** The fields of TF.js's GRUCell this cell reads or sets (declared public in its typings). */
interface GruCellFields {
  units: number;
  useBias: boolean;
  dropout: number;
  recurrentDropout: number;
  dropoutMask: tf.Tensor | tf.Tensor[] | null;
  recurrentDropoutMask: tf.Tensor | tf.Tensor[] | null;
  activation: { apply(x: tf.Tensor): tf.Tensor };
  recurrentActivation: { apply(x: tf.Tensor): tf.Tensor };
  kernelInitializer: Initializer;
  recurrentInitializer: Initializer;
  biasInitializer: Initializer;
  kernelRegularizer?: Regularizer;
  recurrentRegularizer?: Regularizer;
  biasRegularizer?: Regularizer;
  kernelConstraint?: Constraint;
  recurrentConstraint?: Constraint;
  biasConstraint?: Constraint;
  kernel: tf.LayerVariable;
  recurrentKernel: tf.LayerVariable;
  bias: tf.LayerVariable | null;
}

type GruCellInstance = tf.layers.Layer & GruCellFields;

// TF.js exports its GRU cell only through a factory: the class is what the factory returns.
const GruCell = tf.layers.gruCell({ units: 1 }).constructor as new (args: CellArgs) => GruCellInstance;

function dropoutMask(ones: () => tf.Tensor, rate: number, training: boolean): tf.Tensor {
  // One mask a sequence, as Keras: kept across the time steps, scaled by 1 / (1 - rate) in training.
  return tf.tidy(() => (training ? tf.dropout(ones(), rate) : ones()));
}

/** The cell: TF.js's GRU cell with Keras's reset-after weights and step. */
export class ResetAfterGruCell extends GruCell {
  static readonly className = "NncheckResetAfterGRUCell";

  constructor(args: CellArgs) {
    super({ ...args, resetAfter: false });
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const inputDim = shape[shape.length - 1]!;
    this.kernel = this.addWeight("kernel", [inputDim, this.units * 3], undefined, this.kernelInitializer, this.kernelRegularizer, true, this.kernelConstraint);
    this.recurrentKernel = this.addWeight("recurrent_kernel", [this.units, this.units * 3], undefined, this.recurrentInitializer, this.recurrentRegularizer, true, this.recurrentConstraint);
    this.bias = this.useBias ? this.addWeight("bias", [2, this.units * 3], undefined, this.biasInitializer, this.biasRegularizer, true, this.biasConstraint) : null;
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor[] {
    return tf.tidy(() => {
      const [input, state] = inputs as tf.Tensor[];
      let x = input!;
      let h = state!;
      const training = kwargs["training"] === true;
      if (this.dropout > 0 && this.dropout < 1) {
        this.dropoutMask ??= tf.keep(dropoutMask(() => tf.onesLike(x), this.dropout, training));
        x = tf.mul(x, this.dropoutMask as tf.Tensor);
      }
      const previous = h;
      if (this.recurrentDropout > 0 && this.recurrentDropout < 1) {
        this.recurrentDropoutMask ??= tf.keep(dropoutMask(() => tf.onesLike(h), this.recurrentDropout, training));
        h = tf.mul(h, this.recurrentDropoutMask as tf.Tensor);
      }
      let matrixX = tf.matMul(x, this.kernel.read());
      let matrixInner = tf.matMul(h, this.recurrentKernel.read());
      if (this.bias !== null) {
        const [inputBias, recurrentBias] = tf.unstack(this.bias.read());
        matrixX = tf.add(matrixX, inputBias!);
        matrixInner = tf.add(matrixInner, recurrentBias!);
      }
      const [xZ, xR, xH] = tf.split(matrixX, 3, -1);
      const [innerZ, innerR, innerH] = tf.split(matrixInner, 3, -1);
      const z = this.recurrentActivation.apply(tf.add(xZ!, innerZ!));
      const r = this.recurrentActivation.apply(tf.add(xR!, innerR!));
      const candidate = this.activation.apply(tf.add(xH!, tf.mul(r, innerH!)));
      const next = tf.add(tf.mul(z, previous), tf.mul(tf.sub(1, z), candidate));
      return [next, next];
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), resetAfter: true };
  }
}

/** The recurrent layer around the cell. It reports Keras's class name (`GRU`), so the probe's summary sees a GRU. */
export class ResetAfterGru extends tf.RNN {
  static override readonly className = "NncheckResetAfterGRU";

  constructor(args: GruArgs) {
    super({ ...args, cell: new ResetAfterGruCell(args) } as unknown as ConstructorParameters<typeof tf.RNN>[0]);
  }

  override getClassName(): string {
    return "GRU";
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor | tf.Tensor[] {
    // A new sequence batch draws new dropout masks (as TF.js's GRU does).
    const cell = this.cell as unknown as GruCellFields;
    for (const key of ["dropoutMask", "recurrentDropoutMask"] as const) {
      const mask = cell[key];
      if (mask !== null) tf.dispose(mask);
      cell[key] = null;
    }
    return super.call(inputs, { mask: kwargs["mask"] ?? null, training: kwargs["training"] ?? null, initialState: kwargs["initialState"] ?? null });
  }
}

/** `Bidirectional(GRU(reset_after=True))`: TF.js's wrapper clones its layer by class name, so it is built around
 * a stand-in and given a reset-after GRU for each direction before it is built. */
export function resetAfterBidirectional(args: GruArgs, wrapperArgs: Omit<Parameters<typeof tf.layers.bidirectional>[0], "layer">): tf.layers.Layer {
  const standIn = tf.layers.gru(args) as unknown as tf.RNN;
  const wrapper = tf.layers.bidirectional({ ...wrapperArgs, layer: standIn });
  const directions = wrapper as unknown as { forwardLayer: tf.layers.Layer; backwardLayer: tf.layers.Layer };
  const name = args.name ?? standIn.name;
  const forward = new ResetAfterGru({ ...args, name: `forward_${name}`, goBackwards: false });
  const backward = new ResetAfterGru({ ...args, name: `backward_${name}`, goBackwards: true });
  directions.forwardLayer = forward;
  directions.backwardLayer = backward;
  return wrapper;
}
