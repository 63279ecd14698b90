/**
 * What the data rules S502/S505 need to know about the scaling of an array: which of its transforms
 * bring values to a small scale (a division by a large constant, a standardisation, a min-max scaling),
 * and a short human description of how an array was prepared.
 */
import type { DataFacts, DataTransform } from "../../../model/program.js";
import { formatRange } from "../output/diagnose.js";

/** How a transform changes the scale of the values. */
export type ScalingKind =
  /** Multiplication by a known factor (`x / 255` is 1/255). */
  | "factor"
  /** Fitted to the data (standardisation, min-max or max scaling): idempotent, harmless when repeated. */
  | "adaptive"
  /** A scaling whose factor is unknown (`convert_image_dtype` to float, an unreadable expression). */
  | "unknown-factor"
  /** Not a change of scale (a shift, a reshape, a cast...). */
  | "none";

export interface Scaling {
  kind: ScalingKind;
  factor?: number;
}

const NUMBER = "([-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?)";
const DIVIDE = new RegExp(`^/\\s*${NUMBER}$`);
const MULTIPLY = new RegExp(`^\\*\\s*${NUMBER}$`);
const SHIFT = new RegExp(`^(?:[-+]\\s*${NUMBER}|${NUMBER}\\s*-|negate)$`);

/**
 * The multiplicative factor of a `scale` transform: the front end's `factor` when it recorded one, else
 * read from its description (`/ 255`, `* 0.5`). Undefined for shifts and unknown scalings.
 */
export function scaleFactor(transform: DataTransform): number | undefined {
  if (transform.op !== "scale") return undefined;
  if (transform.factor !== undefined) return transform.factor;
  const detail = transform.detail?.trim() ?? "";
  const divide = DIVIDE.exec(detail);
  if (divide) {
    const divisor = Number(divide[1]);
    return divisor !== 0 ? 1 / divisor : undefined;
  }
  const multiply = MULTIPLY.exec(detail);
  return multiply ? Number(multiply[1]) : undefined;
}

export function scalingOf(transform: DataTransform): Scaling {
  if (transform.op === "standardize" || transform.op === "normalize") return { kind: "adaptive" };
  if (transform.op !== "scale") return { kind: "none" };
  const factor = scaleFactor(transform);
  if (factor !== undefined) return { kind: "factor", factor };
  if (transform.factor === undefined && SHIFT.test(transform.detail?.trim() ?? "")) return { kind: "none" };
  return { kind: "unknown-factor" };
}

/** Whether a transform shrinks values to a small scale: a known factor of at most 1/minDivisor in magnitude. */
export function isFixedDownscaling(transform: DataTransform, minDivisor: number): boolean {
  const scaling = scalingOf(transform);
  return scaling.kind === "factor" && scaling.factor !== 0 && Math.abs(scaling.factor!) <= 1 / minDivisor;
}

/**
 * The transforms that bring an array to a small scale: fixed downscalings by at least minDivisor,
 * adaptive normalisations, and scalings of unknown factor (`convert_image_dtype` maps uint8 to [0, 1]).
 */
export function normalisingSteps(facts: DataFacts, minDivisor: number): DataTransform[] {
  return facts.transforms.filter((t) => {
    const kind = scalingOf(t).kind;
    return kind === "adaptive" || kind === "unknown-factor" || isFixedDownscaling(t, minDivisor);
  });
}

/** The largest absolute value of a range. */
export function magnitude(range: readonly [number, number]): number {
  return Math.max(Math.abs(range[0]), Math.abs(range[1]));
}

/** A factor as a reader would write it: `* (1/255)` rather than `* 0.00392156862745098`. */
function describeFactor(factor: number): string {
  const inverse = 1 / factor;
  if (Math.abs(factor) < 1 && Math.abs(inverse - Math.round(inverse)) < 1e-6) return `* (1/${Math.round(inverse)})`;
  return `* ${Number(factor.toPrecision(4))}`;
}

/** `/ 255`, `* (1/255)`, `standardisation (StandardScaler)`, `scale (float32)`. */
export function describeTransform(transform: DataTransform): string {
  const detail = transform.detail ? transform.detail.trim() : "";
  const scaling = scalingOf(transform);
  switch (scaling.kind) {
    case "factor":
      return DIVIDE.test(detail) ? detail : describeFactor(scaling.factor!);
    case "adaptive":
      return `${transform.op === "standardize" ? "standardisation" : "normalisation"}${detail ? ` (${detail})` : ""}`;
    default:
      return `${transform.op}${detail ? ` (${detail})` : ""}`;
  }
}

/** `scaled by / 255, values in [0, 1]`, `not scaled, values in [0, 255]`. */
export function describePreparation(facts: DataFacts, minDivisor: number): string {
  const steps = normalisingSteps(facts, minDivisor);
  const how = steps.length > 0 ? `scaled by ${steps.map(describeTransform).join(", ")}` : "not scaled";
  return facts.range ? `${how}, values in ${formatRange(facts.range)}` : how;
}

/** The name to show for an array: its variable, or a description. */
export function dataName(facts: DataFacts, fallback: string): string {
  return facts.variable ?? fallback;
}
