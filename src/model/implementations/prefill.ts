import * as tf from '@tensorflow/tfjs-core';
import type { PrefillStrategy } from '../slots.ts';

/** Baseline: the prompt goes through the single-token step one token at a time, with no host read inside the loop. */
export const scanPrefill: PrefillStrategy = {
  name: 'scan',
  tokensPerStep: 'one',
  run: (step, prompt) => {
    let logits: tf.Tensor1D | null = null;
    for (let pos = 0; pos < prompt.shape[0]; pos++) {
      const token = tf.slice(prompt, pos, 1); // [1]
      const next = step(token, pos); // [vocab]
      token.dispose();
      logits?.dispose();
      logits = next;
    }
    if (!logits) throw new Error('scan prefill needs a non-empty prompt');
    return logits;
  },
};

/**
 * The whole prompt in one forward step (T = prompt length): the step's causal
 * mask keeps each position from seeing later ones, and every layer runs one
 * [T, hidden] product instead of T [1, hidden] ones.
 */
export const parallelPrefill: PrefillStrategy = {
  name: 'parallel',
  tokensPerStep: 'all',
  run: (step, prompt) => step(prompt, 0),
};
