/**
 * `nncheck/tfjs`: live checks for TensorFlow.js training — a `model.fit` callback and a custom-loop watch,
 * each the TF.js probe composed with the checks engine — and the probe's building blocks.
 */
export { nncheckCallback, watchOptimizer, liveMonitor, type LiveCallbackOptions, type LiveWatchOptions, type LiveCheckOptions } from "./tfjs.js";
export { createNncheckCallback, resolveLogs, type NncheckCallback, type NncheckCallbackOptions, type TfjsLibrary } from "../probes/tfjs/callback.js";
export { type OptimizerWatch, type WatchOptimizerOptions } from "../probes/tfjs/monitor.js";
export { TfjsProbe, DEFAULT_SAMPLING_INTERVAL, PROBE_VERSION, activationStatsOptions, type ProbeOptions, type NamedGradient } from "../probes/tfjs/probe.js";
export { computeStats, subsample, perUnitStats, saturation, rowSums, DEFAULT_MAX_SAMPLED_VALUES, type StatsOptions } from "../probes/tfjs/stats.js";
export { summarizeLayers, layerKindOfTfjs, activationOfTfjs, runStartRecord } from "../probes/tfjs/summary.js";
export { hookApplyGradients, hookLayerCalls, installModelHooks, normalizeGradients } from "../probes/tfjs/hooks.js";
export { registerWasmTrainingKernels, useIm2colConv2DBackpropFilter, useRowwiseUnsortedSegmentSum, useWasmBackend, runOnCpu, cpuFallbackKernel } from "../probes/tfjs/wasm/index.js";
export { createCheckEngine, diagnose, type CheckEngine } from "../checks/index.js";
export { preflight, DEFAULT_PREFLIGHT_BUDGET, type PreflightOptions, type PreflightResult, type PreflightBudget, type PreflightData } from "./preflight.js";
