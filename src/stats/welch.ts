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
import type { DeltaSummary, Verdict } from '../sweep/result.ts';
import { mean, requireFinite, sampleVariance } from './descriptive.ts';
import { normalQuantile, studentTQuantile, studentTTwoSidedP } from './distributions.ts';
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
  const p = studentTTwoSidedP(t, df);
  return { diff, se, df, t, p };
}

export interface CompareOptions {
  /** Significance level of the two-sided test; the CI's level is 1 - alpha. Default 0.05. */
  alpha?: number;
  /** Changes with |Δ%| at or below this are 'no significant change' even when p < alpha (criterion's noise threshold). Default 1. */
  noiseThresholdPct?: number;
  /** Power that runsToResolve plans for. Default 0.8. */
  power?: number;
}

export interface ResolvedOptions {
  alpha: number;
  noiseThresholdPct: number;
  power: number;
}

export function resolveOptions(options: CompareOptions): ResolvedOptions {
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

