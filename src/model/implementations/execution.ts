import * as tf from '@tensorflow/tfjs-core';
import { FIRST_STEP_OPTIONS, RecordedStep, type StepOptions } from '../../webgpu/recorded-step.ts';
import { pairedTiling, tunedTiling } from '../../webgpu/step-kernels.ts';
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
function recorded(name: string, options: StepOptions): RecordedExecution {
  return {
    name,
    options,
    backends: ['webgpu'],
    // Its own kernels norm, rotate, cache, attend and gate; q/k/v stay the qkvProjection's layout, products the linear's.
    performs: ['attentionCore', 'groupMapping', 'kvCache', 'norm', 'rope', 'mlpActivation'],
    readsPackedWeights: true,
    conflicts: (impl) => [
      ...(impl.linear.weightLayout === 'out-in'
        ? []
        : [`execution (${name}) reads the weights [out, in], but linear (${impl.linear.name}) prepares them [in, out]: pair it with wgsl-matvec`]),
      ...(impl.prefill.tokensPerStep === 'one'
        ? []
        : [`execution (${name}) takes one token per step, but prefill (${impl.prefill.name}) gives a step the whole prompt: pair it with the scan prefill`]),
    ],
    open: (model, capacity) => {
      const step = new RecordedStep(webGpuDevice(), model.config, capacity, model.preparedWeights(capacity), options);
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

/** A recorded execution, with how its step is built (what a benchmark replaying the step needs). */
export interface RecordedExecution extends StepExecution {
  options: StepOptions;
}

/** Attention with one workgroup per query head. */
export const recordedExecution: RecordedExecution = recorded('wgsl-recorded', FIRST_STEP_OPTIONS);

const SPLIT_STEP_OPTIONS: StepOptions = { ...FIRST_STEP_OPTIONS, attention: 'split-keys' };

/** Attention split over the cached positions (flash-decoding): heads x splits workgroups, then a combining launch. */
export const recordedSplitExecution: RecordedExecution = recorded('wgsl-recorded-split', SPLIT_STEP_OPTIONS);

/** The split step with each layer's RMSNorms folded into the products after them: two launches fewer a layer (36 for gemma-2b). */
export const recordedNormFoldedExecution: RecordedExecution = recorded('wgsl-recorded-split-norm-folded', { ...SPLIT_STEP_OPTIONS, normsInProducts: true });

/** The split step with the tuned product tiling (step-kernels.ts tunedTiling; evidence from npm run bench:tiling). */
export const recordedTiledExecution: RecordedExecution = recorded('wgsl-recorded-split-tiled', { ...SPLIT_STEP_OPTIONS, tiling: tunedTiling });

const TUNED_STEP_OPTIONS: StepOptions = { ...SPLIT_STEP_OPTIONS, tiling: tunedTiling, normsInProducts: true };

/** Both: the split step, norms folded into the products, the tuned tiling. */
export const recordedTunedExecution: RecordedExecution = recorded('wgsl-recorded-tuned', TUNED_STEP_OPTIONS);

/** The tuned step with two rows a thread for the short products and the logits (step-kernels.ts pairedTiling). */
export const recordedPairedExecution: RecordedExecution = recorded('wgsl-recorded-tuned-paired', { ...TUNED_STEP_OPTIONS, tiling: pairedTiling });

/** The tuned step with attention splits of 16 positions: twice the workgroups at short contexts, half the serial loop in each. */
export const recordedSplit16Execution: RecordedExecution = recorded('wgsl-recorded-tuned-split16', { ...TUNED_STEP_OPTIONS, keysPerSplit: 16 });

/** The tuned step with attention splits of 8 positions: four times the workgroups, a quarter of the loop, four times the splits to combine. */
export const recordedSplit8Execution: RecordedExecution = recorded('wgsl-recorded-tuned-split8', { ...TUNED_STEP_OPTIONS, keysPerSplit: 8 });

/** The tuned step with attention splits of 4 positions: 32 splits a head at 128 positions, half of each round's threads idle. */
export const recordedSplit4Execution: RecordedExecution = recorded('wgsl-recorded-tuned-split4', { ...TUNED_STEP_OPTIONS, keysPerSplit: 4 });

/** Both measured wins on the tuned step: attention splits of 8 positions and the paired tiling. */
export const recordedSplit8PairedExecution: RecordedExecution = recorded('wgsl-recorded-tuned-split8-paired', { ...TUNED_STEP_OPTIONS, keysPerSplit: 8, tiling: pairedTiling });
