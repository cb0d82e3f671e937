/**
 * Heavy-tailed models of the lab's own timings, fitted to stored sweeps, for
 * testing the statistics on synthetic samples (deterministic: seeded).
 *
 * - gpu: the H200's best recorded step, 30 runs of
 *   docs/findings/2026-12-01-h200-webgpu-gpu-recorded-wide-argmax.json: a
 *   core 0.25% wide (log sd) around the median, and 12% of samples slowed by
 *   an exponential tail of mean 12% (median 0.417 s, mean +2.2%, max +19%, CV 5%).
 * - cpu: the 2-core build machine, docs/findings/2026-11-25-cpu-seed-rerun.json
 *   (median 1.13 s, min -3.6%, max +16%, CV 2.4-8.4%): white noise of 1.5%,
 *   a slow drift (AR(1) in log time, sd 2%, 0.9 from one run to the next),
 *   and 10% of runs slowed by a tail of mean 8%.
 */
import { seededRandom } from '../../src/random.ts';

export interface NoiseModel {
  name: string;
  /** Log-time noise of consecutive runs; `drift` carries over from one call to the next. */
  next(random: () => number, state: { drift: number }): number;
}

function normal(random: () => number): number {
  // Box-Muller; 1 - u keeps the log finite.
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

function exponential(random: () => number, meanValue: number): number {
  return -Math.log(1 - random()) * meanValue;
}

export const GPU_MODEL: NoiseModel = {
  name: 'gpu',
  next: (random) => 0.0025 * normal(random) + (random() < 0.12 ? exponential(random, 0.12) : 0),
};

export const CPU_MODEL: NoiseModel = {
  name: 'cpu',
  next: (random, state) => {
    state.drift = 0.9 * state.drift + Math.sqrt(1 - 0.81) * 0.02 * normal(random);
    return state.drift + 0.015 * normal(random) + (random() < 0.1 ? exponential(random, 0.08) : 0);
  },
};

/**
 * n paired rounds of a baseline (median `base` seconds) and a candidate `shiftPct` slower, measured
 * back to back in a random order within each pair, as a sweep's paired rounds are.
 */
export function pairedSamples(model: NoiseModel, n: number, shiftPct: number, seed: number, base = 0.417): { baseline: number[]; candidate: number[] } {
  const random = seededRandom(seed);
  const state = { drift: 0 };
  const baseline: number[] = [];
  const candidate: number[] = [];
  const shift = Math.log1p(shiftPct / 100);
  for (let i = 0; i < n; i++) {
    const first = model.next(random, state);
    const second = model.next(random, state);
    const baselineFirst = random() < 0.5;
    baseline.push(base * Math.exp(baselineFirst ? first : second));
    candidate.push(base * Math.exp(shift + (baselineFirst ? second : first)));
  }
  return { baseline, candidate };
}
