/**
 * A stored grid sweep built by hand, with synthetic samples: the baseline, a
 * parametrized variant at its defaults and its 12 points (keysPerSplit 8, 16,
 * 32, 64 × tiling tuned, paired, none). Every variant's totals are its own
 * factor times one noise pattern (rotated per variant), so the unpaired
 * Hodges-Lehmann shift between two variants is exactly the log of their
 * factors' ratio.
 */
import { SEED_BASELINE_SLOTS } from '../../src/baseline/origin.ts';
import type { ResultsDb, StoredSweep } from '../../src/db/results-db.ts';
import type { ReportInput } from '../../src/report/report-input.ts';
import type { SweepSettings } from '../../src/sweep/result.ts';
import { buildSweepResult, samplesByVariant } from '../../src/sweep/summarize.ts';
import { processOfRound } from '../../src/sweep/schedule.ts';
import { ENVIRONMENT } from '../helpers/results-fixture.ts';

export const GRID_VARIANT = 'wgsl-recorded-step';
export const KEYS_PER_SPLIT = [8, 16, 32, 64];
export const TILING = ['tuned', 'paired', 'none'];
const DEFAULTS = { attention: 'split-k', keysPerSplit: 16, tiling: 'tuned', normsInProducts: true, argmax: 'gpu' };
const NOISE = [1, 1.012, 0.993, 1.021, 0.985, 1.006, 0.997, 1.015];
const BASE_TOTAL_S = 0.05;
const PREFILL_SHARE = 0.3;

/** A point's total as a share of the baseline's: keysPerSplit 8 and tiling paired are fastest. */
export function pointFactor(keysPerSplit: number, tiling: string): number {
  return 0.95 + 0.01 * Math.log2(keysPerSplit / 8) + ({ tuned: 0, paired: -0.02, none: 0.03 } as Record<string, number>)[tiling]!;
}
/** The defaults' share of the baseline's total. */
export const DEFAULTS_FACTOR = 0.97;

export const BEST_POINT = `${GRID_VARIANT}@keysPerSplit=8,tiling=paired`;

interface GridVariant {
  name: string;
  factor: number;
  params?: Record<string, number | string | boolean>;
  pointOf?: string;
}

export function gridVariants(): GridVariant[] {
  const points = KEYS_PER_SPLIT.flatMap((k) =>
    TILING.map((t) => ({ name: `${GRID_VARIANT}@keysPerSplit=${k},tiling=${t}`, factor: pointFactor(k, t), params: { ...DEFAULTS, keysPerSplit: k, tiling: t }, pointOf: GRID_VARIANT })),
  );
  return [{ name: 'baseline', factor: 1 }, { name: GRID_VARIANT, factor: DEFAULTS_FACTOR, params: { ...DEFAULTS } }, ...points];
}

export interface GridOptions {
  runs?: number;
  processes?: number;
  /** Record settings.grid (true) or only the points' pointOf (false). */
  withGrid?: boolean;
  /** The memory block of each sample, by variant and round (a blocked grid measures the baseline in every block). */
  gridBlock?: (name: string, round: number) => number | null;
}

/** The totals of variant number `index` with `factor`: the noise pattern rotated by the index. */
export function totalsOf(index: number, factor: number, runs: number): number[] {
  return Array.from({ length: runs }, (_, r) => Number((BASE_TOTAL_S * factor * NOISE[(r + index) % NOISE.length]!).toFixed(9)));
}

export function gridStoredSweep(options: GridOptions = {}): StoredSweep {
  const runs = options.runs ?? NOISE.length;
  const processes = options.processes ?? 1;
  const variants = gridVariants();
  const settings: SweepSettings = {
    model: 'gemma-2b', modelConfig: { layers: 18, hidden: 2048 }, backend: 'webgpu', promptLen: 16, genLen: 32, runs, warmup: 1, seed: 1,
    inProcess: false, processes, variants: variants.map((v) => v.name), baseline: 'baseline', experiment: null, noiseThresholdPct: 1, git: false,
    stat: 'robust',
    ...(options.withGrid === false ? {} : { grid: { [GRID_VARIANT]: { keysPerSplit: KEYS_PER_SPLIT, tiling: TILING } } }),
  };
  const processOf = processOfRound(runs, processes);
  const samples: StoredSweep['samples'] = [];
  for (let round = 0; round < runs; round++) {
    variants.forEach((v, index) => {
      const totalS = totalsOf(index, v.factor, runs)[round]!;
      const prefillS = Number((totalS * PREFILL_SHARE).toFixed(9));
      samples.push({
        variant: v.name, round, prefillS, generationS: Number((totalS - prefillS).toFixed(9)), totalS,
        prefillTokensPerS: 16 / prefillS, generationTokensPerS: 32 / (totalS - prefillS), peakMemoryBytes: 1_000_000, harnessS: 0.001,
        commitSha: null, process: processOf[round]!, block: null, gridBlock: options.gridBlock?.(v.name, round) ?? null,
        recordedAt: `2026-02-01T10:00:${String(round).padStart(2, '0')}.000Z`,
      });
    });
  }
  return {
    id: 'grid1', createdAt: '2026-02-01T10:00:00.000Z', finishedAt: '2026-02-01T11:00:00.000Z', status: 'completed', baseline: 'baseline',
    settings, environment: { ...ENVIRONMENT, backend: 'webgpu', device: 'NVIDIA H200' },
    variants: variants.map((v, i) => ({
      id: i + 1, name: v.name, description: `${v.name} (test)`, isBaseline: v.name === 'baseline', slots: v.name === 'baseline' ? { ...SEED_BASELINE_SLOTS } : { ...SEED_BASELINE_SLOTS, execution: 'wgsl-recorded-step' },
      commitSha: null, branch: null, startupS: null, loadS: null, ...(v.params ? { params: v.params } : {}), ...(v.pointOf ? { pointOf: v.pointOf } : {}),
    })),
    samples,
    warmups: [],
  };
}

export function gridInput(options: GridOptions = {}): ReportInput {
  const stored = gridStoredSweep(options);
  return { result: buildSweepResult(stored), samples: samplesByVariant(stored), history: [] };
}

/** Writes a hand-built stored sweep into a results database, as a sweep records it. */
export function addStoredSweep(db: ResultsDb, stored: StoredSweep): void {
  db.createSweep({ id: stored.id, createdAt: stored.createdAt, environment: stored.environment, settings: stored.settings });
  for (const v of stored.variants) {
    db.addVariant(stored.id, { name: v.name, description: v.description, isBaseline: v.isBaseline, slots: v.slots, commitSha: v.commitSha, branch: v.branch, params: v.params, pointOf: v.pointOf });
  }
  for (const { variant, recordedAt: _recordedAt, ...sample } of stored.samples) db.addSample(stored.id, variant, sample);
  db.finishSweep(stored.id, stored.status === 'running' ? 'completed' : stored.status);
}
