import * as tf from '@tensorflow/tfjs-core';
import { LAB_KERNEL } from '../../webgpu/kernel-names.ts';
import type { GenerationLoop } from '../slots.ts';

/**
 * Greedy generation on device: each token is `choose(logits)` [1] int32, kept
 * as a tensor and fed straight back; the tokens (and, when asked, their
 * logits) are read to the host once, at the end.
 */
function onDeviceLoop(name: string, choose: (logits: tf.Tensor1D) => tf.Tensor1D, backends?: readonly string[]): GenerationLoop {
  return {
    name,
    ...(backends ? { backends } : {}),
    run: async (step, firstLogits, startPos, count, collectLogits) => {
      const tokens: tf.Tensor1D[] = [];
      const kept: tf.Tensor1D[] = [];
      let logits = firstLogits;
      const start = performance.now();
      for (let i = 0; i < count; i++) {
        const next = tf.tidy(() => choose(logits)); // [1] int32
        tokens.push(next);
        if (collectLogits) kept.push(logits);
        else logits.dispose();
        if (i + 1 < count) logits = step(next, startPos + i);
      }
      const all = tf.concat(tokens); // [count]
      const stacked = collectLogits ? tf.stack(kept) : null; // [count, vocab]
      const queuedS = (performance.now() - start) / 1000;
      try {
        const ids = Array.from(await all.data());
        if (!stacked) return { tokens: ids, logits: null, queuedS };
        const flat = (await stacked.data()) as Float32Array;
        const vocab = stacked.shape[1]!;
        return { tokens: ids, logits: ids.map((_, i) => flat.slice(i * vocab, (i + 1) * vocab)), queuedS };
      } finally {
        tf.dispose([all, ...tokens, ...kept]);
        stacked?.dispose();
      }
    },
  };
}

/** Baseline: the next token by TF.js's argMax. */
export const onDeviceGeneration: GenerationLoop = onDeviceLoop('on-device', (logits) => tf.reshape(tf.argMax(logits), [1]));

/** The next token by the lab's one-workgroup WGSL argMax (webgpu only); otherwise the baseline's loop. */
export const wgslArgMaxGeneration: GenerationLoop = onDeviceLoop(
  'wgsl-argmax',
  (logits) => tf.engine().runKernel(LAB_KERNEL.argMax, { x: tf.reshape(logits, [1, -1]) }) as tf.Tensor1D,
  ['webgpu'],
);

/**
 * The next token by the lab's two-launch WGSL argMax (webgpu only): hundreds of workgroups each keep the best
 * of 1,024 logits, then one workgroup keeps the best of those, where wgsl-argmax scans every logit in one.
 */
export const wgslWideArgMaxGeneration: GenerationLoop = onDeviceLoop(
  'wgsl-argmax-wide',
  (logits) => tf.engine().runKernel(LAB_KERNEL.argMaxWide, { x: tf.reshape(logits, [1, -1]) }) as tf.Tensor1D,
  ['webgpu'],
);

/**
 * Each next token chosen inside the recorded step's own command buffer, by two launches of the lab's argmax that
 * write it where the next step reads its input (src/webgpu/recorded-greedy.ts): no TF.js work between steps.
 * Only with an execution that records its steps (the wgsl-recorded-step variants, parameter argmax=in-step).
 */
export const inStepArgMaxGeneration: GenerationLoop = {
  name: 'in-step-argmax',
  backends: ['webgpu'],
  conflicts: (impl) =>
    impl.execution.choosesTokens ? [] : [`generation (in-step-argmax) chooses each token inside a recorded step, which execution (${impl.execution.name}) does not record: pair it with a wgsl-recorded-step execution`],
  run: (_step, firstLogits, startPos, count, collectLogits, open) => {
    if (!open?.generateGreedy) {
      firstLogits.dispose();
      throw new Error('in-step-argmax: the open step offers no generateGreedy (its execution does not choose tokens)');
    }
    return open.generateGreedy(firstLogits, startPos, count, collectLogits);
  },
};

/**
 * The seed's previous baseline: each step's token is read to the host and fed
 * back as a new tensor, so every step waits for the device to finish before
 * the next is queued. Kept to show what on-device generation buys.
 */
export const hostSyncGeneration: GenerationLoop = {
  name: 'host-sync',
  run: async (step, firstLogits, startPos, count, collectLogits) => {
    const tokens: number[] = [];
    const collected: Float32Array[] | null = collectLogits ? [] : null;
    // The logits not yet consumed: owned here until disposed, so a throwing step leaks nothing.
    let pending: tf.Tensor1D | null = firstLogits;
    try {
      for (let i = 0; i < count; i++) {
        const logits: tf.Tensor1D = pending!;
        const best = tf.argMax(logits); // [] int32
        const id = (await best.data())[0]!;
        best.dispose();
        tokens.push(id);
        if (collected) collected.push((await logits.data()) as Float32Array);
        logits.dispose();
        pending = null;
        if (i + 1 < count) {
          const input = tf.tensor1d([id], 'int32'); // [1]
          pending = step(input, startPos + i);
          input.dispose();
        }
      }
    } finally {
      pending?.dispose();
    }
    return { tokens, logits: collected };
  },
};
