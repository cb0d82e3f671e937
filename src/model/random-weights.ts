import type { ModelConfig } from './config.ts';
import { layerTensorName, type RawTensor, type RawTensorSource } from './weights.ts';

/**
 * Seeded random weights, so every variant of a sweep (and every process of it)
 * runs on identical numbers. Each tensor gets its own stream, derived from the
 * seed and the tensor's name, so the values do not depend on loading order.
 *
 * Values are uniform with the variance of the usual initializations
 * (1/fan_in for projections, so activations stay O(1) through the layers),
 * with the residual branches' output projections (o_proj, down_proj) four
 * times wider so that the layers, not the token's own embedding, decide the
 * next token: otherwise a random model only echoes its input and greedy
 * tokens would say little about whether two variants agree;
 * uniform rather than normal because it is several times cheaper to draw and
 * the forward pass's cost does not depend on the distribution.
 */
export function randomWeightSource(config: ModelConfig, seed: number): RawTensorSource {
  const shapes = rawShapes(config);
  return (name: string): RawTensor => {
    const spec = shapes.get(name);
    if (!spec) throw new Error(`no random initializer for tensor ${name}`);
    const size = spec.shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(size);
    fillUniform(data, spec.std, hashSeed(seed, name));
    return { shape: spec.shape, data };
  };
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

/** FNV-1a of the name mixed with the seed: a per-tensor stream. */
function hashSeed(seed: number, name: string): number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0 || 1;
}

/** xorshift32 uniform in [-a, a) with a = sqrt(3) * std (variance std^2). */
function fillUniform(out: Float32Array, std: number, seed: number): void {
  const scale = (2 * Math.sqrt(3) * std) / 4294967296;
  const offset = Math.sqrt(3) * std;
  let x = seed;
  for (let i = 0; i < out.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = (x >>> 0) * scale - offset;
  }
}
