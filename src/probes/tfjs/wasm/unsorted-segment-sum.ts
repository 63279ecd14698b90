/**
 * UnsortedSegmentSum as one pass over the rows: each row of x added into its segment's row. It is the
 * gradient of every gather, so of every Embedding layer. The stock cpu kernel (which the wasm backend, lacking
 * one, falls back on) builds a mask per segment and sums x under it: segments × x's size, 13 s a training
 * step for a 10,000-word vocabulary over 8 sequences of 25 tokens, where this takes milliseconds.
 */
import type { DataType, KernelConfig, TensorInfo } from "@tensorflow/tfjs";
import type { KernelArgs } from "./cpu-fallback.js";

/** Sums the rows of `x` (rows of `rowSize` values) into `numSegments` rows by `segmentIds`; ids out of range are dropped, as TensorFlow does. */
export function segmentSum(x: ArrayLike<number>, segmentIds: ArrayLike<number>, rowSize: number, numSegments: number, out: Float32Array | Int32Array): void {
  for (let row = 0; row < segmentIds.length; row++) {
    const id = segmentIds[row]!;
    if (!(id >= 0 && id < numSegments)) continue;
    const from = row * rowSize;
    const to = id * rowSize;
    for (let k = 0; k < rowSize; k++) out[to + k]! += x[from + k]!;
  }
}

export function unsortedSegmentSumKernel(backendName: string): KernelConfig {
  return {
    kernelName: "UnsortedSegmentSum",
    backendName,
    kernelFunc: (raw) => {
      const { inputs, backend, attrs } = raw as unknown as KernelArgs;
      const x = inputs["x"] as TensorInfo;
      const ids = inputs["segmentIds"] as TensorInfo;
      const numSegments = Number(attrs?.["numSegments"]);
      const segmentShape = x.shape.slice(ids.shape.length);
      const rowSize = segmentShape.reduce((a, b) => a * b, 1);
      const values = backend.readSync(x.dataId) as Float32Array | Int32Array;
      const segmentIds = backend.readSync(ids.dataId) as Int32Array | Float32Array;
      const dtype: DataType = x.dtype === "int32" ? "int32" : "float32";
      const out = dtype === "int32" ? new Int32Array(numSegments * rowSize) : new Float32Array(numSegments * rowSize);
      segmentSum(values, segmentIds, rowSize, numSegments, out);
      const shape = [numSegments, ...segmentShape];
      return { dataId: backend.write(out, shape, dtype), shape, dtype };
    },
  };
}
