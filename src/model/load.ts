import { openCheckpoint } from './checkpoint.ts';
import { presetConfig, validateConfig, type ModelConfig } from './config.ts';
import { randomWeightSource } from './random-weights.ts';
import { buildWeights, type ModelWeights } from './weights.ts';

export interface ModelSource {
  /** A preset name (seeded random weights) ... */
  model?: string;
  /** ... or a Gemma checkpoint directory. */
  modelDir?: string;
  seed: number;
}

export interface LoadedModel {
  config: ModelConfig;
  weights: ModelWeights;
  /** What the weights are, for results: "tiny (random, seed 1)" or the directory. */
  description: string;
  /** Seconds spent making the weights: start-up cost, reported apart from the measured phases. */
  loadS: number;
}

export function loadModel(source: ModelSource): LoadedModel {
  const start = performance.now();
  if (source.modelDir) {
    const checkpoint = openCheckpoint(source.modelDir);
    const weights = buildWeights(checkpoint.config, (name) => checkpoint.read(name));
    return { config: checkpoint.config, weights, description: `checkpoint ${source.modelDir}`, loadS: elapsed(start) };
  }
  const name = source.model ?? 'tiny';
  const config = validateConfig(presetConfig(name), `preset ${name}`);
  const weights = buildWeights(config, randomWeightSource(config, source.seed));
  return { config, weights, description: `${name} (random weights, seed ${source.seed})`, loadS: elapsed(start) };
}

function elapsed(start: number): number {
  return (performance.now() - start) / 1000;
}
