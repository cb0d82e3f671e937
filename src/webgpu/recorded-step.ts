/// <reference types="@webgpu/types" />
import type * as tf from '@tensorflow/tfjs-core';
import { LabError } from '../errors.ts';
import type { ModelConfig } from '../model/config.ts';
import { bytesPerWeight, type WeightDtype } from '../model/weight-dtype.ts';
import type { PreparedWeights } from '../model/slots.ts';
import {
  attentionShader, combineAttentionShader, embedShader, gatedMatVecShader, matVecAddShader, matVecGroups, matVecShader, rmsNormShader,
  ropeCacheShader, splitAttentionShader, STEP_ATTENTION_MAX_KEYS, WORKGROUP, type MatVecOptions,
} from './step-kernels.ts';
import { subgroupSupport } from './subgroups.ts';
import { kvSplitAttentionShader, kvSplitLanes, kvSplitWorkgroupBytes } from './kv-split-attention-shader.ts';
import { combineSplitsGroups, combineSplitsShader } from './kv-split-combine-shader.ts';
import { checkCombineChunk, checkRopeInAttention, FIRST_STEP_OPTIONS, type StepOptions } from './step-options.ts';
import { groupedSplitAttentionShader, groupedSplitGroups, KEY_TILE } from './flash-attention-shader.ts';
import { bindGroupFor, pipelineFor } from './pipelines.ts';
import { RecordedLaunches, type LaunchProfile } from './recorded-launches.ts';
import { PREFETCH_FIRST_BINDING, prefetchPlan, type PrefetchPlan } from './prefetch-wgsl.ts';
import { gpuBufferOf } from './tensor-buffer.ts';

export { bindGroupFor, pipelineFor, type LaunchProfile };
export { checkCombineChunk, checkRopeInAttention, FIRST_STEP_OPTIONS, KEYS_PER_SPLIT, type StepAttention, type StepOptions } from './step-options.ts';

/** One layer's KV cache in a recorded step: [KV, capacity, D] each. */
export interface LayerCacheBuffers {
  keys: GPUBuffer;
  values: GPUBuffer;
}

/** The rows of the vocabulary each block of a table holds, checked to cover it in order. */
function vocabularyBlocks(blocks: readonly tf.Tensor2D[], vocab: number): { firstRow: number; rows: number }[] {
  let firstRow = 0;
  const out = blocks.map((t) => {
    const block = { firstRow, rows: t.shape[0] };
    firstRow += t.shape[0];
    return block;
  });
  if (firstRow !== vocab) throw new Error(`the embedding's blocks hold ${firstRow} rows, not the vocabulary's ${vocab}`);
  return out;
}

/**
 * A single-token decoder step recorded once, as CUDA graphs record one: the
 * lab's WGSL kernels (step-kernels.ts), their pipelines compiled and their
 * bind groups made when the step is built, over the model's weights (in the
 * [out, in] layout wgsl-matvec prepares) and a KV cache of its own. Running a
 * step writes the position into a uniform and records ~10 launches per layer
 * that only set a pipeline and a bind group: none of TF.js's per-op work
 * (tensor bookkeeping, a uniform buffer and a bind group per op), which is
 * most of a TF.js step's time on a GPU.
 *
 * Per layer: norm, the q/k/v products into one buffer, RoPE of q and k with
 * the cache write, attention, the output product added to the residual, norm,
 * the gate and up products with the activation, the down product added to
 * the residual.
 */
export class RecordedStep extends RecordedLaunches {
  /** The last step's logits [vocab], which TF.js copies into a tensor. */
  readonly logits: GPUBuffer;
  /** Each layer's KV cache, which a multi-token step of the same model writes too (recorded-prefill.ts). */
  readonly caches: readonly LayerCacheBuffers[];
  private readonly token: GPUBuffer;
  private readonly stepInfo: GPUBuffer;
  /** The split attention's workgroups ([heads, live splits, 1], grouped: [live splits, head blocks, 1]), written with the position: only the splits holding positions run. */
  private readonly splitGroupsAt: (pos: number) => [number, number];

  constructor(
    device: GPUDevice,
    config: ModelConfig,
    readonly capacity: number,
    weights: PreparedWeights,
    options: StepOptions = FIRST_STEP_OPTIONS,
  ) {
    super(device, weights.dtype);
    const c = config;
    const { attention, tiling, normsInProducts, keysPerSplit } = options;
    const ropeInAttention = options.ropeInAttention ?? false;
    const reduction = options.reduction ?? 'tree';
    checkRopeInAttention(attention, ropeInAttention);
    checkCombineChunk(attention, options.combineChunk);
    if (reduction === 'subgroups') {
      const support = subgroupSupport(device);
      if (!support.ok) throw new LabError(`reduction=subgroups cannot run on this device: ${support.why}`, 'use reduction=tree (the default)');
    }
    const liveSplits = (pos: number) => Math.floor(pos / keysPerSplit) + 1;
    this.splitGroupsAt =
      attention === 'grouped-split' ? (pos) => groupedSplitGroups(c.heads, c.kvHeads, keysPerSplit, pos)
      : attention === 'kv-split' ? (pos) => [liveSplits(pos), c.kvHeads]
      : (pos) => [c.heads, liveSplits(pos)];
    if (attention === 'kv-split') {
      try {
        kvSplitLanes(c.headDim, keysPerSplit);
      } catch (e) {
        throw new LabError(`attention=kv-split cannot take keysPerSplit=${keysPerSplit} for this model: ${(e as Error).message.replace(/^kv-split attention: /, '')}`, 'use a keysPerSplit that divides 256');
      }
      if ((c.heads / c.kvHeads) * keysPerSplit > WORKGROUP) {
        throw new LabError(`attention=kv-split scores ${c.heads / c.kvHeads} query heads x keysPerSplit=${keysPerSplit} keys a workgroup, more than its ${WORKGROUP} threads`, `use keysPerSplit=${WORKGROUP / (c.heads / c.kvHeads)} or fewer`);
      }
      const bytes = kvSplitWorkgroupBytes(c.heads / c.kvHeads, c.headDim, keysPerSplit, ropeInAttention);
      if (bytes > device.limits.maxComputeWorkgroupStorageSize) {
        throw new LabError(`attention=kv-split needs ${bytes} bytes of workgroup memory, more than this device's ${device.limits.maxComputeWorkgroupStorageSize}`, 'use attention=grouped-split or split-keys');
      }
    }
    const wordBytes = bytesPerWeight(this.dtype);
    if (!Number.isInteger(keysPerSplit) || keysPerSplit < 1 || keysPerSplit > STEP_ATTENTION_MAX_KEYS) {
      throw new Error(`recorded step: keysPerSplit must be an integer from 1 to ${STEP_ATTENTION_MAX_KEYS}, got ${keysPerSplit}`);
    }
    if (attention === 'grouped-split' && keysPerSplit % KEY_TILE !== 0) throw new Error(`recorded step: the grouped split attention takes keysPerSplit in multiples of ${KEY_TILE}, got ${keysPerSplit}`);
    if (attention === 'per-head' && capacity > STEP_ATTENTION_MAX_KEYS) {
      throw new LabError(`the recorded step holds at most ${STEP_ATTENTION_MAX_KEYS} positions (its attention keeps every score in workgroup memory), asked for ${capacity}`, 'use the split-keys attention (variant wgsl-recorded-step-split), or a shorter prompt + generation');
    }
    // A 16-byte load holds 4 float32 weights or 8 packed halves.
    const perLoad = this.dtype === 'f32' ? 4 : 8;
    for (const [what, k] of [['hidden', c.hidden], ['heads * headDim', c.heads * c.headDim], ['intermediate', c.intermediate]] as const) {
      if (k % perLoad !== 0) throw new LabError(`the recorded step reads ${this.dtype} weights ${perLoad} to a load: ${what} (${k}) must be a multiple of ${perLoad}`, 'use another execution or --weights-dtype for this model');
    }
    try {
      const qWidth = c.heads * c.headDim;
      const kvWidth = c.kvHeads * c.headDim;
      const storage = GPUBufferUsage.STORAGE;
      const x = this.buffer(c.hidden, storage); // [hidden] the residual stream
      const normed = this.buffer(c.hidden, storage); // [hidden]
      const qkv = this.buffer(qWidth + 2 * kvWidth, storage); // [(H + 2 KV) * D]
      const attended = this.buffer(qWidth, storage); // [H * D]
      const gated = this.buffer(c.intermediate, storage); // [intermediate]
      this.logits = this.buffer(c.vocabSize, storage | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST); // [vocab]; TF.js copies it into a buffer of the same usage
      this.token = this.buffer(1, storage | GPUBufferUsage.COPY_DST); // [1] int32
      this.stepInfo = this.buffer(4, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST); // { pos }
      const splits = Math.ceil(capacity / keysPerSplit);
      const partials = attention !== 'per-head' ? this.buffer(c.heads * splits * (2 + c.headDim), storage) : null; // maxima, sums, [H * splits, D] values
      const caches = (this.caches = weights.layers.map(() => ({
        keys: this.buffer(c.kvHeads * capacity * c.headDim, storage), // [KV, capacity, D]
        values: this.buffer(c.kvHeads * capacity * c.headDim, storage),
      })));
      const cos = gpuBufferOf(weights.rope.cos); // [positions, D/2]
      const sin = gpuBufferOf(weights.rope.sin);
      if (weights.rope.cos.shape[0] < capacity) throw new Error(`rotary tables cover ${weights.rope.cos.shape[0]} positions, the step needs ${capacity}`);

      const norm = rmsNormShader(c.hidden, c.rmsEps);
      /** The launches of a product of W [n, k]: its shader options, and the workgroups its tiling takes. */
      const product = (n: number, k: number, normEps?: number, ahead: readonly tf.Tensor[] = []): { options: MatVecOptions; groups: number; aheadBound: Record<number, GPUBuffer> } => {
        const t = tiling(n, k);
        const { plan, bound } = readAhead(ahead);
        return { options: { tiling: t, normEps, weights: this.dtype, reduction, prefetch: plan }, groups: matVecGroups(n, k, t, plan), aheadBound: bound };
      };
      /** The plan that reads the start of `ahead` (the next product's weights) into L2, and their bindings. */
      const readAhead = (ahead: readonly tf.Tensor[]): { plan?: PrefetchPlan; bound: Record<number, GPUBuffer> } => {
        if (!options.prefetchBytes) return { bound: {} };
        const plan = prefetchPlan(ahead.map((t) => gpuBufferOf(t).size), options.prefetchBytes ?? 0);
        const bound: Record<number, GPUBuffer> = {};
        plan?.words.forEach((_, b) => (bound[PREFETCH_FIRST_BINDING + b] = gpuBufferOf(ahead[b]!)));
        return { plan, bound };
      };
      /**
       * The input of a product that reads the residual stream normed by `scale`: x itself with the norm folded
       * into the product (scale at binding 4; normsInProducts), or `normed` after a norm launch of its own.
       */
      const normedInput = (scale: tf.Tensor1D): { input: Record<number, GPUBuffer>; eps?: number } => {
        if (normsInProducts) return { input: { 1: x, 4: gpuBufferOf(scale) }, eps: c.rmsEps };
        this.launch('norms', norm, { 0: x, 1: gpuBufferOf(scale), 2: normed }, 1);
        return { input: { 1: normed } };
      };
      // The embedding may be held in blocks of rows (each within one binding): a launch per block, of which the token's writes x.
      const blocks = vocabularyBlocks(weights.embedding, c.vocabSize);
      for (const [b, block] of blocks.entries()) {
        const shader = embedShader(c.hidden, this.dtype, blocks.length > 1 ? block : undefined);
        this.launch('embedding', shader, { 0: this.weight(weights.embedding[b]!, [block.rows, c.hidden]), 1: this.token, 2: x }, Math.ceil(c.hidden / WORKGROUP));
      }
      weights.layers.forEach((layer, i) => {
        const cache = caches[i]!;
        // Attention block.
        const attentionInput = normedInput(layer.inputNormScale);
        let offset = 0;
        for (const [j, w] of layer.qkv.entries()) {
          const rows = w.shape[0];
          const p = product(rows, c.hidden, attentionInput.eps, j === layer.qkv.length - 1 ? [layer.wo] : []);
          this.launch('qkv products', matVecShader(rows, c.hidden, offset, p.options), { 0: this.weight(w, [rows, c.hidden]), ...attentionInput.input, 2: qkv, ...p.aheadBound }, p.groups, rows * c.hidden * wordBytes);
          offset += rows;
        }
        if (offset !== qWidth + 2 * kvWidth) throw new Error(`layer ${i}: the q/k/v weights give ${offset} outputs, not ${qWidth + 2 * kvWidth}`);
        if (!ropeInAttention) {
          const rotated = (c.heads + c.kvHeads) * (c.headDim / 2) + kvWidth;
          this.launch('rope + cache write', ropeCacheShader(c.heads, c.kvHeads, c.headDim, capacity), { 0: qkv, 1: cos, 2: sin, 3: cache.keys, 4: cache.values, 9: this.stepInfo }, Math.ceil(rotated / WORKGROUP));
        }
        if (partials) {
          // Both passes scale with the live length pos + 1: the splits past it return at once, and only the live
          // ones are combined. (Launching only the live splits by an indirect dispatch measured 6.15 ms/token on
          // the H200 against 3.17: Dawn validates each indirect dispatch with a pass and a bind group of its own.)
          const first =
            attention === 'grouped-split' ? groupedSplitAttentionShader(c.heads, c.kvHeads, c.headDim, capacity, keysPerSplit)
            : attention === 'kv-split' ? kvSplitAttentionShader(c.heads, c.kvHeads, c.headDim, capacity, keysPerSplit, ropeInAttention)
            : splitAttentionShader(c.heads, c.kvHeads, c.headDim, capacity, keysPerSplit, ropeInAttention);
          const rope: Record<number, GPUBuffer> = ropeInAttention ? { 5: cos, 6: sin } : {};
          this.launch(ropeInAttention ? 'attention + rope + cache write' : 'attention', first, { 0: qkv, 1: cache.keys, 2: cache.values, 3: partials, ...rope, 9: this.stepInfo }, this.splitGroupsAt(capacity - 1));
          if (attention === 'kv-split') {
            this.launch('attention combine', combineSplitsShader(c.heads, c.headDim, splits, keysPerSplit, options.combineChunk), { 3: partials, 4: attended, 9: this.stepInfo }, combineSplitsGroups(c.heads, c.headDim, options.combineChunk));
          } else {
            this.launch('attention', combineAttentionShader(c.heads, c.headDim, splits, keysPerSplit), { 3: partials, 4: attended, 9: this.stepInfo }, c.heads);
          }
        } else {
          this.launch('attention', attentionShader(c.heads, c.kvHeads, c.headDim, capacity), { 0: qkv, 1: cache.keys, 2: cache.values, 3: attended, 9: this.stepInfo }, c.heads);
        }
        const out = product(c.hidden, qWidth, undefined, [layer.wGate, layer.wUp]);
        this.launch('output product + residual', matVecAddShader(c.hidden, qWidth, out.options), { 0: this.weight(layer.wo, [c.hidden, qWidth]), 1: attended, 2: x, ...out.aheadBound }, out.groups, c.hidden * qWidth * wordBytes);
        // MLP block.
        const mlpInput = normedInput(layer.postNormScale);
        const gateUp = product(c.intermediate, c.hidden, mlpInput.eps, [layer.wDown]);
        this.launch(
          'gate/up products + gelu',
          gatedMatVecShader(c.intermediate, c.hidden, gateUp.options),
          { 0: this.weight(layer.wGate, [c.intermediate, c.hidden]), 3: this.weight(layer.wUp, [c.intermediate, c.hidden]), ...mlpInput.input, 2: gated, ...gateUp.aheadBound },
          gateUp.groups,
          2 * c.intermediate * c.hidden * wordBytes,
        );
        const next = weights.layers[i + 1];
        const down = product(c.hidden, c.intermediate, undefined, [next ? next.qkv[0]! : weights.head[0]!]);
        this.launch('down product + residual', matVecAddShader(c.hidden, c.intermediate, down.options), { 0: this.weight(layer.wDown, [c.hidden, c.intermediate]), 1: gated, 2: x, ...down.aheadBound }, down.groups, c.hidden * c.intermediate * wordBytes);
      });
      // The final norm folds into the logits product too: its squares come from the input loads the product makes anyway.
      const headInput = normedInput(weights.finalNormScale);
      // One product per block of the vocabulary, each writing its rows of the logits.
      const headBlocks = vocabularyBlocks(weights.head, c.vocabSize);
      for (const [b, { firstRow, rows }] of headBlocks.entries()) {
        const logits = product(rows, c.hidden, headInput.eps);
        this.launch('logits product', matVecShader(rows, c.hidden, firstRow, logits.options), { 0: this.weight(weights.head[b]!, [rows, c.hidden]), ...headInput.input, 2: this.logits }, logits.groups, rows * c.hidden * wordBytes);
      }
    } catch (e) {
      this.dispose(); // nothing half-built stays allocated
      throw e;
    }
  }

  protected beginStep(tokenBuffer: GPUBuffer, pos: number): GPUCommandEncoder {
    if (!Number.isInteger(pos) || pos < 0 || pos >= this.capacity) throw new Error(`position ${pos} is outside the recorded step's cache [0, ${this.capacity})`);
    this.device.queue.writeBuffer(this.stepInfo, 0, new Uint32Array([pos]));
    const encoder = this.device.createCommandEncoder();
    encoder.copyBufferToBuffer(tokenBuffer, 0, this.token, 0, 4);
    return encoder;
  }
}
