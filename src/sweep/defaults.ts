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
  loadThreshold: 0.25,
} as const;
