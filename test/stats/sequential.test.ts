import assert from 'node:assert/strict';
import { test } from 'node:test';
import { alphaPerLook, lookSchedule, pocockSpending } from '../../src/stats/sequential.ts';
import { judgeVariant } from '../../src/sweep/judge.ts';
import type { StoredSweep } from '../../src/db/results-db.ts';
import { CPU_MODEL, GPU_MODEL, pairedSamples } from '../helpers/noise-models.ts';

test('looks grow by 1.5x from the first to exactly the budget; their alphas sum to alpha', () => {
  assert.deepEqual(lookSchedule(10, 60), [10, 15, 23, 35, 53, 60]);
  assert.deepEqual(lookSchedule(10, 10), [10]);
  assert.deepEqual(lookSchedule(10, 4), [10]);
  const alphas = alphaPerLook(lookSchedule(10, 100));
  assert.ok(Math.abs(alphas.reduce((a, b) => a + b, 0) - 0.05) < 1e-12);
  assert.ok(alphas.every((a) => a > 0));
  assert.equal(pocockSpending(0), 0);
  assert.ok(Math.abs(pocockSpending(1) - 0.05) < 1e-12);
  assert.throws(() => lookSchedule(1, 10), /at least 2 runs/);
});

type Sample = StoredSweep['samples'][number];

/** A stored sweep's samples for synthetic paired rounds: one block per round, baseline and candidate. */
function storedPairs(baseline: number[], candidate: number[]): Sample[] {
  const out: Sample[] = [];
  const sample = (variant: string, round: number, totalS: number): Sample => ({
    variant, round, prefillS: totalS / 2, generationS: totalS / 2, totalS, prefillTokensPerS: 1, generationTokensPerS: 1, peakMemoryBytes: 0,
    harnessS: 0, commitSha: null, process: 0, block: round, foreignCpuS: 0, foreignLoad: 0, loadFlagged: false, superseded: false, recordedAt: '',
  });
  baseline.forEach((b, i) => out.push(sample('baseline', i, b), sample('v', i, candidate[i]!)));
  return out;
}

/** Runs --until-resolved's walk over looks on synthetic sweeps: the share that end in a false or a true verdict. */
function sequentialRate(model: typeof GPU_MODEL, truePct: number, trials: number, maxRuns: number) {
  const looks = lookSchedule(10, maxRuns);
  let called = 0;
  let runs = 0;
  for (let t = 0; t < trials; t++) {
    const { baseline, candidate } = pairedSamples(model, maxRuns, truePct, 70_000 + t);
    const samples = storedPairs(baseline, candidate);
    // The sweep stops adding rounds at the first look that resolves, as the runner does.
    let verdict = 'no significant change';
    let used = maxRuns;
    for (const k of looks) {
      const judged = judgeVariant(samples.filter((s) => s.round < k), 'baseline', 'v', { stat: 'robust', alpha: 0.05, noiseThresholdPct: 1, perProcess: false, looks })!;
      if (judged.sequential!.resolved || k === maxRuns) {
        verdict = judged.delta.total.verdict;
        used = judged.sequential!.runs;
        break;
      }
    }
    if (verdict !== 'no significant change') called++;
    runs += used;
  }
  return { rate: called / trials, meanRuns: runs / trials };
}

test('--until-resolved: looking again and again keeps the A/A false-verdict rate at or under 5% on both noise models', () => {
  for (const model of [GPU_MODEL, CPU_MODEL]) {
    const { rate } = sequentialRate(model, 0, 200, 60);
    assert.ok(rate <= 0.05, `${model.name}: ${rate}`);
  }
});

test('--until-resolved resolves a 2% change on the CPU model within the budget, and stops early on the GPU model', () => {
  const cpu = sequentialRate(CPU_MODEL, 2, 60, 100);
  assert.ok(cpu.rate >= 0.9, `cpu: ${cpu.rate}`);
  const gpu = sequentialRate(GPU_MODEL, 3, 60, 60);
  assert.ok(gpu.rate >= 0.95 && gpu.meanRuns < 20, `gpu: ${gpu.rate} after ${gpu.meanRuns} runs on average`);
});
