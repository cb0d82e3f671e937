import type * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from './config.ts';
import type { WeightDtype } from './weight-dtype.ts';
import type { LayerWeights } from './weights.ts';
import type { RopeTables } from './layers.ts';
import type { Scalars } from './scalars.ts';

/**
 * The forward pass is assembled from these slots. A slot is one interface; an
 * implementation is one small object with a `name` (what reports show); a
 * variant picks implementations as data. The baseline's choices are in
 * `baseline-implementations.ts`.
 */

/** What every implementation has. */
export interface SlotImplementation {
  /** What reports show. */
  name: string;
  /** The backends it runs on (a kernel of the lab's own registered for them); absent: every backend. */
  backends?: readonly string[];
}

/**
 * The product of activations with a weight matrix: every projection and the
 * logits. `prepare` turns a weight into the layout `apply` reads, once, at
 * load time; a tensor it returns that is neither of its arguments is owned by
 * the model and disposed with it.
 */
export interface LinearProduct extends SlotImplementation {
  /** The layout `prepare` returns: what a consumer reading the weights directly (a recorded step) needs to know. */
  weightLayout: 'in-out' | 'out-in';
  /** From W [in, out] and, where the model already holds it, W^T [out, in] (the embedding, for the logits). */
  prepare(weight: { inOut: tf.Tensor2D; outIn?: tf.Tensor2D }): tf.Tensor2D;
  /** x [T, in] -> [T, out]. */
  apply(x: tf.Tensor2D, weight: tf.Tensor2D): tf.Tensor2D;
}

/** RMSNorm of each row: x [T, H], scale (1 + w) [H] -> [T, H]. */
export interface RowNorm extends SlotImplementation {
  normalize(x: tf.Tensor2D, scale: tf.Tensor1D, eps: number, scalars: Scalars): tf.Tensor2D;
}

/** Rotary position embedding of x [T, heads, D] at positions [pos, pos+T), from the model's tables. */
export interface Rotary extends SlotImplementation {
  rotate(x: tf.Tensor3D, tables: RopeTables, pos: number): tf.Tensor3D;
}

/** The MLP's gated activation: gelu_tanh(gate) * up, both [T, intermediate]. */
export interface GatedActivation extends SlotImplementation {
  activate(gate: tf.Tensor2D, up: tf.Tensor2D, scalars: Scalars): tf.Tensor2D;
}

/** Tensors a projection reads; built once at load time by `prepare`. */
export type ProjectionWeights = Readonly<Record<string, tf.Tensor2D>>;

/** x [T, hidden] -> q [T, heads*headDim], k and v [T, kvHeads*headDim]. */
export interface QkvProjection extends SlotImplementation {
  /** Derives the weights `project` reads (e.g. a concatenation) through `linear`; tensors not in `layer` are owned by the model and disposed with it. */
  prepare(layer: LayerWeights, linear: LinearProduct): ProjectionWeights;
  project(x: tf.Tensor2D, weights: ProjectionWeights, config: ModelConfig, linear: LinearProduct): { q: tf.Tensor2D; k: tf.Tensor2D; v: tf.Tensor2D };
  /**
   * For a step that reads [out, in] weights itself (of any element type, packed ones included): the matrices
   * whose outputs laid end to end are q | k | v, from the three [out, in] weights. A tensor it returns that is
   * none of its arguments is owned by the model.
   */
  joinRows(w: { wq: tf.Tensor2D; wk: tf.Tensor2D; wv: tf.Tensor2D }, stackRows: (parts: tf.Tensor2D[]) => tf.Tensor2D): tf.Tensor2D[];
}

/**
 * Attention of the query heads of B groups against their group's keys (the seed's `attnHead`).
 * q [B, G, T, D] (G query heads per group), k and v [B, S, D], mask [T, S] additive or null -> [B, G, T, D].
 */
export interface AttentionCore extends SlotImplementation {
  attend(q: tf.Tensor4D, k: tf.Tensor3D, v: tf.Tensor3D, mask: tf.Tensor2D | null, scale: tf.Scalar): tf.Tensor4D;
}

/**
 * How the core is applied over the KV groups (the seed's outer vmap).
 * q [kvHeads, G, T, D], k and v [kvHeads, S, D] -> [kvHeads, G, T, D].
 */
export interface GroupMapping extends SlotImplementation {
  attend(core: AttentionCore, q: tf.Tensor4D, k: tf.Tensor3D, v: tf.Tensor3D, mask: tf.Tensor2D | null, scale: tf.Scalar): tf.Tensor4D;
}

/** One layer's cache state: long-lived tensors owned by the generation loop. */
export type LayerCache = Readonly<Record<string, tf.Tensor>>;

/** Layout and update policy of the KV cache. */
export interface KvCacheLayout extends SlotImplementation {
  /** An empty cache able to hold `capacity` positions. */
  create(config: ModelConfig, capacity: number): LayerCache;
  /** Writes k and v [T, kvHeads, D] at positions [pos, pos+T); returns the new state (may share tensors with the old one). */
  append(cache: LayerCache, k: tf.Tensor3D, v: tf.Tensor3D, pos: number): LayerCache;
  /** Keys and values of positions [0, length): [kvHeads, length, D] each. */
  read(cache: LayerCache, length: number): { k: tf.Tensor3D; v: tf.Tensor3D };
}

/**
 * One forward step of the model on tokens [T] (int32) at positions [pos, pos+T),
 * writing their K/V into the cache; returns the last position's logits [vocab].
 * The caller owns the returned tensor.
 */
export type ForwardStep = (tokens: tf.Tensor1D, pos: number) => tf.Tensor1D;

/** How the prompt goes through the model. prompt [P] int32 -> the last prompt position's logits [vocab]. */
export interface PrefillStrategy extends SlotImplementation {
  /** How many prompt tokens each forward step takes. */
  tokensPerStep: 'one' | 'all';
  run(step: ForwardStep, prompt: tf.Tensor1D): tf.Tensor1D;
}

export interface GeneratedTokens {
  tokens: number[];
  /** logits[i] [vocab] chose tokens[i]; only when asked for. */
  logits: Float32Array[] | null;
  /**
   * Seconds the host took to queue every step, before it waited for the first result (loops that keep the
   * tokens on the device). Near the generation's own time, the host, not the GPU, set the pace.
   */
  queuedS?: number;
  /**
   * Seconds from the GPU's start of the first token's work to its end of the last step's (its own timestamps;
   * loops that queue every step, on a device with timestamp-query). Well under the generation's own time, the
   * GPU sat idle or the host learned late that it was done.
   */
  gpuS?: number;
}

/**
 * Greedy generation of `count` tokens, the first chosen by `firstLogits`
 * (ownership passes to the loop), the next fed from position `startPos`.
 * Resolves only once the tokens are on the host.
 */
export interface GenerationLoop extends SlotImplementation {
  /** Why the other choices of `impl` cannot be paired with this one; empty when they can. */
  conflicts?(impl: Implementations): string[];
  /** `open`: the step `step` runs, for a loop that hands the whole generation to it (OpenStep.generateGreedy). */
  run(step: ForwardStep, firstLogits: tf.Tensor1D, startPos: number, count: number, collectLogits: boolean, open?: OpenStep): Promise<GeneratedTokens>;
}

/** A forward step ready to run for one generate call, and the state it holds. */
export interface OpenStep {
  step: ForwardStep;
  /**
   * Builds what a step of `tokens` tokens needs (a recorded multi-token step), before the clock starts: like
   * the single-token step, built once when the step opens, not inside the prefill it times. Optional.
   */
  prepare?(tokens: number): void;
  /**
   * Greedy generation with each next token chosen inside the step's own work on the device (a recorded step's
   * argmax), the arguments and result those of GenerationLoop.run. Only a step whose execution `choosesTokens`.
   */
  generateGreedy?(firstLogits: tf.Tensor1D, startPos: number, count: number, collectLogits: boolean): Promise<GeneratedTokens>;
  /** The most bytes held at once during the steps so far: TF.js tensors and any buffers of the step's own. */
  peakBytes(): number;
  dispose(): void;
}

/** What a step execution reads from the model. */
export interface ExecutableModel {
  readonly config: ModelConfig;
  /** The forward pass composed from the other slots, one TF.js op at a time, with caches for `capacity` positions. */
  composedStep(capacity: number): OpenStep;
  /** The weights in the layouts the model's implementations prepared, with rotary tables for `capacity` positions. */
  preparedWeights(capacity: number): PreparedWeights;
}

/**
 * The model's weights as its implementations prepared them (layout: the linear
 * slot's weightLayout; packed weights are always [out, in]).
 */
export interface PreparedWeights {
  /** The matrices' element type: f32 tensors, or (bf16, f16) int32 tensors [out, in / 2] of two packed halves each. */
  dtype: WeightDtype;
  /** [vocab, hidden] in blocks of consecutive rows (weights.ts rowBlocks), each within one binding. */
  embedding: tf.Tensor2D[];
  /** The logits' weight, one per block of the embedding's rows. */
  head: tf.Tensor2D[];
  finalNormScale: tf.Tensor1D; // (1 + w) [hidden]
  rope: RopeTables;
  layers: {
    inputNormScale: tf.Tensor1D;
    postNormScale: tf.Tensor1D;
    /** The projection's weights, whose outputs laid end to end are q | k | v: [wqkv] or [wq, wk, wv]. */
    qkv: tf.Tensor2D[];
    wo: tf.Tensor2D;
    wGate: tf.Tensor2D;
    wUp: tf.Tensor2D;
    wDown: tf.Tensor2D;
  }[];
}

/**
 * How a forward step's kernels reach the device: composed from the other
 * slots as TF.js ops (each op pays TF.js's bookkeeping and a new bind group),
 * or recorded once as a fixed sequence of the lab's own kernels.
 */
export interface StepExecution extends SlotImplementation {
  /** Why the other choices of `impl` cannot be paired with this one; empty when they can. */
  conflicts?(impl: Implementations): string[];
  /** The slots whose work the step does with kernels of its own, so their implementations are never called (reports say so). */
  performs?: readonly SlotName[];
  /**
   * Reads bf16/f16 weights packed two to a u32 ([out, in], widened in its own kernels) when the model's weight
   * dtype is narrow, instead of float32 tensors from the other slots: such a model holds no float32 copy.
   */
  readsPackedWeights?: boolean;
  /** Its open steps offer generateGreedy: the next token chosen on the device, within the step's own work. */
  choosesTokens?: boolean;
  open(model: ExecutableModel, capacity: number): OpenStep;
}

/** The slots a variant can fill. */
export interface Implementations {
  execution: StepExecution;
  prefill: PrefillStrategy;
  generation: GenerationLoop;
  qkvProjection: QkvProjection;
  attentionCore: AttentionCore;
  groupMapping: GroupMapping;
  kvCache: KvCacheLayout;
  linear: LinearProduct;
  norm: RowNorm;
  rope: Rotary;
  mlpActivation: GatedActivation;
}

export type SlotName = keyof Implementations;

export const SLOT_NAMES: readonly SlotName[] = ['execution', 'prefill', 'generation', 'qkvProjection', 'attentionCore', 'groupMapping', 'kvCache', 'linear', 'norm', 'rope', 'mlpActivation'];

/** Whether a model of `impl` reads the packed weights of a `dtype` model rather than float32 tensors. */
export function readsPackedWeights(impl: Implementations, dtype: WeightDtype): boolean {
  return dtype !== 'f32' && impl.execution.readsPackedWeights === true;
}

/** The implementations bound to other backends than `backend`, as "slot (implementation: backends only)". */
export function boundElsewhere(impl: Implementations, backend: string): string[] {
  return SLOT_NAMES.filter((slot) => {
    const backends = impl[slot].backends;
    return backends !== undefined && !backends.includes(backend);
  }).map((slot) => `${slot} (${impl[slot].name}: ${impl[slot].backends!.join(', ')} only)`);
}

/** Why these implementations cannot run together on `backend`: those bound elsewhere, then each pairing the execution or the generation loop refuses. Empty when they can. */
export function unsupportedOn(impl: Implementations, backend: string): string[] {
  return [...boundElsewhere(impl, backend), ...(impl.execution.conflicts?.(impl) ?? []), ...(impl.generation.conflicts?.(impl) ?? [])];
}

/**
 * slot -> implementation name, as stored and reported. A slot the execution
 * performs itself reads `in <execution>`: naming the implementation it would
 * otherwise hold would claim work that never ran.
 */
export function describeImplementations(impl: Implementations): Record<SlotName, string> {
  const performed = new Set(impl.execution.performs ?? []);
  return Object.fromEntries(SLOT_NAMES.map((slot) => [slot, performed.has(slot) ? `${PERFORMED_PREFIX}${impl.execution.name}` : impl[slot].name])) as Record<SlotName, string>;
}

const PERFORMED_PREFIX = 'in ';

/** Whether a described slot choice is one its execution performs (implementation names are kebab-case, never `in …`). */
export function isPerformedByExecution(described: string): boolean {
  return described.startsWith(PERFORMED_PREFIX);
}
