import { maxTensorBytes, type TensorSizeLimit } from '../backend.ts';
import { LabError } from '../errors.ts';
import { expectedTensorShapes, openCheckpoint } from './checkpoint.ts';
import { presetConfig, validateConfig, type ModelConfig } from './config.ts';
import { randomTensorSource } from './random-weights.ts';
import { untilComputed } from './until-computed.ts';
import { buildWeights, hostTensorSource, type ModelWeights } from './weights.ts';

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

/**
 * Refuses a model with a tensor larger than the backend can hold, naming the
 * tensor and the limit, before anything is allocated.
 */
export function assertTensorsFit(config: ModelConfig, limit: TensorSizeLimit | null, description: string): void {
  if (!limit) return;
  for (const [name, shape] of expectedTensorShapes(config)) {
    const bytes = 4 * shape.reduce((a, b) => a * b, 1);
    if (bytes > limit.bytes) {
      throw new LabError(
        `${description} does not fit this GPU: tensor ${name} [${shape.join(', ')}] takes ${formatBytes(bytes)} as float32, above the adapter's ${limit.limit} of ${formatBytes(limit.bytes)}`,
        'use a smaller model preset, or a backend without this limit (--backend wasm)',
      );
    }
  }
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(2)} GiB` : `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
}

export async function loadModel(source: ModelSource): Promise<LoadedModel> {
  const start = performance.now();
  if (source.modelDir) {
    const checkpoint = openCheckpoint(source.modelDir);
    assertTensorsFit(checkpoint.config, maxTensorBytes(), `checkpoint ${source.modelDir}`);
    const weights = buildWeights(checkpoint.config, hostTensorSource((name) => checkpoint.read(name)));
    await untilComputed(weights.outputHead); // a GPU queues the work: start-up ends when the weights exist
    return { config: checkpoint.config, weights, description: `checkpoint ${source.modelDir}`, loadS: elapsed(start) };
  }
  const name = source.model ?? 'tiny';
  const config = validateConfig(presetConfig(name), `preset ${name}`);
  assertTensorsFit(config, maxTensorBytes(), `model ${name}`);
  const weights = buildWeights(config, randomTensorSource(config, source.seed));
  await untilComputed(weights.outputHead); // a GPU queues the work: start-up ends when the weights exist
  return { config, weights, description: `${name} (random weights, seed ${source.seed})`, loadS: elapsed(start) };
}

function elapsed(start: number): number {
  return (performance.now() - start) / 1000;
}
