/// <reference types="@webgpu/types" />
import type * as tf from '@tensorflow/tfjs-core';
import { LabError } from '../errors.ts';
import type { ModelConfig } from '../model/config.ts';
import type { PreparedWeights } from '../model/slots.ts';
import { bytesPerWeight } from '../model/weight-dtype.ts';
import { MATMUL_WORKGROUP_BYTES, matMulGroups, matMulReduceNormShader, matMulReduceShader, matMulShader, matMulWorkgroupBytes, tileCols, tileRows, type MatMulEpilogue, type MatMulTiling } from './matmul-shaders.ts';
import { matVecGroups, matVecShader, type MatVecTilingRule } from './matvec-shaders.ts';
import { applicablePrefillAttention, PREFILL_ATTENTION, prefillAttentionGroups, prefillAttentionShader, type PrefillAttentionOptions } from './prefill-attention-shader.ts';
import { RecordedLaunches } from './recorded-launches.ts';
import type { LayerCacheBuffers } from './recorded-step.ts';
import { embedShader, rmsNormShader, ropeCacheShader, ropeCacheThreads } from './row-kernels.ts';
import { subgroupSupport } from './subgroups.ts';
import { gpuBufferOf } from './tensor-buffer.ts';
import { WORKGROUP } from './wgsl.ts';

/** What a multi-token step writes into: the single-token step's caches and logits (RecordedStep). */
export interface PrefillTarget {
  readonly capacity: number;
  readonly caches: readonly LayerCacheBuffers[];
  readonly logits: GPUBuffer;
}

/** Workgroups below which a product is split over k: a few per multiprocessor of a large GPU (an H200 has 132). */
const ENOUGH_GROUPS = 512;
/**
 * The same for a short prompt's products: their partial sums are a larger share of their traffic (at 64 tokens
 * on the H200, 256 took the step from 10.59 to 9.90 ms; at 1024 it was 1.3% slower).
 */
const SHORT_PROMPT_GROUPS = 256;
/** Fewest inputs a split of a product sums: below that, the partial sums cost more than the workgroups gain. */
const MIN_SPLIT_INPUTS = 512;
/** Launches of the first command buffer a run submits (then 16, 32, ...): the GPU starts on the prompt while the rest is encoded. */
const FIRST_SUBMIT = 8;
/** Tokens from which a product takes the larger tiles: each staged value feeds twice the outputs. */
const LARGE_TILE_TOKENS = 128;

/** Inputs from which a short prompt's product (the down product's intermediate) takes the 64 x 128 tiles of the gated pair. */
export const LONG_K = 8192;

/**
 * The tiling of a product of T tokens against W [n, k] (`matrices` of them read with the same input), in the
 * row-vectors layout with the next step's loads held in registers (pipelined), then split over k while the
 * product has fewer than enoughGroups(tokens) workgroups and each split still sums MIN_SPLIT_INPUTS or more:
 * - long prompts (LARGE_TILE_TOKENS or more): 128 x 128 tiles of 8 x 8 outputs a thread staged 8 inputs a step,
 *   and for the gated pair 128 x 64 of each matrix (8 x 4 a thread of each), so that a thread holds 64 sums
 *   either way;
 * - short prompts: 64 x 64 tiles of 4 x 4 staged 16 a step, and for the gated pair and the long-k down product
 *   64 x 128 tiles of 8 x 4 (of each matrix), split over k to SHORT_PROMPT_GROUPS only;
 * - the gated pair at any length, and a short prompt's long-k product, stage 16 inputs a step, unrolled and padded,
 *   where the device's workgroup memory (`workgroupBytes`) holds them (17-21 KiB for the pair) and k divides, 8 otherwise.
 * On the H200 (gemma-2b f32, docs/findings/2026-12-02-h200-pair-tiles) the pair's tiles took its products at
 * 1024 tokens from 62.9 to 59.1 ms and at 64 tokens from 5.46 to 4.99 ms; the rule before gave the pair the
 * single products' tiles (a thread then held 128 sums at 1024 tokens). Tiles double-buffered in workgroup
 * memory (one barrier a step instead of two) were slower there at every length: 12.00 against 9.92 ms at 64
 * tokens, 117.5 against 107.6 at 1024. The pair's 16 inputs a step (docs/findings/2026-12-02-h200-prefill-session16)
 * took it from 59.1 to 55.6 ms at 1024 tokens (rolled up, the same step took 65.9 ms), and with a short prompt's
 * down product at 16 too, 64 tokens from 9.89 to 9.27 ms.
 */
export function prefillTiling(tokens: number, n: number, k: number, matrices: number, workgroupBytes = MATMUL_WORKGROUP_BYTES): MatMulTiling {
  const pipelinedRows = { layout: 'row-vectors', pipelined: true, splitK: 1 } as const;
  const short = tokens < LARGE_TILE_TOKENS;
  // 16 inputs a step, unrolled and padded, where the device's workgroup memory holds them.
  const wide = (t: MatMulTiling): MatMulTiling => {
    const widened: MatMulTiling = { ...t, tileK: 16, unrolled: true, padded: true };
    return k % widened.tileK === 0 && matMulWorkgroupBytes(widened, matrices) <= workgroupBytes ? widened : t;
  };
  const tiling: MatMulTiling =
    !short && matrices === 2 ? wide({ rowThreads: 16, rowsPerThread: 8, colsPerThread: 4, tileK: 8, ...pipelinedRows })
    : !short ? { rowThreads: 16, rowsPerThread: 8, colsPerThread: 8, tileK: 8, ...pipelinedRows }
    : matrices === 2 || k >= LONG_K ? wide({ rowThreads: 8, rowsPerThread: 8, colsPerThread: 4, tileK: 8, ...pipelinedRows })
    : { rowThreads: 16, rowsPerThread: 4, colsPerThread: 4, tileK: 16, ...pipelinedRows };
  return splitOverK(tiling, tokens, n, k, enoughGroups(tokens));
}

/** Workgroups below which a product of a `tokens`-token step is split over k. */
export function enoughGroups(tokens: number): number {
  return tokens < LARGE_TILE_TOKENS ? SHORT_PROMPT_GROUPS : ENOUGH_GROUPS;
}

/** `tiling` split over k (splitK doubled) while the product has fewer than `groupsTarget` workgroups and each split sums MIN_SPLIT_INPUTS or more. */
export function splitOverK(tiling: MatMulTiling, tokens: number, n: number, k: number, groupsTarget: number): MatMulTiling {
  const split = { ...tiling, splitK: 1 };
  const tiles = Math.ceil(n / tileCols(split)) * Math.ceil(tokens / tileRows(split));
  while (tiles * split.splitK < groupsTarget && k % (split.tileK * split.splitK * 2) === 0 && k / (split.splitK * 2) >= MIN_SPLIT_INPUTS) split.splitK *= 2;
  return split;
}

/** How a multi-token step is built. */
export interface PrefillOptions {
  /** The tiling of each product (`workgroupBytes`: what the device grants): prefillTiling unless a test or bench says otherwise. */
  matMulTiling: (tokens: number, n: number, k: number, matrices: number, workgroupBytes: number) => MatMulTiling;
  /** The tiling of the one logits product (of the last token), as the single-token step's. */
  logitsTiling: MatVecTilingRule;
  /** How the attention over the prompt is generated: PREFILL_ATTENTION unless the bench compares others. */
  attention?: PrefillAttentionOptions;
  /** Every norm in a launch of its own, even after a split product whose sum could norm its rows (the bench compares them). */
  separateNorms?: boolean;
}

/**
 * A decoder step over `tokens` tokens at positions [pos, pos + tokens), recorded
 * once (per prompt length) like RecordedStep: the whole prompt's K/V go into the
 * target's caches and the last position's logits into its logits. Per layer:
 * norm, the q/k/v products into [T, (H + 2 KV) D], RoPE with the cache write,
 * causal flash attention (prefill-attention-shader.ts), the output product added
 * to the residual, norm, the gate/up products with the activation, the down
 * product added to the residual: each product a tiled matrix product
 * (matmul-shaders.ts), split over k with a second launch that adds the splits
 * when it would launch too few workgroups. Then the final norm and the logits
 * of the last token only.
 */
export class RecordedPrefill extends RecordedLaunches {
  private readonly tokenIds: GPUBuffer;
  private readonly stepInfo: GPUBuffer;

  constructor(
    device: GPUDevice,
    config: ModelConfig,
    private readonly target: PrefillTarget,
    weights: PreparedWeights,
    readonly tokens: number,
    options: PrefillOptions,
  ) {
    super(device, weights.dtype, FIRST_SUBMIT);
    const c = config;
    const capacity = target.capacity;
    if (!Number.isInteger(tokens) || tokens < 1 || tokens > capacity) {
      throw new LabError(`the recorded step takes 1 to ${capacity} tokens at once (its cache's capacity), got ${tokens}`, 'a shorter prompt, or more --max-new-tokens room');
    }
    const perLoad = this.dtype === 'f32' ? 4 : 8;
    const workgroupBytes = device.limits.maxComputeWorkgroupStorageSize;
    const subgroups = subgroupSupport(device);
    const attention = applicablePrefillAttention(config.heads, config.kvHeads, config.headDim, tokens, options.attention ?? PREFILL_ATTENTION, subgroups.ok ? subgroups.size : undefined);
    for (const [what, k] of [['hidden', c.hidden], ['heads * headDim', c.heads * c.headDim], ['intermediate', c.intermediate]] as const) {
      const tileK = options.matMulTiling(tokens, c.hidden, k, 1, workgroupBytes).tileK;
      if (k % tileK !== 0 || k % perLoad !== 0) throw new LabError(`the recorded prefill stages ${what} (${k}) in steps of ${tileK}`, 'use the scan prefill for this model');
    }
    if (c.headDim % 4 !== 0) throw new LabError(`the recorded prefill's attention reads vec4s: headDim (${c.headDim}) must be a multiple of 4`, 'use the scan prefill for this model');
    try {
      const qWidth = c.heads * c.headDim;
      const width = qWidth + 2 * c.kvHeads * c.headDim;
      const storage = GPUBufferUsage.STORAGE;
      const wordBytes = bytesPerWeight(this.dtype);
      const x = this.buffer(tokens * c.hidden, storage); // [T, hidden] the residual stream
      const normed = this.buffer(tokens * c.hidden, storage); // [T, hidden]
      const qkv = this.buffer(tokens * width, storage); // [T, (H + 2 KV) * D]
      const attended = this.buffer(tokens * qWidth, storage); // [T, H * D]
      const gated = this.buffer(tokens * c.intermediate, storage); // [T, intermediate]
      const lastNormed = this.buffer(c.hidden, storage); // [hidden] the last token, normed
      this.tokenIds = this.buffer(tokens, storage | GPUBufferUsage.COPY_DST); // [T] int32
      this.stepInfo = this.buffer(4, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST); // { pos }
      // The split products' partial sums [matrices, splitK, T, n], one buffer for all: the launches run in order.
      const layer0 = weights.layers[0];
      const shapes: [number, number, number][] = [
        ...(layer0?.qkv ?? []).map((w): [number, number, number] => [w.shape[0], c.hidden, 1]),
        [c.hidden, qWidth, 1], [c.intermediate, c.hidden, 2], [c.hidden, c.intermediate, 1],
      ];
      const partialWords = Math.max(...shapes.map(([n, k, m]) => {
        const t = options.matMulTiling(tokens, n, k, m, workgroupBytes);
        return t.splitK > 1 ? m * t.splitK * tokens * n : 0;
      }));
      const partials = partialWords > 0 ? this.buffer(partialWords, storage) : null;
      if (weights.rope.cos.shape[0] < capacity) throw new Error(`rotary tables cover ${weights.rope.cos.shape[0]} positions, the step needs ${capacity}`);
      const cos = gpuBufferOf(weights.rope.cos); // [positions, D/2]
      const sin = gpuBufferOf(weights.rope.sin);

      const norm = (scale: tf.Tensor1D) => this.launch('norms', rmsNormShader(c.hidden, c.rmsEps), { 0: x, 1: gpuBufferOf(scale), 2: normed }, tokens);
      /**
       * dst (epilogue) = input [T, k] W^T for W [n, k] (and W_up for the gated epilogue): one launch, or a split one
       * and its sum. With `thenNorm` (a product added to the residual x), normed then holds x RMS-normed by it: in
       * the split product's sum, or by a norm launch of its own.
       */
      const product = (label: string, w: tf.Tensor2D[], n: number, k: number, input: GPUBuffer, dst: GPUBuffer, epilogue: MatMulEpilogue, thenNorm?: tf.Tensor1D) => {
        const tiling = options.matMulTiling(tokens, n, k, w.length, workgroupBytes);
        const bound: Record<number, GPUBuffer> = { 0: this.weight(w[0]!, [n, k]), 1: input };
        if (w[1]) bound[3] = this.weight(w[1], [n, k]);
        const bytes = w.length * n * k * wordBytes;
        const groups = matMulGroups(tokens, n, tiling);
        if (thenNorm && (epilogue.kind !== 'add' || dst !== x)) throw new Error(`${label}: only a product added to the residual stream is normed after`);
        if (tiling.splitK === 1) {
          this.launch(label, matMulShader(tokens, n, k, this.dtype, tiling, epilogue, workgroupBytes), { ...bound, 2: dst }, groups, bytes);
          if (thenNorm) norm(thenNorm);
          return;
        }
        if (!partials) throw new Error(`${label}: a split product without a partial-sum buffer`);
        this.launch(label, matMulShader(tokens, n, k, this.dtype, tiling, epilogue, workgroupBytes), { ...bound, 2: partials }, groups, bytes);
        if (thenNorm && !options.separateNorms) {
          this.launch(label, matMulReduceNormShader(tokens, n, tiling.splitK, c.rmsEps), { 0: partials, 2: dst, 5: gpuBufferOf(thenNorm), 6: normed }, tokens);
        } else {
          this.launch(label, matMulReduceShader(tokens, n, tiling.splitK, epilogue), { 0: partials, 2: dst }, Math.ceil((tokens * n) / WORKGROUP));
          if (thenNorm) norm(thenNorm);
        }
      };

      let firstRow = 0;
      for (const [b, table] of weights.embedding.entries()) {
        const rows = table.shape[0];
        const block = weights.embedding.length > 1 ? { firstRow, rows } : undefined;
        this.launch('embedding', embedShader(c.hidden, this.dtype, block, tokens), { 0: this.weight(weights.embedding[b]!, [rows, c.hidden]), 1: this.tokenIds, 2: x }, Math.ceil((tokens * c.hidden) / WORKGROUP));
        firstRow += rows;
      }
      weights.layers.forEach((layer, i) => {
        const cache = target.caches[i];
        if (!cache) throw new Error(`layer ${i}: the target step has no cache for it`);
        if (i === 0) norm(layer.inputNormScale); // a later layer's input is normed with the layer before's down product
        let offset = 0;
        for (const w of layer.qkv) {
          product('qkv products', [w], w.shape[0], c.hidden, normed, qkv, { kind: 'store', rowStride: width, offset });
          offset += w.shape[0];
        }
        if (offset !== width) throw new Error(`layer ${i}: the q/k/v weights give ${offset} outputs, not ${width}`);
        this.launch('rope + cache write', ropeCacheShader(c.heads, c.kvHeads, c.headDim, capacity, tokens), { 0: qkv, 1: cos, 2: sin, 3: cache.keys, 4: cache.values, 9: this.stepInfo }, Math.ceil(ropeCacheThreads(c.heads, c.kvHeads, c.headDim, tokens) / WORKGROUP));
        this.launch('attention', prefillAttentionShader(c.heads, c.kvHeads, c.headDim, capacity, tokens, attention), { 0: qkv, 1: cache.keys, 2: cache.values, 3: attended, 9: this.stepInfo }, prefillAttentionGroups(c.heads, c.kvHeads, c.headDim, tokens, attention));
        product('output product + residual', [layer.wo], c.hidden, qWidth, attended, x, { kind: 'add' }, layer.postNormScale);
        product('gate/up products + gelu', [layer.wGate, layer.wUp], c.intermediate, c.hidden, normed, gated, { kind: 'gated' });
        product('down product + residual', [layer.wDown], c.hidden, c.intermediate, gated, x, { kind: 'add' }, weights.layers[i + 1]?.inputNormScale);
      });
      this.launch('norms', rmsNormShader(c.hidden, c.rmsEps, tokens - 1), { 0: x, 1: gpuBufferOf(weights.finalNormScale), 2: lastNormed }, 1);
      firstRow = 0;
      for (const head of weights.head) {
        const rows = head.shape[0];
        const tiling = options.logitsTiling(rows, c.hidden);
        this.launch('logits product', matVecShader(rows, c.hidden, firstRow, { tiling, weights: this.dtype }), { 0: this.weight(head, [rows, c.hidden]), 1: lastNormed, 2: target.logits }, matVecGroups(rows, c.hidden, tiling), rows * c.hidden * wordBytes);
        firstRow += rows;
      }
      if (firstRow !== c.vocabSize) throw new Error(`the logits' blocks hold ${firstRow} rows, not the vocabulary's ${c.vocabSize}`);
    } catch (e) {
      this.dispose(); // nothing half-built stays allocated
      throw e;
    }
  }

  protected beginStep(tokenBuffer: GPUBuffer, pos: number): GPUCommandEncoder {
    const capacity = this.target.capacity;
    if (!Number.isInteger(pos) || pos < 0 || pos + this.tokens > capacity) {
      throw new LabError(`${this.tokens} tokens at position ${pos} do not fit the recorded step's cache of ${capacity} positions`, 'a shorter prompt, or more --max-new-tokens room');
    }
    if (tokenBuffer.size < this.tokens * 4) throw new Error(`the token buffer holds ${tokenBuffer.size / 4} tokens, the step takes ${this.tokens}`);
    this.device.queue.writeBuffer(this.stepInfo, 0, new Uint32Array([pos]));
    const encoder = this.device.createCommandEncoder();
    encoder.copyBufferToBuffer(tokenBuffer, 0, this.tokenIds, 0, this.tokens * 4);
    return encoder;
  }
}
