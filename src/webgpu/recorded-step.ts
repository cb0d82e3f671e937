/// <reference types="@webgpu/types" />
import type * as tf from '@tensorflow/tfjs-core';
import { LabError } from '../errors.ts';
import type { ModelConfig } from '../model/config.ts';
import { bytesPerWeight, type WeightDtype } from '../model/weight-dtype.ts';
import type { PreparedWeights } from '../model/slots.ts';
import {
  attentionShader, combineAttentionShader, embedShader, gatedMatVecShader, lanesPerRowTiling, matVecAddShader, matVecGroups, matVecShader, rmsNormShader,
  ropeCacheShader, splitAttentionShader, STEP_ATTENTION_MAX_KEYS, WORKGROUP, type MatVecOptions, type MatVecTilingRule,
} from './step-kernels.ts';
import { bindGroupFor, grid, pipelineFor } from './pipelines.ts';
import { gpuBufferOf } from './tensor-buffer.ts';

export { bindGroupFor, pipelineFor };

/** One launch of the recorded step: everything it binds is fixed when the step is built. */
interface Launch {
  /** What it computes, for profiles: launches with the same label are one line. */
  label: string;
  /** Weight bytes it reads (0 for the launches that read only activations). */
  weightBytes: number;
  pipeline: GPUComputePipeline;
  bindings: GPUBindGroup;
  groups: [number, number];
}

/** GPU time of one kind of launch over a whole step. */
export interface LaunchProfile {
  label: string;
  launches: number;
  ms: number;
  weightBytes: number;
}

/**
 * How a step's attention is launched: one workgroup per query head over every
 * cached position, or (as flash-decoding) heads x splits workgroups of
 * keysPerSplit positions each, then a launch that combines the splits.
 */
export type StepAttention = 'per-head' | 'split-keys';

/** How a recorded step is built: what each of its executions chooses. */
export interface StepOptions {
  attention: StepAttention;
  /** How each product's threads cover its weight (step-kernels.ts). */
  tiling: MatVecTilingRule;
  /**
   * RMS-norm the residual stream inside each layer's products that read it, instead of in a launch of its
   * own. The final norm keeps its launch: every workgroup of a folded product sums the input's squares
   * again, and the logits product has tens of thousands (at 128 lanes folding measured 131 µs slower;
   * at the tuned 32 lanes 8.5 µs faster, 0.2% of a step, not yet swept).
   */
  normsInProducts: boolean;
  /**
   * Positions one split-keys workgroup takes. Fewer give more workgroups at short contexts (each step's
   * attention has heads x positions / keysPerSplit of them) and shorter serial loops in each, for a longer
   * combining pass.
   */
  keysPerSplit: number;
}

/** Positions one split-keys workgroup takes unless a step's options say otherwise. */
export const KEYS_PER_SPLIT = 32;

/** The first recorded step: per-head attention, a warp or more to a row, a launch per norm. */
export const FIRST_STEP_OPTIONS: StepOptions = { attention: 'per-head', tiling: lanesPerRowTiling, normsInProducts: false, keysPerSplit: KEYS_PER_SPLIT };

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
export class RecordedStep {
  /** The last step's logits [vocab], which TF.js copies into a tensor. */
  readonly logits: GPUBuffer;
  /** Bytes of the buffers the step allocated (activations, KV cache, logits). */
  readonly ownBytes: number;
  private readonly token: GPUBuffer;
  private readonly stepInfo: GPUBuffer;
  private readonly launches: Launch[] = [];
  private readonly owned: GPUBuffer[] = [];
  /** The element type of the weights the step reads: f32, or bf16/f16 packed two to a u32 and widened in its kernels. */
  private readonly dtype: WeightDtype;

  constructor(
    private readonly device: GPUDevice,
    config: ModelConfig,
    readonly capacity: number,
    weights: PreparedWeights,
    options: StepOptions = FIRST_STEP_OPTIONS,
  ) {
    const c = config;
    const { attention, tiling, normsInProducts, keysPerSplit } = options;
    this.dtype = weights.dtype;
    const wordBytes = bytesPerWeight(this.dtype);
    if (!Number.isInteger(keysPerSplit) || keysPerSplit < 1 || keysPerSplit > STEP_ATTENTION_MAX_KEYS) {
      throw new Error(`recorded step: keysPerSplit must be an integer from 1 to ${STEP_ATTENTION_MAX_KEYS}, got ${keysPerSplit}`);
    }
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
      const partials = attention === 'split-keys' ? this.buffer(c.heads * splits * (2 + c.headDim), storage) : null; // maxima, sums, [H * splits, D] values
      const caches = weights.layers.map(() => ({
        keys: this.buffer(c.kvHeads * capacity * c.headDim, storage), // [KV, capacity, D]
        values: this.buffer(c.kvHeads * capacity * c.headDim, storage),
      }));
      const cos = gpuBufferOf(weights.rope.cos); // [positions, D/2]
      const sin = gpuBufferOf(weights.rope.sin);
      if (weights.rope.cos.shape[0] < capacity) throw new Error(`rotary tables cover ${weights.rope.cos.shape[0]} positions, the step needs ${capacity}`);

      const norm = rmsNormShader(c.hidden, c.rmsEps);
      /** The launches of a product of W [n, k]: its shader options, and the workgroups its tiling takes. */
      const product = (n: number, k: number, normEps?: number): { options: MatVecOptions; groups: number } => {
        const t = tiling(n, k);
        return { options: { tiling: t, normEps, weights: this.dtype }, groups: matVecGroups(n, k, t) };
      };
      /**
       * The input of a product that reads the residual stream normed by `scale`: x itself with the norm folded
       * into the product (scale at binding 4), or `normed` after a norm launch of its own.
       */
      const normedInput = (scale: tf.Tensor1D, fold: boolean): { input: Record<number, GPUBuffer>; eps?: number } => {
        if (fold) return { input: { 1: x, 4: gpuBufferOf(scale) }, eps: c.rmsEps };
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
        const attentionInput = normedInput(layer.inputNormScale, normsInProducts);
        let offset = 0;
        for (const w of layer.qkv) {
          const rows = w.shape[0];
          const p = product(rows, c.hidden, attentionInput.eps);
          this.launch('qkv products', matVecShader(rows, c.hidden, offset, p.options), { 0: this.weight(w, [rows, c.hidden]), ...attentionInput.input, 2: qkv }, p.groups, rows * c.hidden * wordBytes);
          offset += rows;
        }
        if (offset !== qWidth + 2 * kvWidth) throw new Error(`layer ${i}: the q/k/v weights give ${offset} outputs, not ${qWidth + 2 * kvWidth}`);
        const rotated = (c.heads + c.kvHeads) * (c.headDim / 2) + kvWidth;
        this.launch('rope + cache write', ropeCacheShader(c.heads, c.kvHeads, c.headDim, capacity), { 0: qkv, 1: cos, 2: sin, 3: cache.keys, 4: cache.values, 9: this.stepInfo }, Math.ceil(rotated / WORKGROUP));
        if (partials) {
          this.launch('attention', splitAttentionShader(c.heads, c.kvHeads, c.headDim, capacity, keysPerSplit), { 0: qkv, 1: cache.keys, 2: cache.values, 3: partials, 9: this.stepInfo }, [c.heads, splits]);
          this.launch('attention', combineAttentionShader(c.heads, c.headDim, splits), { 3: partials, 4: attended }, c.heads);
        } else {
          this.launch('attention', attentionShader(c.heads, c.kvHeads, c.headDim, capacity), { 0: qkv, 1: cache.keys, 2: cache.values, 3: attended, 9: this.stepInfo }, c.heads);
        }
        const out = product(c.hidden, qWidth);
        this.launch('output product + residual', matVecAddShader(c.hidden, qWidth, out.options), { 0: this.weight(layer.wo, [c.hidden, qWidth]), 1: attended, 2: x }, out.groups, c.hidden * qWidth * wordBytes);
        // MLP block.
        const mlpInput = normedInput(layer.postNormScale, normsInProducts);
        const gateUp = product(c.intermediate, c.hidden, mlpInput.eps);
        this.launch(
          'gate/up products + gelu',
          gatedMatVecShader(c.intermediate, c.hidden, gateUp.options),
          { 0: this.weight(layer.wGate, [c.intermediate, c.hidden]), 3: this.weight(layer.wUp, [c.intermediate, c.hidden]), ...mlpInput.input, 2: gated },
          gateUp.groups,
          2 * c.intermediate * c.hidden * wordBytes,
        );
        const down = product(c.hidden, c.intermediate);
        this.launch('down product + residual', matVecAddShader(c.hidden, c.intermediate, down.options), { 0: this.weight(layer.wDown, [c.hidden, c.intermediate]), 1: gated, 2: x }, down.groups, c.hidden * c.intermediate * wordBytes);
      });
      const headInput = normedInput(weights.finalNormScale, false);
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
    this.ownBytes = this.owned.reduce((sum, b) => sum + b.size, 0);
  }

  /** How many launches one step records. */
  get launchCount(): number {
    return this.launches.length;
  }

  /**
   * Queues one step for the int32 token in `tokenBuffer` at position `pos`:
   * its K/V go into the cache and its logits into `logits`. Work already
   * submitted to the queue runs first; TF.js's unsubmitted work must be
   * submitted by the caller.
   */
  run(tokenBuffer: GPUBuffer, pos: number): void {
    const encoder = this.beginStep(tokenBuffer, pos);
    const pass = encoder.beginComputePass();
    let current: GPUComputePipeline | null = null;
    for (const { pipeline, bindings, groups } of this.launches) {
      if (pipeline !== current) pass.setPipeline((current = pipeline));
      pass.setBindGroup(0, bindings);
      pass.dispatchWorkgroups(groups[0], groups[1]);
    }
    pass.end();
    this.device.queue.submit([encoder.finish()]);
  }

  /**
   * Runs one step with every launch in a compute pass of its own, timed by
   * the GPU's timestamps, and returns the time per label. The separate passes
   * add the gaps between launches back in: the sum exceeds a step's time.
   * Needs the device's 'timestamp-query' feature (TF.js asks for it when the
   * adapter has it).
   */
  async profile(tokenBuffer: GPUBuffer, pos: number): Promise<LaunchProfile[]> {
    if (!this.device.features.has('timestamp-query')) throw new Error("this device has no 'timestamp-query' feature: launches cannot be timed");
    const count = this.launches.length * 2;
    const queries = this.device.createQuerySet({ type: 'timestamp', count });
    const resolved = this.device.createBuffer({ size: count * 8, usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC });
    const readable = this.device.createBuffer({ size: count * 8, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    try {
      const encoder = this.beginStep(tokenBuffer, pos);
      this.launches.forEach(({ pipeline, bindings, groups }, i) => {
        const pass = encoder.beginComputePass({ timestampWrites: { querySet: queries, beginningOfPassWriteIndex: 2 * i, endOfPassWriteIndex: 2 * i + 1 } });
        pass.setPipeline(pipeline);
        pass.setBindGroup(0, bindings);
        pass.dispatchWorkgroups(groups[0], groups[1]);
        pass.end();
      });
      encoder.resolveQuerySet(queries, 0, count, resolved, 0);
      encoder.copyBufferToBuffer(resolved, 0, readable, 0, count * 8);
      this.device.queue.submit([encoder.finish()]);
      await readable.mapAsync(GPUMapMode.READ);
      const ticks = new BigUint64Array(readable.getMappedRange().slice(0));
      readable.unmap();
      const byLabel = new Map<string, LaunchProfile>();
      this.launches.forEach(({ label, weightBytes }, i) => {
        const ms = Number(ticks[2 * i + 1]! - ticks[2 * i]!) / 1e6; // timestamps are in nanoseconds
        const line = byLabel.get(label) ?? { label, launches: 0, ms: 0, weightBytes: 0 };
        line.launches += 1;
        line.ms += ms;
        line.weightBytes += weightBytes;
        byLabel.set(label, line);
      });
      return [...byLabel.values()];
    } finally {
      queries.destroy();
      resolved.destroy();
      readable.destroy();
    }
  }

  /** Writes the step's position and returns an encoder that starts by copying in its token. */
  private beginStep(tokenBuffer: GPUBuffer, pos: number): GPUCommandEncoder {
    if (!Number.isInteger(pos) || pos < 0 || pos >= this.capacity) throw new Error(`position ${pos} is outside the recorded step's cache [0, ${this.capacity})`);
    this.device.queue.writeBuffer(this.stepInfo, 0, new Uint32Array([pos]));
    const encoder = this.device.createCommandEncoder();
    encoder.copyBufferToBuffer(tokenBuffer, 0, this.token, 0, 4);
    return encoder;
  }

  dispose(): void {
    for (const b of this.owned) b.destroy();
    this.owned.length = 0;
  }

  private buffer(elements: number, usage: number): GPUBuffer {
    const b = this.device.createBuffer({ size: Math.max(16, elements * 4), usage });
    this.owned.push(b);
    return b;
  }

  /** A weight's buffer, once its shape is the one the kernel reads ([out, in], or [out, in / 2] words of two packed halves). */
  private weight(t: tf.Tensor, shape: [number, number]): GPUBuffer {
    const packed = this.dtype !== 'f32';
    const columns = packed ? shape[1] / 2 : shape[1];
    if (t.shape.length !== 2 || t.shape[0] !== shape[0] || t.shape[1] !== columns || (packed && t.dtype !== 'int32')) {
      throw new Error(`the recorded step reads a ${this.dtype} weight as [${shape[0]}, ${columns}] ${packed ? 'int32 words' : 'float32'} ([out, in]), got [${t.shape}] ${t.dtype}`);
    }
    return gpuBufferOf(t);
  }

  /** Records a launch of `code` over `workgroups` workgroups (a count, or an [x, y] grid the kernel reads as such) with `bound` (binding -> buffer), which reads `weightBytes` of weights. */
  private launch(label: string, code: string, bound: Record<number, GPUBuffer>, workgroups: number | [number, number], weightBytes = 0): void {
    const pipeline = pipelineFor(this.device, code);
    const bindings = bindGroupFor(this.device, pipeline, bound);
    this.launches.push({ label, weightBytes, pipeline, bindings, groups: typeof workgroups === 'number' ? grid(workgroups) : workgroups });
  }
}
