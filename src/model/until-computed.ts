import * as tf from '@tensorflow/tfjs-core';

/**
 * Waits until `t` has really been computed on the backend. A GPU backend
 * queues work and runs its queue in order, so reading one element of a tensor
 * waits for it and for everything queued before it, at the cost of a
 * one-element copy rather than the whole tensor's.
 */
export async function untilComputed(t: tf.Tensor): Promise<void> {
  const first = tf.tidy(() => tf.slice(tf.reshape(t, [-1]), 0, 1));
  try {
    await first.data();
  } finally {
    first.dispose();
  }
}
