/**
 * An independent float64 Gemma forward pass in plain loops, written from
 * ../shared/spec/gemma.md and sharing no code with src/model: the oracle the
 * TensorFlow.js model is tested against. No KV cache: every call recomputes
 * the whole sequence, so comparing it with cached generation also tests the
 * cache.
 */
import type { ModelConfig } from '../../src/model/config.ts';

export type RawWeights = (name: string) => { shape: number[]; data: Float32Array };

/** y[o] = sum_i W[o][i] x[i] with W stored [out, in], as checkpoints store it. */
function linear(w: { shape: number[]; data: Float32Array }, x: Float64Array): Float64Array {
  const [outDim, inDim] = w.shape as [number, number];
  const y = new Float64Array(outDim);
  for (let o = 0; o < outDim; o++) {
    let sum = 0;
    for (let i = 0; i < inDim; i++) sum += w.data[o * inDim + i]! * x[i]!;
    y[o] = sum;
  }
  return y;
}

function rmsnorm(x: Float64Array, w: Float32Array, eps: number): Float64Array {
  let ms = 0;
  for (const v of x) ms += v * v;
  const inv = 1 / Math.sqrt(ms / x.length + eps);
  return x.map((v, i) => v * inv * (1 + w[i]!));
}

function gelu(x: number): number {
  return 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)));
}

function rope(vec: Float64Array, offset: number, headDim: number, pos: number, theta: number): void {
  const half = headDim / 2;
  for (let i = 0; i < half; i++) {
    const angle = pos * theta ** ((-2 * i) / headDim);
    const a = vec[offset + i]!;
    const b = vec[offset + i + half]!;
    vec[offset + i] = a * Math.cos(angle) - b * Math.sin(angle);
    vec[offset + i + half] = b * Math.cos(angle) + a * Math.sin(angle);
  }
}

/** Logits [vocab] of the last position of `ids`. */
export function referenceLogits(c: ModelConfig, w: RawWeights, ids: readonly number[]): Float64Array {
  const T = ids.length;
  const D = c.headDim;
  const E = w('model.embed_tokens.weight');
  let h: Float64Array[] = ids.map((id) => {
    const row = new Float64Array(c.hidden);
    for (let j = 0; j < c.hidden; j++) row[j] = E.data[id * c.hidden + j]! * Math.sqrt(c.hidden);
    return row;
  });
  for (let l = 0; l < c.layers; l++) {
    const p = (part: string) => w(`model.layers.${l}.${part}.weight`);
    const x = h.map((row) => rmsnorm(row, p('input_layernorm').data, c.rmsEps));
    const q = x.map((row) => linear(p('self_attn.q_proj'), row));
    const k = x.map((row) => linear(p('self_attn.k_proj'), row));
    const v = x.map((row) => linear(p('self_attn.v_proj'), row));
    for (let t = 0; t < T; t++) {
      for (let j = 0; j < c.heads; j++) rope(q[t]!, j * D, D, t, c.ropeTheta);
      for (let g = 0; g < c.kvHeads; g++) rope(k[t]!, g * D, D, t, c.ropeTheta);
    }
    const attn = Array.from({ length: T }, () => new Float64Array(c.heads * D));
    for (let j = 0; j < c.heads; j++) {
      const g = Math.floor(j / (c.heads / c.kvHeads));
      for (let t = 0; t < T; t++) {
        const scores: number[] = [];
        for (let s = 0; s <= t; s++) {
          let dot = 0;
          for (let d = 0; d < D; d++) dot += q[t]![j * D + d]! * k[s]![g * D + d]!;
          scores.push(dot / Math.sqrt(D));
        }
        const max = Math.max(...scores);
        const exps = scores.map((s) => Math.exp(s - max));
        const total = exps.reduce((a, b) => a + b, 0);
        for (let s = 0; s <= t; s++) {
          for (let d = 0; d < D; d++) attn[t]![j * D + d]! += (exps[s]! / total) * v[s]![g * D + d]!;
        }
      }
    }
    h = h.map((row, t) => {
      const o = linear(p('self_attn.o_proj'), attn[t]!);
      return row.map((val, i) => val + o[i]!);
    });
    h = h.map((row) => {
      const x2 = rmsnorm(row, p('post_attention_layernorm').data, c.rmsEps);
      const gate = linear(p('mlp.gate_proj'), x2);
      const up = linear(p('mlp.up_proj'), x2);
      const down = linear(p('mlp.down_proj'), gate.map((gv, i) => gelu(gv) * up[i]!));
      return row.map((val, i) => val + down[i]!);
    });
  }
  const final = rmsnorm(h[T - 1]!, w('model.norm.weight').data, c.rmsEps);
  const logits = new Float64Array(c.vocabSize);
  for (let tok = 0; tok < c.vocabSize; tok++) {
    let dot = 0;
    for (let j = 0; j < c.hidden; j++) dot += final[j]! * E.data[tok * c.hidden + j]!;
    logits[tok] = dot;
  }
  return logits;
}

/** Greedy generation by full recomputation: the tokens and the logits that chose each. */
export function referenceGenerate(c: ModelConfig, w: RawWeights, prompt: readonly number[], count: number) {
  const ids = [...prompt];
  const tokens: number[] = [];
  const logits: Float64Array[] = [];
  for (let i = 0; i < count; i++) {
    const l = referenceLogits(c, w, ids);
    let best = 0;
    for (let j = 1; j < l.length; j++) if (l[j]! > l[best]!) best = j;
    tokens.push(best);
    logits.push(l);
    ids.push(best);
  }
  return { tokens, logits };
}
