export * from "./schema.js";
export { createTraceWriter, type TraceWriter, type LineStream } from "./writer.js";
export { readTrace, parseTrace, decodeTraceLine, type TraceReadResult, type BadLine } from "./reader.js";
export { UnsupportedTraceVersionError } from "./validate.js";
export { encodeLine, decodeLine } from "./codec.js";
