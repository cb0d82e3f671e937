/** Descriptive statistics of one sample: pure functions, no I/O, no clock, no randomness. */
import type { MetricSummary } from '../sweep/result.ts';

export function requireNonEmpty(xs: readonly number[], what: string): void {
  if (xs.length === 0) throw new Error(`${what} of an empty sample is undefined`);
}

export function requireFinite(xs: readonly number[], what: string): void {
  for (const x of xs) {
    if (!Number.isFinite(x)) throw new Error(`${what}: sample contains a non-finite value (${x})`);
  }
}

/** Arithmetic mean (two-pass: the first pass's rounding error is corrected by the second). */
export function mean(xs: readonly number[]): number {
  requireNonEmpty(xs, 'mean');
  const n = xs.length;
  let sum = 0;
  for (const x of xs) sum += x;
  const m = sum / n;
  if (!Number.isFinite(m)) return m;
  let resid = 0;
  for (const x of xs) resid += x - m;
  return m + resid / n;
}

/** Sample variance (n - 1 denominator); exactly 0 when all values are equal; NaN for n < 2. */
export function sampleVariance(xs: readonly number[]): number {
  const n = xs.length;
  if (n < 2) return NaN;
  let min = Infinity;
  let max = -Infinity;
  for (const x of xs) {
    if (x < min) min = x;
    if (x > max) max = x;
  }
  if (min === max) return 0;
  const m = mean(xs);
  let ss = 0;
  let s = 0;
  for (const x of xs) {
    const d = x - m;
    ss += d * d;
    s += d;
  }
  // Corrected two-pass formula (Chan, Golub & LeVeque).
  return (ss - (s * s) / n) / (n - 1);
}

/** Sample standard deviation (n - 1 denominator); NaN for n < 2. */
export function sampleStd(xs: readonly number[]): number {
  return Math.sqrt(sampleVariance(xs));
}

function sorted(xs: readonly number[]): number[] {
  return [...xs].sort((a, b) => a - b);
}

/** Quantile of an already sorted, non-empty array, by linear interpolation (type 7). */
function quantileSorted(s: readonly number[], q: number): number {
  const h = (s.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, s.length - 1);
  const frac = h - lo;
  const a = s[lo]!;
  const b = s[hi]!;
  return frac === 0 ? a : a + frac * (b - a);
}

/**
 * The q-quantile (0 ≤ q ≤ 1) by linear interpolation between order statistics:
 * R's default type 7, numpy's default `linear`.
 */
export function quantile(xs: readonly number[], q: number): number {
  requireNonEmpty(xs, 'quantile');
  if (!(q >= 0 && q <= 1)) throw new Error(`quantile: q must be in [0, 1], got ${q}`);
  return quantileSorted(sorted(xs), q);
}

export function median(xs: readonly number[]): number {
  requireNonEmpty(xs, 'median');
  return quantileSorted(sorted(xs), 0.5);
}

/**
 * Indices of the values outside Tukey's fences [Q1 - k IQR, Q3 + k IQR]
 * (quartiles by type 7), in index order. k = 1.5 (the default) gives Tukey's
 * "outside" values, k = 3 his "far out" ones (criterion's mild and severe).
 *
 * Why this rule: the fences are built from quartiles, which a single wild value
 * barely moves, so an outlier cannot hide itself. A "mean ± k·std" rule can:
 * the outlier inflates the std it is judged by, and at n = 5 no value can even
 * be more than (n-1)/√n = 1.79 sample stds from the mean, so a 3σ rule would
 * never fire. Tukey's rule assumes no distribution, is the box-plot convention
 * users know, and is what criterion uses to classify outliers.
 * With n ≤ 3 it can never flag anything.
 *
 * Caution: at k = 1.5 even perfectly normal samples have "outliers" often:
 * about 33% of clean normal samples of n = 5 (28% at n = 10, 30% at n = 20)
 * contain one. That is why `summarize` flags a metric as noisy only for
 * far-out values (k = 3: 13% of clean samples at n = 5, 5% at n = 10, 2% at
 * n = 20), which still catches a single 10σ spike (a GC pause) among 5 runs
 * 95% of the time.
 */
export function outliers(xs: readonly number[], k = 1.5): number[] {
  if (!(k >= 0)) throw new Error(`outliers: the fence multiplier must be ≥ 0, got ${k}`);
  if (xs.length === 0) return [];
  const fences = tukeyFences(sorted(xs), k);
  const out: number[] = [];
  xs.forEach((x, i) => {
    if (x < fences.low || x > fences.high) out.push(i);
  });
  return out;
}

function tukeyFences(s: readonly number[], k: number): { low: number; high: number } {
  const q1 = quantileSorted(s, 0.25);
  const q3 = quantileSorted(s, 0.75);
  const iqr = q3 - q1;
  return { low: q1 - k * iqr, high: q3 + k * iqr };
}


export interface SummaryOptions {
  /** Coefficient of variation above which a metric is flagged noisy. Default 0.05 (5%). */
  noisyCv?: number;
  /**
   * Tukey fence multiplier for the outliers that flag a metric noisy. Default 3
   * ("far out"): at 1.5 a third of clean 5-run samples would be flagged (see `outliers`).
   */
  outlierIqr?: number;
}

/** Formats a threshold like 0.05 as "5%" (no float noise such as 7.000000000000001). */
function formatPct(fraction: number): string {
  return `${Number((fraction * 100).toPrecision(6))}%`;
}

/** Seconds with 3 significant digits, or more when needed to tell the value from `reference`. */
function formatSeconds(x: number, reference: number): string {
  let digits = 3;
  while (digits < 12 && x.toPrecision(digits) === reference.toPrecision(digits)) digits++;
  return `${x.toPrecision(digits)} s`;
}

/**
 * Mean, sample std, median, min, max, CV and n of one metric's samples
 * (seconds). `noisy` is set, with a short reason, when the CV exceeds
 * `noisyCv` or when any sample lies outside Tukey's far-out fences
 * (3 IQR by default, `outlierIqr`; see `outliers`); both reasons are joined
 * with "; ". With a single sample the spread is
 * unknown: std and cv are NaN and `noisy` says so. Throws on an empty or
 * non-finite sample.
 */
export function summarize(xs: readonly number[], options: SummaryOptions = {}): MetricSummary {
  requireNonEmpty(xs, 'summarize');
  requireFinite(xs, 'summarize');
  const noisyCv = options.noisyCv ?? 0.05;
  const outlierIqr = options.outlierIqr ?? 3;
  if (!(noisyCv >= 0)) throw new Error(`summarize: noisyCv must be ≥ 0, got ${noisyCv}`);
  const s = sorted(xs);
  const m = mean(xs);
  const std = sampleStd(xs);
  const summary: MetricSummary = {
    mean: m,
    std,
    median: quantileSorted(s, 0.5),
    min: s[0]!,
    max: s[s.length - 1]!,
    cv: std / m,
    n: xs.length,
  };
  if (xs.length < 2) {
    summary.noisy = '1 sample: spread unknown';
    return summary;
  }
  const reasons: string[] = [];
  if (summary.cv > noisyCv) {
    const limit = formatPct(noisyCv);
    let shown = `${(summary.cv * 100).toFixed(1)}%`;
    if (Number.parseFloat(shown) <= noisyCv * 100) shown = `${(summary.cv * 100).toFixed(3)}%`;
    reasons.push(`CV ${shown} > ${limit}`);
  }
  const idx = outliers(xs, outlierIqr);
  if (idx.length > 0) {
    const values = idx.map((i) => xs[i]!).sort((a, b) => a - b);
    const shown = values.map((v) => formatSeconds(v, summary.median)).join(', ');
    reasons.push(`${idx.length} outlier${idx.length === 1 ? '' : 's'} (${shown})`);
  }
  if (reasons.length > 0) summary.noisy = reasons.join('; ');
  return summary;
}

