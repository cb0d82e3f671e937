import * as tf from '@tensorflow/tfjs-core';
import type { KvCacheLayout } from '../slots.ts';

/**
 * Baseline: the cache is [kvHeads, S, D], the layout attention reads, and
 * grows by concatenation along S at every step.
 */
export const concatHeadsFirstCache: KvCacheLayout = {
  name: 'concat-hsd',
  create: () => ({}),
  append: (cache, k, v) => {
    const kNew = tf.transpose(k, [1, 0, 2]); // [kvHeads, T, D]
    const vNew = tf.transpose(v, [1, 0, 2]);
    if (!cache.k || !cache.v) return { k: kNew, v: vNew };
    return { k: tf.concat([cache.k, kNew], 1), v: tf.concat([cache.v, vNew], 1) }; // [kvHeads, S, D]
  },
  read: (cache) => ({ k: cache.k as tf.Tensor3D, v: cache.v as tf.Tensor3D }),
};
