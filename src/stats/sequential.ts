/**
 * Repeated looks at a sweep (lab sweep --until-resolved) without inflating
 * its false verdicts: each look may only spend part of alpha.
 *
 * Looking after every round and stopping at the first p < 0.05 would call an
 * A/A change in about 1 sweep in 4 after 50 looks. Instead the looks are
 * planned (the first after the sweep's --runs, then every 1.5x more runs up to
 * the budget), and look j judges at alpha_j = A(t_j) - A(t_{j-1}), where t
 * is the share of the budget's runs measured so far and A is Lan and DeMets'
 * Pocock-type spending function A(t) = alpha·ln(1 + (e - 1)·t). The alpha_j
 * sum to alpha, so by the union bound the chance of any false verdict over
 * all looks is at most alpha, with no assumption about how the looks'
 * statistics depend on each other (the rank tests are not jointly normal,
 * which the usual group-sequential boundaries assume). The Pocock shape
 * spends early (a fifth of alpha at a tenth of the budget), since the lab's
 * point is to stop early; O'Brien-Fleming's shape would spend almost nothing
 * at the first looks. Each look's intervals are at level 1 - alpha_j too, so
 * an interval that settles a verdict covers at that level.
 */

/** Lan-DeMets Pocock-type alpha spending: the alpha spent by information fraction t in [0, 1]. */
export function pocockSpending(t: number, alpha = 0.05): number {
  if (!(t >= 0 && t <= 1)) throw new Error(`pocockSpending: t must be in [0, 1], got ${t}`);
  return alpha * Math.log(1 + (Math.E - 1) * t);
}

/** Growth of the runs from one look to the next. */
export const LOOK_GROWTH = 1.5;

/**
 * The runs per variant at each look: `first`, then x1.5 (rounded up) each
 * time, the last exactly `maxRuns`. A first look at or above the budget is the only look.
 */
export function lookSchedule(first: number, maxRuns: number): number[] {
  if (!Number.isInteger(first) || first < 2) throw new Error(`lookSchedule: the first look needs at least 2 runs, got ${first}`);
  if (!Number.isInteger(maxRuns) || maxRuns < first) return [first];
  const looks = [first];
  while (looks.at(-1)! < maxRuns) looks.push(Math.min(maxRuns, Math.ceil(looks.at(-1)! * LOOK_GROWTH)));
  return looks;
}

/** The alpha each look of `schedule` may spend (they sum to alpha). */
export function alphaPerLook(schedule: readonly number[], alpha = 0.05): number[] {
  const max = schedule.at(-1)!;
  let spent = 0;
  return schedule.map((n) => {
    const cumulative = pocockSpending(n / max, alpha);
    const share = cumulative - spent;
    spent = cumulative;
    return share;
  });
}
