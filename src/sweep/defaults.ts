/** Defaults of lab sweep's settings; apart from settings.ts so that the CLI can show them without loading the model. */
export const SWEEP_DEFAULTS = {
  runs: 10,
  warmup: 1,
  model: 'small',
  backend: 'auto',
  promptLen: 64,
  genLen: 64,
  seed: 1,
  inProcess: false,
  processes: 4,
  noiseThreshold: 1,
  correction: 'none',
  baseline: 'baseline',
  stat: 'robust',
  loadThreshold: 0.1,
} as const;

/** What measures a sweep's samples: a CPU backend (wasm, cpu, node) or a GPU one (webgpu, node-gpu). */
export type MeasuringKind = 'cpu' | 'gpu';

/**
 * The default runs of a sweep that measures on a CPU backend, each in a worker process of its own (pyperf's
 * design: many processes of a few values). On the 2-core build machine two worker processes of the same code
 * differ by 2-12% for the whole of their lives, so the process is the unit a verdict's noise comes from: 10
 * runs over 4 processes detected a planted 5% slowdown in 2 of 10 sweeps, 12 runs over 12 processes in 9 of 10
 * (docs/findings/2026-12-01-cpu-aa/). On a GPU a process's offset is small and its start-up costly (the
 * weights are made or read again), so the GPU default stays at SWEEP_DEFAULTS' runs over its processes.
 */
export const CPU_DEFAULT_RUNS = 12;

/** The default runs per variant on this kind of backend. */
export function defaultRuns(measuring: MeasuringKind | undefined): number {
  return measuring === 'cpu' ? CPU_DEFAULT_RUNS : SWEEP_DEFAULTS.runs;
}

/** The default worker processes per variant for `runs` runs: one run a process on a CPU backend, else up to SWEEP_DEFAULTS.processes of two runs or more. */
export function defaultProcesses(measuring: MeasuringKind | undefined, runs: number): number {
  return measuring === 'cpu' ? runs : Math.max(1, Math.min(SWEEP_DEFAULTS.processes, Math.floor(runs / 2)));
}

