/**
 * The row-wise kernels of the recorded steps (recorded-step.ts, recorded-prefill.ts): the embedding,
 * RMSNorm and RoPE with the cache write, for `tokens` rows at positions [pos, pos + tokens). The
 * single-token step launches them with one row. Launches too large for one grid dimension come as
 * grid() shapes them; the kernels fold the grid back into one index.
 */
import { widenWordWgsl, type WeightDtype } from '../model/weight-dtype.ts';
import { f32Literal, treeReductionWgsl, WORKGROUP } from './wgsl.ts';

/** The first position of the step's tokens, read from a uniform: the one thing that changes between runs. */
export const POSITION_UNIFORM = `
struct Step { pos : u32, }
@group(0) @binding(9) var<uniform> stepInfo : Step;
`;

/** The thread's index in a launch of grid(count) workgroups. */
const FLAT_INDEX = `(wid.y * groups.x + wid.x) * ${WORKGROUP}u + lid`;
const FLAT_BUILTINS = '@builtin(workgroup_id) wid : vec3<u32>, @builtin(num_workgroups) groups : vec3<u32>, @builtin(local_invocation_index) lid : u32';

/**
 * The WGSL type of one storage element of a weight matrix: float32, or (bf16,
 * f16) two halves packed in a u32 (src/model/weight-dtype.ts).
 */
function weightElement(dtype: WeightDtype): string {
  return dtype === 'f32' ? 'f32' : 'u32';
}

/**
 * x [tokens, hidden] = embedding[token] * sqrt(hidden), the table [vocab, hidden] in `dtype`; when the table is
 * held in row blocks, this block's rows [firstRow, firstRow + rows): a token outside them leaves its row to another block.
 * Launched over tokens * hidden threads.
 */
export function embedShader(hidden: number, dtype: WeightDtype = 'f32', block?: { firstRow: number; rows: number }, tokens = 1): string {
  const at = `(id - ${block?.firstRow ?? 0}u) * ${hidden}u + e`;
  const outside = block ? ` || id < ${block.firstRow}u || id >= ${block.firstRow + block.rows}u` : '';
  const value = dtype === 'f32' ? `table[${at}]` : `${widenWordWgsl(dtype, `table[(${at}) / 2u]`)}[(${at}) % 2u]`;
  return `
@group(0) @binding(0) var<storage, read> table : array<${weightElement(dtype)}>;
@group(0) @binding(1) var<storage, read> token : array<i32>;
@group(0) @binding(2) var<storage, read_write> x : array<f32>;

@compute @workgroup_size(${WORKGROUP})
fn main(${FLAT_BUILTINS}) {
  let i = ${FLAT_INDEX};
  if (i >= ${tokens * hidden}u) { return; }
  let t = i / ${hidden}u;
  let e = i % ${hidden}u;
  let id = u32(token[t]);
  if (false${outside}) { return; }
  x[i] = ${value} * ${f32Literal(Math.sqrt(hidden))};
}
`;
}

/**
 * A row's inverse RMS in one workgroup: each thread has left its share of the row's sum of squares in `s`, a tree
 * in workgroup memory (`sums`, declared by the shader as array<f32, WORKGROUP>) adds them, and `inv` is
 * rsqrt(mean + eps) over the row's n elements. Every thread of the workgroup must reach it.
 */
export function rowInverseRmsWgsl(n: number, eps: number): string {
  return `sums[lid] = s;
  ${treeReductionWgsl(WORKGROUP, 'lid', (k) => `sums[lid] = sums[lid] + sums[lid + ${k}];`)}
  let inv = inverseSqrt(sums[0] / ${f32Literal(n)} + ${f32Literal(eps)});`;
}

/**
 * dst [rows, n] = src * rsqrt(mean(src^2) + eps) * gain per row, src's rows from `firstRow` on: one workgroup a
 * row, a tree in workgroup memory sums the squares.
 */
export function rmsNormShader(n: number, eps: number, firstRow = 0): string {
  return `
@group(0) @binding(0) var<storage, read> src : array<f32>;
@group(0) @binding(1) var<storage, read> gain : array<f32>;
@group(0) @binding(2) var<storage, read_write> dst : array<f32>;
var<workgroup> sums : array<f32, ${WORKGROUP}>;

@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(workgroup_id) wid : vec3<u32>, @builtin(local_invocation_index) lid : u32) {
  let srcAt = (${firstRow}u + wid.x) * ${n}u;
  let dstAt = wid.x * ${n}u;
  var s = 0.0;
  for (var i = lid; i < ${n}u; i = i + ${WORKGROUP}u) {
    let v = src[srcAt + i];
    s = s + v * v;
  }
  ${rowInverseRmsWgsl(n, eps)}
  for (var i = lid; i < ${n}u; i = i + ${WORKGROUP}u) {
    dst[dstAt + i] = src[srcAt + i] * inv * gain[i];
  }
}
`;
}

/** Threads one launch of ropeCacheShader takes: a rotated pair of every q and k head, then every v element, per token. */
export function ropeCacheThreads(heads: number, kvHeads: number, headDim: number, tokens = 1): number {
  return tokens * ((heads + kvHeads) * (headDim / 2) + kvHeads * headDim);
}

/**
 * Rotary embedding of the q and k heads of token t at position pos + t, in place
 * in qkv [tokens, (H + 2 KV) * D] (q heads, then k heads, then v heads), and the
 * rotated k and the v written into the layer's caches [KV, capacity, D].
 * One thread per rotated pair, then one per v element, per token.
 */
export function ropeCacheShader(heads: number, kvHeads: number, headDim: number, capacity: number, tokens = 1): string {
  const half = headDim / 2;
  const pairs = (heads + kvHeads) * half;
  const perToken = ropeCacheThreads(heads, kvHeads, headDim);
  const width = (heads + 2 * kvHeads) * headDim;
  return `
@group(0) @binding(0) var<storage, read_write> qkv : array<f32>;
@group(0) @binding(1) var<storage, read> cosTable : array<f32>;
@group(0) @binding(2) var<storage, read> sinTable : array<f32>;
@group(0) @binding(3) var<storage, read_write> keys : array<f32>;
@group(0) @binding(4) var<storage, read_write> values : array<f32>;
${POSITION_UNIFORM}

@compute @workgroup_size(${WORKGROUP})
fn main(${FLAT_BUILTINS}) {
  let flat = ${FLAT_INDEX};
  if (flat >= ${tokens * perToken}u) { return; }
  let t = flat / ${perToken}u;
  let i = flat % ${perToken}u;
  let pos = stepInfo.pos + t;
  let row = t * ${width}u;
  if (i < ${pairs}u) {
    let head = i / ${half}u;
    let j = i % ${half}u;
    let base = row + head * ${headDim}u;
    let c = cosTable[pos * ${half}u + j];
    let s = sinTable[pos * ${half}u + j];
    let x1 = qkv[base + j];
    let x2 = qkv[base + j + ${half}u];
    let r1 = x1 * c - x2 * s;
    let r2 = x2 * c + x1 * s;
    if (head < ${heads}u) {
      qkv[base + j] = r1;
      qkv[base + j + ${half}u] = r2;
    } else {
      let dstAt = ((head - ${heads}u) * ${capacity}u + pos) * ${headDim}u;
      keys[dstAt + j] = r1;
      keys[dstAt + j + ${half}u] = r2;
    }
  } else {
    let e = i - ${pairs}u;
    let kvHead = e / ${headDim}u;
    values[(kvHead * ${capacity}u + pos) * ${headDim}u + e % ${headDim}u] = qkv[row + ${(heads + kvHeads) * headDim}u + e];
  }
}
`;
}
