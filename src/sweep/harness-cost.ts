/** What the harness itself costs a sweep: worker start-ups and per-sample overhead beside the measured time. */
import { mean } from '../stats/descriptive.ts';
import type { ResultsDb } from '../db/results-db.ts';

export interface HarnessCost {
  /** Mean seconds from spawning a variant to its being ready (process start, imports, backend, weights). */
  startupS: number;
  /** Mean seconds per sample beyond its measured phases (messaging, bookkeeping, the database write). */
  perSampleS: number;
  /** perSampleS over the mean sample total, in percent. */
  perSamplePct: number;
  /** (startup + all per-sample overhead) over all samples' measured time, in percent: the whole harness's share. */
  overallPct: number;
}

export function harnessCost(stored: ReturnType<ResultsDb['getSweep']>): HarnessCost {
  const meanOr0 = (xs: number[]) => (xs.length ? mean(xs) : 0);
  const all = [...stored.samples, ...stored.warmups];
  const startups = stored.variants.map((v) => v.startupS ?? 0);
  const perSampleS = meanOr0(all.map((s) => s.harnessS));
  const sampleTotal = meanOr0(all.map((s) => s.totalS));
  const measured = all.reduce((a, s) => a + s.totalS, 0);
  // Each variant started once per process; startup_s is the mean of its starts.
  const overhead = startups.reduce((a, b) => a + b, 0) * (stored.settings.processes ?? 1) + all.reduce((a, s) => a + s.harnessS, 0);
  return {
    startupS: meanOr0(startups),
    perSampleS,
    perSamplePct: sampleTotal > 0 ? (perSampleS / sampleTotal) * 100 : 0,
    overallPct: measured > 0 ? (overhead / measured) * 100 : 0,
  };
}
