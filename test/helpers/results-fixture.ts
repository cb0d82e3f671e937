/**
 * Results databases filled with known samples through ResultsDb, for the
 * report, history, compare and baseline tests.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ResultsDb } from '../../src/db/results-db.ts';
import { SEED_BASELINE_SLOTS } from '../../src/baseline/origin.ts';
import type { Environment, SweepSettings, SweepStatus } from '../../src/sweep/result.ts';
import { processOfRound } from '../../src/sweep/schedule.ts';

export function tempDir(prefix = 'lab-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export const ENVIRONMENT: Environment = {
  labVersion: '0.1.0',
  gitSha: 'abc123',
  gitDirty: false,
  backend: 'cpu',
  device: 'Test CPU',
  tfjsVersion: '4.22.0',
  nodeVersion: 'v20.19.0',
  cpuModel: 'Test CPU',
  cpuCores: 8,
  totalMemoryBytes: 16 * 1024 ** 3,
  os: 'linux 6.1',
  commandLine: 'lab sweep --runs 5',
};

export interface FixtureVariant {
  name: string;
  /** Slots that differ from the seed's; every other slot is the seed's. */
  slots?: Record<string, string>;
  description?: string;
  /** Seconds per run; total = prefill + generation (rounded to 1e-9). */
  prefill: number[];
  generation: number[];
}

export interface FixtureSweep {
  id: string;
  createdAt: string;
  /** Default: the first variant. */
  baseline?: string;
  status?: Exclude<SweepStatus, 'running'>;
  runs?: number;
  settings?: Partial<SweepSettings>;
  variants: FixtureVariant[];
}

/** Records a sweep with its variants and samples, interleaved by round as a real sweep records them. */
export function addSweep(db: ResultsDb, sweep: FixtureSweep): void {
  const baseline = sweep.baseline ?? sweep.variants[0]!.name;
  const runs = sweep.runs ?? Math.max(...sweep.variants.map((v) => v.prefill.length));
  const settings: SweepSettings = {
    model: 'tiny',
    modelConfig: { layers: 2, hidden: 64 },
    backend: 'cpu',
    promptLen: 16,
    genLen: 8,
    runs,
    warmup: 1,
    seed: 1,
    inProcess: false,
    variants: sweep.variants.map((v) => v.name),
    baseline,
    experiment: null,
    noiseThresholdPct: 1,
    git: false,
    ...sweep.settings,
  };
  db.createSweep({ id: sweep.id, createdAt: sweep.createdAt, environment: ENVIRONMENT, settings });
  for (const v of sweep.variants) {
    db.addVariant(sweep.id, {
      name: v.name,
      description: v.description ?? `${v.name} (test)`,
      isBaseline: v.name === baseline,
      slots: { ...SEED_BASELINE_SLOTS, ...v.slots },
      commitSha: null,
      branch: null,
    });
  }
  const processOf = processOfRound(runs, settings.processes ?? 1);
  for (let round = 0; round < runs; round++) {
    for (const v of sweep.variants) {
      if (round >= v.prefill.length) continue;
      const prefillS = v.prefill[round]!;
      const generationS = v.generation[round]!;
      db.addSample(sweep.id, v.name, {
        round,
        prefillS,
        generationS,
        totalS: Number((prefillS + generationS).toFixed(9)),
        prefillTokensPerS: settings.promptLen / prefillS,
        generationTokensPerS: settings.genLen / generationS,
        peakMemoryBytes: 1_000_000,
        harnessS: 0.001,
        commitSha: null,
        process: processOf[round]!,
      });
    }
  }
  db.finishSweep(sweep.id, sweep.status ?? 'completed');
}

/** A new database at `file` holding `sweeps`. */
export function fillDb(file: string, sweeps: FixtureSweep[]): void {
  const db = ResultsDb.open(file);
  try {
    for (const s of sweeps) addSweep(db, s);
  } finally {
    db.close();
  }
}

/**
 * Known samples. Means and sample stds (n-1):
 *   SEED     prefill 0.300 ± 0.003, generation 0.700 ± 0.010, total 1.000 ± 0.016
 *   FASTER   prefill 0.300 ± 0.003, generation 0.600 ± 0.010, total 0.900 ± 0.016  (-10% total)
 *   SAME     prefill 0.300 ± 0.003, generation 0.701 ± 0.010, total 1.001 ± 0.016  (+0.1%: noise)
 */
export const PREFILL = [0.298, 0.302, 0.3, 0.296, 0.304];
export const GENERATION_SEED = [0.7, 0.71, 0.69, 0.71, 0.69];
export const GENERATION_FASTER = [0.6, 0.61, 0.59, 0.61, 0.59];
export const GENERATION_SAME = [0.701, 0.711, 0.691, 0.711, 0.691];
