/**
 * What a recorded single-token step is built from (recorded-step.ts builds it): its attention, its products'
 * tiling and folds, and the checks that refuse combinations the kernels cannot take.
 */
import { LabError } from '../errors.ts';
import type { Reduction } from './matvec-shaders.ts';
import { COMBINE_CHUNK } from './kv-split-combine-shader.ts';
import { lanesPerRowTiling, type MatVecTilingRule } from './step-kernels.ts';

/**
 * How a step's attention is launched: one workgroup per query head over every
 * cached position; or (as flash-decoding) heads x splits workgroups of
 * keysPerSplit positions each, then a launch that combines the splits; or
 * 'grouped-split', splits x head blocks workgroups that each score a split's
 * keys for all the query heads sharing their KV head (flash-attention-shader.ts),
 * then the same combining launch; or 'kv-split', (split, KV head) workgroups that load a split's keys and values
 * all at once (kv-split-attention-shader.ts), then a combining launch spread over (chunk, head) workgroups.
 */
export type StepAttention = 'per-head' | 'split-keys' | 'grouped-split' | 'kv-split';

/** How a recorded step is built: what each of its executions chooses. */
export interface StepOptions {
  attention: StepAttention;
  /** How each product's threads cover its weight (step-kernels.ts). */
  tiling: MatVecTilingRule;
  /**
   * RMS-norm the residual stream inside the products that read it (each layer's, and the logits), instead of
   * in a launch of its own. A folded product's row groups sum the input's squares from the loads they make
   * anyway, so the logits product's tens of thousands of workgroups add no reads for it (on the H200, f32:
   * the logits product 0.479 → 0.481 ms with the final norm's 0.012 ms launch gone).
   */
  normsInProducts: boolean;
  /**
   * Positions one split-keys workgroup takes. Fewer give more workgroups at short contexts (each step's
   * attention has heads x positions / keysPerSplit of them) and shorter serial loops in each, for a longer
   * combining pass.
   */
  keysPerSplit: number;
  /**
   * Rotate q and k inside the split-keys or kv-split attention (which also writes the cache) instead of in a
   * launch of its own before it: one launch fewer a layer.
   */
  ropeInAttention?: boolean;
  /** How the products add their lanes' partial sums (matvec-shaders.ts): 'subgroups' needs the device's subgroups (subgroups.ts). */
  reduction?: Reduction;
  /**
   * Bytes of the next product's weights each product reads into L2 with workgroups after its own (prefetch-wgsl.ts):
   * q/k/v the output's, the output gate/up's, gate/up the down's, the down the next layer's q/k/v. 0: none.
   */
  prefetchBytes?: number;
  /** Output elements a workgroup of the kv-split combining pass takes (kv-split-combine-shader.ts): COMBINE_CHUNK unless said. */
  combineChunk?: number;
}

/** Refuses RoPE folded into an attention that cannot rotate (only the split-keys and kv-split ones do). */
export function checkRopeInAttention(attention: StepAttention, ropeInAttention: boolean | undefined): void {
  if (ropeInAttention && attention !== 'split-keys' && attention !== 'kv-split') {
    throw new LabError(`ropeInAttention folds RoPE into the split-keys or kv-split attention, not into ${attention}`, 'use attention=split-keys or kv-split with ropeInAttention=true');
  }
}

/** A combining pass of other than COMBINE_CHUNK elements a workgroup is the kv-split attention's only. */
export function checkCombineChunk(attention: StepAttention, combineChunk: number | undefined): void {
  if (combineChunk !== undefined && combineChunk !== COMBINE_CHUNK && attention !== 'kv-split') {
    throw new LabError(`combineChunk sets the kv-split attention's combining pass, not ${attention}'s`, `use attention=kv-split with combineChunk=${combineChunk}, or leave combineChunk at ${COMBINE_CHUNK}`);
  }
}

/** Positions one split-keys workgroup takes unless a step's options say otherwise. */
export const KEYS_PER_SPLIT = 32;

/** The first recorded step: per-head attention, a warp or more to a row, a launch per norm. */
export const FIRST_STEP_OPTIONS: StepOptions = { attention: 'per-head', tiling: lanesPerRowTiling, normsInProducts: false, keysPerSplit: KEYS_PER_SPLIT };
