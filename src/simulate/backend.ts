/**
 * The backend a simulation trains on: the wasm backend with the training kernels the TF.js probe registers
 * (several times faster than the pure-JS cpu backend), else cpu. A backend the process already runs on
 * that is neither (tfjs-node's "tensorflow") is kept: it is faster still.
 */
import * as tf from "@tensorflow/tfjs";
import { useRowwiseUnsortedSegmentSum, useWasmBackend } from "../probes/tfjs/wasm/index.js";

let wasmUnavailable = false;

export async function selectBackend(preference: "wasm" | "cpu"): Promise<string> {
  await tf.ready();
  const current = tf.getBackend();
  if (current !== "wasm" && current !== "cpu" && current !== "webgl") return current;
  if (preference === "wasm" && !wasmUnavailable) {
    if (current === "wasm") return current;
    try {
      if (await useWasmBackend()) return "wasm";
    } catch {
      // Not installed or cannot start here: the cpu backend runs every kernel.
    }
    wasmUnavailable = true;
  }
  if (current !== "cpu") await tf.setBackend("cpu");
  // Every Embedding's gradient: the stock cpu kernel costs seconds a step at a few thousand words.
  if (tf.getBackend() === "cpu") useRowwiseUnsortedSegmentSum("cpu");
  return tf.getBackend();
}

/** A wasm failure that leaves the backend's heap unusable (every later kernel fails the same way). */
export function isBrokenWasm(message: string): boolean {
  return /memory access out of bounds|out of memory|Aborted\(/i.test(message);
}

/** Leaves a wasm backend whose heap broke: the rest of the process simulates on cpu. */
export async function abandonWasm(): Promise<string> {
  wasmUnavailable = true;
  await tf.setBackend("cpu");
  return tf.getBackend();
}
