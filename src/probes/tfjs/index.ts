/** nncheck's TF.js probe: telemetry from `model.fit` (a callback) and custom loops (an optimizer watch). Checks are not its business: src/live/ composes the two. */
export { createNncheckCallback, resolveLogs, type NncheckCallback, type NncheckCallbackOptions, type TfjsLibrary } from "./callback.js";
export { watchOptimizer, type OptimizerWatch, type WatchOptimizerOptions } from "./monitor.js";
export { TfjsProbe, DEFAULT_SAMPLING_INTERVAL, PROBE_VERSION, activationStatsOptions, type ProbeOptions, type NamedGradient } from "./probe.js";
export { computeStats, subsample, perUnitStats, saturation, rowSums, absDecades, perUnitZeroFraction, DEFAULT_MAX_SAMPLED_VALUES, type StatsOptions } from "./stats.js";
export { summarizeLayers, layerKindOfTfjs, activationOfTfjs, runStartRecord } from "./summary.js";
export { installLayerOrigins, layerOrigin } from "./layer-origins.js";
export { hookApplyGradients, hookLayerCalls, installModelHooks, normalizeGradients } from "./hooks.js";
export { registerWasmTrainingKernels, useIm2colConv2DBackpropFilter, useRowwiseUnsortedSegmentSum, useWasmBackend, runOnCpu, cpuFallbackKernel } from "./wasm/index.js";
