import * as tf from '@tensorflow/tfjs-core';
import type { QkvProjection } from '../slots.ts';

/** Baseline: three matrix products against Wq, Wk, Wv. */
export const separateQkv: QkvProjection = {
  name: 'separate',
  prepare: (layer) => ({ wq: layer.wq, wk: layer.wk, wv: layer.wv }),
  project: (x, w) => ({
    q: tf.matMul(x, w.wq!), // [T, heads*D]
    k: tf.matMul(x, w.wk!), // [T, kvHeads*D]
    v: tf.matMul(x, w.wv!), // [T, kvHeads*D]
  }),
};

/** One matrix product against [Wq | Wk | Wv], concatenated once at load time, then a split. */
export const fusedQkv: QkvProjection = {
  name: 'fused',
  prepare: (layer) => ({ wqkv: tf.concat([layer.wq, layer.wk, layer.wv], 1) }), // [hidden, (heads + 2 kvHeads) * D]
  project: (x, w, c) => {
    const qkv = tf.matMul(x, w.wqkv!); // [T, (heads + 2 kvHeads) * D]
    const kvWidth = c.kvHeads * c.headDim;
    const [q, k, v] = tf.split(qkv, [c.heads * c.headDim, kvWidth, kvWidth], 1) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
    return { q, k, v };
  },
};
