import { promotedFromDescription, slotsChangedFromSeed } from '../baseline/origin.ts';
import type { StoredSweep } from '../db/results-db.ts';
import { factorialEffects, holmAdjusted, processEffect, summarize, verdictOf } from '../stats.ts';
import { cellMask } from './factorial.ts';
import { isResolved } from '../stats/compare-shift.ts';
import { byProcess, countedSamples, judgeVariant, METRIC_OF_SAMPLE, type JudgeSettings } from './judge.ts';
import { deviceOf, devicesOf, judgeAcrossDevices } from './judge-devices.ts';
import { METRICS, type BaselineOrigin, type Correction, type DeltaSummary, type Metric, type MetricSummary, type Stat, type SweepResult, type VariantResult, type FactorialEffectResult } from './result.ts';

export type SamplesByMetric = Record<Metric, number[]>;

/** The samples (seconds) per variant and metric that the statistics use, in the order they were recorded. */
export function samplesByVariant(stored: StoredSweep): Record<string, SamplesByMetric> {
  const out: Record<string, SamplesByMetric> = {};
  for (const v of stored.variants) out[v.name] = { prefill: [], generation: [], total: [] };
  for (const s of countedSamples(stored)) {
    for (const metric of METRICS) out[s.variant]![metric].push(METRIC_OF_SAMPLE[metric](s));
  }
  return out;
}

/** Significance at which a process effect marks a metric noisy: the verdicts' own alpha. */
const PROCESS_EFFECT_ALPHA = 0.05;

/**
 * The summary with its process effect when the runs were spread over
 * processes; a significant one marks the metric noisy, since a sweep in one
 * process per variant would have shared that process's offset in every sample.
 */
function withProcessEffect(summary: MetricSummary, groups: number[][]): MetricSummary {
  const effect = processEffect(groups);
  if (!effect) return summary;
  if (effect.p >= PROCESS_EFFECT_ALPHA) return { ...summary, processEffect: effect };
  const reason = `${effect.betweenSharePct.toFixed(0)}% of the variance between its ${effect.processes} processes (F ${effect.f.toFixed(1)}, p=${effect.p < 0.001 ? effect.p.toExponential(1) : effect.p.toFixed(3)})`;
  return { ...summary, processEffect: effect, noisy: summary.noisy ? `${summary.noisy}; ${reason}` : reason };
}

/**
 * A sweep over devices: the summary mixes devices of different speeds, so its
 * own CV says nothing about noise; a metric is noisy when it is on some
 * device, the reasons named by device.
 */
function withDeviceNoise(summary: MetricSummary, samples: StoredSweep['samples'], metric: Metric, environmentDevice: string): MetricSummary {
  const { noisy: _mixed, ...rest } = summary;
  const reasons = devicesOf(samples, environmentDevice).flatMap((device) => {
    const xs = samples.filter((s) => deviceOf(s, environmentDevice) === device).map(METRIC_OF_SAMPLE[metric]);
    const noisy = xs.length > 0 ? summarize(xs).noisy : undefined;
    return noisy ? [`on ${device}: ${noisy}`] : [];
  });
  return reasons.length > 0 ? { ...rest, noisy: reasons.join('; ') } : rest;
}

/** A summary of however many samples there are: with fewer than 2 the spread is unknown (NaN, null in JSON). */
function summarizeAny(xs: number[]): MetricSummary {
  if (xs.length === 0) return { mean: NaN, std: NaN, median: NaN, min: NaN, max: NaN, cv: NaN, n: 0, noisy: 'no samples' };
  return summarize(xs);
}

/**
 * Where the sweep's baseline came from, when its stored slot choices are not
 * the seed's: only for the registry's baseline entry ("baseline"), whose
 * description names the variant it was promoted from (else a variant of the
 * same sweep with the same slots names it).
 */
export function baselineOriginOf(stored: Pick<StoredSweep, 'baseline' | 'variants'>): BaselineOrigin | undefined {
  if (stored.baseline !== 'baseline') return undefined;
  const row = stored.variants.find((v) => v.name === stored.baseline);
  if (!row) return undefined;
  const changedSlots = slotsChangedFromSeed(row.slots);
  if (Object.keys(changedSlots).length === 0) return undefined;
  const sameSlots = (a: Record<string, string>, b: Record<string, string>) =>
    Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([k, v]) => b[k] === v);
  const twin = stored.variants.find((v) => v.name !== row.name && sameSlots(v.slots, row.slots));
  return { promotedFrom: promotedFromDescription(row.description) ?? twin?.name ?? null, changedSlots };
}

/** The verdicts' significance level; with a correction it bounds the family-wise error rate instead. */
const ALPHA = 0.05;

/**
 * The variants' deltas judged on Holm-adjusted p-values: per metric, the
 * family is every variant compared with the baseline. runsToResolve plans at
 * Bonferroni's alpha / m, the strictest bar Holm may set, so that the runs it
 * names resolve the delta whatever the other variants' p-values turn out to be.
 */
function judgedWithHolm(variants: VariantResult[], noiseThresholdPct: number, runsAt: (variant: string, metric: Metric, alpha: number) => number | null): VariantResult[] {
  const family = variants.filter((v) => v.delta);
  const judged = new Map<string, Record<Metric, DeltaSummary>>(family.map((v) => [v.name, { ...v.delta! }]));
  const bonferroniAlpha = ALPHA / family.length;
  for (const metric of METRICS) {
    const adjusted = holmAdjusted(family.map((v) => v.delta![metric].p));
    family.forEach((v, i) => {
      const d = v.delta![metric];
      const verdict = verdictOf(adjusted[i]!, d.pct, { alpha: ALPHA, noiseThresholdPct });
      const resolved = isResolved(verdict, d.ciLow, d.ciHigh, noiseThresholdPct);
      const runs = resolved ? null : runsAt(v.name, metric, bonferroniAlpha);
      judged.get(v.name)![metric] = { ...d, pAdjusted: adjusted[i]!, verdict, resolved, runsToResolve: runs };
    });
  }
  return variants.map((v) => {
    const delta = judged.get(v.name);
    return delta ? { ...v, delta, verdict: delta.total.verdict } : v;
  });
}

/** How a report may judge a stored sweep differently from how it was recorded. */
export interface JudgeOptions {
  /** The multiple-comparison correction to apply instead of the sweep's own (lab report --correction). */
  correction?: Correction;
  /** The comparison to apply instead of the sweep's own (lab report --stat). */
  stat?: Stat;
}

/** The memory block a variant of a blocked grid was measured in (its samples share one). */
function gridBlockOf(samples: readonly StoredSweep['samples'][number][], variant: string): { gridBlock?: number } {
  const block = samples.find((s) => s.variant === variant && s.gridBlock != null)?.gridBlock;
  return block == null ? {} : { gridBlock: block };
}

/**
 * A stored sweep as the stable result schema: per variant and metric a
 * summary, and against the baseline a delta with CI, p-value and verdict.
 * Works on unfinished and interrupted sweeps, saying in `notes` what is missing.
 */
export function buildSweepResult(stored: StoredSweep, options: JudgeOptions = {}): SweepResult {
  const correction = options.correction ?? stored.settings.correction ?? 'none';
  const stat = options.stat ?? stored.settings.stat ?? 'mean';
  const counted = countedSamples(stored);
  const samples = samplesByVariant(stored);
  const threshold = stored.settings.noiseThresholdPct ?? 1;
  const baselineName = stored.baseline;
  const base = samples[baselineName];
  const notes: string[] = [];
  const baselineUsable = Boolean(base && base.total.length >= 2);
  if (!base || base.total.length === 0) notes.push(`the baseline (${baselineName}) has no samples: no deltas can be computed`);
  else if (!baselineUsable) notes.push(`the baseline (${baselineName}) has ${base.total.length} sample: at least 2 are needed for deltas`);
  const judge: JudgeSettings = { stat, alpha: ALPHA, noiseThresholdPct: threshold, perProcess: (stored.settings.processes ?? 1) > 1, looks: stored.settings.untilResolved?.looks };
  // Samples from several devices are never compared across devices: each device is judged alone and pooled.
  const devices = devicesOf(counted, stored.environment.device);
  const multiDevice = devices.length >= 2;
  const measured: VariantResult[] = stored.variants.map((v) => {
    const own = samples[v.name]!;
    const n = own.total.length;
    const entry: VariantResult = {
      name: v.name,
      slots: v.slots,
      commit: v.commitSha,
      n,
      prefill: summarizeAny(own.prefill),
      generation: summarizeAny(own.generation),
      total: summarizeAny(own.total),
      ...(v.params && Object.keys(v.params).length ? { params: v.params } : {}),
      ...(v.pointOf ? { pointOf: v.pointOf } : {}),
      ...gridBlockOf(counted, v.name),
    };
    if ((stored.settings.processes ?? 1) > 1) {
      for (const metric of METRICS) entry[metric] = withProcessEffect(entry[metric], byProcess(counted.filter((s) => s.variant === v.name), metric));
    }
    if (multiDevice) for (const metric of METRICS) entry[metric] = withDeviceNoise(entry[metric], counted.filter((s) => s.variant === v.name), metric, stored.environment.device);
    if (v.name === baselineName) return entry;
    if (n < stored.settings.runs) notes.push(`${v.name} has ${n} of ${stored.settings.runs} samples`);
    if (!baselineUsable || n < 2) return entry;
    if (multiDevice) {
      const across = judgeAcrossDevices(counted, stored.environment.device, baselineName, v.name, judge);
      return across ? { ...entry, delta: across.delta, verdict: across.delta.total.verdict, devices: across.devices, pooled: across.pooled } : entry;
    }
    const judged = judgeVariant(counted, baselineName, v.name, judge);
    if (!judged) return entry;
    return { ...entry, delta: judged.delta, verdict: judged.delta.total.verdict, ...(judged.sequential ? { sequential: judged.sequential } : {}) };
  });
  const compared = measured.filter((v) => v.delta).length;
  let variants = measured;
  if (correction === 'holm' && compared > 0) {
    // Judged once per variant at the Bonferroni alpha, whichever of its metrics asks first.
    const atAlpha = new Map<string, ReturnType<typeof judgeVariant>>();
    const runsAt = (name: string, metric: Metric, alpha: number) => {
      // A pooled Δ has no runs-to-resolve: more runs on which device is the question.
      if (multiDevice) return null;
      if (!atAlpha.has(name)) atAlpha.set(name, judgeVariant(counted, baselineName, name, { ...judge, alpha, looks: undefined }));
      return atAlpha.get(name)?.delta[metric].runsToResolve ?? null;
    };
    variants = judgedWithHolm(measured, threshold, runsAt);
    notes.push(`p-values are Holm-adjusted over the ${compared} comparison${compared === 1 ? '' : 's'} with the baseline, per metric; the verdicts use them (family-wise error rate ≤ ${ALPHA})`);
  }
  if (base && base.total.length < stored.settings.runs && base.total.length > 0) {
    notes.push(`the baseline has ${base.total.length} of ${stored.settings.runs} samples`);
  }
  if (multiDevice) notes.push(devicesNote(devices, stored.settings.untilResolved !== undefined));
  notes.push(...measurementNotes(stored, stat));
  const effects = stored.settings.factorial ? factorialEffectsOf(stored.settings.factorial, baselineName, counted) : undefined;
  const origin = baselineOriginOf(stored);
  return {
    sweep: {
      id: stored.id,
      createdAt: stored.createdAt,
      status: stored.status,
      environment: stored.environment,
      settings: { ...stored.settings, ...(options.correction ? { correction: options.correction } : {}), ...(options.stat ? { stat: options.stat } : {}) },
    },
    baseline: baselineName,
    ...(origin ? { baselineOrigin: origin } : {}),
    variants: [...variants].sort((a, b) => Number(b.name === baselineName) - Number(a.name === baselineName)),
    notes,
    ...(effects ? { effects } : {}),
  };
}

/** A factorial sweep's effects per metric: each round's cells as the mean log time of their counted samples in it. */
function factorialEffectsOf(factors: string[], baseline: string, counted: StoredSweep['samples']): FactorialEffectResult[] {
  return METRICS.flatMap((metric) => {
    const rounds = new Map<number, Map<number, { sum: number; n: number }>>();
    for (const s of counted) {
      const round = rounds.get(s.round) ?? new Map<number, { sum: number; n: number }>();
      rounds.set(s.round, round);
      const mask = cellMask(s.variant, factors, baseline);
      const cell = round.get(mask) ?? { sum: 0, n: 0 };
      cell.sum += Math.log(METRIC_OF_SAMPLE[metric](s));
      cell.n++;
      round.set(mask, cell);
    }
    const cells = [...rounds.values()].map((round) => new Map([...round].map(([mask, c]) => [mask, c.sum / c.n])));
    return factorialEffects(factors, cells).map((e) => ({ ...e, metric }));
  });
}

/** How a sweep over several devices was judged, for its readers. */
function devicesNote(devices: string[], sequential: boolean): string {
  return (
    `the samples span ${devices.length} devices (${devices.join(', ')}): each variant is compared with the baseline's samples on the same device only, ` +
    `and its Δ and verdict are the random-effects pool of the per-device log ratios (DerSimonian-Laird τ², Hartung-Knapp-Sidik-Jonkman 95% CI); ` +
    `the means ± std mix the devices (a metric is marked noisy by its spread on each device)` +
    (sequential ? `; the per-device deltas are judged on every counted sample at alpha ${ALPHA}, not look by look` : '')
  );
}

/** The smallest number of pairs at which the signed-rank test can reach p < 0.05 at all (2 / 2^6 = 0.031). */
const MIN_PAIRS_FOR_SIGNIFICANCE = 6;

/** What a reader of the verdicts should know about how the samples were taken: load, re-runs, too few pairs. */
function measurementNotes(stored: StoredSweep, stat: Stat): string[] {
  const notes: string[] = [];
  const flagged = stored.samples.filter((s) => s.loadFlagged);
  const superseded = stored.samples.filter((s) => s.superseded).length;
  if (flagged.length > 0) {
    const kept = flagged.filter((s) => !s.superseded).length;
    const worst = Math.max(...flagged.map((s) => s.foreignLoad ?? 0));
    notes.push(
      `${flagged.length} sample${flagged.length === 1 ? '' : 's'} ran under foreign load above ${stored.settings.loadThreshold} cores (up to ${worst.toFixed(2)}); ` +
        `${superseded} were measured again and left out${kept > 0 ? `, ${kept} kept after ${2} re-runs of their block` : ''}`,
    );
  }
  if (stat === 'robust' && stored.settings.paired && (stored.settings.processes ?? 1) === 1 && stored.settings.runs < MIN_PAIRS_FOR_SIGNIFICANCE) {
    notes.push(`with ${stored.settings.runs} pairs the signed-rank test cannot reach p < 0.05 (its smallest p is ${(2 / 2 ** stored.settings.runs).toFixed(3)}): use --runs ${MIN_PAIRS_FOR_SIGNIFICANCE} or more, or --stat mean`);
  }
  return notes;
}
