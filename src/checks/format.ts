/**
 * Numbers in messages, as people read them: a few significant digits, no trailing zeros, and exponent
 * form only far from 1 (`0.0421`, `1.5`, `2.72e+27`, never `2.716651743604963e+27`).
 */

/** Up to `digits` significant digits; exponent form below 1e-3 and from 1e6 on. */
export function formatNumber(value: number, digits = 3): string {
  if (Number.isNaN(value)) return "NaN";
  if (!Number.isFinite(value)) return value > 0 ? "Infinity" : "-Infinity";
  if (value === 0) return "0";
  const abs = Math.abs(value);
  if (abs >= 1e6 || abs < 1e-3) {
    const [mantissa, exponent] = value.toExponential(digits - 1).split("e") as [string, string];
    return `${trimZeros(mantissa)}e${exponent}`;
  }
  if (abs >= 10 ** digits) return String(Math.round(value));
  return trimZeros(value.toPrecision(digits));
}

/** A fraction in [0, 1] as a percentage: `80%`, `99.5%`, `0.1%`. */
export function formatPercent(fraction: number, digits = 3): string {
  return `${formatNumber(fraction * 100, digits)}%`;
}

/** A ratio as a factor: `3×`, `2.72e+27×`. */
export function formatFactor(ratio: number, digits = 3): string {
  return `${formatNumber(ratio, digits)}×`;
}

function trimZeros(text: string): string {
  return text.includes(".") ? text.replace(/\.?0+$/, "") : text;
}
