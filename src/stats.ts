/**
 * Statistics for the lab's verdicts: summaries of one variant's samples and
 * the comparison of a variant against the baseline. Pure functions: no I/O,
 * no clock, no randomness.
 *
 * ## Why Welch's t-test
 *
 * The question a sweep answers is "did the *mean* time of a forward pass
 * change, and by how many percent?", so the test has to be about means, on the
 * same scale as the reported Δ%:
 *
 * - A rank test (Mann-Whitney) tests whether one sample tends to be larger
 *   than the other, not whether the means differ, and gives no interval for the
 *   ratio of means. At n = 5 per side it also has only 252 arrangements, so
 *   its p-values are coarse (the smallest two-sided p is 2/252 = 0.0079).
 * - Student's pooled t-test assumes both variants have the same variance.
 *   An optimization can easily change the spread as well as the centre (a
 *   different kernel path, more allocation and GC), and with unequal variances
 *   and unequal n Student's test is miscalibrated. Welch's test
 *   (Welch-Satterthwaite df) does not assume equal variances and, when they
 *   are equal, loses almost nothing (with equal n its t statistic is exactly
 *   Student's; only the df is smaller, which makes it slightly conservative).
 * - With the small n the lab uses (default 5 runs), t-based inference is well
 *   calibrated when the run-to-run noise is near normal, which repeated
 *   timings of a fixed workload after warmup usually are. When they are not
 *   (heavy right tails from GC pauses or a busy machine), `summarize` flags the
 *   metric as noisy (outliers, high CV) so the user does not trust the verdict
 *   blindly.
 *
 * ## The confidence interval of Δ%
 *
 * Δ% = (mean(c) / mean(b) - 1) * 100 is a ratio of two uncertain means, so
 * the interval is Fieller's interval for the ratio R = μc/μb: the set of R for
 * which the Welch statistic of "μc - R μb = 0",
 *   T(R) = (mean(c) - R mean(b)) / sqrt(vc/nc + R² vb/nb),
 * stays within ± t_{1-α/2, df}, with df the Welch-Satterthwaite df of the
 * test itself. Unlike "Welch CI of the difference / mean(b)", this accounts
 * for the baseline mean's own uncertainty in the denominator. And because
 * T(1) is exactly the Welch statistic of the test, the interval excludes 0%
 * exactly when p < α: the interval and the p-value never disagree. (Keeping
 * the test's df for every R, rather than recomputing Welch's df at each R, is
 * the simplification that buys this agreement; near R = 1 the two barely
 * differ.) At the lab's typical noise (1% at n = 5) Fieller and the naive
 * interval both cover about 95%; Fieller's advantage grows with the noise.
 * When the baseline mean is not itself distinguishable from 0
 * (t² vb/nb ≥ mean(b)², never the case for real timings) Fieller's set is
 * unbounded, and the interval falls back to the delta method,
 * R ± t sqrt(vc/nc + R² vb/nb) / mean(b).
 * The interval's level is 1 - alpha (95% at the default alpha = 0.05).
 */
import type { DeltaSummary, MetricSummary, ProcessEffect, Verdict } from './sweep/result.ts';

// ---------------------------------------------------------------------------
// Descriptive statistics
// ---------------------------------------------------------------------------

function requireNonEmpty(xs: readonly number[], what: string): void {
  if (xs.length === 0) throw new Error(`${what} of an empty sample is undefined`);
}

function requireFinite(xs: readonly number[], what: string): void {
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
function sampleVariance(xs: readonly number[]): number {
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

// ---------------------------------------------------------------------------
// Special functions
// ---------------------------------------------------------------------------

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos, g = 7; relative error ~1e-15). */
function logGamma(x: number): number {
  if (x < 0.5) {
    // Reflection: Γ(x) Γ(1-x) = π / sin(πx).
    return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  }
  const z = x - 1;
  let a = LANCZOS[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

const TINY = 1e-300;
const EPS = 1e-15;
const MAX_ITER = 10_000;

/** Continued fraction of the incomplete beta function (modified Lentz; Numerical Recipes' betacf). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= MAX_ITER; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) return h;
  }
  return h; // not reached for the parameters used here
}

/**
 * Regularized incomplete beta function I_x(a, b). `y` is 1 - x, passed in so a
 * caller that knows it exactly (e.g. t²/(df+t²)) loses no precision near x = 1.
 */
function regIncBeta(a: number, b: number, x: number, y: number = 1 - x): number {
  if (x <= 0) return 0;
  if (y <= 0) return 1;
  const lnFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(y);
  const front = Math.exp(lnFront);
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x)) / a;
  return 1 - (front * betaContinuedFraction(b, a, y)) / b;
}

/** Regularized upper incomplete gamma Q(a, x) (series or continued fraction, Numerical Recipes). */
function regUpperGamma(a: number, x: number): number {
  if (x <= 0) return 1;
  const lnFront = -x + a * Math.log(x) - logGamma(a);
  if (x < a + 1) {
    let ap = a;
    let del = 1 / a;
    let sum = del;
    for (let i = 0; i < MAX_ITER; i++) {
      ap += 1;
      del *= x / ap;
      sum += del;
      if (Math.abs(del) < Math.abs(sum) * EPS) break;
    }
    return 1 - sum * Math.exp(lnFront);
  }
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i <= MAX_ITER; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return Math.exp(lnFront) * h;
}

/** Standard normal upper tail P(Z > z), accurate in both tails. */
function normalUpperTail(z: number): number {
  if (Number.isNaN(z)) return NaN;
  if (z === Infinity) return 0;
  if (z === -Infinity) return 1;
  // P(Z > z) = erfc(z/√2)/2 and erfc(u) = Q(1/2, u²) for u ≥ 0.
  if (z >= 0) return 0.5 * regUpperGamma(0.5, (z * z) / 2);
  return 1 - 0.5 * regUpperGamma(0.5, (z * z) / 2);
}

/** Standard normal CDF. */
export function normalCdf(z: number): number {
  return normalUpperTail(-z);
}

/** Standard normal quantile: Acklam's approximation polished by one Halley step (full double precision). */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) throw new Error(`normalQuantile: p must be in [0, 1], got ${p}`);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const pLow = 0.02425;
  let x: number;
  if (p < pLow) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  } else if (p <= 1 - pLow) {
    const q = p - 0.5;
    const r = q * q;
    x = ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
      (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -(((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  // Halley refinement, using whichever tail keeps precision.
  const e = p < 0.5 ? normalCdf(x) - p : (1 - p) - normalUpperTail(x);
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}

/** P(T > t) for t ≥ 0 under Student's t with df degrees of freedom. */
function studentTUpperTail(t: number, df: number): number {
  if (df === Infinity || df > 1e12) return normalUpperTail(t);
  const t2 = t * t;
  // P(|T| > t) = I_{df/(df+t²)}(df/2, 1/2).
  return 0.5 * regIncBeta(df / 2, 0.5, df / (df + t2), t2 / (df + t2));
}

function studentTLogPdf(t: number, df: number): number {
  if (df === Infinity || df > 1e12) return -0.5 * t * t - 0.5 * Math.log(2 * Math.PI);
  return (
    logGamma((df + 1) / 2) - logGamma(df / 2) - 0.5 * Math.log(df * Math.PI) -
    ((df + 1) / 2) * Math.log1p((t * t) / df)
  );
}

function requireDf(df: number, fn: string): void {
  if (!(df > 0)) throw new Error(`${fn}: df must be > 0, got ${df}`);
}

/** CDF of Student's t distribution with df > 0 degrees of freedom (df = Infinity: normal). */
export function studentTCdf(t: number, df: number): number {
  requireDf(df, 'studentTCdf');
  if (Number.isNaN(t)) return NaN;
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  return t >= 0 ? 1 - studentTUpperTail(t, df) : studentTUpperTail(-t, df);
}

/**
 * Quantile of Student's t distribution: the t with studentTCdf(t, df) = p.
 * Newton's method on the log of the tail probability, kept inside a bracket
 * (bisection whenever a step would leave it); exact closed forms for df = 1, 2.
 */
export function studentTQuantile(p: number, df: number): number {
  requireDf(df, 'studentTQuantile');
  if (!(p >= 0 && p <= 1)) throw new Error(`studentTQuantile: p must be in [0, 1], got ${p}`);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  const sign = p < 0.5 ? -1 : 1;
  const q = p < 0.5 ? p : 1 - p; // target upper-tail probability, < 0.5
  if (df === 1) return sign / Math.tan(Math.PI * q);
  if (df === 2) return (sign * (1 - 2 * q)) / Math.sqrt(2 * q * (1 - q));
  if (df === Infinity || df > 1e12) return sign * -normalQuantile(q);

  const lnQ = Math.log(q);
  // Bracket [lo, hi] with tail(lo) ≥ q ≥ tail(hi).
  let lo = 0;
  let hi = 1;
  while (studentTUpperTail(hi, df) > q) {
    lo = hi;
    hi *= 2;
    if (!Number.isFinite(hi)) return sign * Infinity;
  }
  let t = Math.min(Math.max(-normalQuantile(q), lo), hi);
  for (let i = 0; i < 200; i++) {
    const tail = studentTUpperTail(t, df);
    if (tail === q) break;
    if (tail > q) lo = t;
    else hi = t;
    // d/dt ln tail(t) = -pdf(t)/tail(t)
    const step = (Math.log(tail) - lnQ) * Math.exp(Math.log(tail) - studentTLogPdf(t, df));
    let next = t + step;
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    if (Math.abs(next - t) <= 1e-15 * Math.max(1, Math.abs(t))) {
      t = next;
      break;
    }
    t = next;
  }
  return sign * t;
}

// ---------------------------------------------------------------------------
// Welch's t-test
// ---------------------------------------------------------------------------

export interface WelchResult {
  /** mean(candidate) - mean(baseline). */
  diff: number;
  /** Standard error of diff: sqrt(vb/nb + vc/nc). */
  se: number;
  /** Welch-Satterthwaite degrees of freedom (nb + nc - 2 when both variances are 0). */
  df: number;
  /** diff / se (±Infinity when se = 0 and diff ≠ 0; 0 when both are 0). */
  t: number;
  /** Two-sided p-value of "equal means". */
  p: number;
}

function requireComparable(baseline: readonly number[], candidate: readonly number[], fn: string): void {
  if (baseline.length < 2 || candidate.length < 2) {
    throw new Error(
      `${fn}: need at least 2 samples per side (baseline ${baseline.length}, candidate ${candidate.length})`,
    );
  }
  requireFinite(baseline, `${fn} baseline`);
  requireFinite(candidate, `${fn} candidate`);
}

/** Welch's unequal-variances t-test of candidate vs baseline, two-sided. Throws when either side has n < 2. */
export function welchTTest(baseline: readonly number[], candidate: readonly number[]): WelchResult {
  requireComparable(baseline, candidate, 'welchTTest');
  const nb = baseline.length;
  const nc = candidate.length;
  const sb2 = sampleVariance(baseline) / nb;
  const sc2 = sampleVariance(candidate) / nc;
  const diff = mean(candidate) - mean(baseline);
  const se2 = sb2 + sc2;
  const se = Math.sqrt(se2);
  if (se2 === 0) {
    // No noise at all: any difference is certain, no difference is no evidence.
    return diff === 0
      ? { diff, se, df: nb + nc - 2, t: 0, p: 1 }
      : { diff, se, df: nb + nc - 2, t: diff > 0 ? Infinity : -Infinity, p: 0 };
  }
  const df = (se2 * se2) / ((sb2 * sb2) / (nb - 1) + (sc2 * sc2) / (nc - 1));
  const t = diff / se;
  const t2 = t * t;
  // Two-sided p = P(|T| > |t|) = I_{df/(df+t²)}(df/2, 1/2).
  const p = regIncBeta(df / 2, 0.5, df / (df + t2), t2 / (df + t2));
  return { diff, se, df, t, p };
}

// ---------------------------------------------------------------------------
// Summaries and comparisons
// ---------------------------------------------------------------------------

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

export interface CompareOptions {
  /** Significance level of the two-sided test; the CI's level is 1 - alpha. Default 0.05. */
  alpha?: number;
  /** Changes with |Δ%| at or below this are 'no significant change' even when p < alpha (criterion's noise threshold). Default 1. */
  noiseThresholdPct?: number;
  /** Power that runsToResolve plans for. Default 0.8. */
  power?: number;
}

interface ResolvedOptions {
  alpha: number;
  noiseThresholdPct: number;
  power: number;
}

function resolveOptions(options: CompareOptions): ResolvedOptions {
  const alpha = options.alpha ?? 0.05;
  const noiseThresholdPct = options.noiseThresholdPct ?? 1;
  const power = options.power ?? 0.8;
  if (!(alpha > 0 && alpha < 1)) throw new Error(`alpha must be in (0, 1), got ${alpha}`);
  if (!(noiseThresholdPct >= 0 && Number.isFinite(noiseThresholdPct))) {
    throw new Error(`noiseThresholdPct must be a finite number ≥ 0, got ${noiseThresholdPct}`);
  }
  if (!(power > 0 && power < 1)) throw new Error(`power must be in (0, 1), got ${power}`);
  return { alpha, noiseThresholdPct, power };
}

interface Comparison {
  meanB: number;
  abs: number;
  pct: number;
  welch: WelchResult;
  verdict: Verdict;
}

function comparison(baseline: readonly number[], candidate: readonly number[], o: ResolvedOptions, fn: string): Comparison {
  requireComparable(baseline, candidate, fn);
  const meanB = mean(baseline);
  if (!(meanB > 0)) throw new Error(`${fn}: the baseline mean must be > 0 to express a change in %, got ${meanB}`);
  const welch = welchTTest(baseline, candidate);
  const abs = welch.diff;
  const pct = (abs / meanB) * 100;
  return { meanB, abs, pct, welch, verdict: verdictOf(welch.p, pct, o) };
}

/**
 * The verdict of a Δ% at p: 'faster' or 'slower' only when p < alpha and the
 * change clears the noise threshold. Exported so that a p-value adjusted for
 * multiple comparisons (holmAdjusted) is judged by the same rule.
 */
export function verdictOf(p: number, pct: number, options: CompareOptions = {}): Verdict {
  const o = resolveOptions(options);
  if (p < o.alpha && pct < -o.noiseThresholdPct) return 'faster';
  if (p < o.alpha && pct > o.noiseThresholdPct) return 'slower';
  return 'no significant change';
}

/**
 * The (1 - alpha) confidence interval of Δ% by Fieller's theorem (see the
 * module comment), with the delta method as the fallback when Fieller's set is
 * unbounded. Returns which method produced it.
 */
export function ratioCiPct(
  baseline: readonly number[],
  candidate: readonly number[],
  alpha = 0.05,
): { low: number; high: number; method: 'fieller' | 'delta' | 'exact' } {
  requireComparable(baseline, candidate, 'ratioCiPct');
  if (!(alpha > 0 && alpha < 1)) throw new Error(`alpha must be in (0, 1), got ${alpha}`);
  const mb = mean(baseline);
  const mc = mean(candidate);
  if (!(mb > 0)) throw new Error(`ratioCiPct: the baseline mean must be > 0, got ${mb}`);
  const welch = welchTTest(baseline, candidate);
  const pct = ((mc - mb) / mb) * 100;
  if (welch.se === 0) return { low: pct, high: pct, method: 'exact' };
  const tq = studentTQuantile(1 - alpha / 2, welch.df);
  const r = mc / mb;
  // Variances of the two means, relative to mean(b)².
  const gb = sampleVariance(baseline) / baseline.length / (mb * mb);
  const gc = sampleVariance(candidate) / candidate.length / (mb * mb);
  const a = 1 - tq * tq * gb;
  let lowR: number;
  let highR: number;
  let method: 'fieller' | 'delta';
  if (a > 1e-9) {
    // Roots of (r - R)² = t² (gc + R² gb): R = (r ± t sqrt(gc·a + r² gb)) / a.
    const half = tq * Math.sqrt(gc * a + r * r * gb);
    lowR = (r - half) / a;
    highR = (r + half) / a;
    method = 'fieller';
  } else {
    const half = tq * Math.sqrt(gc + r * r * gb);
    lowR = r - half;
    highR = r + half;
    method = 'delta';
  }
  // The point estimate is inside the interval mathematically; keep it so after rounding.
  return { low: Math.min((lowR - 1) * 100, pct), high: Math.max((highR - 1) * 100, pct), method };
}

/**
 * A candidate's metric against the baseline's: Δ (s and %), the (1 - alpha)
 * CI of Δ% (Fieller), Welch's two-sided p, the verdict, and the runs per
 * variant that would resolve an unresolved delta.
 *
 * Verdict: 'faster' when p < alpha and Δ% < -noiseThresholdPct, 'slower' when
 * p < alpha and Δ% > +noiseThresholdPct, otherwise 'no significant change'.
 * Throws when either side has fewer than 2 samples, a sample is not finite,
 * or the baseline mean is not positive.
 */
export function compare(
  baseline: readonly number[],
  candidate: readonly number[],
  options: CompareOptions = {},
): DeltaSummary {
  const o = resolveOptions(options);
  const c = comparison(baseline, candidate, o, 'compare');
  const ci = ratioCiPct(baseline, candidate, o.alpha);
  return {
    abs: c.abs,
    pct: c.pct,
    ciLow: ci.low,
    ciHigh: ci.high,
    p: c.welch.p,
    verdict: c.verdict,
    runsToResolve: runsFor(baseline, candidate, c, o),
  };
}

/**
 * Runs per variant at which the observed delta would be resolved (verdict
 * faster/slower) with probability ≈ `power`, if the observed |Δ| and the
 * observed pooled std were the truth.
 *
 * null when: the verdict is already faster/slower; Δ is 0; the observed |Δ%|
 * is at or below the noise threshold (no n would change the verdict); or even
 * 1000 runs would not be enough.
 *
 * With n runs per side, se = s·sqrt(2/n) and df = 2n - 2, the delta d resolves
 * when it clears both bars of the verdict, so n is the smallest with
 *   d ≥ (t_{1-α/2, df} + z_power)·se   (significance; the t quantile is the
 *                                       small-sample correction of the usual
 *                                       n = 2 (z_{1-α/2} + z_power)² s²/d²)
 *   d - threshold ≥ z_power·se          (Δ% beyond the noise threshold).
 * The result is never below max(nb, nc) + 1: if the current runs did not
 * resolve it, more are needed.
 */
export function runsToResolve(
  baseline: readonly number[],
  candidate: readonly number[],
  options: CompareOptions = {},
): number | null {
  const o = resolveOptions(options);
  return runsFor(baseline, candidate, comparison(baseline, candidate, o, 'runsToResolve'), o);
}

const MAX_RUNS = 1000;

function runsFor(
  baseline: readonly number[],
  candidate: readonly number[],
  c: Comparison,
  o: ResolvedOptions,
): number | null {
  if (c.verdict !== 'no significant change' || c.abs === 0) return null;
  if (Math.abs(c.pct) <= o.noiseThresholdPct) return null;
  const nb = baseline.length;
  const nc = candidate.length;
  const pooledVar = ((nb - 1) * sampleVariance(baseline) + (nc - 1) * sampleVariance(candidate)) / (nb + nc - 2);
  const s = Math.sqrt(pooledVar);
  if (s === 0) return null; // a noiseless difference beyond the threshold is already resolved
  const d = Math.abs(c.abs);
  const threshold = (o.noiseThresholdPct / 100) * c.meanB;
  const zPower = normalQuantile(o.power);
  const resolves = (n: number): boolean => {
    const se = s * Math.sqrt(2 / n);
    const tCrit = studentTQuantile(1 - o.alpha / 2, 2 * n - 2);
    return d >= (tCrit + zPower) * se && d - threshold >= zPower * se;
  };
  let lo = Math.max(nb, nc) + 1;
  if (lo > MAX_RUNS || !resolves(MAX_RUNS)) return null;
  if (resolves(lo)) return lo;
  // resolves() is monotone in n (se and the t quantile both shrink): binary search.
  let hi = MAX_RUNS; // resolves(hi), !resolves(lo)
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (resolves(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

// ---------------------------------------------------------------------------
// Multiple comparisons
// ---------------------------------------------------------------------------

/**
 * Holm's step-down adjusted p-values, in the order given: sorted ascending,
 * the i-th smallest (0-based) of m becomes max over j ≤ i of (m - j)·p₍ⱼ₎,
 * capped at 1. Rejecting where the adjusted p < alpha keeps the chance of any
 * false positive among the m comparisons at or below alpha (the family-wise
 * error rate), with no assumption about how the tests depend on each other,
 * and never rejects less than Bonferroni's m·p.
 */
export function holmAdjusted(ps: readonly number[]): number[] {
  for (const p of ps) {
    if (!(p >= 0 && p <= 1)) throw new Error(`holmAdjusted: p-values must be in [0, 1], got ${p}`);
  }
  const m = ps.length;
  const order = ps.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p);
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach(({ p, i }, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    adjusted[i] = running;
  });
  return adjusted;
}

// ---------------------------------------------------------------------------
// Variance between worker processes
// ---------------------------------------------------------------------------

/**
 * How much of one variant's spread lies between its worker processes rather
 * than within them (lab sweep --processes): the one-way random-effects ANOVA
 * of `groups` (each process's samples). F = between-process mean square over
 * within-process mean square, p its upper tail under F(k - 1, N - k) (no
 * process effect), and the between-process share of the variance from the
 * ANOVA estimator σ²_between = max(0, (MSB - MSW) / n0), n0 = (N - Σnᵢ²/N) /
 * (k - 1) for unequal group sizes. A process is also a stretch of time, so
 * drift shows up here too. null with fewer than 2 processes or without two
 * samples in some process (no within-process spread to compare against).
 */
export function processEffect(groups: readonly (readonly number[])[]): ProcessEffect | null {
  const used = groups.filter((g) => g.length > 0);
  for (const g of used) requireFinite(g, 'processEffect');
  const k = used.length;
  const n = used.reduce((sum, g) => sum + g.length, 0);
  if (k < 2 || n - k < 1) return null;
  const grand = used.reduce((sum, g) => sum + g.reduce((a, b) => a + b, 0), 0) / n;
  let ssBetween = 0;
  let ssWithin = 0;
  for (const g of used) {
    const m = mean(g);
    ssBetween += g.length * (m - grand) ** 2;
    for (const x of g) ssWithin += (x - m) ** 2;
  }
  const dfBetween = k - 1;
  const dfWithin = n - k;
  const msBetween = ssBetween / dfBetween;
  const msWithin = ssWithin / dfWithin;
  if (msWithin === 0) {
    return msBetween === 0 ? { processes: k, f: 0, p: 1, betweenSharePct: 0 } : { processes: k, f: Infinity, p: 0, betweenSharePct: 100 };
  }
  const f = msBetween / msWithin;
  // P(F > f) = I_{d2 / (d2 + d1 f)}(d2 / 2, d1 / 2).
  const x = dfWithin / (dfWithin + dfBetween * f);
  const p = regIncBeta(dfWithin / 2, dfBetween / 2, x, (dfBetween * f) / (dfWithin + dfBetween * f));
  const n0 = (n - used.reduce((sum, g) => sum + g.length ** 2, 0) / n) / dfBetween;
  const between = Math.max(0, (msBetween - msWithin) / n0);
  return { processes: k, f, p, betweenSharePct: (between / (between + msWithin)) * 100 };
}
