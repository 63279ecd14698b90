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
