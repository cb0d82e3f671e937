import * as tf from '@tensorflow/tfjs-core';
import { modelPart } from '../parts.ts';
import { DECODE_ATTENTION_MAX_KEYS, LAB_KERNEL } from '../../webgpu/kernel-names.ts';
import type { AttentionCore } from '../slots.ts';

/** Scores -> scale -> causal mask -> softmax, shared by both cores so they differ only in how heads are batched. */
function probabilities(scores: tf.Tensor, mask: tf.Tensor2D | null, scale: tf.Scalar): tf.Tensor {
  const masked = modelPart('attention scores', () => {
    const scaled = tf.mul(scores, scale);
    return mask ? tf.add(scaled, mask) : scaled;
  });
  return modelPart('softmax', () => tf.softmax(masked));
}

/** Baseline (the seed's attnHead): each query head of a group attends on its own, then the heads are stacked. */
export const perHeadAttention: AttentionCore = {
  name: 'per-head',
  attend: (q, k, v, mask, scale) => {
    const heads = tf.unstack(q, 1) as tf.Tensor3D[]; // G x [B, T, D]
    const outputs = heads.map((qHead) => {
      const scores = modelPart('attention scores', () => tf.matMul(qHead, k, false, true)); // [B, T, S]
      const p = probabilities(scores, mask, scale) as tf.Tensor3D;
      return modelPart('attention output', () => tf.matMul(p, v)); // [B, T, D]
    });
    return tf.stack(outputs, 1) as tf.Tensor4D; // [B, G, T, D]
  },
};

/** Batched attention: all heads of a group in one Qs @ Ks^T, one softmax, one product with V. */
export const batchedAttention: AttentionCore = {
  name: 'batched',
  attend: (q, k, v, mask, scale) => {
    const [b, g, t, d] = q.shape;
    const s = k.shape[1];
    const scores = modelPart('attention scores', () => tf.reshape(tf.matMul(tf.reshape(q, [b, g * t, d]), k, false, true), [b, g, t, s])); // [B, G, T, S]
    const p = probabilities(scores, mask, scale); // [B, G, T, S]
    return modelPart('attention output', () => tf.reshape(tf.matMul(tf.reshape(p, [b, g * t, s]) as tf.Tensor3D, v), [b, g, t, d])); // [B, G, T, D]
  },
};

/**
 * One generation step's attention as one WGSL launch (webgpu only): every
 * query head against its group's cached keys and values. A prompt (T > 1,
 * with its causal mask) or a cache longer than the kernel's workgroup memory
 * holds goes to batched attention.
 */
export const wgslDecodeAttention: AttentionCore = {
  name: 'wgsl-decode',
  backends: ['webgpu'],
  attend: (q, k, v, mask, scale) => {
    if (q.shape[2] !== 1 || mask !== null || k.shape[1] > DECODE_ATTENTION_MAX_KEYS) return batchedAttention.attend(q, k, v, mask, scale);
    return modelPart('attention scores', () => tf.engine().runKernel(LAB_KERNEL.decodeAttention, { q, k, v, scale: tf.reshape(scale, [1]) }) as tf.Tensor4D); // [B, G, 1, D]
  },
};
