/**
 * Selects the wasm backend in Node: its .wasm files are read from the installed package's dist folder
 * (Node cannot fetch them by URL), then the training kernels it lacks are registered.
 */
import * as tf from "@tensorflow/tfjs";
import { createRequire } from "node:module";
import path from "node:path";
import { registerWasmTrainingKernels } from "./register.js";
import { callerModuleFile } from "../module-file.js";

/** This module's file: the wasm backend is resolved from nncheck's own installation. */
const MODULE_FILE = callerModuleFile();

/** The folder holding the wasm backend's .wasm binaries, with a trailing separator (setWasmPaths wants a prefix). */
export function wasmBinariesFolder(resolveFrom: string = MODULE_FILE): string {
  const require = createRequire(resolveFrom);
  const manifest = require.resolve("@tensorflow/tfjs-backend-wasm/package.json");
  return path.join(path.dirname(manifest), "dist") + path.sep;
}

/** Switches tfjs to the wasm backend with training kernels; false when wasm cannot start here. */
export async function useWasmBackend(): Promise<boolean> {
  const wasm = await import("@tensorflow/tfjs-backend-wasm");
  // Only has an effect before the backend first initialises (later calls change nothing).
  wasm.setWasmPaths(wasmBinariesFolder());
  const ok = await tf.setBackend("wasm");
  if (ok) registerWasmTrainingKernels("wasm");
  return ok;
}
