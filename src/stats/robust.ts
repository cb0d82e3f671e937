/**
 * The lab's default comparison: a shift on log time (a ratio), estimated and
 * tested by ranks, so that a few wild samples cannot swamp it.
 *
 * ## Why log time, Hodges-Lehmann and Wilcoxon
 *
 * - Timings are positive and their changes multiplicative (a 5% faster kernel
 *   is 5% faster at any size), so the lab compares ln(time): the shift δ of
 *   ln(candidate) against ln(baseline) is the ratio exp(δ), and Δ% =
 *   (exp(δ) - 1)·100 is symmetric in the sense that matters (−δ undoes δ).
 * - The lab's real samples have a tight core and a heavy right tail (on an
 *   H200 a best step's totals are 0.3% wide around the median, with a few
 *   outliers 15% out that make the CV 5%; on the CPU a foreign process makes
 *   bursts). A mean and a t-test are swamped by the tail: the means move by
 *   the outliers and the standard error grows with them. The Hodges-Lehmann
 *   estimator (the median of the Walsh averages) breaks down only when 29% of
 *   the samples are wild, and is 95.5% as efficient as the mean when the
 *   noise is normal.
 * - Paired rounds (each variant sample next to a baseline sample in time, see
 *   schedule.ts) keep drift and bursts of foreign load from favouring one
 *   side. The test uses the pairing without differencing the pairs: every
 *   run is ranked, and under "no change" the two runs of a pair are
 *   exchangeable (their order within the pair was random), so the candidate's
 *   rank sum has an exact null distribution over the 2^n ways the pairs could
 *   have been labelled (pairedRankSumShift). A wild run is one high rank, not
 *   a wild ratio, and a pair whose two runs moved together adds no noise.
 *   Its interval is the set of shifts the test accepts: it excludes 0 exactly
 *   when p < alpha, so interval and verdict never disagree.
 * - Unpaired samples (sweeps recorded before pairing, lab compare across
 *   sweeps) use the two-sample version: the median of all pairwise
 *   differences and the Wilcoxon rank-sum (Mann-Whitney) test and interval.
 *
 * Exact distributions are used up to 30 pairs (50 a side unpaired, without
 * ties); beyond that the normal approximation (with the tie correction), as
 * R's wilcox.test does.
 */
import { median } from './descriptive.ts';
import { normalCdf, normalQuantile, studentTQuantile, studentTTwoSidedP } from './distributions.ts';

/** A shift of log time with its interval and test, all on the log scale. */
export interface LogShift {
  /** The shift δ of ln(candidate) - ln(baseline). */
  estimate: number;
  /** (1 - alpha) confidence interval of δ. */
  low: number;
  high: number;
  /** Two-sided p-value of "no shift". */
  p: number;
  /** Pairs (paired) or the smaller side's samples (unpaired): the evidence behind it. */
  n: number;
  method: ShiftMethod;
}

export type ShiftMethod = 'paired-rank-sum' | 'hodges-lehmann' | 'process-t';

/** Past this many pairs (per side) without ties the exact distributions give way to the normal approximation. */
const EXACT_MAX = 50;

function requirePositive(xs: readonly number[], fn: string): void {
  for (const x of xs) if (!(x > 0 && Number.isFinite(x))) throw new Error(`${fn}: times must be finite and > 0, got ${x}`);
}

function requireAlpha(alpha: number): void {
  if (!(alpha > 0 && alpha < 1)) throw new Error(`alpha must be in (0, 1), got ${alpha}`);
}

/** Ranks of xs (1-based), ties given their average rank, and the tie groups' sizes. */
function ranks(xs: readonly number[]): { ranks: number[]; tieSizes: number[] } {
  const order = xs.map((x, i) => ({ x, i })).sort((a, b) => a.x - b.x);
  const out = new Array<number>(xs.length);
  const tieSizes: number[] = [];
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]!.x === order[start]!.x) end++;
    const rank = (start + end + 2) / 2;
    for (let k = start; k <= end; k++) out[order[k]!.i] = rank;
    if (end > start) tieSizes.push(end - start + 1);
    start = end + 1;
  }
  return { ranks: out, tieSizes };
}

function ascending(xs: number[]): number[] {
  return xs.sort((a, b) => a - b);
}

/**
 * Both sides' log times, every difference ln(c_j) - ln(b_i) in ascending
 * order, and their median: the two-sample Hodges-Lehmann estimate of the shift.
 */
export function logDifferences(baseline: readonly number[], candidate: readonly number[], fn = 'logDifferences'): { lb: number[]; lc: number[]; diffs: number[]; estimate: number } {
  requirePositive(baseline, fn);
  requirePositive(candidate, fn);
  const lb = baseline.map(Math.log);
  const lc = candidate.map(Math.log);
  const diffs: number[] = [];
  for (const c of lc) for (const b of lb) diffs.push(c - b);
  ascending(diffs);
  return { lb, lc, diffs, estimate: median(diffs) };
}

/** The paired log ratios ln(candidate[i] / baseline[i]). */
export function logRatios(baseline: readonly number[], candidate: readonly number[]): number[] {
  if (baseline.length !== candidate.length) throw new Error(`logRatios: ${baseline.length} baseline and ${candidate.length} candidate samples do not pair`);
  requirePositive(baseline, 'logRatios');
  requirePositive(candidate, 'logRatios');
  return candidate.map((c, i) => Math.log(c) - Math.log(baseline[i]!));
}

/**
 * The cumulative distribution of the Mann-Whitney statistic U (# x > y) for m
 * x's and n y's: cdf[u] = P(U ≤ u), exactly, by the usual recursion on counts
 * (the largest value is an x, which beats all the y's, or a y).
 */
function mannWhitneyDistribution(m: number, n: number): number[] {
  // prev[j][u]: arrangements of i - 1 x's and j y's with U = u.
  let prev: number[][] = Array.from({ length: n + 1 }, () => [1]);
  for (let i = 1; i <= m; i++) {
    const cur: number[][] = [];
    for (let j = 0; j <= n; j++) {
      const row = new Array<number>(i * j + 1).fill(0);
      const fromX = prev[j]!;
      for (let u = 0; u < fromX.length; u++) row[u + j]! += fromX[u]!;
      if (j > 0) {
        const fromY = cur[j - 1]!;
        for (let u = 0; u < fromY.length; u++) row[u]! += fromY[u]!;
      }
      cur.push(row);
    }
    prev = cur;
  }
  const counts = prev[n]!;
  const total = counts.reduce((a, b) => a + b, 0);
  let running = 0;
  return counts.map((c) => (running += c) / total);
}

/**
 * Two-sample Hodges-Lehmann shift of log time (the median of every
 * ln(candidate_j) - ln(baseline_i)) with the Wilcoxon rank-sum test and its
 * (1 - alpha) interval: for samples that were not taken in pairs.
 */
export function rankSumShift(baseline: readonly number[], candidate: readonly number[], alpha = 0.05): LogShift {
  requireAlpha(alpha);
  const nb = baseline.length;
  const nc = candidate.length;
  if (nb < 2 || nc < 2) throw new Error(`rankSumShift: need at least 2 samples per side (baseline ${nb}, candidate ${nc})`);
  const { lb, lc, diffs, estimate } = logDifferences(baseline, candidate, 'rankSumShift');
  const N = diffs.length;
  const { ranks: r, tieSizes } = ranks([...lc, ...lb]);
  const rankSum = r.slice(0, nc).reduce((a, b) => a + b, 0);
  const u = rankSum - (nc * (nc + 1)) / 2; // # (candidate > baseline), ties counting half
  const exact = nb <= EXACT_MAX && nc <= EXACT_MAX && tieSizes.length === 0;
  let p: number;
  const cdf = nb <= EXACT_MAX && nc <= EXACT_MAX ? mannWhitneyDistribution(nc, nb) : null;
  const at = (x: number) => (x < 0 ? 0 : cdf![Math.min(x, cdf!.length - 1)]!);
  if (exact) p = Math.min(1, 2 * Math.min(at(u), 1 - at(u - 1)));
  else {
    const total = nb + nc;
    const variance = ((nb * nc) / 12) * (total + 1 - tieSizes.reduce((s, t) => s + t * t * t - t, 0) / (total * (total - 1)));
    const diff = u - N / 2;
    const z = variance > 0 ? (diff - Math.sign(diff) * 0.5) / Math.sqrt(variance) : 0;
    p = Math.min(1, 2 * normalCdf(-Math.abs(z)));
  }
  let k: number;
  if (cdf) k = Math.max(1, cdf.findIndex((c) => c >= alpha / 2));
  else k = Math.max(1, Math.floor(N / 2 - normalQuantile(1 - alpha / 2) * Math.sqrt((nb * nc * (nb + nc + 1)) / 12)));
  return { estimate, low: Math.min(diffs[k - 1]!, estimate), high: Math.max(diffs[N - k]!, estimate), p, n: Math.min(nb, nc), method: 'hodges-lehmann' };
}

/**
 * Processes as the unit (lab sweep --processes N): one shift per process
 * pair (each process's own Hodges-Lehmann estimate), then Student's t on
 * those N estimates, df N - 1. Samples within a process share its offset
 * (heap layout, JIT, the core it ran on), so they are not independent
 * evidence; the process estimates are, and the t interval over them carries
 * the between-process spread that pooling would hide (the summary-measures
 * analysis of a mixed model with a random process effect).
 */
export function processLevelShift(estimates: readonly number[], alpha = 0.05): LogShift {
  requireAlpha(alpha);
  const k = estimates.length;
  if (k < 2) throw new Error(`processLevelShift: need at least 2 processes, got ${k}`);
  const m = estimates.reduce((a, b) => a + b, 0) / k;
  const variance = estimates.reduce((s, x) => s + (x - m) ** 2, 0) / (k - 1);
  const se = Math.sqrt(variance / k);
  if (se === 0) return { estimate: m, low: m, high: m, p: m === 0 ? 1 : 0, n: k, method: 'process-t' };
  const t = m / se;
  const half = studentTQuantile(1 - alpha / 2, k - 1) * se;
  return { estimate: m, low: m - half, high: m + half, p: studentTTwoSidedP(t, k - 1), n: k, method: 'process-t' };
}

/** A log shift as a change in percent. */
export function shiftPct(logShift: number): number {
  return Math.expm1(logShift) * 100;
}

/** A robust scale of log ratios: 1.4826 x their median absolute deviation (the std for normal noise). */
export function robustScale(d: readonly number[]): number {
  if (d.length < 2) return NaN;
  const m = median(d);
  return 1.4826 * median(d.map((x) => Math.abs(x - m)));
}

/** Past this many pairs the paired rank-sum's exact distribution gives way to its normal approximation. */
const PAIRED_EXACT_MAX = 30;

/**
 * Two-sided p of the paired rank-sum test for a shift `delta` of the
 * candidate's log times: every log time ranked together, W = the
 * candidate's rank sum; under "no change beyond delta" the two runs of a
 * pair are exchangeable (their order was random), so W is a sum of
 * independent choices between each pair's two ranks. Exact by convolution
 * (ranks doubled to integers, ties and all) up to PAIRED_EXACT_MAX pairs, normal beyond.
 */
export function pairedRankSumP(lb: readonly number[], lc: readonly number[], delta: number): number {
  const n = lb.length;
  const shifted = lc.map((x) => x - delta);
  const { ranks: r } = ranks([...shifted, ...lb]);
  const rc = r.slice(0, n).map((x) => Math.round(2 * x));
  const rb = r.slice(n).map((x) => Math.round(2 * x));
  const w = rc.reduce((a, b) => a + b, 0);
  const centre = rc.reduce((a, x, i) => a + (x + rb[i]!) / 2, 0);
  if (n > PAIRED_EXACT_MAX) {
    const variance = rc.reduce((a, x, i) => a + (x - rb[i]!) ** 2 / 4, 0);
    if (variance === 0) return 1;
    const diff = w - centre;
    const z = (Math.abs(diff) - 1) / Math.sqrt(variance); // continuity: W moves in steps of 2 (doubled ranks)
    return Math.min(1, 2 * normalCdf(-Math.max(0, z)));
  }
  // Distribution of the sum of (rc_i or rb_i), each with probability 1/2, over offsets from the smallest sum.
  const low = rc.reduce((a, x, i) => a + Math.min(x, rb[i]!), 0);
  let dist = new Float64Array(1).fill(1);
  for (let i = 0; i < n; i++) {
    const step = Math.abs(rc[i]! - rb[i]!);
    const next = new Float64Array(dist.length + step);
    for (let k = 0; k < dist.length; k++) {
      next[k]! += dist[k]! / 2;
      next[k + step]! += dist[k]! / 2;
    }
    dist = next;
  }
  const at = w - low;
  let below = 0;
  let above = 0;
  for (let k = 0; k < dist.length; k++) {
    if (k <= at) below += dist[k]!;
    if (k >= at) above += dist[k]!;
  }
  return Math.min(1, 2 * Math.min(below, above));
}

/**
 * The lab's default: the two-sample Hodges-Lehmann shift of log time (the
 * median of every ln(c_j) - ln(b_i)), tested by the paired rank-sum
 * (pairedRankSumP), with the (1 - alpha) interval of the shifts that test
 * accepts, found by bisection from 0 or the estimate, whichever it accepts,
 * so that the interval excludes 0 exactly when p < alpha.
 *
 * Why not the signed-rank test of the pairs' ratios: a ratio carries two
 * runs' noise, so with the GPU's tail (12% of runs slowed by ~12%) a quarter
 * of the ratios are wild, and their large ranks swamp a 1-3% change. Ranking
 * runs, not ratios, gives a wild run one high rank; keeping the pairing in
 * the null distribution keeps the test exact under drift, and sharper when
 * the two runs of a pair move together.
 */
export function pairedRankSumShift(baseline: readonly number[], candidate: readonly number[], alpha = 0.05): LogShift {
  requireAlpha(alpha);
  const n = baseline.length;
  if (n !== candidate.length) throw new Error(`pairedRankSumShift: ${n} baseline and ${candidate.length} candidate samples do not pair`);
  if (n < 2) throw new Error(`pairedRankSumShift: need at least 2 pairs, got ${n}`);
  const { lb, lc, diffs, estimate } = logDifferences(baseline, candidate, 'pairedRankSumShift');
  const p = pairedRankSumP(lb, lc, 0);
  const accepts = (delta: number) => pairedRankSumP(lb, lc, delta) >= alpha;
  const span = Math.max(diffs.at(-1)! - diffs[0]!, 1e-12);
  const bound = (side: -1 | 1): number => {
    let inside = p >= alpha ? 0 : estimate;
    if (!accepts(inside)) inside = estimate;
    let outside = inside + side * span;
    for (let k = 0; k < 60 && accepts(outside); k++) outside += side * span;
    // Too few pairs for the test ever to reject (fewer than 6 at 5%): no bound on this side.
    if (accepts(outside)) return side * Infinity;
    // 40 halvings: the bound to a trillionth of the samples' spread.
    for (let k = 0; k < 40; k++) {
      const mid = (inside + outside) / 2;
      if (accepts(mid)) inside = mid;
      else outside = mid;
    }
    return inside;
  };
  const low = bound(-1);
  const high = bound(1);
  return { estimate, low: Math.min(low, estimate), high: Math.max(high, estimate), p, n, method: 'paired-rank-sum' };
}
