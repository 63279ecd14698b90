/**
 * Healthy trainings in the shape of real ones that once raised warnings: a warning on a healthy run fails
 * the user's CI at the default --fail-on. (bench/dynamic-alarms.js runs the larger re-creations.)
 */
import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { nncheckCallback } from "../../src/live/tfjs.js";
import { collector, entries } from "./helpers.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

/** Multi-hot documents over `vocabulary` words (Zipf-like draws); the label says whether "positive" words outnumber "negative" ones. */
function multiHot(n: number, vocabulary: number, words: number, seed: number): { xs: tf.Tensor2D; ys: tf.Tensor2D } {
  let s = seed;
  const rand = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  const x = new Float32Array(n * vocabulary);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let score = 0;
    for (let w = 0; w < words; w++) {
      const word = Math.min(vocabulary - 1, Math.floor(Math.exp(rand() * Math.log(vocabulary))) - 1);
      x[i * vocabulary + word] = 1;
      if (word >= 10 && word < 40) score++;
      else if (word >= 40 && word < 70) score--;
    }
    y[i] = score > 0 || (score === 0 && rand() < 0.5) ? 1 : 0;
  }
  return { xs: tf.tensor2d(x, [n, vocabulary]), ys: tf.tensor2d(y, [n, 1]) };
}

describe("healthy real-shaped trainings raise no warning", () => {
  it("a ReLU MLP over multi-hot text (tfjs-examples sentiment): sparse inputs zero most of the first kernel's gradient, yet no unit is dying", async () => {
    const init = (seed: number) => tf.initializers.glorotUniform({ seed });
    const model = tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [2000], units: 16, activation: "relu", kernelInitializer: init(1), name: "words" }),
        tf.layers.dense({ units: 16, activation: "relu", kernelInitializer: init(2) }),
        tf.layers.dense({ units: 1, activation: "sigmoid", kernelInitializer: init(3) }),
      ],
    });
    model.compile({ optimizer: tf.train.adam(), loss: "binaryCrossentropy", metrics: ["acc"] });
    const { xs, ys } = multiHot(640, 2000, 16, 5);
    const sink = collector();
    const callback = nncheckCallback({ checks: true, printFindings: false, sinks: [sink] });
    const history = await model.fit(xs, ys, { epochs: 5, batchSize: 32, shuffle: false, validationSplit: 0.2, verbose: 0, callbacks: [callback] });
    callback.close();
    tf.dispose([xs, ys]);
    // It learns ...
    expect(history.history.val_acc!.at(-1) as number).toBeGreaterThan(0.75);
    // ... while most of the first layer's kernel gradient is exactly zero (words absent from the batch):
    // the entry-wise form of D305 would call its units dying.
    const gradients = entries(sink.records, { layer: "words", role: "gradient", parameter: "weights" });
    expect(gradients.length).toBeGreaterThanOrEqual(3);
    expect(gradients.slice(-3).every((g) => g.stats.zeroFraction >= 0.7)).toBe(true);
    expect(callback.findings().filter((f) => f.severity !== "info")).toEqual([]);
  });
});
