import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from './config.ts';
import { layerTensorName, normScaleTensor, rowBlocks, type RawTensor } from './weights.ts';

/**
 * The model's matrices in bf16 or f16 as a step that reads them itself wants
 * them: [out, in] as the checkpoint stores them, two halves packed in each
 * int32 ([out, in / 2]; src/model/weight-dtype.ts). TF.js never computes with
 * these tensors: they only hold the bits on the device. The norms' scales are
 * float32 (1 + w) [hidden]: a few KB, read once per step.
 */
export interface PackedLayerWeights {
  inputNormScale: tf.Tensor1D;
  wq: tf.Tensor2D; // [heads*headDim, hidden / 2]
  wk: tf.Tensor2D; // [kvHeads*headDim, hidden / 2]
  wv: tf.Tensor2D; // [kvHeads*headDim, hidden / 2]
  wo: tf.Tensor2D; // [hidden, heads*headDim / 2]
  postNormScale: tf.Tensor1D;
  wGate: tf.Tensor2D; // [intermediate, hidden / 2]
  wUp: tf.Tensor2D; // [intermediate, hidden / 2]
  wDown: tf.Tensor2D; // [hidden, intermediate / 2]
}

export interface PackedWeights {
  dtype: 'bf16' | 'f16';
  /** [vocab, hidden / 2] in row blocks of at most the binding limit (weights.ts rowBlocks): the embedding, and (tied) the logits' weight. */
  embedding: tf.Tensor2D[];
  layers: PackedLayerWeights[];
  finalNormScale: tf.Tensor1D;
}

/** Where packed weights come from: a checkpoint's bits through the host, or the seeded generator on the device. */
export interface PackedTensorSource {
  /** A matrix stored [rows, cols], rounded to the dtype and packed: int32 [rows, cols / 2]. */
  packed(name: string): tf.Tensor2D;
  /** Rows [first, first + count) of it. */
  packedRows(name: string, first: number, count: number): tf.Tensor2D;
  /** A small tensor (a norm's w) as float32 values exact in the dtype. */
  raw(name: string): RawTensor;
}

/** Packed words from the host, one tensor at a time: `read` returns [rows, cols] as rows * cols / 2 words. */
export function hostPackedSource(read: (name: string) => { shape: number[]; words: Int32Array }, raw: (name: string) => RawTensor): PackedTensorSource {
  // The blocks of one matrix are asked for one after another: read it once for all of them.
  let last: { name: string; shape: number[]; words: Int32Array } | null = null;
  const rows = (name: string, first: number, count: number | null): tf.Tensor2D => {
    if (last?.name !== name) last = { name, ...read(name) };
    const [all, cols] = last.shape as [number, number];
    const n = count ?? all;
    const t = tf.tensor2d(last.words.subarray((first * cols) / 2, ((first + n) * cols) / 2), [n, cols / 2], 'int32');
    if (first + n >= all) last = null;
    return t;
  };
  return { packed: (name) => rows(name, 0, null), packedRows: rows, raw };
}

/** Packed weights from `source`, the embedding in row blocks of at most `maxTensorBytes` (the device's binding limit) each. */
export function buildPackedWeights(config: ModelConfig, dtype: 'bf16' | 'f16', source: PackedTensorSource, maxTensorBytes: number | null = null): PackedWeights {
  const layers: PackedLayerWeights[] = [];
  const embedding = rowBlocks(config.vocabSize, config.hidden, 2, maxTensorBytes).map(([first, count]) => source.packedRows('model.embed_tokens.weight', first, count));
  for (let i = 0; i < config.layers; i++) {
    layers.push({
      inputNormScale: normScaleTensor(source.raw(layerTensorName(i, 'input_layernorm'))),
      wq: source.packed(layerTensorName(i, 'self_attn.q_proj')),
      wk: source.packed(layerTensorName(i, 'self_attn.k_proj')),
      wv: source.packed(layerTensorName(i, 'self_attn.v_proj')),
      wo: source.packed(layerTensorName(i, 'self_attn.o_proj')),
      postNormScale: normScaleTensor(source.raw(layerTensorName(i, 'post_attention_layernorm'))),
      wGate: source.packed(layerTensorName(i, 'mlp.gate_proj')),
      wUp: source.packed(layerTensorName(i, 'mlp.up_proj')),
      wDown: source.packed(layerTensorName(i, 'mlp.down_proj')),
    });
  }
  return { dtype, embedding, layers, finalNormScale: normScaleTensor(source.raw('model.norm.weight')) };
}

/** Every tensor of packed weights. */
export function packedTensors(w: PackedWeights): tf.Tensor[] {
  return [...w.embedding, w.finalNormScale, ...w.layers.flatMap((layer) => Object.values(layer) as tf.Tensor[])];
}

export function disposePackedWeights(w: PackedWeights): void {
  tf.dispose(packedTensors(w));
}
