import * as tf from '@tensorflow/tfjs-core';
import type { QkvProjection } from '../slots.ts';

/** Baseline: three products against Wq, Wk, Wv. */
export const separateQkv: QkvProjection = {
  name: 'separate',
  prepare: (layer, linear) => ({
    wq: linear.prepare({ inOut: layer.wq }),
    wk: linear.prepare({ inOut: layer.wk }),
    wv: linear.prepare({ inOut: layer.wv }),
  }),
  project: (x, w, _c, linear) => ({
    q: linear.apply(x, w.wq!), // [T, heads*D]
    k: linear.apply(x, w.wk!), // [T, kvHeads*D]
    v: linear.apply(x, w.wv!), // [T, kvHeads*D]
  }),
  joinRows: ({ wq, wk, wv }) => [wq, wk, wv],
};

/** One product against [Wq | Wk | Wv], concatenated once at load time, then a split. */
export const fusedQkv: QkvProjection = {
  name: 'fused',
  prepare: (layer, linear) => {
    const concatenated = tf.concat([layer.wq, layer.wk, layer.wv], 1) as tf.Tensor2D; // [hidden, (heads + 2 kvHeads) * D]
    const prepared = linear.prepare({ inOut: concatenated });
    if (prepared !== concatenated) concatenated.dispose();
    return { wqkv: prepared };
  },
  project: (x, w, c, linear) => {
    const qkv = linear.apply(x, w.wqkv!); // [T, (heads + 2 kvHeads) * D]
    const kvWidth = c.kvHeads * c.headDim;
    const [q, k, v] = tf.split(qkv, [c.heads * c.headDim, kvWidth, kvWidth], 1) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
    return { q, k, v };
  },
  joinRows: ({ wq, wk, wv }, stackRows) => [stackRows([wq, wk, wv])],
};
