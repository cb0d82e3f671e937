/**
 * Successive halving under statistical control (lab tune): after each look,
 * the point with the lowest total time is the current best, and every other
 * point measured significantly slower than it (beyond the noise threshold)
 * is dropped; the rest are measured again. Pure: samples in, decisions out.
 *
 * Points of one round ran next to each other, so each comparison with the
 * best pairs them by round (drift between rounds cancels) when the paired
 * test can reach the alpha at all, else compares them unpaired. Each look spends
 * its Pocock share of alpha (src/stats/sequential.ts), split Bonferroni-wise
 * over that look's comparisons, so the chance of ever dropping a point that
 * is in fact no slower than the best stays under alpha for the whole search.
 */
import type { StoredSweep } from '../db/results-db.ts';
import { median } from '../stats/descriptive.ts';
import { compareShift } from '../stats/compare-shift.ts';
import type { DeltaSummary, Stat } from '../sweep/result.ts';

type StoredSample = StoredSweep['samples'][number];

export interface HalvingDecision {
  best: string;
  /** Still in the race, the best first. */
  keep: string[];
  /** Dropped at this look, each with its comparison against the best (candidate: the point; baseline: the best). */
  dropped: { point: string; vsBest: DeltaSummary }[];
  /** Every point left is within the noise threshold of the best, resolved: measuring more would not tell them apart. */
  settled: boolean;
}

/** A point's total times keyed by (process, round): the unit its pairs with other points share. */
function byRound(samples: readonly StoredSample[], point: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of samples) if (s.variant === point && !s.superseded) out.set(`${s.process ?? 0}:${s.round}`, s.totalS);
  return out;
}

/** A point against the best: paired by round where both ran, else unpaired. */
export function compareWithBest(samples: readonly StoredSample[], best: string, point: string, opts: { stat: Stat; alpha: number; noiseThresholdPct: number }): DeltaSummary {
  const b = byRound(samples, best);
  const c = byRound(samples, point);
  const shared = [...b.keys()].filter((k) => c.has(k));
  // The paired test's smallest p is 2 / 2^pairs: where that cannot reach alpha (10 pairs at a look's share split over
  // 14 points cannot), the unpaired rank-sum test decides, whose smallest p falls much faster with the runs.
  const pairedCanDecide = shared.length >= 2 && 2 / 2 ** shared.length < opts.alpha;
  const pairs = pairedCanDecide ? { baseline: shared.map((k) => b.get(k)!), candidate: shared.map((k) => c.get(k)!), process: shared.map((k) => Number(k.split(':')[0])) } : null;
  return compareShift({ baseline: [...b.values()], candidate: [...c.values()], pairs, processes: null }, opts);
}

/**
 * One look's decision over the points still in the race: the best by median
 * total, the points significantly slower than it dropped at `alpha` (this
 * look's share, split over its comparisons).
 */
export function halve(samples: readonly StoredSample[], racing: readonly string[], opts: { stat: Stat; alpha: number; noiseThresholdPct: number }): HalvingDecision {
  const medians = racing.map((p) => ({ p, m: median([...byRound(samples, p).values()]) }));
  const best = medians.reduce((a, b) => (b.m < a.m ? b : a)).p;
  const others = racing.filter((p) => p !== best);
  const alpha = others.length ? opts.alpha / others.length : opts.alpha;
  const compared = others.map((point) => ({ point, vsBest: compareWithBest(samples, best, point, { ...opts, alpha }) }));
  const dropped = compared.filter((c) => c.vsBest.verdict === 'slower');
  const kept = compared.filter((c) => c.vsBest.verdict !== 'slower');
  const settled = kept.every((c) => c.vsBest.verdict === 'no significant change' && c.vsBest.resolved === true);
  return { best, keep: [best, ...kept.map((c) => c.point)], dropped, settled };
}
