import * as tf from '@tensorflow/tfjs-core';
import { LabError } from '../../errors.ts';
import { prefillTiling, RecordedPrefill } from '../../webgpu/recorded-prefill.ts';
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
 * (src/webgpu/recorded-step.ts) and replayed at every position; a step of T > 1
 * tokens (the parallel prefill's whole prompt) runs a multi-token step
 * (src/webgpu/recorded-prefill.ts) recorded once per T, over the same caches.
 * It reads the weights where the model keeps them, so they must be [out, in];
 * the attention, norm, RoPE, activation and cache slots do not apply to it
 * (`performs`).
 */
export function recorded(name: string, options: StepOptions): RecordedExecution {
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
    ],
    open: (model, capacity) => {
      const weights = model.preparedWeights(capacity);
      const step = new RecordedStep(webGpuDevice(), model.config, capacity, weights, options);
      const vocab = model.config.vocabSize;
      /** The multi-token steps recorded so far, by token count: a sweep's prompts share a length. */
      const prefills = new Map<number, RecordedPrefill>();
      const prefillFor = (t: number, pos: number): RecordedPrefill => {
        if (pos + t > capacity) throw new LabError(`${t} tokens at position ${pos} do not fit the recorded step's cache of ${capacity} positions`, 'a shorter prompt, or more --max-new-tokens room');
        let prefill = prefills.get(t);
        if (!prefill) {
          prefill = new RecordedPrefill(webGpuDevice(), model.config, step, weights, t, { matMulTiling: prefillTiling, logitsTiling: options.tiling });
          prefills.set(t, prefill);
        }
        return prefill;
      };
      let peak = 0;
      const ownBytes = () => step.ownBytes + [...prefills.values()].reduce((sum, p) => sum + p.ownBytes, 0);
      return {
        step: (tokens, pos) => {
          const t = tokens.shape[0];
          // Checked (and the multi-token step built) before anything is queued: a refused step writes nothing.
          const prefill = t === 1 ? null : prefillFor(t, pos);
          const buffer = gpuBufferOf(tokens);
          submitPendingTfjsWork(); // the tokens may still be an unsubmitted TF.js result
          if (prefill) prefill.run(buffer, pos);
          else step.run(buffer, pos);
          const logits = tf.tensor({ buffer: step.logits }, [vocab], 'float32') as tf.Tensor1D; // a copy: the next step overwrites the buffer
          peak = Math.max(peak, tf.memory().numBytes + ownBytes());
          return logits;
        },
        peakBytes: () => peak,
        dispose: () => {
          for (const prefill of prefills.values()) prefill.dispose();
          prefills.clear();
          step.dispose();
        },
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

/**
 * The split8-paired step with the grouped split attention: splits of 32 positions, each scored for all the
 * query heads of its KV head in one workgroup (gemma-2b's 8 read each key once, where split-keys reads it 8
 * times in 8 workgroups). For long contexts: at position 4096 a gemma-2b layer's attention is 129 workgroups,
 * against split8's 4,104 of 8 keys each. Not yet registered as a variant (variants/ is another change's).
 */
export const recordedGroupedSplitExecution: RecordedExecution = recorded('wgsl-recorded-tuned-grouped-split-paired', { ...TUNED_STEP_OPTIONS, attention: 'grouped-split', keysPerSplit: 32, tiling: pairedTiling });
