import * as tf from '@tensorflow/tfjs-core';
import type { GroupMapping } from '../slots.ts';

/** Baseline (the seed's outer vmap): split over KV groups, run the core on each, concatenate. */
export const mappedGroups: GroupMapping = {
  name: 'mapped-groups',
  attend: (core, q, k, v, mask, scale) => {
    const groups = q.shape[0];
    const qs = tf.split(q, groups, 0) as tf.Tensor4D[]; // kvHeads x [1, G, T, D]
    const ks = tf.split(k, groups, 0) as tf.Tensor3D[]; // kvHeads x [1, S, D]
    const vs = tf.split(v, groups, 0) as tf.Tensor3D[];
    const outputs = qs.map((qGroup, i) => core.attend(qGroup, ks[i]!, vs[i]!, mask, scale));
    return tf.concat(outputs, 0); // [kvHeads, G, T, D]
  },
};

/** No outer map: the core sees every group at once, the group being the batch axis of its products. */
export const allGroupsAtOnce: GroupMapping = {
  name: 'all-groups',
  attend: (core, q, k, v, mask, scale) => core.attend(q, k, v, mask, scale),
};
