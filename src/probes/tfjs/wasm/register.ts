/**
 * Makes every layer train on the wasm backend: registers, for each kernel wasm lacks, a fallback that
 * runs the cpu kernel, and both Conv2D gradients as forward convolutions (conv2d-gradients-by-conv.ts),
 * which wasm runs through XNNPACK: its own Conv2DBackpropInput is a scalar loop, and the filter gradient
 * it lacks would otherwise be an im2col (kept for the cases a convolution does not serve); and the
 * gather's gradient (UnsortedSegmentSum, every Embedding's) in one pass over the rows.
 */
import * as tf from "@tensorflow/tfjs";
import type { KernelConfig } from "@tensorflow/tfjs";
import { cpuFallbackKernel } from "./cpu-fallback.js";
import { conv2DBackpropFilterIm2colKernel } from "./conv2d-backprop-filter.js";
import { conv2DGradientsByConvKernels } from "./conv2d-gradients-by-conv.js";
import { unsortedSegmentSumKernel } from "./unsorted-segment-sum.js";

/** Kernel functions this module installed in place of a backend's own (so that a second call keeps them). */
const replaced = new WeakSet<object>();

/** Kernels no fallback can serve: complex tensors live as real/imag pairs, Draw needs a canvas. */
const NOT_FALLBACK_ABLE = new Set(["Complex", "ComplexAbs", "FFT", "IFFT", "Imag", "Real", "Draw", "StaticRegexReplace"]);

/** Kernels the backend lacks that the cpu backend has (and that a cpu fallback can serve). */
export function missingKernels(backendName: string): string[] {
  const present = new Set(tf.getKernelsForBackend(backendName).map((k) => k.kernelName));
  return tf
    .getKernelsForBackend("cpu")
    .map((k) => k.kernelName)
    .filter((name) => !present.has(name) && !NOT_FALLBACK_ABLE.has(name));
}

/**
 * Registers the training kernels the wasm backend lacks. Idempotent; returns the kernel names it
 * registered. Does nothing when the wasm backend's kernels are not loaded (import
 * "@tensorflow/tfjs-backend-wasm" first) or when the cpu backend is absent.
 */
export function registerWasmTrainingKernels(backendName = "wasm"): string[] {
  if (tf.getKernelsForBackend(backendName).length === 0) return [];
  if (tf.getKernelsForBackend("cpu").length === 0) return [];
  const registered: string[] = [];
  for (const name of missingKernels(backendName)) {
    const config = name === "Conv2DBackpropFilter" ? conv2DBackpropFilterIm2colKernel(backendName) : cpuFallbackKernel(name, backendName);
    tf.registerKernel(config);
    registered.push(name);
  }
  for (const config of [...conv2DGradientsByConvKernels(backendName), unsortedSegmentSumKernel(backendName)]) {
    if (replaceKernel(config) && !registered.includes(config.kernelName)) registered.push(config.kernelName);
  }
  return registered;
}

/** Installs `config` in place of its backend's kernel, unless this module already did; whether it did now. */
function replaceKernel(config: KernelConfig): boolean {
  const current = tf.getKernel(config.kernelName, config.backendName);
  if (current && replaced.has(current.kernelFunc)) return false;
  if (current) tf.unregisterKernel(config.kernelName, config.backendName);
  replaced.add(config.kernelFunc);
  tf.registerKernel(config);
  return true;
}

/**
 * Replaces a backend's own Conv2DBackpropFilter with the im2col one (4× faster on cpu); returns a
 * function that restores the original kernel.
 */
export function useIm2colConv2DBackpropFilter(backendName: string): () => void {
  const original = tf.getKernel("Conv2DBackpropFilter", backendName);
  if (original) tf.unregisterKernel("Conv2DBackpropFilter", backendName);
  tf.registerKernel(conv2DBackpropFilterIm2colKernel(backendName));
  return () => {
    tf.unregisterKernel("Conv2DBackpropFilter", backendName);
    if (original) tf.registerKernel(original);
  };
}

/**
 * Replaces a backend's own UnsortedSegmentSum (the stock cpu kernel: a masked sum per segment, seconds a
 * step for an Embedding of a few thousand words) with one pass over the rows. Idempotent.
 */
export function useRowwiseUnsortedSegmentSum(backendName: string): void {
  replaceKernel(unsortedSegmentSumKernel(backendName));
}
