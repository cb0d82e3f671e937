import * as tf from '@tensorflow/tfjs-core';
import { assertBackendHealthy } from '../backend.ts';
import { LAB_KERNEL } from '../webgpu/kernel-names.ts';
import { LabError } from '../errors.ts';
import type { ModelConfig } from './config.ts';
import { causalMask, RopeTables } from './layers.ts';
import { modelPart, modelPhase } from './parts.ts';
import { Scalars } from './scalars.ts';
import { untilComputed } from './until-computed.ts';
import { gatherRows } from './vocabulary-blocks.ts';
import { boundElsewhere, readsPackedWeights, unsupportedOn, type ExecutableModel, type GeneratedTokens, type Implementations, type LayerCache, type OpenStep, type PreparedWeights, type ProjectionWeights } from './slots.ts';
import { packedTensors } from './packed-weights.ts';
import { denseWeightSet, type WeightSet } from './weight-set.ts';
import type { ModelWeights } from './weights.ts';

/** What one generate call measured. Phase times end only once their results are on the host. */
export interface GenerationResult extends GeneratedTokens {
  prefillS: number;
  generationS: number;
  totalS: number;
  /** Most bytes the backend held in tensors at once during the call. */
  peakTensorBytes: number;
}

/**
 * A Gemma decoder: shared weights + the implementations a variant picked.
 * The weights belong to the caller (several variants share them); the model
 * owns only what its implementations derived from them.
 */
export class GemmaModel implements ExecutableModel {
  /** The float32 weights the composed step reads; null when the model reads only packed ones. */
  private readonly dense: ModelWeights | null;
  /** What the composed step and a float32 direct reader read, as the implementations prepared it; null with packed weights. */
  private readonly prepared: {
    projections: ProjectionWeights[];
    /** Each layer's other linear weights and the output head, as impl.linear reads them. */
    linearWeights: { wo: tf.Tensor2D; wGate: tf.Tensor2D; wUp: tf.Tensor2D; wDown: tf.Tensor2D }[];
    /** The logits' weight, one per block of the embedding's rows (of the vocabulary). */
    head: tf.Tensor2D[];
  } | null;
  /** With packed weights: each layer's q/k/v matrices as the qkvProjection joins their rows. */
  private readonly packedQkv: tf.Tensor2D[][] | null;
  private readonly owned: tf.Tensor[];
  /** Ids of every tensor the forward pass reads: the derived weights and the shared ones still used as they are. */
  private readonly read: Set<number>;
  private rope: RopeTables | null = null;
  private readonly scalars = new Scalars();
  /** The weights as given: float32 tensors alone, or a loaded set (packed ones too). */
  readonly weights: WeightSet;

  constructor(
    readonly config: ModelConfig,
    weights: ModelWeights | WeightSet,
    readonly impl: Implementations,
  ) {
    const backend = tf.getBackend();
    const unsupported = unsupportedOn(impl, backend);
    if (unsupported.length > 0) {
      const elsewhere = boundElsewhere(impl, backend).length > 0;
      throw new LabError(
        `these implementations cannot run${elsewhere ? ` on the ${backend} backend` : ' together'}: ${unsupported.join('; ')}`,
        elsewhere ? 'run with --backend webgpu, or leave this variant out' : 'combine the variant as the reason says, or leave it out',
      );
    }
    this.weights = 'layers' in weights ? denseWeightSet(weights) : weights;
    const { dense, packed } = this.weights;
    if (readsPackedWeights(impl, this.weights.dtype)) {
      // The execution reads the narrow weights itself: no float32 copy is prepared.
      if (!packed) throw new Error(`execution ${impl.execution.name} reads ${this.weights.dtype} weights packed, but they were loaded without them (loadModel's readers)`);
      this.dense = null;
      this.prepared = null;
      this.packedQkv = packed.layers.map((layer) => impl.qkvProjection.joinRows(layer, stackPackedRows));
      const given = new Set(packedTensors(packed).map((t) => t.id));
      this.owned = this.packedQkv.flat().filter((t) => !given.has(t.id));
      const norms = [packed.finalNormScale, ...packed.layers.flatMap((l) => [l.inputNormScale, l.postNormScale])];
      this.read = new Set([...this.packedQkv.flat(), ...norms, ...packed.embedding, ...packed.layers.flatMap((l) => [l.wo, l.wGate, l.wUp, l.wDown])].map((t) => t.id));
      return;
    }
    if (!dense) throw new Error(`the model composes its step from float32 tensors, but its ${this.weights.dtype} weights were loaded without them (loadModel's readers)`);
    this.dense = dense;
    this.packedQkv = null;
    const linear = impl.linear;
    const projections = dense.layers.map((layer) => impl.qkvProjection.prepare(layer, linear));
    const linearWeights = dense.layers.map((layer) => ({
      wo: linear.prepare({ inOut: layer.wo }),
      wGate: linear.prepare({ inOut: layer.wGate }),
      wUp: linear.prepare({ inOut: layer.wUp }),
      wDown: linear.prepare({ inOut: layer.wDown }),
    }));
    const head = dense.outputHead.map((inOut, b) => linear.prepare({ inOut, outIn: dense.embedding[b] }));
    this.prepared = { projections, linearWeights, head };
    const shared = new Set([...dense.embedding, ...dense.outputHead, ...dense.layers.flatMap((layer) => Object.values(layer))].map((t: tf.Tensor) => t.id));
    const derived = [...projections.flatMap((p) => Object.values(p)), ...linearWeights.flatMap((l) => Object.values(l)), ...head];
    this.owned = derived.filter((t) => !shared.has(t.id));
    const norms = [dense.finalNormScale, ...dense.layers.flatMap((l) => [l.inputNormScale, l.postNormScale])];
    this.read = new Set([...derived, ...norms, ...dense.embedding].map((t) => t.id));
  }

  /** The float32 side, for the composed step: refused in one line for a model that reads packed weights only. */
  private composedParts() {
    if (!this.dense || !this.prepared) {
      throw new LabError(`this model reads its ${this.weights.dtype} weights packed (execution ${this.impl.execution.name}) and holds no float32 copy for TF.js ops`, 'use a recorded-step execution, or --weights-dtype f32');
    }
    return { dense: this.dense, ...this.prepared };
  }

  /**
   * One forward step over tokens [T] at positions [pos, pos+T), reading and
   * updating `caches` (one per layer) in place of the caller's array.
   * Returns the last position's logits [vocab].
   */
  forward(tokens: tf.Tensor1D, pos: number, caches: LayerCache[], peak: { bytes: number }): tf.Tensor1D {
    const c = this.config;
    const { dense, linearWeights, projections, head } = this.composedParts();
    const { layers, embedding, finalNormScale } = dense;
    const linear = this.impl.linear;
    const norm = this.impl.norm;
    const rope = this.ropeFor(pos + tokens.shape[0]);
    const groupSize = c.heads / c.kvHeads;
    const previous = caches.slice();
    const logits = tf.tidy(() => {
      const t = tokens.shape[0];
      let h = modelPart('embedding', () => tf.mul(gatherRows(embedding, tokens), this.scalars.of(Math.sqrt(c.hidden))) as tf.Tensor2D); // [T, hidden]
      const mask = t > 1 ? causalMask(t, pos) : null; // [T, S]; a single query sees every cached key
      for (let i = 0; i < c.layers; i++) {
        const w = layers[i]!;
        const lw = linearWeights[i]!;
        // Attention block.
        const x = modelPart('norms', () => norm.normalize(h, w.inputNormScale, c.rmsEps, this.scalars)); // [T, hidden]
        const { q, k, v } = modelPart('qkv projection', () => this.impl.qkvProjection.project(x, projections[i]!, c, linear));
        const qRot = modelPart('rope', () => this.impl.rope.rotate(tf.reshape(q, [t, c.heads, c.headDim]), rope, pos)); // [T, H, D]
        const kRot = modelPart('rope', () => this.impl.rope.rotate(tf.reshape(k, [t, c.kvHeads, c.headDim]), rope, pos)); // [T, KV, D]
        caches[i] = modelPart('cache update', () => this.impl.kvCache.append(caches[i]!, kRot, tf.reshape(v, [t, c.kvHeads, c.headDim]), pos));
        Object.values(caches[i]!).forEach((kept) => tf.keep(kept));
        const cached = modelPart('cache update', () => this.impl.kvCache.read(caches[i]!, pos + t)); // [KV, S, D] each
        // Head j belongs to KV group floor(j / groupSize): heads of a group are adjacent.
        const qGroups = tf.reshape(tf.transpose(qRot, [1, 0, 2]), [c.kvHeads, groupSize, t, c.headDim]) as tf.Tensor4D; // [KV, G, T, D]
        const attended = this.impl.groupMapping.attend(
          this.impl.attentionCore, qGroups, cached.k, cached.v, mask, this.scalars.of(1 / Math.sqrt(c.headDim)),
        ); // [KV, G, T, D]
        const merged = modelPart('output projection', () => tf.reshape(tf.transpose(tf.reshape(attended, [c.heads, t, c.headDim]), [1, 0, 2]), [t, c.heads * c.headDim]) as tf.Tensor2D); // [T, H*D]
        h = modelPart('output projection', () => tf.add(h, linear.apply(merged, lw.wo)));
        // MLP block.
        const x2 = modelPart('norms', () => norm.normalize(h, w.postNormScale, c.rmsEps, this.scalars)); // [T, hidden]
        const gated = modelPart('mlp', () => this.impl.mlpActivation.activate(linear.apply(x2, lw.wGate), linear.apply(x2, lw.wUp), this.scalars)); // [T, intermediate]
        h = modelPart('mlp', () => tf.add(h, linear.apply(gated, lw.wDown)));
      }
      const last = modelPart('logits', () => (t > 1 ? tf.slice(h, [t - 1, 0], [1, c.hidden]) : h)); // [1, hidden]
      const out = modelPart('logits', () => {
        const normed = norm.normalize(last, finalNormScale, c.rmsEps, this.scalars);
        const blocks = head.map((w) => linear.apply(normed, w)); // [1, rows] per block of the vocabulary
        return tf.reshape(blocks.length === 1 ? blocks[0]! : tf.concat(blocks, 1), [c.vocabSize]) as tf.Tensor1D; // [vocab]
      });
      // Within a tidy nothing is freed before its end, so this is the step's high-water mark.
      peak.bytes = Math.max(peak.bytes, tf.memory().numBytes);
      return out;
    });
    for (let i = 0; i < previous.length; i++) disposeReplaced(previous[i]!, caches[i]!);
    return logits;
  }

  /** Checks a prompt and a generation length against the model, in the user's terms. */
  validateRequest(prompt: readonly number[], maxNewTokens: number): void {
    const c = this.config;
    if (prompt.length === 0) throw new LabError('the prompt is empty', 'give at least one token id, e.g. --prompt 2,5,9');
    const bad = prompt.findIndex((id) => !Number.isInteger(id) || id < 0 || id >= c.vocabSize);
    if (bad >= 0) {
      throw new LabError(`prompt token ${prompt[bad]} (position ${bad}) is outside the vocabulary [0, ${c.vocabSize})`, 'use token ids below vocabSize');
    }
    if (!Number.isInteger(maxNewTokens) || maxNewTokens < 1) {
      throw new LabError(`the number of tokens to generate must be a positive integer, got ${maxNewTokens}`);
    }
    if (prompt.length + maxNewTokens > c.maxSeq) {
      throw new LabError(
        `prompt (${prompt.length}) + new tokens (${maxNewTokens}) = ${prompt.length + maxNewTokens} exceeds maxSeq ${c.maxSeq}`,
        'shorten the prompt or generate fewer tokens',
      );
    }
  }

  /** Prefill then greedy generation, each phase timed on its own. */
  async generate(prompt: readonly number[], maxNewTokens: number, options: { collectLogits?: boolean } = {}): Promise<GenerationResult> {
    this.validateRequest(prompt, maxNewTokens);
    const capacity = prompt.length + maxNewTokens;
    const opened = this.impl.execution.open(this, capacity); // built before the clock starts
    if (this.impl.prefill.tokensPerStep === 'all') opened.prepare?.(prompt.length);
    const startBytes = tf.memory().numBytes;
    const step = (tokens: tf.Tensor1D, pos: number) => modelPart('other', () => opened.step(tokens, pos)); // a step's unmarked kernels are 'other'
    const promptTensor = tf.tensor1d(prompt as number[], 'int32'); // [P]
    try {
      modelPhase('prefill');
      const start = performance.now();
      const lastLogits = this.impl.prefill.run(step, promptTensor); // [vocab]
      await untilComputed(lastLogits);
      const prefillEnd = performance.now();
      modelPhase('generation');
      const generated = await modelPart('sampling', () => this.impl.generation.run(step, lastLogits, prompt.length, maxNewTokens, options.collectLogits ?? false, opened));
      const end = performance.now();
      assertBackendHealthy(); // a kernel the GPU refused leaves stale memory that can even look right
      return {
        ...generated,
        prefillS: (prefillEnd - start) / 1000,
        generationS: (end - prefillEnd) / 1000,
        totalS: (end - start) / 1000,
        peakTensorBytes: Math.max(startBytes, opened.peakBytes()),
      };
    } finally {
      promptTensor.dispose();
      opened.dispose();
    }
  }

  /** The forward pass composed from the slots, with a KV cache per layer able to hold `capacity` positions. */
  composedStep(capacity: number): OpenStep {
    const caches: LayerCache[] = Array.from({ length: this.config.layers }, () => this.impl.kvCache.create(this.config, capacity));
    this.ropeFor(capacity);
    const peak = { bytes: 0 };
    return {
      step: (tokens, pos) => this.forward(tokens, pos, caches, peak),
      peakBytes: () => peak.bytes,
      dispose: () => {
        for (const cache of caches) tf.dispose(Object.values(cache));
      },
    };
  }

  /** The weights as this model's implementations prepared them (or packed), for an execution that reads them directly. */
  preparedWeights(capacity: number): PreparedWeights {
    const rope = this.ropeFor(capacity);
    const packed = this.weights.packed;
    if (this.packedQkv && packed) {
      return {
        dtype: packed.dtype,
        embedding: packed.embedding,
        head: packed.embedding, // tied: the logits read the embedding's rows
        finalNormScale: packed.finalNormScale,
        rope,
        layers: packed.layers.map((layer, i) => ({
          inputNormScale: layer.inputNormScale,
          postNormScale: layer.postNormScale,
          qkv: this.packedQkv![i]!,
          wo: layer.wo,
          wGate: layer.wGate,
          wUp: layer.wUp,
          wDown: layer.wDown,
        })),
      };
    }
    const { dense, projections, linearWeights, head } = this.composedParts();
    return {
      dtype: 'f32',
      embedding: dense.embedding,
      head,
      finalNormScale: dense.finalNormScale,
      rope,
      layers: dense.layers.map((layer, i) => ({
        inputNormScale: layer.inputNormScale,
        postNormScale: layer.postNormScale,
        qkv: qkvWeights(projections[i]!),
        ...linearWeights[i]!,
      })),
    };
  }

  /**
   * Frees the shared weights this model never reads (those its
   * implementations replaced with a derived layout, e.g. W [in, out] once
   * wgsl-matvec holds W^T, and a form of the weights it does not read at
   * all): for a caller whose weights serve this model alone, so that a GPU
   * holding one process per variant keeps one copy.
   */
  disposeUnreadWeights(): void {
    const { dense, packed } = this.weights;
    const all = [
      ...(dense ? [...dense.embedding, ...dense.outputHead, dense.finalNormScale, ...dense.layers.flatMap((l) => Object.values(l) as tf.Tensor[])] : []),
      ...(packed ? packedTensors(packed) : []),
    ];
    for (const t of all) {
      if (!this.read.has(t.id)) t.dispose();
    }
  }

  dispose(): void {
    tf.dispose(this.owned);
    this.rope?.dispose();
    this.rope = null;
    this.scalars.dispose();
  }

  private ropeFor(length: number): RopeTables {
    if (!this.rope || this.rope.cos.shape[0] < length) {
      this.rope?.dispose();
      this.rope = new RopeTables(this.config.headDim, this.config.ropeTheta, Math.min(this.config.maxSeq, Math.max(length, 256)));
    }
    return this.rope;
  }
}

/** Packed matrices stacked along their rows, word for word (the lab's kernel: TF.js's concat rounds int32 through float32 on WebGPU). */
function stackPackedRows(parts: tf.Tensor2D[]): tf.Tensor2D {
  return tf.engine().runKernel(LAB_KERNEL.joinRows, Object.fromEntries(parts.map((p, i) => [`part${i}`, p]))) as tf.Tensor2D;
}

/** A projection's weights in output order (q | k | v), from the names the qkvProjection implementations prepare. */
function qkvWeights(projection: ProjectionWeights): tf.Tensor2D[] {
  const { wqkv, wq, wk, wv } = projection;
  if (wqkv) return [wqkv];
  if (wq && wk && wv) return [wq, wk, wv];
  throw new Error(`a projection prepared as {${Object.keys(projection).join(', ')}}: a direct reader knows {wqkv} and {wq, wk, wv}`);
}

function disposeReplaced(before: LayerCache, after: LayerCache): void {
  const kept = new Set(Object.values(after).map((t) => t.id));
  for (const t of Object.values(before)) if (!kept.has(t.id)) t.dispose();
}
