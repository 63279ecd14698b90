// tfjs-examples date-conversion-attention: an LSTM encoder-decoder with dot-product attention (embedding
// with masking, the encoder's last step as the decoder's initial state, softmax attention, a context
// concatenated with the decoder, time-distributed tanh and softmax dense layers), categorical
// cross-entropy, Adam, one fit on generated date strings (fewer samples than the example, so Adam at 0.01
// rather than its default 0.001, and 32 units rather than 64, to train in seconds on the cpu backend).
import * as tf from "@tensorflow/tfjs";
import { DATE_INPUT_CHARS, DATE_INPUT_LENGTH, DATE_OUTPUT_CHARS, DATE_OUTPUT_LENGTH, dateStrings, seedArg } from "./data.js";

/** The last time step of a sequence: [batch, time, units] → [batch, units]. */
class LastTimeStep extends tf.layers.Layer {
  static className = "LastTimeStep";
  constructor(config) {
    super(config ?? {});
    this.supportsMasking = true;
  }
  computeOutputShape(shape) {
    return [shape[0], shape[2]];
  }
  computeMask() {
    return null;
  }
  call(inputs) {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    return tf.tidy(() => x.gather([x.shape[1] - 1], 1).squeeze([1]));
  }
}
tf.serialization.registerClass(LastTimeStep);

await tf.setBackend("cpu");
const seed = seedArg();
const glorot = (k) => tf.initializers.glorotUniform({ seed: seed + k });
const units = 32;
const encoderInput = tf.input({ shape: [DATE_INPUT_LENGTH] });
const decoderInput = tf.input({ shape: [DATE_OUTPUT_LENGTH] });
const encoderEmbedded = tf.layers.embedding({ inputDim: DATE_INPUT_CHARS.length, outputDim: 32, maskZero: true, embeddingsInitializer: tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed }) }).apply(encoderInput);
const encoder = tf.layers.lstm({ units, returnSequences: true, kernelInitializer: glorot(1), recurrentInitializer: tf.initializers.orthogonal({ seed: seed + 2 }) }).apply(encoderEmbedded);
const encoderLast = new LastTimeStep({ name: "encoder_last" }).apply(encoder);
const decoderEmbedded = tf.layers.embedding({ inputDim: DATE_OUTPUT_CHARS.length, outputDim: 32, maskZero: true, embeddingsInitializer: tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: seed + 3 }) }).apply(decoderInput);
const decoder = tf.layers.lstm({ units, returnSequences: true, kernelInitializer: glorot(4), recurrentInitializer: tf.initializers.orthogonal({ seed: seed + 5 }) }).apply(decoderEmbedded, { initialState: [encoderLast, encoderLast] });
const scores = tf.layers.dot({ axes: [2, 2] }).apply([decoder, encoder]);
const attention = tf.layers.activation({ activation: "softmax", name: "attention" }).apply(scores);
const context = tf.layers.dot({ axes: [2, 1], name: "context" }).apply([attention, encoder]);
const combined = tf.layers.concatenate().apply([context, decoder]);
const hidden = tf.layers.timeDistributed({ layer: tf.layers.dense({ units, activation: "tanh", kernelInitializer: glorot(6) }) }).apply(combined);
const output = tf.layers.timeDistributed({ layer: tf.layers.dense({ units: DATE_OUTPUT_CHARS.length, activation: "softmax", kernelInitializer: glorot(7) }) }).apply(hidden);
const model = tf.model({ inputs: [encoderInput, decoderInput], outputs: output });
model.compile({ loss: "categoricalCrossentropy", optimizer: tf.train.adam(0.01) });

const { encoder: xe, decoder: xd, targets } = dateStrings(1536, seed);
const history = await model.fit([xe, xd], targets, { epochs: 3, batchSize: 64, validationSplit: 0.1, verbose: 0 });
console.log(`final loss ${history.history.loss.at(-1).toFixed(3)} val ${history.history.val_loss.at(-1).toFixed(3)}`);
