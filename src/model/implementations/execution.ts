import * as tf from '@tensorflow/tfjs-core';
import { FIRST_STEP_OPTIONS, RecordedStep, type StepOptions } from '../../webgpu/recorded-step.ts';
import { lanesPerRowTiling, pairedTiling, tunedTiling } from '../../webgpu/step-kernels.ts';
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

/** The tilings a recorded step's products can take, by parameter value (src/webgpu/matvec-shaders.ts). */
export const STEP_TILINGS = { lanes: lanesPerRowTiling, tuned: tunedTiling, paired: pairedTiling } as const;
export type StepTilingName = keyof typeof STEP_TILINGS;

/** What a recorded step's parameters choose (variants/wgsl-recorded-step.ts declares their domains). */
export interface RecordedStepChoice {
  attention: StepOptions['attention'];
  keysPerSplit: number;
  tiling: StepTilingName;
  normsInProducts: boolean;
}

/** The recorded step at these settings, named by what differs from the first recorded step ("wgsl-recorded" itself). */
export function recordedStepExecution(choice: RecordedStepChoice): RecordedExecution {
  const options: StepOptions = { attention: choice.attention, keysPerSplit: choice.keysPerSplit, tiling: STEP_TILINGS[choice.tiling], normsInProducts: choice.normsInProducts };
  const differs = [
    ...(choice.attention === 'split-keys' ? ['split'] : []),
    ...(choice.attention === 'split-keys' && choice.keysPerSplit !== FIRST_STEP_OPTIONS.keysPerSplit ? [`k${choice.keysPerSplit}`] : []),
    ...(choice.tiling !== 'lanes' ? [choice.tiling] : []),
    ...(choice.normsInProducts ? ['norms-folded'] : []),
  ];
  return recorded(['wgsl-recorded', ...differs].join('-'), options);
}

/** Attention with one workgroup per query head. */
export const recordedExecution: RecordedExecution = recordedStepExecution({ attention: 'per-head', keysPerSplit: FIRST_STEP_OPTIONS.keysPerSplit, tiling: 'lanes', normsInProducts: false });

/** Attention split over the cached positions (flash-decoding): heads x splits workgroups, then a combining launch. */
export const recordedSplitExecution: RecordedExecution = recordedStepExecution({ attention: 'split-keys', keysPerSplit: FIRST_STEP_OPTIONS.keysPerSplit, tiling: 'lanes', normsInProducts: false });
