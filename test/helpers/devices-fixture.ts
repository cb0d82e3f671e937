/**
 * Stored sweeps spread over several devices, built by hand with seeded noise:
 * each device has its own speed (a factor on every time) and each variant its
 * own true effect per device, so that a test knows the truth it checks the
 * pooled Δ against.
 */
import { SEED_BASELINE_SLOTS } from '../../src/baseline/origin.ts';
import type { StoredSweep } from '../../src/db/results-db.ts';
import { seededRandom } from '../../src/random.ts';
import type { SweepSettings } from '../../src/sweep/result.ts';
import { ENVIRONMENT } from './results-fixture.ts';

export interface FixtureDevice {
  /** Stored as the samples' device; null: the sweep environment's device (ENVIRONMENT_DEVICE). */
  name: string | null;
  /** Every time on the device is multiplied by it (2: twice as slow). */
  speed: number;
}

export interface DeviceVariant {
  name: string;
  /** Per device (by index) the variant's true time ratio to the baseline (0.95: 5% faster); default 1. */
  ratio?: number[];
  /** Per device (by index) its runs there; default `runs`. */
  runs?: number[];
}

export interface DeviceSweepOptions {
  id?: string;
  devices: FixtureDevice[];
  variants: DeviceVariant[];
  /** Runs per variant per device (default 12); the baseline has one partner sample per variant sample when paired. */
  runs?: number;
  /** Paired blocks (default true), each block's two samples on one device. */
  paired?: boolean;
  /** Block ids start at 0 on every device (as two independent queues might number them), so they collide across devices. */
  collidingBlocks?: boolean;
  /** Baseline samples per device when unpaired (default `runs`). */
  baselineRuns?: number[];
  /** Relative noise of one sample, sd of its log time (default 0.01). */
  noise?: number;
  seed?: number;
  stat?: SweepSettings['stat'];
}

export const ENVIRONMENT_DEVICE = 'NVIDIA H200 (cuda:0)';
const BASE_PREFILL_S = 0.1;
const BASE_GENERATION_S = 0.4;

/** A standard normal draw (Box-Muller) from the seeded generator. */
function normal(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

export function deviceStoredSweep(o: DeviceSweepOptions): StoredSweep {
  const runs = o.runs ?? 12;
  const paired = o.paired ?? true;
  const noise = o.noise ?? 0.01;
  const rand = seededRandom(o.seed ?? 7);
  const names = ['baseline', ...o.variants.map((v) => v.name)];
  const settings: SweepSettings = {
    model: 'tiny', modelConfig: { layers: 2, hidden: 64 }, backend: 'webgpu', promptLen: 16, genLen: 8, runs, warmup: 1, seed: 1, inProcess: false,
    variants: names, baseline: 'baseline', experiment: null, noiseThresholdPct: 1, git: false, stat: o.stat ?? 'robust', paired,
  };
  const samples: StoredSweep['samples'] = [];
  let block = 0;
  let clock = 0;
  const sample = (variant: string, device: FixtureDevice, factor: number, round: number, blockId: number | null): void => {
    const prefillS = Number((BASE_PREFILL_S * factor * Math.exp(noise * normal(rand))).toFixed(9));
    const generationS = Number((BASE_GENERATION_S * factor * Math.exp(noise * normal(rand))).toFixed(9));
    samples.push({
      variant, round, prefillS, generationS, totalS: Number((prefillS + generationS).toFixed(9)),
      prefillTokensPerS: 16 / prefillS, generationTokensPerS: 8 / generationS, peakMemoryBytes: 1_000_000, harnessS: 0.001,
      commitSha: null, process: 0, block: blockId, gridBlock: null, device: device.name,
      recordedAt: new Date(Date.UTC(2026, 1, 1, 10) + 1000 * clock++).toISOString(),
    });
  };
  o.devices.forEach((device, d) => {
    if (o.collidingBlocks) block = 0;
    if (!paired) {
      for (let r = 0; r < (o.baselineRuns?.[d] ?? runs); r++) sample('baseline', device, device.speed, r, null);
    }
    for (const v of o.variants) {
      const ratio = v.ratio?.[d] ?? 1;
      for (let r = 0; r < (v.runs?.[d] ?? runs); r++) {
        if (paired) {
          sample('baseline', device, device.speed, r, block);
          sample(v.name, device, device.speed * ratio, r, block++);
        } else {
          sample(v.name, device, device.speed * ratio, r, null);
        }
      }
    }
  });
  return {
    id: o.id ?? 'dev1', createdAt: '2026-02-01T10:00:00.000Z', finishedAt: '2026-02-01T11:00:00.000Z', status: 'completed', baseline: 'baseline',
    settings, environment: { ...ENVIRONMENT, backend: 'webgpu', device: ENVIRONMENT_DEVICE },
    variants: names.map((name, i) => ({
      id: i + 1, name, description: `${name} (test)`, isBaseline: name === 'baseline', slots: { ...SEED_BASELINE_SLOTS, ...(name === 'baseline' ? {} : { attentionCore: name }) },
      commitSha: null, branch: null, startupS: null, loadS: null,
    })),
    samples,
    warmups: [],
  };
}
