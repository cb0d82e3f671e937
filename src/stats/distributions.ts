/**
 * The distributions the lab's tests need, from @stdlib (a well-kept library
 * with its own accuracy tests), wrapped only to check arguments the way the
 * lab's callers expect: a bad argument is a programming error and throws.
 */
import betaQuantileStdlib from '@stdlib/stats-base-dists-beta-quantile';
import chiSquareCdf from '@stdlib/stats-base-dists-chisquare-cdf';
import fCdf from '@stdlib/stats-base-dists-f-cdf';
import normalCdfStdlib from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantileStdlib from '@stdlib/stats-base-dists-normal-quantile';
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

function requireProbability(p: number, fn: string): void {
  if (!(p >= 0 && p <= 1)) throw new Error(`${fn}: p must be in [0, 1], got ${p}`);
}

function requireDf(df: number, fn: string): void {
  if (!(df > 0)) throw new Error(`${fn}: df must be > 0, got ${df}`);
}

/** Beyond this many degrees of freedom Student's t is the normal to double precision. */
const NORMAL_DF = 1e12;

/** Standard normal CDF. */
export function normalCdf(z: number): number {
  return normalCdfStdlib(z, 0, 1);
}

/** Standard normal quantile. */
export function normalQuantile(p: number): number {
  requireProbability(p, 'normalQuantile');
  return normalQuantileStdlib(p, 0, 1);
}

/** CDF of Student's t distribution with df > 0 degrees of freedom (df = Infinity: normal). */
export function studentTCdf(t: number, df: number): number {
  requireDf(df, 'studentTCdf');
  if (df > NORMAL_DF) return normalCdf(t);
  return tCdf(t, df);
}

/** Two-sided tail P(|T| ≥ |t|), computed from the smaller tail so that tiny p-values keep their precision. */
export function studentTTwoSidedP(t: number, df: number): number {
  requireDf(df, 'studentTTwoSidedP');
  if (Number.isNaN(t)) return NaN;
  const lower = df > NORMAL_DF ? normalCdf(-Math.abs(t)) : tCdf(-Math.abs(t), df);
  return Math.min(1, 2 * lower);
}

/** Quantile of Student's t distribution: the t with studentTCdf(t, df) = p. */
export function studentTQuantile(p: number, df: number): number {
  requireDf(df, 'studentTQuantile');
  requireProbability(p, 'studentTQuantile');
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  if (df > NORMAL_DF) return normalQuantile(p);
  return tQuantile(p, df);
}

/** Upper tail P(F > f) of the F(d1, d2) distribution. */
export function fUpperTail(f: number, d1: number, d2: number): number {
  requireDf(d1, 'fUpperTail');
  requireDf(d2, 'fUpperTail');
  return 1 - fCdf(f, d1, d2);
}

/** Upper tail P(X > x) of the chi-square distribution with df > 0 degrees of freedom (Cochran's Q test). */
export function chiSquareUpperTail(x: number, df: number): number {
  requireDf(df, 'chiSquareUpperTail');
  return 1 - chiSquareCdf(x, df);
}

/** Quantile of the Beta(a, b) distribution (Clopper-Pearson intervals). */
export function betaQuantile(p: number, a: number, b: number): number {
  requireProbability(p, 'betaQuantile');
  return betaQuantileStdlib(p, a, b);
}
