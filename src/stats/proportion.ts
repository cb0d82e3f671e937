import { betaQuantile } from './distributions.ts';

/**
 * The Clopper-Pearson (exact) (1 - alpha) interval of a proportion from
 * `successes` of `trials`: conservative at every n, which matters for the
 * small counts of false verdicts a calibration sees (0 of 20 is [0, 16.8%]).
 */
export function clopperPearson(successes: number, trials: number, alpha = 0.05): { low: number; high: number } {
  if (!Number.isInteger(trials) || trials < 1) throw new Error(`clopperPearson: trials must be an integer >= 1, got ${trials}`);
  if (!Number.isInteger(successes) || successes < 0 || successes > trials) throw new Error(`clopperPearson: successes must be 0 to ${trials}, got ${successes}`);
  const low = successes === 0 ? 0 : betaQuantile(alpha / 2, successes, trials - successes + 1);
  const high = successes === trials ? 1 : betaQuantile(1 - alpha / 2, successes + 1, trials - successes);
  return { low, high };
}
