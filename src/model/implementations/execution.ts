import * as tf from '@tensorflow/tfjs-core';
import { LabError } from '../../errors.ts';
import { prefillTiling, RecordedPrefill } from '../../webgpu/recorded-prefill.ts';
import { checkCombineChunk, checkRopeInAttention, FIRST_STEP_OPTIONS, RecordedStep, type StepOptions } from '../../webgpu/recorded-step.ts';
import { RecordedArgMax } from '../../webgpu/recorded-argmax.ts';
import { generateGreedy } from '../../webgpu/recorded-greedy.ts';
import { COMBINE_CHUNK } from '../../webgpu/kv-split-combine-shader.ts';
import { KEY_TILE } from '../../webgpu/flash-attention-shader.ts';
import { lanesPerRowTiling, pairedTiling, shapedTiling, tunedTiling, WORKGROUP, type MatVecTilingRule } from '../../webgpu/step-kernels.ts';
import { gpuBufferOf, submitPendingTfjsWork, webGpuDevice } from '../../webgpu/tensor-buffer.ts';
import type { StepExecution } from '../slots.ts';
import type { Reduction } from '../../webgpu/matvec-shaders.ts';

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
    choosesTokens: true,
    conflicts: (impl) => [
      ...(impl.linear.weightLayout === 'out-in'
        ? []
        : [`execution (${name}) reads the weights [out, in], but linear (${impl.linear.name}) prepares them [in, out]: pair it with wgsl-matvec`]),
    ],
    open: (model, capacity) => {
      const weights = model.preparedWeights(capacity);
      const device = webGpuDevice();
      const step = new RecordedStep(device, model.config, capacity, weights, options);
      const vocab = model.config.vocabSize;
      let argmax: RecordedArgMax;
      try {
        argmax = new RecordedArgMax(device, step.logits, vocab, capacity);
      } catch (e) {
        step.dispose();
        throw e;
      }
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
      const ownBytes = () => step.ownBytes + argmax.ownBytes + [...prefills.values()].reduce((sum, p) => sum + p.ownBytes, 0);
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
        generateGreedy: (firstLogits, startPos, count, collectLogits) => {
          peak = Math.max(peak, tf.memory().numBytes + ownBytes() + count * 4 + (collectLogits ? count * vocab * 4 : 0));
          return generateGreedy(device, step, argmax, vocab, firstLogits, startPos, count, collectLogits);
        },
        prepare: (t) => {
          if (t > 1) prefillFor(t, 0);
        },
        peakBytes: () => peak,
        dispose: () => {
          for (const prefill of prefills.values()) prefill.dispose();
          prefills.clear();
          argmax.dispose();
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

/** The tilings a recorded step's products can take, by parameter value (src/webgpu/matvec-shaders.ts). */
export const STEP_TILINGS = { lanes: lanesPerRowTiling, tuned: tunedTiling, paired: pairedTiling, shaped: shapedTiling } as const;
export type StepTilingName = keyof typeof STEP_TILINGS;

/** What a recorded step's parameters choose (variants/wgsl-recorded-step.ts declares their domains). */
export interface RecordedStepChoice {
  attention: StepOptions['attention'];
  keysPerSplit: number;
  tiling: StepTilingName;
  normsInProducts: boolean;
  ropeInAttention?: boolean;
  reduction?: Reduction;
  /** Loop steps each product thread issues together (MatVecTiling.unroll). */
  unroll?: number;
  /** Each product workgroup starts its row loop at its own block of columns (MatVecTiling.stagger). */
  stagger?: boolean;
  /** Rows a thread of a product whose rows take a whole workgroup at 16 vec4 a lane or more (the down product); the rule's own unless said. */
  longRowRows?: number;
  /** MiB of the next product's weights each product reads ahead into L2 (StepOptions.prefetchBytes). */
  prefetchMiB?: number;
  /** Output elements a workgroup of the kv-split combining pass takes (StepOptions.combineChunk). */
  combineChunk?: number;
}

/** The recorded step at these settings, named by what differs from the first recorded step ("wgsl-recorded" itself). */
export function recordedStepExecution(choice: RecordedStepChoice): RecordedExecution {
  if (choice.attention === 'grouped-split' && choice.keysPerSplit % KEY_TILE !== 0) {
    throw new LabError(`the grouped split attention takes keysPerSplit in multiples of ${KEY_TILE}, not ${choice.keysPerSplit}`, `use keysPerSplit=${KEY_TILE} or ${2 * KEY_TILE} with attention=grouped-split`);
  }
  checkRopeInAttention(choice.attention, choice.ropeInAttention);
  checkCombineChunk(choice.attention, choice.combineChunk);
  const rule = STEP_TILINGS[choice.tiling];
  const unroll = choice.unroll ?? 1;
  const stagger = choice.stagger ?? false;
  const longRowRows = choice.longRowRows;
  const tiling: MatVecTilingRule =
    unroll === 1 && !stagger && longRowRows === undefined
      ? rule
      : (n, k) => {
          const t = rule(n, k);
          const long = longRowRows !== undefined && t.lanes === WORKGROUP && k / 4 / WORKGROUP >= 16;
          return { ...t, ...(long ? { rowsPerThread: longRowRows } : {}), ...(unroll !== 1 ? { unroll } : {}), ...(stagger ? { stagger } : {}) };
        };
  const combineChunk = choice.combineChunk ?? COMBINE_CHUNK;
  const options: StepOptions = {
    attention: choice.attention, keysPerSplit: choice.keysPerSplit, tiling, normsInProducts: choice.normsInProducts,
    ropeInAttention: choice.ropeInAttention ?? false, reduction: choice.reduction ?? 'tree', prefetchBytes: (choice.prefetchMiB ?? 0) * 2 ** 20,
    ...(combineChunk !== COMBINE_CHUNK ? { combineChunk } : {}),
  };
  const differs = [
    ...(choice.attention === 'split-keys' ? ['split'] : choice.attention === 'grouped-split' ? ['grouped-split'] : choice.attention === 'kv-split' ? ['kv-split'] : []),
    ...(choice.attention !== 'per-head' && choice.keysPerSplit !== FIRST_STEP_OPTIONS.keysPerSplit ? [`k${choice.keysPerSplit}`] : []),
    ...(choice.tiling !== 'lanes' ? [choice.tiling] : []),
    ...(choice.normsInProducts ? ['norms-folded'] : []),
    ...(choice.ropeInAttention ? ['rope-in-attention'] : []),
    ...(choice.reduction === 'subgroups' ? ['subgroups'] : []),
    ...(unroll !== 1 ? [`unroll${unroll}`] : []),
    ...(stagger ? ['staggered'] : []),
    ...(longRowRows !== undefined ? [`long-rows${longRowRows}`] : []),
    ...(choice.prefetchMiB ? [`prefetch${choice.prefetchMiB}`] : []),
    ...(combineChunk !== COMBINE_CHUNK ? [`combine${combineChunk}`] : []),
  ];
  return recorded(['wgsl-recorded', ...differs].join('-'), options);
}

/** Attention with one workgroup per query head. */
export const recordedExecution: RecordedExecution = recordedStepExecution({ attention: 'per-head', keysPerSplit: FIRST_STEP_OPTIONS.keysPerSplit, tiling: 'lanes', normsInProducts: false });

/** Attention split over the cached positions (flash-decoding): heads x splits workgroups, then a combining launch. */
export const recordedSplitExecution: RecordedExecution = recordedStepExecution({ attention: 'split-keys', keysPerSplit: FIRST_STEP_OPTIONS.keysPerSplit, tiling: 'lanes', normsInProducts: false });

/**
 * The split8-paired step's products with the grouped split attention: splits of 32 positions, each scored for all
 * the query heads of its KV head in one workgroup (gemma-2b's 8 read each key once, where split-keys reads it 8
 * times in 8 workgroups). For long contexts: at position 4096 a gemma-2b layer's attention is 129 workgroups,
 * against split8's 4,104 of 8 keys each.
 */
export const recordedGroupedSplitExecution: RecordedExecution = recordedStepExecution({ attention: 'grouped-split', keysPerSplit: 32, tiling: 'paired', normsInProducts: true });
