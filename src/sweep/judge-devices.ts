/**
 * Judging a variant of a sweep whose samples span several devices (a queue
 * spreading blocks over GPUs): never a sample of one device against a sample
 * of another. Two devices can differ by 2× in speed; a variant measured
 * mostly on the fast one would otherwise look faster than a baseline measured
 * mostly on the slow one. So each device is a study of its own: the variant's
 * samples on it against the baseline's samples on it (its pairs, its grid
 * block, exactly as judge.ts judges a one-device sweep), and the per-device
 * log ratios are pooled by a random-effects model (src/stats/random-effects.ts),
 * whose τ² lets the effect itself differ by device.
 */
import type { StoredSweep } from '../db/results-db.ts';
import { normalQuantile } from '../stats/distributions.ts';
import { isResolved } from '../stats/compare-shift.ts';
import { randomEffects, type Study } from '../stats/random-effects.ts';
import { verdictOf } from '../stats/welch.ts';
import { judgeVariant, pairsOf, type JudgeSettings } from './judge.ts';
import { METRICS, type DeltaSummary, type DeviceDelta, type Metric, type PooledDelta } from './result.ts';

type StoredSample = StoredSweep['samples'][number];

/** The device a sample ran on: its own, or (null) the sweep environment's. */
export function deviceOf(sample: Pick<StoredSample, 'device'>, environmentDevice: string): string {
  return sample.device ?? environmentDevice;
}

/** The devices the samples ran on, in the order first seen. */
export function devicesOf(samples: readonly Pick<StoredSample, 'device'>[], environmentDevice: string): string[] {
  return [...new Set(samples.map((s) => deviceOf(s, environmentDevice)))];
}

export interface DevicesJudgement {
  /** Per metric the pooled Δ as a DeltaSummary (with one usable device: that device's own). */
  delta: Record<Metric, DeltaSummary>;
  devices: DeviceDelta[];
  pooled: PooledDelta[];
}

/**
 * A device's Δ as a study on the log scale: ln(1 + pct/100) and the variance
 * its CI implies, (half-width / z)². The CI is the device's own comparison's
 * (rank-based, t or Fieller); reading its width with z rather than its own t
 * or exact quantile makes the SE a little larger with few samples, never
 * smaller. A CI of zero width (samples without spread, as in synthetic data)
 * gets the SE floor MIN_SE instead of an infinite weight. null when the CI is
 * not finite on the log scale.
 */
export function deviceStudy(d: DeltaSummary, alpha: number): Study | null {
  const low = Math.log1p(d.ciLow / 100);
  const high = Math.log1p(d.ciHigh / 100);
  const estimate = Math.log1p(d.pct / 100);
  const se = (high - low) / (2 * normalQuantile(1 - (d.alpha ?? alpha) / 2));
  if (!Number.isFinite(estimate) || !Number.isFinite(se) || !(se >= 0)) return null;
  return { estimate, variance: Math.max(se, MIN_SE) ** 2 };
}

/** The smallest SE of a device's log ratio the pool takes: 1e-6, a ten-thousandth of a percent. */
const MIN_SE = 1e-6;

/** A metric no device could say anything about: no numbers, no verdict. */
const NO_DELTA: DeltaSummary = { abs: NaN, pct: NaN, ciLow: NaN, ciHigh: NaN, p: NaN, verdict: 'no significant change', runsToResolve: null, method: 'random-effects', resolved: false };

/**
 * Per-device deltas of one metric pooled: the PooledDelta, the variant's pooled DeltaSummary (one usable device:
 * its own delta) and each pooled device's weight (percent). null when no device's CI is usable.
 */
export function poolDeviceDeltas(
  metric: Metric,
  deltas: readonly { device: string; delta: DeltaSummary }[],
  s: Pick<JudgeSettings, 'alpha' | 'noiseThresholdPct'>,
): { pooled: PooledDelta; delta: DeltaSummary; weights: Map<string, number> } | null {
  const studies = deltas.flatMap((d) => {
    const study = deviceStudy(d.delta, s.alpha);
    return study ? [{ device: d.device, study, delta: d.delta }] : [];
  });
  if (studies.length === 0) return null;
  const r = randomEffects(
    studies.map((x) => x.study),
    { alpha: s.alpha },
  );
  const weights = new Map(studies.map((x, i) => [x.device, r.weights[i]! * 100]));
  const pct = Math.expm1(r.estimate) * 100;
  const ciLow = Math.expm1(r.ciLow) * 100;
  const ciHigh = Math.expm1(r.ciHigh) * 100;
  const pooled: PooledDelta = {
    metric, pct, ciLow, ciHigh, p: r.p, tau2: r.tau2, i2: r.i2, q: r.q, qP: r.qP, k: r.k,
    method: r.ci === 'single' ? 'single' : r.ci === 'hksj' ? 'dl-hksj' : 'dl-wald',
  };
  // One device pools nothing: its own delta is the answer, with its seconds and its runs-to-resolve.
  if (studies.length === 1) return { pooled, delta: studies[0]!.delta, weights };
  const verdict = verdictOf(r.p, pct, { alpha: s.alpha, noiseThresholdPct: s.noiseThresholdPct });
  const delta: DeltaSummary = {
    // No one baseline time spans devices of different speeds: the Δ is a ratio only (NaN: null in JSON).
    abs: NaN,
    pct,
    ciLow,
    ciHigh,
    p: r.p,
    verdict,
    runsToResolve: null,
    method: 'random-effects',
    resolved: isResolved(verdict, ciLow, ciHigh, s.noiseThresholdPct),
    alpha: s.alpha,
  };
  return { pooled, delta, weights };
}

/**
 * A variant's Δ in a sweep over several devices: on each device its samples
 * against the baseline's samples of that device alone (judgeVariant on the
 * device's samples, fixed-n: an --until-resolved sweep's looks are not
 * replayed per device), then per metric the random-effects pool of the
 * devices whose comparison has a usable CI. null when no device has enough
 * samples of both.
 */
export function judgeAcrossDevices(
  samples: readonly StoredSample[],
  environmentDevice: string,
  baselineName: string,
  variantName: string,
  s: JudgeSettings,
): DevicesJudgement | null {
  const perDevice = devicesOf(samples, environmentDevice).flatMap((device) => {
    const own = samples.filter((x) => deviceOf(x, environmentDevice) === device);
    const judged = judgeVariant(own, baselineName, variantName, { ...s, looks: undefined });
    if (!judged) return [];
    const candidate = own.filter((x) => x.variant === variantName);
    // The baseline samples the comparison used: the variant's partners when paired (as judge.ts), else its grid block's.
    const pairs = pairsOf(own, baselineName, variantName).length;
    const gridBlock = candidate.find((x) => x.gridBlock != null)?.gridBlock ?? null;
    const baselineN = pairs >= 2 ? pairs : own.filter((x) => x.variant === baselineName && (gridBlock === null || x.gridBlock === gridBlock)).length;
    return [{ device, delta: judged.delta, n: pairs >= 2 ? pairs : candidate.length, baselineN }];
  });
  if (perDevice.length === 0) return null;
  const devices: DeviceDelta[] = [];
  const pooled: PooledDelta[] = [];
  const delta = {} as Record<Metric, DeltaSummary>;
  for (const metric of METRICS) {
    const pool = poolDeviceDeltas(metric, perDevice.map((d) => ({ device: d.device, delta: d.delta[metric] })), s);
    for (const d of perDevice) {
      const x = d.delta[metric];
      devices.push({
        device: d.device, metric, pct: x.pct, ciLow: x.ciLow, ciHigh: x.ciHigh, p: x.p, verdict: x.verdict, method: x.method ?? 'welch',
        n: d.n, baselineN: d.baselineN, weightPct: pool?.weights.get(d.device) ?? null,
      });
    }
    if (pool) pooled.push(pool.pooled);
    delta[metric] = pool ? pool.delta : { ...NO_DELTA, alpha: s.alpha };
  }
  return { delta, devices, pooled };
}
