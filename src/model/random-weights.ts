import * as tf from '@tensorflow/tfjs-core';
import { LAB_KERNEL } from '../webgpu/kernel-names.ts';
import type { ModelConfig } from './config.ts';
import type { PackedTensorSource } from './packed-weights.ts';
import { fillSeededUniform, seededUniformAt, tensorStream, uniformStep } from './seeded-uniform.ts';
import { packHalves, roundToDtype, type WeightDtype } from './weight-dtype.ts';
import { layerTensorName, type RawTensor, type RawTensorSource, type TensorSource } from './weights.ts';

/**
 * Attributes of LAB_KERNEL.seededUniform (src/webgpu/seeded-uniform-kernel.ts): a [rows, cols] tensor of a
 * stream, read transposed when asked (see fillSeededUniform), each value rounded to `round` and widened back.
 */
export interface SeededUniformAttrs {
  shape: [number, number];
  /** The stored index of the first element (a block of rows further down a matrix); 0 unless transposed is false. */
  offset: number;
  stream: number;
  step: number;
  transposed: boolean;
  round: WeightDtype;
  [key: string]: number | boolean | number[] | string;
}

/** Attributes of LAB_KERNEL.seededPacked: the stream's [rows, cols] tensor as stored, in `dtype`, packed into int32 [rows, cols / 2]. */
export interface SeededPackedAttrs {
  shape: [number, number];
  /** The stored index of the first element (even): a block of rows further down the matrix. */
  offset: number;
  stream: number;
  step: number;
  dtype: 'bf16' | 'f16';
  [key: string]: number | number[] | string;
}

/**
 * Seeded random weights, so every variant of a sweep (and every process of it)
 * runs on identical numbers, on every backend. Each tensor gets its own stream,
 * derived from the seed and the tensor's name, so the values do not depend on
 * loading order.
 *
 * Values are uniform with the variance of the usual initializations
 * (1/fan_in for projections, so activations stay O(1) through the layers),
 * with the residual branches' output projections (o_proj, down_proj) four
 * times wider so that the layers, not the token's own embedding, decide the
 * next token: otherwise a random model only echoes its input and greedy
 * tokens would say little about whether two variants agree;
 * uniform rather than normal because the forward pass's cost does not depend
 * on the distribution and a uniform is exactly reproducible on a GPU.
 * In bf16 or f16 every value is the float32 draw rounded to nearest (ties to
 * even), identically on the host and the device.
 */
export function randomWeightSource(config: ModelConfig, seed: number, dtype: WeightDtype = 'f32'): RawTensorSource {
  const shapes = rawShapes(config);
  return (name: string): RawTensor => {
    const spec = specOf(shapes, name);
    const [rows, cols = 1] = spec.shape;
    const data = new Float32Array(rows! * cols);
    fillSeededUniform(data, rows!, cols, tensorStream(seed, name), uniformStep(spec.std), false);
    return { shape: spec.shape, data: roundToDtype(data, dtype) };
  };
}

/**
 * The same weights made where the model runs: drawn by the backend itself when
 * it registers LAB_KERNEL.seededUniform (WebGPU: gemma-2b in seconds, not minutes),
 * else drawn on the host straight into the layout the forward pass reads.
 */
export function randomTensorSource(config: ModelConfig, seed: number, dtype: WeightDtype = 'f32'): TensorSource {
  const shapes = rawShapes(config);
  const onDevice = tf.getKernel(LAB_KERNEL.seededUniform, tf.getBackend()) !== undefined;
  /** Rows [first, first + rows) of the tensor as stored, or the whole tensor transposed. */
  const draw = (name: string, transposed: boolean, first = 0, count?: number): tf.Tensor2D => {
    const spec = specOf(shapes, name);
    const [stored0, stored1] = spec.shape as [number, number];
    const rows = count ?? stored0;
    const shape: [number, number] = transposed ? [stored1, stored0] : [rows, stored1];
    const stream = tensorStream(seed, name);
    const step = uniformStep(spec.std);
    const offset = first * stored1;
    if (onDevice) {
      const attrs: SeededUniformAttrs = { shape, offset, stream, step, transposed, round: dtype };
      return tf.engine().runKernel(LAB_KERNEL.seededUniform, {}, attrs) as tf.Tensor2D;
    }
    const data = new Float32Array(shape[0] * shape[1]);
    if (transposed) fillSeededUniform(data, shape[0], shape[1], stream, step, true);
    else for (let i = 0; i < data.length; i++) data[i] = seededUniformAt(offset + i, stream, step);
    return tf.tensor2d(roundToDtype(data, dtype), shape);
  };
  return {
    linear: (name) => draw(name, true),
    storedRows: (name, first, count) => draw(name, false, first, count),
    raw: randomWeightSource(config, seed, dtype),
  };
}

/**
 * The same weights in bf16 or f16, packed two to a word as stored ([out, in]): drawn, rounded and packed by the
 * device when it has LAB_KERNEL.seededPacked (no float32 copy on it), else on the host.
 */
export function randomPackedSource(config: ModelConfig, seed: number, dtype: 'bf16' | 'f16'): PackedTensorSource {
  const shapes = rawShapes(config);
  const onDevice = tf.getKernel(LAB_KERNEL.seededPacked, tf.getBackend()) !== undefined;
  const raw = randomWeightSource(config, seed, dtype);
  const rowsOf = (name: string, first: number, count: number): tf.Tensor2D => {
    const spec = specOf(shapes, name);
    const cols = spec.shape[1]!;
    const shape: [number, number] = [count, cols];
    const stream = tensorStream(seed, name);
    const step = uniformStep(spec.std);
    if (onDevice) {
      const attrs: SeededPackedAttrs = { shape, offset: first * cols, stream, step, dtype };
      return tf.engine().runKernel(LAB_KERNEL.seededPacked, {}, attrs) as tf.Tensor2D;
    }
    const data = Float32Array.from({ length: count * cols }, (_, i) => seededUniformAt(first * cols + i, stream, step));
    return tf.tensor2d(packHalves(data, dtype), [count, cols / 2], 'int32');
  };
  return {
    packed: (name) => rowsOf(name, 0, specOf(shapes, name).shape[0]!),
    packedRows: rowsOf,
    raw,
  };
}

function specOf(shapes: Map<string, { shape: number[]; std: number }>, name: string): { shape: number[]; std: number } {
  const spec = shapes.get(name);
  if (!spec) throw new Error(`no random initializer for tensor ${name}`);
  return spec;
}

function rawShapes(c: ModelConfig): Map<string, { shape: number[]; std: number }> {
  const q = c.heads * c.headDim;
  const kv = c.kvHeads * c.headDim;
  const norm = { shape: [c.hidden], std: 0.1 };
  const m = new Map<string, { shape: number[]; std: number }>();
  m.set('model.embed_tokens.weight', { shape: [c.vocabSize, c.hidden], std: 1 / Math.sqrt(c.hidden) });
  for (let i = 0; i < c.layers; i++) {
    m.set(layerTensorName(i, 'input_layernorm'), norm);
    m.set(layerTensorName(i, 'self_attn.q_proj'), { shape: [q, c.hidden], std: 1 / Math.sqrt(c.hidden) });
    m.set(layerTensorName(i, 'self_attn.k_proj'), { shape: [kv, c.hidden], std: 1 / Math.sqrt(c.hidden) });
    m.set(layerTensorName(i, 'self_attn.v_proj'), { shape: [kv, c.hidden], std: 1 / Math.sqrt(c.hidden) });
    m.set(layerTensorName(i, 'self_attn.o_proj'), { shape: [c.hidden, q], std: 4 / Math.sqrt(q) });
    m.set(layerTensorName(i, 'post_attention_layernorm'), norm);
    m.set(layerTensorName(i, 'mlp.gate_proj'), { shape: [c.intermediate, c.hidden], std: 1 / Math.sqrt(c.hidden) });
    m.set(layerTensorName(i, 'mlp.up_proj'), { shape: [c.intermediate, c.hidden], std: 1 / Math.sqrt(c.hidden) });
    m.set(layerTensorName(i, 'mlp.down_proj'), { shape: [c.hidden, c.intermediate], std: 4 / Math.sqrt(c.intermediate) });
  }
  m.set('model.norm.weight', norm);
  return m;
}
