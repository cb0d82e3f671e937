/**
 * The WGSL of a recorded decoder step (recorded-step.ts): plain compute
 * shaders with their own bindings, not TF.js programs, so that their bind
 * groups can be made once and reused at every step. Shapes are baked in as
 * constants; the only thing that changes from step to step is the position,
 * read from a uniform. Every binding a shader declares is used: pipelines
 * are made with layout 'auto', which drops unused ones.
 */

import { widenWordWgsl, type WeightDtype } from '../model/weight-dtype.ts';
import { f32Literal, treeReductionWgsl, WORKGROUP } from './wgsl.ts';

export { f32Literal, WORKGROUP };
export {
  gatedMatVecShader, lanesPerRow, lanesPerRowTiling, matVecAddShader, matVecGroups, matVecShader, pairedTiling, tunedTiling,
  type MatVecOptions, type MatVecTiling, type MatVecTilingRule,
} from './matvec-shaders.ts';

/** Most cached positions the attention kernel scores in workgroup memory (8 KiB of 16). */
export const STEP_ATTENTION_MAX_KEYS = 2048;

const POSITION_UNIFORM = `
struct Step { pos : u32, }
@group(0) @binding(9) var<uniform> stepInfo : Step;
`;

/**
 * The WGSL type of one storage element of a weight matrix: float32, or (bf16,
 * f16) two halves packed in a u32 (src/model/weight-dtype.ts).
 */
function weightElement(dtype: WeightDtype): string {
  return dtype === 'f32' ? 'f32' : 'u32';
}

/**
 * x [hidden] = embedding[token] * sqrt(hidden), the table [vocab, hidden] in `dtype`; when the table is held
 * in row blocks, this block's rows [firstRow, firstRow + rows): a token outside them leaves x to another block.
 */
export function embedShader(hidden: number, dtype: WeightDtype = 'f32', block?: { firstRow: number; rows: number }): string {
  const at = `(u32(token[0]) - ${block?.firstRow ?? 0}u) * ${hidden}u + i`;
  const outside = block ? ` || u32(token[0]) < ${block.firstRow}u || u32(token[0]) >= ${block.firstRow + block.rows}u` : '';
  const value = dtype === 'f32' ? `table[${at}]` : `${widenWordWgsl(dtype, `table[(${at}) / 2u]`)}[(${at}) % 2u]`;
  return `
@group(0) @binding(0) var<storage, read> table : array<${weightElement(dtype)}>;
@group(0) @binding(1) var<storage, read> token : array<i32>;
@group(0) @binding(2) var<storage, read_write> x : array<f32>;

@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) gid : vec3<u32>) {
  let i = gid.x;
  if (i >= ${hidden}u${outside}) { return; }
  x[i] = ${value} * ${f32Literal(Math.sqrt(hidden))};
}
`;
}

/** dst [n] = src * rsqrt(mean(src^2) + eps) * gain, one workgroup: a tree in workgroup memory sums the squares. */
export function rmsNormShader(n: number, eps: number): string {
  return `
@group(0) @binding(0) var<storage, read> src : array<f32>;
@group(0) @binding(1) var<storage, read> gain : array<f32>;
@group(0) @binding(2) var<storage, read_write> dst : array<f32>;
var<workgroup> sums : array<f32, ${WORKGROUP}>;

@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(local_invocation_index) lid : u32) {
  var s = 0.0;
  for (var i = lid; i < ${n}u; i = i + ${WORKGROUP}u) {
    let v = src[i];
    s = s + v * v;
  }
  sums[lid] = s;
  ${treeReductionWgsl(WORKGROUP, 'lid', (k) => `sums[lid] = sums[lid] + sums[lid + ${k}];`)}
  let inv = inverseSqrt(sums[0] / ${f32Literal(n)} + ${f32Literal(eps)});
  for (var i = lid; i < ${n}u; i = i + ${WORKGROUP}u) {
    dst[i] = src[i] * inv * gain[i];
  }
}
`;
}

/**
 * Rotary embedding of the step's q and k heads at position `pos`, in place in
 * qkv [(H + 2 KV) * D] (q heads, then k heads, then v heads), and the step's
 * rotated k and its v written into the layer's caches [KV, capacity, D].
 * One thread per rotated pair, then one per v element.
 */
export function ropeCacheShader(heads: number, kvHeads: number, headDim: number, capacity: number): string {
  const half = headDim / 2;
  const pairs = (heads + kvHeads) * half;
  return `
@group(0) @binding(0) var<storage, read_write> qkv : array<f32>;
@group(0) @binding(1) var<storage, read> cosTable : array<f32>;
@group(0) @binding(2) var<storage, read> sinTable : array<f32>;
@group(0) @binding(3) var<storage, read_write> keys : array<f32>;
@group(0) @binding(4) var<storage, read_write> values : array<f32>;
${POSITION_UNIFORM}

@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) gid : vec3<u32>) {
  let i = gid.x;
  let pos = stepInfo.pos;
  if (i < ${pairs}u) {
    let head = i / ${half}u;
    let j = i % ${half}u;
    let base = head * ${headDim}u;
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
  } else if (i < ${pairs + kvHeads * headDim}u) {
    let e = i - ${pairs}u;
    let kvHead = e / ${headDim}u;
    values[(kvHead * ${capacity}u + pos) * ${headDim}u + e % ${headDim}u] = qkv[${(heads + kvHeads) * headDim}u + e];
  }
}
`;
}

/** Threads that cooperate on one key's dot product: a power of two up to 32 that divides D. */
export function lanesPerKey(headDim: number): number {
  let lanes = 32;
  while (headDim % lanes !== 0) lanes /= 2;
  return lanes;
}

/**
 * The scores and softmax weights of query head `head` against its KV head's
 * positions [firstKey, keyEnd) (WGSL `let`s the caller defines, with `kvBase`
 * and `lid`): q staged in workgroup memory, `lanes` threads per key (so that
 * their loads of a key row are coalesced), then the max and the sum of
 * exp(score - max) with workgroup-memory trees. Leaves p[j - firstKey] =
 * exp(score_j - shareMax), `count`, `shareMax` and `shareSum`.
 */
function softmaxWeightsWgsl(headDim: number): string {
  const lanes = lanesPerKey(headDim);
  const keysPerRound = WORKGROUP / lanes;
  return `
  for (var i = lid; i < ${headDim}u; i = i + ${WORKGROUP}u) {
    q[i] = qkv[head * ${headDim}u + i];
  }
  workgroupBarrier();
  let lane = lid % ${lanes}u;
  let slot = lid / ${lanes}u;
  for (var roundStart = firstKey; roundStart < keyEnd; roundStart = roundStart + ${keysPerRound}u) {
    let j = roundStart + slot;
    var partial = 0.0;
    if (j < keyEnd) {
      let base = (kvBase + j) * ${headDim}u;
      for (var i = lane; i < ${headDim}u; i = i + ${lanes}u) {
        partial = partial + q[i] * keys[base + i];
      }
    }
    tree[lid] = partial;
    ${treeReductionWgsl(lanes, 'lane', (k) => `tree[lid] = tree[lid] + tree[lid + ${k}];`)}
    if (lane == 0u && j < keyEnd) { p[j - firstKey] = tree[lid] * ${f32Literal(1 / Math.sqrt(headDim))}; }
    workgroupBarrier();
  }
  let count = keyEnd - firstKey;
  var localMax = -3.0e38;
  for (var j = lid; j < count; j = j + ${WORKGROUP}u) { localMax = max(localMax, p[j]); }
  tree[lid] = localMax;
  ${treeReductionWgsl(WORKGROUP, 'lid', (k) => `tree[lid] = max(tree[lid], tree[lid + ${k}]);`)}
  let shareMax = tree[0];
  workgroupBarrier();
  var localSum = 0.0;
  for (var j = lid; j < count; j = j + ${WORKGROUP}u) {
    let e = exp(p[j] - shareMax);
    p[j] = e;
    localSum = localSum + e;
  }
  tree[lid] = localSum;
  ${treeReductionWgsl(WORKGROUP, 'lid', (k) => `tree[lid] = tree[lid] + tree[lid + ${k}];`)}
  let shareSum = tree[0];`;
}

/** The bindings and workgroup memory both attention shaders share; `keysHeld` positions of scores. */
function attentionDeclarations(headDim: number, keysHeld: number, output: string): string {
  return `
@group(0) @binding(0) var<storage, read> qkv : array<f32>;
@group(0) @binding(1) var<storage, read> keys : array<f32>;
@group(0) @binding(2) var<storage, read> values : array<f32>;
@group(0) @binding(3) var<storage, read_write> ${output} : array<f32>;
${POSITION_UNIFORM}
var<workgroup> q : array<f32, ${headDim}>;
var<workgroup> p : array<f32, ${keysHeld}>;
var<workgroup> tree : array<f32, ${WORKGROUP}>;
`;
}

/**
 * One query position's attention for every head, one workgroup per query
 * head over positions [0, pos]: the softmax weights (softmaxWeightsWgsl),
 * then one thread per output element sums the values (adjacent threads read
 * adjacent values). Head h reads KV head floor(h / (H / KV)).
 */
export function attentionShader(heads: number, kvHeads: number, headDim: number, capacity: number): string {
  if (capacity > STEP_ATTENTION_MAX_KEYS) throw new Error(`attentionShader: capacity ${capacity} exceeds ${STEP_ATTENTION_MAX_KEYS}`);
  const group = heads / kvHeads;
  return `${attentionDeclarations(headDim, capacity, 'attended')}
@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(workgroup_id) wid : vec3<u32>, @builtin(local_invocation_index) lid : u32) {
  let head = wid.x;
  let kvBase = (head / ${group}u) * ${capacity}u;
  let firstKey = 0u;
  let keyEnd = stepInfo.pos + 1u;
  ${softmaxWeightsWgsl(headDim)}
  for (var i = lid; i < ${headDim}u; i = i + ${WORKGROUP}u) {
    var acc = 0.0;
    for (var j = 0u; j < count; j = j + 1u) {
      acc = acc + p[j] * values[(kvBase + j) * ${headDim}u + i];
    }
    attended[head * ${headDim}u + i] = acc / shareSum;
  }
}
`;
}

/**
 * Split-keys attention, first pass (as flash-decoding splits it): workgroup
 * (head, split) takes positions [split * keysPerSplit, +keysPerSplit) of
 * [0, pos], so that a step has heads x splits workgroups instead of heads.
 * Each writes its share's score max m, sum of exp(score - m) l, and
 * sum of exp(score - m) v [D]; a split past the last position writes l = 0.
 */
export function splitAttentionShader(heads: number, kvHeads: number, headDim: number, capacity: number, keysPerSplit: number): string {
  const group = heads / kvHeads;
  const splits = Math.ceil(capacity / keysPerSplit);
  return `${attentionDeclarations(headDim, keysPerSplit, 'partials')}
@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(workgroup_id) wid : vec3<u32>, @builtin(local_invocation_index) lid : u32) {
  let head = wid.x;
  let split = wid.y;
  let kvBase = (head / ${group}u) * ${capacity}u;
  let firstKey = split * ${keysPerSplit}u;
  let keyEnd = min(firstKey + ${keysPerSplit}u, stepInfo.pos + 1u);
  // [heads * splits] maxima, then as many sums, then [heads * splits, D] weighted values.
  let at = head * ${splits}u + split;
  let sumsAt = ${heads * splits}u;
  let valuesAt = ${2 * heads * splits}u + at * ${headDim}u;
  if (firstKey >= keyEnd) {
    for (var i = lid; i < ${headDim}u; i = i + ${WORKGROUP}u) { partials[valuesAt + i] = 0.0; }
    if (lid == 0u) {
      partials[at] = -3.0e38;
      partials[sumsAt + at] = 0.0;
    }
    return;
  }
  ${softmaxWeightsWgsl(headDim)}
  for (var i = lid; i < ${headDim}u; i = i + ${WORKGROUP}u) {
    var acc = 0.0;
    for (var j = 0u; j < count; j = j + 1u) {
      acc = acc + p[j] * values[(kvBase + firstKey + j) * ${headDim}u + i];
    }
    partials[valuesAt + i] = acc;
  }
  if (lid == 0u) {
    partials[at] = shareMax;
    partials[sumsAt + at] = shareSum;
  }
}
`;
}

/**
 * Split-keys attention, second pass: per head, rescales each split's share
 * to the largest max and divides by the total: out = sum_s e^(m_s - M) o_s /
 * sum_s e^(m_s - M) l_s. One workgroup per head, one thread per output element.
 */
export function combineAttentionShader(heads: number, headDim: number, splits: number): string {
  return `
@group(0) @binding(3) var<storage, read> partials : array<f32>;
@group(0) @binding(4) var<storage, read_write> attended : array<f32>;

@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(workgroup_id) wid : vec3<u32>, @builtin(local_invocation_index) lid : u32) {
  let head = wid.x;
  var largest = -3.0e38;
  for (var s = 0u; s < ${splits}u; s = s + 1u) { largest = max(largest, partials[head * ${splits}u + s]); }
  var total = 0.0;
  for (var s = 0u; s < ${splits}u; s = s + 1u) {
    total = total + partials[${heads * splits}u + head * ${splits}u + s] * exp(partials[head * ${splits}u + s] - largest);
  }
  for (var i = lid; i < ${headDim}u; i = i + ${WORKGROUP}u) {
    var acc = 0.0;
    for (var s = 0u; s < ${splits}u; s = s + 1u) {
      let at = head * ${splits}u + s;
      acc = acc + partials[${2 * heads * splits}u + at * ${headDim}u + i] * exp(partials[at] - largest);
    }
    attended[head * ${headDim}u + i] = acc / total;
  }
}
`;
}
