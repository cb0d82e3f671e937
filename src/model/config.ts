import { LabError } from '../errors.ts';

/** The shape of a Gemma (v1) decoder: the fields of ../shared/spec/gemma.md. */
export interface ModelConfig {
  vocabSize: number;
  hidden: number;
  intermediate: number;
  layers: number;
  heads: number;
  /** Key/value heads (grouped-query attention; 1 = multi-query). Divides `heads`. */
  kvHeads: number;
  headDim: number;
  ropeTheta: number;
  rmsEps: number;
  /** Longest prompt + generation the model accepts. */
  maxSeq: number;
}

/**
 * Presets. `tiny` runs a whole generate in milliseconds for CI; `small` (~27M
 * parameters) is large enough that CPU timings mean something; the Gemma ones
 * are the real shapes. tiny and small keep kvHeads < heads so that grouped-query
 * attention is always exercised.
 */
export const PRESETS = {
  tiny: {
    vocabSize: 256, hidden: 64, intermediate: 128, layers: 2, heads: 4, kvHeads: 2,
    headDim: 16, ropeTheta: 10000, rmsEps: 1e-6, maxSeq: 128,
  },
  small: {
    vocabSize: 8192, hidden: 512, intermediate: 2048, layers: 6, heads: 8, kvHeads: 2,
    headDim: 64, ropeTheta: 10000, rmsEps: 1e-6, maxSeq: 1024,
  },
  'gemma-2b': {
    vocabSize: 256000, hidden: 2048, intermediate: 16384, layers: 18, heads: 8, kvHeads: 1,
    headDim: 256, ropeTheta: 10000, rmsEps: 1e-6, maxSeq: 8192,
  },
  'gemma-7b': {
    vocabSize: 256000, hidden: 3072, intermediate: 24576, layers: 28, heads: 16, kvHeads: 16,
    headDim: 256, ropeTheta: 10000, rmsEps: 1e-6, maxSeq: 8192,
  },
} as const satisfies Record<string, ModelConfig>;

export type PresetName = keyof typeof PRESETS;

export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];

export function presetConfig(name: string): ModelConfig {
  if (!Object.hasOwn(PRESETS, name)) {
    throw new LabError(`unknown model preset "${name}"`, `use one of: ${PRESET_NAMES.join(', ')}, or --model-dir DIR`);
  }
  return { ...PRESETS[name as PresetName] };
}

/** Checks the relations the forward pass relies on; `where` names the source in the message. */
export function validateConfig(config: ModelConfig, where: string): ModelConfig {
  const positive: (keyof ModelConfig)[] = [
    'vocabSize', 'hidden', 'intermediate', 'layers', 'heads', 'kvHeads', 'headDim', 'ropeTheta', 'rmsEps', 'maxSeq',
  ];
  for (const key of positive) {
    const value = config[key];
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw new LabError(`${where}: ${key} must be a positive number, got ${String(value)}`);
    }
  }
  if (config.heads % config.kvHeads !== 0) {
    throw new LabError(`${where}: heads (${config.heads}) must be a multiple of kvHeads (${config.kvHeads})`);
  }
  if (config.headDim % 2 !== 0) {
    throw new LabError(`${where}: headDim (${config.headDim}) must be even for rotary embeddings`);
  }
  return config;
}

/** Parameter count: embedding (shared with the output head) + blocks + final norm. */
export function parameterCount(c: ModelConfig): number {
  const attention = c.hidden * (c.heads + 2 * c.kvHeads) * c.headDim + c.heads * c.headDim * c.hidden;
  const mlp = 3 * c.hidden * c.intermediate;
  const norms = 2 * c.hidden;
  return c.vocabSize * c.hidden + c.layers * (attention + mlp + norms) + c.hidden;
}
