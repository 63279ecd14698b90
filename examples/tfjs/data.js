// Synthetic data for the example trainings: deterministic, no download.
import * as tf from "@tensorflow/tfjs";

function lcg(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** n samples of `features` values in [-1, 1); the class is the argmax of `classes` sums of features. */
export function classification(n = 512, features = 20, classes = 3, seed = 7) {
  const rand = lcg(seed);
  const x = new Float32Array(n * features);
  const y = new Float32Array(n * classes);
  for (let i = 0; i < n; i++) {
    const scores = new Array(classes).fill(0);
    for (let f = 0; f < features; f++) {
      const v = rand() * 2 - 1;
      x[i * features + f] = v;
      scores[f % classes] += v;
    }
    y[i * classes + scores.indexOf(Math.max(...scores))] = 1;
  }
  return { xs: tf.tensor2d(x, [n, features]), ys: tf.tensor2d(y, [n, classes]) };
}

/** n 8×8 one-channel images of 4 classes: the class is the quadrant holding a bright 3×3 blob over noise. */
export function images(n = 256, seed = 3) {
  const rand = lcg(seed);
  const x = new Float32Array(n * 64);
  const y = new Float32Array(n * 4);
  for (let i = 0; i < n; i++) {
    const c = Math.floor(rand() * 4);
    y[i * 4 + c] = 1;
    for (let p = 0; p < 64; p++) x[i * 64 + p] = (rand() - 0.5) * 0.4;
    const top = (c >> 1) * 4 + Math.floor(rand() * 2);
    const left = (c & 1) * 4 + Math.floor(rand() * 2);
    for (let dy = 0; dy < 3; dy++) for (let dx = 0; dx < 3; dx++) x[i * 64 + (top + dy) * 8 + left + dx] += 1;
  }
  return { xs: tf.tensor4d(x, [n, 8, 8, 1]), ys: tf.tensor2d(y, [n, 4]) };
}

/** n sequences of `steps` × 2 features, 2 classes: the sign of the sum of the first feature. */
export function sequences(n = 256, steps = 8, seed = 5) {
  const rand = lcg(seed);
  const x = new Float32Array(n * steps * 2);
  const y = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let t = 0; t < steps; t++) {
      const v = rand() * 2 - 1;
      sum += v;
      x[(i * steps + t) * 2] = v;
      x[(i * steps + t) * 2 + 1] = rand() * 2 - 1;
    }
    y[i * 2 + (sum > 0 ? 1 : 0)] = 1;
  }
  return { xs: tf.tensor3d(x, [n, steps, 2]), ys: tf.tensor2d(y, [n, 2]) };
}
