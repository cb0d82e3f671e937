/** Multiple comparisons: pure functions. */
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

