export { registerWasmTrainingKernels, useIm2colConv2DBackpropFilter, useRowwiseUnsortedSegmentSum, missingKernels } from "./register.js";
export { cpuFallbackKernel, runOnCpu } from "./cpu-fallback.js";
export { conv2DBackpropFilterIm2col, conv2DBackpropFilterIm2colKernel, gatherPatches } from "./conv2d-backprop-filter.js";
export { useWasmBackend, wasmBinariesFolder } from "./node-setup.js";
