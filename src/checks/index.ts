export { createCheckEngine, CHECK_CRASHED, INTERNAL_ERROR_CODE, type CheckEngine } from "./engine.js";
export { CheckOptionsError, type CheckEngineOptions, type CheckConfig } from "./options.js";
export { allChecks } from "./rules/index.js";
export { checkTrace, checkTraceDetailed, severalRunsNote, TraceFileError, type CheckTraceOptions, type CheckTraceResult } from "./check-trace.js";
export { defineCheck, checkMeta, type DynamicCheck, type AnyCheck, type CheckContext, type CheckReport, type CheckTrigger } from "./check.js";
export { CheckState, type TensorSeries, type TensorSample, type LossPeriod } from "./state.js";
export { diagnose, groupFindings, type FindingGroup } from "./diagnosis.js";
export { formatNumber, formatPercent, formatFactor } from "./format.js";
