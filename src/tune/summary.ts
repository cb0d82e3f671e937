/**
 * What a lab tune sweep found, read back from results.db: the best point, its
 * Δ against the variant's defaults, and the samples the search spent against
 * what the exhaustive grid would have cost at the best point's precision.
 * Pure over a stored sweep.
 */
import type { StoredSweep } from '../db/results-db.ts';
import { LabError } from '../errors.ts';
import type { DeltaSummary, Stat } from '../sweep/result.ts';
import { compareWithBest, halve } from './halving.ts';

export interface TuneSummary {
  sweepId: string;
  variant: string;
  /** Points of the grid, the defaults included. */
  points: number;
  best: { name: string; params: Record<string, number | string | boolean>; runs: number };
  /** The best point's total time against the variant at its defaults (candidate: the best). */
  vsDefaults: DeltaSummary;
  defaults: string;
  rungs: { runs: number; points: string[] }[];
  dropped: { point: string; rung: number }[];
  /** Samples the statistics use (baseline included): the search's cost at its precision. */
  samplesSpent: number;
  /** Samples measured again under foreign load (not in samplesSpent). */
  samplesRerun: number;
  /** Samples the whole grid would have taken at the best point's runs, with the baseline's in paired rounds. */
  samplesExhaustive: number;
}

export function summarizeTune(stored: StoredSweep): TuneSummary {
  const tune = stored.settings.tune;
  if (!tune) throw new LabError(`sweep ${stored.id} is not a lab tune sweep`, 'lab report shows any sweep; lab tune runs a search');
  const stat: Stat = stored.settings.stat ?? 'robust';
  const noiseThresholdPct = stored.settings.noiseThresholdPct ?? 1;
  const points = stored.variants.filter((v) => !v.isBaseline).map((v) => v.name);
  const dropped = new Set(tune.dropped.map((d) => d.point));
  const racing = points.filter((p) => !dropped.has(p) && stored.samples.some((s) => s.variant === p));
  if (racing.length === 0) throw new LabError(`tune sweep ${stored.id} has no samples of its points`, 'run lab tune again');
  // The last word: the survivors judged on every sample measured.
  const { best } = halve(stored.samples, racing, { stat, alpha: 0.05, noiseThresholdPct });
  const defaults = tune.variant;
  const vsDefaults = compareWithBest(stored.samples, defaults, best, { stat, alpha: 0.05, noiseThresholdPct });
  const runsOf = (name: string) => stored.samples.filter((s) => s.variant === name && !s.superseded).length;
  const bestRuns = runsOf(best);
  const bestVariant = stored.variants.find((v) => v.name === best)!;
  return {
    sweepId: stored.id,
    variant: tune.variant,
    points: points.length,
    best: { name: best, params: bestVariant.params ?? {}, runs: bestRuns },
    vsDefaults,
    defaults,
    rungs: tune.rungs,
    dropped: tune.dropped,
    samplesSpent: stored.samples.filter((s) => !s.superseded).length,
    samplesRerun: stored.samples.filter((s) => s.superseded).length,
    samplesExhaustive: bestRuns * (points.length + Math.ceil(points.length / 2)),
  };
}

/** The lines lab tune prints. */
export function renderTuneSummary(t: TuneSummary): string {
  const d = t.vsDefaults;
  const f = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(2)}%`;
  const setting = Object.entries(t.best.params).map(([k, v]) => `${k}=${String(v)}`).join(' ');
  return [
    `best of ${t.variant} (${t.points - 1} points and its defaults): ${t.best.name}`,
    `  setting   ${setting}`,
    `  vs its defaults (${t.defaults}): ${f(d.pct)} [${f(d.ciLow)}, ${f(d.ciHigh)}] total time, p=${d.p.toPrecision(2)}: ${d.verdict}`,
    `  search    ${t.rungs.map((r) => `${r.points.length} points to ${r.runs} runs`).join(', then ')}; ${t.dropped.length} dropped as significantly slower than the best`,
    `  samples   ${t.samplesSpent} measured${t.samplesRerun ? ` (and ${t.samplesRerun} measured again under foreign load)` : ''}; the full grid at the best point's ${t.best.runs} runs: ${t.samplesExhaustive} (${((t.samplesSpent / t.samplesExhaustive) * 100).toFixed(0)}% of it)`,
    `  sweep ${t.sweepId} (lab report ${t.sweepId}, lab show ${t.sweepId})`,
  ].join('\n');
}
