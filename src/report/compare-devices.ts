/**
 * `lab compare A B` when either sweep spread its samples over several
 * devices: a variant's samples of A and B are compared on each device both
 * measured it on (never A's samples of one device with B's of another), and
 * the per-device deltas pooled by random effects, as a sweep's own deltas
 * over devices are (src/sweep/judge-devices.ts).
 */
import type { StoredSweep } from '../db/results-db.ts';
import { compareShift } from '../stats/compare-shift.ts';
import { countedSamples, METRIC_OF_SAMPLE } from '../sweep/judge.ts';
import { deviceOf, devicesOf, poolDeviceDeltas } from '../sweep/judge-devices.ts';
import type { DeltaSummary, Metric, Stat } from '../sweep/result.ts';

/** Whether either sweep's counted samples span several devices. */
export function spansDevices(a: StoredSweep, b: StoredSweep): boolean {
  return [a, b].some((s) => devicesOf(countedSamples(s), s.environment.device).length >= 2);
}

/** The variant's `metric` values in `stored`, by device. */
function byDevice(stored: StoredSweep, variant: string, metric: Metric): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const s of countedSamples(stored)) {
    if (s.variant !== variant) continue;
    const device = deviceOf(s, stored.environment.device);
    out.set(device, [...(out.get(device) ?? []), METRIC_OF_SAMPLE[metric](s)]);
  }
  return out;
}

/**
 * B against A for one variant, per shared device (unpaired: the sweeps' runs were not measured in pairs) and
 * pooled; null delta when no device has 2 samples of it in both. `devices`: the devices compared.
 */
export function compareOverDevices(a: StoredSweep, b: StoredSweep, variant: string, metric: Metric, stat: Stat, noiseThresholdPct: number): { delta: DeltaSummary | null; devices: string[] } {
  const inA = byDevice(a, variant, metric);
  const inB = byDevice(b, variant, metric);
  const deltas = [...inA].flatMap(([device, xa]) => {
    const xb = inB.get(device) ?? [];
    if (xa.length < 2 || xb.length < 2) return [];
    return [{ device, delta: compareShift({ baseline: xa, candidate: xb, pairs: null, processes: null }, { stat, noiseThresholdPct }) }];
  });
  const pool = poolDeviceDeltas(metric, deltas, { alpha: 0.05, noiseThresholdPct });
  return { delta: pool?.delta ?? null, devices: deltas.map((d) => d.device) };
}
