/**
 * Judging one variant of a stored sweep against its baseline: which samples
 * count (not those a re-run replaced), how they pair, and, for
 * --until-resolved sweeps, at which look its verdict was settled.
 */
import type { StoredSweep } from '../db/results-db.ts';
import { compareShift, type ComparisonSamples } from '../stats/compare-shift.ts';
import { alphaPerLook, pocockSpending } from '../stats/sequential.ts';
import { METRICS, type DeltaSummary, type Metric, type Stat } from './result.ts';

type StoredSample = StoredSweep['samples'][number];

/** A sample's value of each metric, seconds. */
export const METRIC_OF_SAMPLE: Record<Metric, (s: StoredSample) => number> = {
  prefill: (s) => s.prefillS,
  generation: (s) => s.generationS,
  total: (s) => s.totalS,
};

/** The samples the statistics use: every one but those superseded by a re-run of their block. */
export function countedSamples(stored: StoredSweep): StoredSample[] {
  return stored.samples.filter((s) => !s.superseded);
}

/** A variant's pairs with the baseline, in the order measured: its sample and the baseline's sample of the same block. */
export function pairsOf(samples: readonly StoredSample[], baseline: string, variant: string): { baseline: StoredSample; candidate: StoredSample }[] {
  const baselineByBlock = new Map<number, StoredSample>();
  for (const s of samples) if (s.variant === baseline && s.block != null) baselineByBlock.set(s.block, s);
  const pairs: { baseline: StoredSample; candidate: StoredSample }[] = [];
  for (const s of samples) {
    if (s.variant !== variant || s.block == null) continue;
    const partner = baselineByBlock.get(s.block);
    if (partner) pairs.push({ baseline: partner, candidate: s });
  }
  return pairs;
}

/** Samples' values of `metric` grouped by the worker process that measured them (those without a process left out). */
export function byProcess(samples: readonly StoredSample[], metric: Metric): number[][] {
  const groups = new Map<number, number[]>();
  for (const s of samples) {
    if (s.process === null) continue;
    const g = groups.get(s.process) ?? [];
    g.push(METRIC_OF_SAMPLE[metric](s));
    groups.set(s.process, g);
  }
  return [...groups.values()];
}

/**
 * The comparison input of one metric. With pairs, only the paired samples
 * count on both sides (the baseline's runs between other variants' pairs are
 * the other variants' evidence); without, every sample of each side.
 */
export function comparisonSamples(
  pairs: readonly { baseline: StoredSample; candidate: StoredSample }[] | null,
  baseline: readonly StoredSample[],
  candidate: readonly StoredSample[],
  metric: Metric,
  perProcess: boolean,
): ComparisonSamples {
  const value = METRIC_OF_SAMPLE[metric];
  const usePairs = pairs !== null && pairs.length >= 2;
  return {
    baseline: baseline.map(value),
    candidate: candidate.map(value),
    pairs: usePairs ? { baseline: pairs.map((p) => value(p.baseline)), candidate: pairs.map((p) => value(p.candidate)), process: pairs.map((p) => p.candidate.process ?? 0) } : null,
    processes: perProcess ? { baseline: byProcess(baseline, metric), candidate: byProcess(candidate, metric) } : null,
  };
}

export interface JudgeSettings {
  stat: Stat;
  alpha: number;
  noiseThresholdPct: number;
  perProcess: boolean;
  /** --until-resolved's planned looks (runs per variant); absent for a fixed-n sweep. */
  looks?: number[];
}

/** The sequential record of a variant's verdict: the look that settled it (or the last one it reached). */
export interface SequentialVerdict {
  /** Pairs the verdict used. */
  runs: number;
  /** 1-based look, of `looks` planned. */
  look: number;
  looks: number;
  /** The alpha that look spent. */
  alpha: number;
  resolved: boolean;
}

function deltasAt(
  pairs: { baseline: StoredSample; candidate: StoredSample }[] | null,
  baseline: readonly StoredSample[],
  candidate: readonly StoredSample[],
  s: JudgeSettings,
  alpha: number,
): Record<Metric, DeltaSummary> {
  return Object.fromEntries(
    METRICS.map((metric) => [metric, compareShift(comparisonSamples(pairs, baseline, candidate, metric, s.perProcess), { stat: s.stat, alpha, noiseThresholdPct: s.noiseThresholdPct })]),
  ) as Record<Metric, DeltaSummary>;
}

/**
 * A variant's deltas on every metric. For a sweep with looks, the verdict is
 * that of the first look whose total settled it (each look judged on the
 * pairs measured by then, at the alpha it may spend), else of the last look
 * reached; a look cut short by the time budget counts at the runs it has.
 */
export function judgeVariant(
  samples: readonly StoredSample[],
  baselineName: string,
  variantName: string,
  s: JudgeSettings,
): { delta: Record<Metric, DeltaSummary>; sequential?: SequentialVerdict } | null {
  const candidate = samples.filter((x) => x.variant === variantName);
  // In a grid run in memory blocks, a point is compared with its own block's baseline samples only.
  const gridBlock = candidate.find((x) => x.gridBlock != null)?.gridBlock ?? null;
  const baseline = samples.filter((x) => x.variant === baselineName && (gridBlock === null || x.gridBlock === gridBlock));
  const paired = pairsOf(samples, baselineName, variantName);
  const pairs = paired.length >= 2 ? paired : null;
  if (baseline.length < 2 || candidate.length < 2) return null;
  if (!s.looks || s.looks.length === 0 || !pairs) return { delta: deltasAt(pairs, baseline, candidate, s, s.alpha) };

  const max = s.looks.at(-1)!;
  const n = pairs.length;
  const planned = s.looks.filter((k) => k < n);
  const reached = [...planned, Math.min(n, max)];
  const spends = alphaPerLook(s.looks, s.alpha);
  let spent = 0;
  for (let j = 0; j < reached.length; j++) {
    const k = reached[j]!;
    // A planned look spends its share; a look cut short spends A(k / max) less what came before.
    const alpha = j < planned.length ? spends[j]! : pocockSpending(k / max, s.alpha) - spent;
    spent += alpha;
    const within = pairs.slice(0, k);
    const blocks = new Set(within.map((p) => p.candidate.block));
    const lastBlock = Math.max(...within.map((p) => p.candidate.block ?? 0));
    // The baseline's samples up to this look: those of its blocks, and of other variants' blocks measured before.
    const base = baseline.filter((b) => (b.block ?? 0) <= lastBlock);
    const cand = candidate.filter((c) => blocks.has(c.block));
    const delta = deltasAt(within, base, cand, s, alpha);
    const last = j === reached.length - 1;
    if (delta.total.resolved || last) {
      return { delta, sequential: { runs: k, look: j + 1, looks: s.looks.length, alpha, resolved: Boolean(delta.total.resolved) } };
    }
  }
  return null; // not reached: the last look returns
}
