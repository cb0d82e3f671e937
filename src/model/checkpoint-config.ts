/**
 * A checkpoint's config.json: mapping Hugging Face's Gemma fields to and from
 * ModelConfig, and reading JSON files with errors that name the file.
 */
import fs from 'node:fs';
import { LabError } from '../errors.ts';
import { validateConfig, type ModelConfig } from './config.ts';
import type { SafetensorsDtype } from './safetensors.ts';

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Maps a Hugging Face Gemma config.json to ModelConfig. Fields the lab does not
 * use (torch_dtype, architectures, ...) are ignored so real directories load unchanged.
 */
export function configFromHuggingFace(json: unknown, where: string): ModelConfig {
  if (!isPlainObject(json)) {
    throw new LabError(`${where}: must be a JSON object with the model's fields`, 'see /work/shared/spec/gemma.md for the fields');
  }
  const modelType = json['model_type'];
  if (typeof modelType === 'string' && modelType !== 'gemma') {
    // Gemma 2/3 load "fine" by tensor names but compute a different function; refuse rather than mislead.
    throw new LabError(
      `${where}: model_type is "${modelType}", but the lab implements Gemma v1 ("gemma") only`,
      'use a Gemma (v1) checkpoint such as gemma-2b or gemma-7b',
    );
  }
  const field = (key: string, integer: boolean, fallback?: number): number => {
    const value = json[key];
    if (value === undefined || value === null) {
      if (fallback !== undefined) return fallback;
      throw new LabError(`${where}: missing required field "${key}"`, 'a Gemma config.json has vocab_size, hidden_size, intermediate_size, num_hidden_layers, num_attention_heads, num_key_value_heads');
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
      throw new LabError(`${where}: field "${key}" must be ${integer ? 'an integer' : 'a number'}, got ${JSON.stringify(value)}`);
    }
    return value;
  };
  const hidden = field('hidden_size', true);
  const heads = field('num_attention_heads', true);
  const config: ModelConfig = {
    vocabSize: field('vocab_size', true),
    hidden,
    intermediate: field('intermediate_size', true),
    layers: field('num_hidden_layers', true),
    heads,
    kvHeads: field('num_key_value_heads', true),
    // gemma-7b's head_dim (256) is not hidden / heads (192), so the default applies only when the field is absent.
    headDim: field('head_dim', true, heads > 0 && hidden % heads === 0 ? hidden / heads : undefined),
    ropeTheta: field('rope_theta', false, 10000),
    rmsEps: field('rms_norm_eps', false, 1e-6),
    maxSeq: field('max_position_embeddings', true, 8192),
  };
  return validateConfig(config, where);
}

export function configToHuggingFace(config: ModelConfig, dtype: SafetensorsDtype): Record<string, unknown> {
  return {
    architectures: ['GemmaForCausalLM'],
    model_type: 'gemma',
    vocab_size: config.vocabSize,
    hidden_size: config.hidden,
    intermediate_size: config.intermediate,
    num_hidden_layers: config.layers,
    num_attention_heads: config.heads,
    num_key_value_heads: config.kvHeads,
    head_dim: config.headDim,
    rope_theta: config.ropeTheta,
    rms_norm_eps: config.rmsEps,
    max_position_embeddings: config.maxSeq,
    hidden_activation: 'gelu_pytorch_tanh',
    tie_word_embeddings: true,
    torch_dtype: { F32: 'float32', F16: 'float16', BF16: 'bfloat16' }[dtype],
  };
}

export function readJsonFile(file: string, what: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new LabError(`${file}: ${what} not found`, 'a Gemma checkpoint directory needs config.json beside its safetensors files');
    throw new LabError(`${file}: cannot read ${what} (${code ?? String(e)})`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new LabError(`${file}: ${what} is not valid JSON: ${(e as Error).message}`, 'fix or re-download the file');
  }
}
