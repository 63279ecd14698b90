/**
 * Shape inference and parameter counts for the ProgramModel's architecture graph (Keras semantics).
 * The implementation lives in ./shapes/, one concern per module; this file is the public surface.
 */
export { inferOutputShape } from "./shapes/output-shape.js";
export { countParams } from "./shapes/param-count.js";
export { propagateShapes } from "./shapes/propagate.js";
/** Helpers rules may reuse (feature-map collapse needs the same window arithmetic and layout). */
export { convOutputLength, effectiveKernel, splitSpatial, type SpatialLayout } from "./shapes/dims.js";
