import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from './config.ts';
import { rowBlocks } from './vocabulary-blocks.ts';
import { bytesPerWeight, type WeightDtype } from './weight-dtype.ts';

export { rowBlocks };

/**
 * The model's weights in the layout the forward pass reads: linear weights
 * [in, out] so that every projection is x @ W (the checkpoint's [out, in] is
 * transposed once at load), and the norms' scales already as (1 + w).
 */
export interface LayerWeights {
  inputNormScale: tf.Tensor1D; // [hidden], 1 + w_in
  wq: tf.Tensor2D; // [hidden, heads*headDim]
  wk: tf.Tensor2D; // [hidden, kvHeads*headDim]
  wv: tf.Tensor2D; // [hidden, kvHeads*headDim]
  wo: tf.Tensor2D; // [heads*headDim, hidden]
  postNormScale: tf.Tensor1D; // [hidden], 1 + w_post
  wGate: tf.Tensor2D; // [hidden, intermediate]
  wUp: tf.Tensor2D; // [hidden, intermediate]
  wDown: tf.Tensor2D; // [intermediate, hidden]
}

export interface ModelWeights {
  /**
   * The embedding [vocab, hidden] in blocks of consecutive rows, each small enough for one binding of the
   * device (rowBlocks): one block unless the table is larger (gemma-7b's is 2.93 GiB in float32).
   */
  embedding: tf.Tensor2D[];
  /** Each block transposed once, so the output head is x @ E^T without a transposed matmul: [hidden, rows] each. */
  outputHead: tf.Tensor2D[];
  layers: LayerWeights[];
  finalNormScale: tf.Tensor1D; // [hidden], 1 + w_final
}

/** Raw weights by Gemma tensor name, as a checkpoint stores them: linear [out, in], norms as w. */
export type RawTensor = { shape: number[]; data: Float32Array };
export type RawTensorSource = (name: string) => RawTensor;

export const layerTensorName = (i: number, part: string): string => `model.layers.${i}.${part}.weight`;

/**
 * Where buildWeights gets its tensors: linear weights already as the forward
 * pass reads them ([in, out]), other matrices as stored, small vectors on the
 * host. A checkpoint goes through the host (hostTensorSource); seeded random
 * weights may be drawn on the device (randomTensorSource).
 */
export interface TensorSource {
  /** A linear layer's weight, stored [out, in], as [in, out]. */
  linear(name: string): tf.Tensor2D;
  /** Rows [first, first + count) of a matrix in its stored layout (the embedding [vocab, hidden]). */
  storedRows(name: string, first: number, count: number): tf.Tensor2D;
  raw(name: string): RawTensor;
}

/** Uploads raw host tensors, one at a time, so that host memory holds at most one raw tensor beyond what the backend holds. */
export function hostTensorSource(source: RawTensorSource): TensorSource {
  // The blocks of one matrix are asked for one after another: read it once for all of them.
  let last: { name: string; raw: RawTensor } | null = null;
  return {
    linear: (name) => {
      const raw = source(name);
      const outIn = tf.tensor2d(raw.data, raw.shape as [number, number]);
      const inOut = tf.transpose(outIn) as tf.Tensor2D;
      outIn.dispose();
      return inOut;
    },
    storedRows: (name, first, count) => {
      if (last?.name !== name) last = { name, raw: source(name) };
      const cols = last.raw.shape[1]!;
      const t = tf.tensor2d(last.raw.data.subarray(first * cols, (first + count) * cols), [count, cols]);
      if (first + count >= last.raw.shape[0]!) last = null;
      return t;
    },
    raw: source,
  };
}

/** A norm's scale (1 + w) [hidden] from its raw weight w. */
export function normScaleTensor(raw: RawTensor): tf.Tensor1D {
  const scale = new Float32Array(raw.data.length);
  for (let i = 0; i < scale.length; i++) scale[i] = 1 + raw.data[i]!;
  return tf.tensor1d(scale);
}

/**
 * Builds ModelWeights from a source of tensors (a checkpoint or the seeded generator); the embedding in row
 * blocks of at most `maxTensorBytes` (the device's binding limit) each.
 */
export function buildWeights(config: ModelConfig, source: TensorSource, maxTensorBytes: number | null = null): ModelWeights {
  const normScale = (name: string): tf.Tensor1D => normScaleTensor(source.raw(name));
  const linear = source.linear;
  const embedding = rowBlocks(config.vocabSize, config.hidden, 4, maxTensorBytes).map(([first, count]) => source.storedRows('model.embed_tokens.weight', first, count)); // [rows, hidden] each
  const layers: LayerWeights[] = [];
  for (let i = 0; i < config.layers; i++) {
    layers.push({
      inputNormScale: normScale(layerTensorName(i, 'input_layernorm')),
      wq: linear(layerTensorName(i, 'self_attn.q_proj')),
      wk: linear(layerTensorName(i, 'self_attn.k_proj')),
      wv: linear(layerTensorName(i, 'self_attn.v_proj')),
      wo: linear(layerTensorName(i, 'self_attn.o_proj')),
      postNormScale: normScale(layerTensorName(i, 'post_attention_layernorm')),
      wGate: linear(layerTensorName(i, 'mlp.gate_proj')),
      wUp: linear(layerTensorName(i, 'mlp.up_proj')),
      wDown: linear(layerTensorName(i, 'mlp.down_proj')),
    });
  }
  return {
    embedding,
    outputHead: embedding.map((block) => tf.transpose(block) as tf.Tensor2D),
    layers,
    finalNormScale: normScale('model.norm.weight'),
  };
}

export function disposeWeights(w: ModelWeights): void {
  tf.dispose([...w.embedding, ...w.outputHead, w.finalNormScale]);
  for (const layer of w.layers) tf.dispose(Object.values(layer));
}

/**
 * Bytes of weights one generated token reads: every matrix once in `dtype`
 * (the recorded step's storage), the norms as float32, plus one embedding row.
 */
export function weightBytesPerToken(c: ModelConfig, dtype: WeightDtype = 'f32'): number {
  const matrices = c.layers * (c.hidden * (c.heads + 2 * c.kvHeads) * c.headDim + c.heads * c.headDim * c.hidden + 3 * c.hidden * c.intermediate) + c.vocabSize * c.hidden + c.hidden;
  const norms = c.layers * 2 * c.hidden + c.hidden;
  return bytesPerWeight(dtype) * matrices + 4 * norms;
}

/**
 * Bytes of KV cache a decode step reads when `keys` positions are cached: each layer's keys and values, every
 * KV head, as float32 (the recorded step's cache). The step at position p reads p + 1 of them.
 */
export function kvCacheBytesRead(c: ModelConfig, keys: number): number {
  return c.layers * 2 * c.kvHeads * c.headDim * 4 * keys;
}

/** Mean keys a generated token's step reads when `genLen` tokens follow a `promptLen` prompt: steps at positions promptLen .. promptLen + genLen - 2. */
export function meanKeysReadWhileGenerating(promptLen: number, genLen: number): number {
  const steps = Math.max(genLen - 1, 1);
  return promptLen + 1 + (steps - 1) / 2;
}
