/** The environment `nncheck watch` (src/cli/watch.ts) passes to its preload (watch-preload.ts) in the child. */
export const TRACE_ENV = "NNCHECK_WATCH_TRACE";
export const SAMPLING_ENV = "NNCHECK_WATCH_SAMPLING";
/** Set (to the budget, as JSON) when `watch --preflight` asks for the preflight before the first fit. */
export const PREFLIGHT_ENV = "NNCHECK_WATCH_PREFLIGHT";
