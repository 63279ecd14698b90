export { createCheckEngine, CHECK_CRASHED, INTERNAL_ERROR_CODE, type CheckEngine } from "./engine.js";
export { CheckOptionsError, type CheckEngineOptions, type CheckConfig } from "./options.js";
export { allChecks } from "./rules/index.js";
export { checkTrace, checkTraceDetailed, TraceFileError, type CheckTraceOptions, type CheckTraceResult } from "./check-trace.js";
export { defineCheck, checkMeta, type DynamicCheck, type AnyCheck, type CheckContext, type CheckReport, type CheckTrigger } from "./check.js";
export { CheckState, type TensorSeries, type TensorSample, type LossPeriod } from "./state.js";
