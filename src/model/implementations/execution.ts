import * as tf from '@tensorflow/tfjs-core';
import { RecordedStep, type StepAttention } from '../../webgpu/recorded-step.ts';
import { gpuBufferOf, submitPendingTfjsWork, webGpuDevice } from '../../webgpu/tensor-buffer.ts';
import type { StepExecution } from '../slots.ts';

/** Baseline: the forward pass composed from the other slots, run one TF.js op at a time. */
export const composedExecution: StepExecution = {
  name: 'tfjs-ops',
  open: (model, capacity) => model.composedStep(capacity),
};

/**
 * The single-token step recorded once from the lab's own WGSL kernels
 * (src/webgpu/recorded-step.ts) and replayed at every position. It reads the
 * weights where the model keeps them, so they must be [out, in]; the
 * attention, norm, RoPE, activation and cache slots do not apply to it
 * (`performs`).
 */
function recorded(name: string, attention: StepAttention): RecordedExecution {
  return {
    name,
    attention,
    backends: ['webgpu'],
    // Its own kernels norm, rotate, cache, attend and gate; q/k/v stay the qkvProjection's layout, products the linear's.
    performs: ['attentionCore', 'groupMapping', 'kvCache', 'norm', 'rope', 'mlpActivation'],
    conflicts: (impl) => [
      ...(impl.linear.weightLayout === 'out-in'
        ? []
        : [`execution (${name}) reads the weights [out, in], but linear (${impl.linear.name}) prepares them [in, out]: pair it with wgsl-matvec`]),
      ...(impl.prefill.tokensPerStep === 'one'
        ? []
        : [`execution (${name}) takes one token per step, but prefill (${impl.prefill.name}) gives a step the whole prompt: pair it with the scan prefill`]),
    ],
    open: (model, capacity) => {
      const step = new RecordedStep(webGpuDevice(), model.config, capacity, model.preparedWeights(capacity), attention);
      const vocab = model.config.vocabSize;
      let peak = 0;
      return {
        step: (tokens, pos) => {
          if (tokens.shape[0] !== 1) throw new Error(`the recorded step takes one token, got ${tokens.shape[0]}`);
          const token = gpuBufferOf(tokens);
          submitPendingTfjsWork(); // the token may still be an unsubmitted TF.js result
          step.run(token, pos);
          const logits = tf.tensor({ buffer: step.logits }, [vocab], 'float32') as tf.Tensor1D; // a copy: the next step overwrites the buffer
          peak = Math.max(peak, tf.memory().numBytes + step.ownBytes);
          return logits;
        },
        peakBytes: () => peak,
        dispose: () => step.dispose(),
      };
    },
  };
}

/** A recorded execution, with the attention launch it records (what a benchmark replaying the step needs). */
export interface RecordedExecution extends StepExecution {
  attention: StepAttention;
}

/** Attention with one workgroup per query head. */
export const recordedExecution: RecordedExecution = recorded('wgsl-recorded', 'per-head');

/** Attention split over the cached positions (flash-decoding): heads x splits workgroups, then a combining launch. */
export const recordedSplitExecution: RecordedExecution = recorded('wgsl-recorded-split', 'split-keys');
