import type { ProcessEffect } from '../sweep/result.ts';
import { mean, requireFinite } from './descriptive.ts';
import { fUpperTail } from './distributions.ts';
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
  const p = fUpperTail(f, dfBetween, dfWithin);
  const n0 = (n - used.reduce((sum, g) => sum + g.length ** 2, 0) / n) / dfBetween;
  const between = Math.max(0, (msBetween - msWithin) / n0);
  return { processes: k, f, p, betweenSharePct: (between / (between + msWithin)) * 100 };
}
