/**
 * The smallest change a machine resolves, from its noise: pure functions
 * over the A/A sweeps' paired log ratios.
 */
import { normalQuantile, studentTQuantile } from '../stats/distributions.ts';
import { alphaPerLook, lookSchedule } from '../stats/sequential.ts';

/**
 * The smallest |Δ%| that n pairs resolve with 80% power at `alpha`, if the
 * pairs' log ratios have scale `sigma`: the change must clear the test
 * ((t + z) se, the signed-rank's efficiency π/3 folded into se) and the noise
 * threshold (threshold + z se). Percent.
 */
export function resolvablePct(sigma: number, n: number, alpha: number, noiseThresholdPct: number, power = 0.8): number {
  const se = (sigma * Math.sqrt(Math.PI / 3)) / Math.sqrt(n);
  const z = normalQuantile(power);
  const delta = Math.max((studentTQuantile(1 - alpha / 2, n - 1) + z) * se, Math.log1p(noiseThresholdPct / 100) + z * se);
  return Math.expm1(delta) * 100;
}

/**
 * The same at --until-resolved's budget: its last look, which has the most
 * runs and spends the last share of alpha.
 */
export function resolvableAtBudgetPct(sigma: number, runs: number, maxRuns: number, alpha: number, noiseThresholdPct: number): number {
  const looks = lookSchedule(runs, maxRuns);
  return resolvablePct(sigma, looks.at(-1)!, alphaPerLook(looks, alpha).at(-1)!, noiseThresholdPct);
}
