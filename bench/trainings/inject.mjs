// Fault injection for the re-created trainings (bench/fault-injection.js): a preload (`node --import`)
// that changes an unmodified training the way a bug would, chosen by NNCHECK_INJECT. It patches TF.js's
// classes, so the training script itself stays as its example wrote it.
import * as tf from "@tensorflow/tfjs";

const fault = process.env.NNCHECK_INJECT ?? "";
const denseClass = Object.getPrototypeOf(tf.layers.dense({ units: 1 })).constructor;
const modelProto = tf.LayersModel.prototype;

/** Rows of a tensor shuffled (labels that no longer match their inputs). */
function shuffledRows(t) {
  const n = t.shape[0];
  const order = Array.from({ length: n }, (_, i) => i);
  let s = 7;
  for (let i = n - 1; i > 0; i--) {
    s = (s * 1664525 + 1013904223) >>> 0;
    const j = s % (i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  return tf.gather(t, tf.tensor1d(order, "int32"));
}

/** A tenth of the inputs' rows NaN in one feature (a missing value read as NaN). */
function withNaNs(x) {
  const [n, ...rest] = x.shape;
  const mask = tf.buffer([n, ...rest], "float32");
  for (let i = 0; i < n; i += 10) mask.set(1, ...[i, ...rest.map(() => 0)]);
  return tf.where(tf.cast(mask.toTensor(), "bool"), tf.fill(x.shape, NaN), x);
}

if (fault === "dead-relu" || fault === "l2-10") {
  const build = denseClass.prototype.build;
  denseClass.prototype.build = function (inputShape) {
    const relu = this.activation?.getClassName?.() === "relu";
    if (fault === "l2-10") this.kernelRegularizer = tf.regularizers.l2({ l2: 10 });
    const result = build.call(this, inputShape);
    if (fault === "dead-relu" && relu && this.bias) this.bias.write(tf.fill(this.bias.shape, -10));
    return result;
  };
}

const fit = modelProto.fit;
modelProto.fit = function (x, y, args) {
  const optimizer = this.optimizer;
  // SGD keeps its rate as a tensor made in its constructor: setLearningRate remakes it; Adam and
  // RMSprop read the field at each step.
  const setRate = (rate) => (typeof optimizer.setLearningRate === "function" ? optimizer.setLearningRate(rate) : (optimizer.learningRate = rate));
  if (fault === "lr-x1000" && optimizer && !optimizer.__injected) {
    setRate((optimizer.learningRate ?? 0.001) * 1000);
    optimizer.__injected = true;
  }
  if (fault === "lr-zero" && optimizer) setRate(0);
  if (fault === "shuffled-labels") y = shuffledRows(y);
  if (fault === "nan-inputs") x = withNaNs(x);
  return fit.call(this, x, y, args);
};
