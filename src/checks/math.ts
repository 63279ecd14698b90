/** Small numeric helpers over windows of telemetry. Pure; non-finite inputs are the caller's concern. */

export function mean(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** Median of finite values (NaN when there are none). */
export function median(values: readonly number[]): number {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * The standard deviation of a series' point-to-point noise, from the median |second difference| (robust to
 * a trend that bends slowly, and to outliers): under white noise of σ a second difference has σ√6, and
 * the median of its absolute value is 0.6745 of that. NaN with fewer than `minDifferences` differences.
 */
export function noiseSigma(values: readonly number[], minDifferences = 1): number {
  const differences: number[] = [];
  for (let i = 1; i + 1 < values.length; i++) differences.push(Math.abs(values[i + 1]! - 2 * values[i]! + values[i - 1]!));
  if (differences.length < Math.max(1, minDifferences)) return NaN;
  return median(differences) / (0.6745 * Math.sqrt(6));
}

/**
 * True when the last `window + 1` values exist, are finite and positive, and each of their `window`
 * successive ratios x_t / x_{t-1} satisfies `predicate` (a steady growth or shrinkage).
 */
export function everyRatio(values: readonly number[], window: number, predicate: (ratio: number) => boolean): boolean {
  const recent = values.slice(-(window + 1));
  if (recent.length !== window + 1 || !recent.every((v) => isFiniteNumber(v) && v > 0)) return false;
  for (let i = 1; i < recent.length; i++) if (!predicate(recent[i]! / recent[i - 1]!)) return false;
  return true;
}

/** Pearson correlation; NaN when either series is constant or shorter than 2. */
export function pearson(xs: readonly number[], ys: readonly number[]): number {
  const n = Math.min(xs.length, ys.length);
  if (n < 2) return NaN;
  const mx = mean(xs.slice(0, n));
  const my = mean(ys.slice(0, n));
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - mx;
    const dy = ys[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return NaN;
  return sxy / Math.sqrt(sxx * syy);
}

/**
 * Smoothness of a series in [0, 1]: net change over total variation. 1 for a monotone series, near 0
 * for one that swings back and forth; 1 for a constant series (nothing oscillates).
 */
export function smoothness(values: readonly number[]): number {
  let variation = 0;
  for (let i = 1; i < values.length; i++) variation += Math.abs(values[i]! - values[i - 1]!);
  if (variation === 0) return 1;
  return Math.abs(values[values.length - 1]! - values[0]!) / variation;
}

/**
 * Mean absolute successive change relative to the mean magnitude of the series, or to `minScale` when
 * that is larger.
 */
export function relativeSwing(values: readonly number[], minScale = 0): number {
  if (values.length < 2) return 0;
  const level = Math.max(mean(values.map(Math.abs)), minScale);
  return level === 0 ? 0 : meanAbsChange(values) / level;
}

/** Mean absolute successive change of a series (0 for fewer than 2 values). */
export function meanAbsChange(values: readonly number[]): number {
  if (values.length < 2) return 0;
  let total = 0;
  for (let i = 1; i < values.length; i++) total += Math.abs(values[i]! - values[i - 1]!);
  return total / (values.length - 1);
}

/** Standard normal quantile (Acklam's rational approximation, relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

/**
 * One-sided chi-square test of a sample variance against a reference variance (Wilson–Hilferty normal
 * approximation of the chi-square quantiles). `side` "below": is the variance significantly smaller than
 * the reference; "above": significantly larger.
 */
export function varianceTestRejects(n: number, sampleVariance: number, referenceVariance: number, side: "below" | "above", alpha: number): boolean {
  const df = n - 1;
  if (df < 1 || !(referenceVariance > 0)) return false;
  const statistic = (df * sampleVariance) / referenceVariance;
  const k = 2 / (9 * df);
  const z = (Math.cbrt(statistic / df) - (1 - k)) / Math.sqrt(k);
  const critical = normalQuantile(1 - alpha);
  return side === "below" ? z < -critical : z > critical;
}

/** True when the last `count` items exist and all satisfy `predicate`. */
export function lastAll<T>(items: readonly T[], count: number, predicate: (item: T) => boolean): boolean {
  if (count <= 0 || items.length < count) return false;
  return items.slice(-count).every(predicate);
}

export const isFiniteNumber = (value: unknown): value is number => typeof value === "number" && Number.isFinite(value);

/**
 * Two-sided p-value of the Mann–Whitney U test (normal approximation with tie correction) that two
 * samples come from the same distribution. 1 when every value is tied (nothing tells them apart).
 */
export function mannWhitneyP(a: readonly number[], b: readonly number[]): number {
  const n1 = a.length;
  const n2 = b.length;
  if (n1 === 0 || n2 === 0) return 1;
  const all = [...a.map((value) => ({ value, first: true })), ...b.map((value) => ({ value, first: false }))].sort((x, y) => x.value - y.value);
  const n = all.length;
  let rankSumA = 0;
  let tieTerm = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && all[j + 1]!.value === all[i]!.value) j++;
    const rank = (i + j) / 2 + 1;
    const ties = j - i + 1;
    tieTerm += ties ** 3 - ties;
    for (let k = i; k <= j; k++) if (all[k]!.first) rankSumA += rank;
    i = j + 1;
  }
  const u = rankSumA - (n1 * (n1 + 1)) / 2;
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  if (!(variance > 0)) return 1;
  const z = Math.abs(u - (n1 * n2) / 2) / Math.sqrt(variance);
  return Math.min(1, 2 * (1 - normalCdf(z)));
}

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 erf, absolute error < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/** Normalised perplexity of a class distribution, (exp(H) − 1) / (C − 1): 1 when balanced, 0 when one class holds all. */
export function normalizedPerplexity(counts: readonly number[]): number {
  const total = counts.reduce((a, b) => a + b, 0);
  if (counts.length < 2 || total <= 0) return 1;
  let entropy = 0;
  for (const c of counts) if (c > 0) entropy -= (c / total) * Math.log(c / total);
  return (Math.exp(entropy) - 1) / (counts.length - 1);
}
