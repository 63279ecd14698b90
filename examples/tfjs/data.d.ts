// Types of data.js, for the TypeScript tests that train on the same data (test/probes/helpers.ts).
import type * as tf from "@tensorflow/tfjs";

export function classification(n?: number, features?: number, classes?: number, seed?: number): { xs: tf.Tensor2D; ys: tf.Tensor2D };
export function images(n?: number, seed?: number): { xs: tf.Tensor4D; ys: tf.Tensor2D };
export function sequences(n?: number, steps?: number, seed?: number): { xs: tf.Tensor3D; ys: tf.Tensor2D };
