/**
 * The WGSL of a recorded decoder step (recorded-step.ts): plain compute
 * shaders with their own bindings, not TF.js programs, so that their bind
 * groups can be made once and reused at every step. Shapes are baked in as
 * constants; the only thing that changes from step to step is the position,
 * read from a uniform. Every binding a shader declares is used: pipelines
 * are made with layout 'auto', which drops unused ones.
 */

import { POSITION_UNIFORM } from './row-kernels.ts';
import { f32Literal, treeReductionWgsl, WORKGROUP } from './wgsl.ts';

export { embedShader, rmsNormShader, ropeCacheShader, ropeCacheThreads } from './row-kernels.ts';

export { f32Literal, WORKGROUP };
export {
  gatedMatVecShader, lanesPerRow, lanesPerRowTiling, matVecAddShader, matVecGroups, matVecShader, pairedTiling, shapedTiling, tunedTiling,
  type MatVecOptions, type MatVecTiling, type MatVecTilingRule,
} from './matvec-shaders.ts';

/** Most cached positions the attention kernel scores in workgroup memory (8 KiB of 16). */
export const STEP_ATTENTION_MAX_KEYS = 2048;

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
function softmaxWeightsWgsl(headDim: number, rotated?: RotatedInputs): string {
  const lanes = lanesPerKey(headDim);
  const keysPerRound = WORKGROUP / lanes;
  // With the rotation folded in (ropeInAttentionWgsl), the split that holds the step's own position scores it
  // from kNew, the rotated key this workgroup made, instead of from the cache its own launch writes.
  const score = (from: string) => `for (var i = lane; i < ${headDim}u; i = i + ${lanes}u) {
        partial = partial + q[i] * ${from};
      }`;
  const scoreKey = rotated ? `if (j == newKey) {
        ${score('kNew[i]')}
      } else {
        ${score('keys[base + i]')}
      }` : score('keys[base + i]');
  return `
  ${
    rotated
      ? ropeInAttentionWgsl(headDim, rotated)
      : `for (var i = lid; i < ${headDim}u; i = i + ${WORKGROUP}u) {
    q[i] = qkv[head * ${headDim}u + i];
  }`
  }
  workgroupBarrier();
  let lane = lid % ${lanes}u;
  let slot = lid / ${lanes}u;
  for (var roundStart = firstKey; roundStart < keyEnd; roundStart = roundStart + ${keysPerRound}u) {
    let j = roundStart + slot;
    var partial = 0.0;
    if (j < keyEnd) {
      let base = (kvBase + j) * ${headDim}u;
      ${scoreKey}
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

/** What the split attention needs to rotate q and the step's own k itself (ropeInAttention). */
interface RotatedInputs {
  heads: number;
  kvHeads: number;
  capacity: number;
}

/**
 * RoPE inside the split attention (instead of a launch of its own before it): each workgroup stages its head's
 * q rotated at the step's position; the split holding that position (a uniform choice per workgroup) also
 * makes the rotated k and the v of the position in workgroup memory (kNew, vNew), scores and weighs the
 * position from them, and, in the first query head of each KV group, writes them into the cache for the steps
 * after. No workgroup reads what another writes in the same launch. Defines holdsNew and newKey.
 */
function ropeInAttentionWgsl(headDim: number, { heads, kvHeads, capacity }: RotatedInputs): string {
  const half = headDim / 2;
  const group = heads / kvHeads;
  return `let pos = stepInfo.pos;
  let kvHead = head / ${group}u;
  let holdsNew = firstKey <= pos && pos < keyEnd;
  let newKey = select(0xffffffffu, pos, holdsNew);
  for (var i = lid; i < ${headDim}u; i = i + ${WORKGROUP}u) {
    let j = i % ${half}u;
    let c = cosTable[pos * ${half}u + j];
    let s = sinTable[pos * ${half}u + j];
    let qAt = head * ${headDim}u + j;
    let q1 = qkv[qAt];
    let q2 = qkv[qAt + ${half}u];
    q[i] = select(q2 * c + q1 * s, q1 * c - q2 * s, i < ${half}u);
    if (holdsNew) {
      let kAt = ${heads * headDim}u + kvHead * ${headDim}u + j;
      let k1 = qkv[kAt];
      let k2 = qkv[kAt + ${half}u];
      kNew[i] = select(k2 * c + k1 * s, k1 * c - k2 * s, i < ${half}u);
      vNew[i] = qkv[${(heads + kvHeads) * headDim}u + kvHead * ${headDim}u + i];
      if (head % ${group}u == 0u) {
        let cacheAt = (kvHead * ${capacity}u + pos) * ${headDim}u + i;
        keys[cacheAt] = kNew[i];
        values[cacheAt] = vNew[i];
      }
    }
  }`;
}

/** The bindings and workgroup memory both attention shaders share; `keysHeld` positions of scores. */
function attentionDeclarations(headDim: number, keysHeld: number, output: string, rotates = false): string {
  const cache = rotates ? 'read_write' : 'read';
  return `
@group(0) @binding(0) var<storage, read> qkv : array<f32>;
@group(0) @binding(1) var<storage, ${cache}> keys : array<f32>;
@group(0) @binding(2) var<storage, ${cache}> values : array<f32>;
@group(0) @binding(3) var<storage, read_write> ${output} : array<f32>;
${POSITION_UNIFORM}
var<workgroup> q : array<f32, ${headDim}>;
var<workgroup> p : array<f32, ${keysHeld}>;
var<workgroup> tree : array<f32, ${WORKGROUP}>;${
    rotates
      ? `
@group(0) @binding(5) var<storage, read> cosTable : array<f32>;
@group(0) @binding(6) var<storage, read> sinTable : array<f32>;
var<workgroup> kNew : array<f32, ${headDim}>;
var<workgroup> vNew : array<f32, ${headDim}>;`
      : ''
  }
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
export function splitAttentionShader(heads: number, kvHeads: number, headDim: number, capacity: number, keysPerSplit: number, ropeInAttention = false): string {
  const group = heads / kvHeads;
  const splits = Math.ceil(capacity / keysPerSplit);
  const rotated = ropeInAttention ? { heads, kvHeads, capacity } : undefined;
  return `${attentionDeclarations(headDim, keysPerSplit, 'partials', ropeInAttention)}
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
  ${softmaxWeightsWgsl(headDim, rotated)}
  for (var i = lid; i < ${headDim}u; i = i + ${WORKGROUP}u) {
    var acc = 0.0;
    ${
      rotated
        ? `// The step's own position (the split's last, where it holds it) is weighed from vNew.
    let fromCache = select(count, count - 1u, holdsNew);
    for (var j = 0u; j < fromCache; j = j + 1u) {
      acc = acc + p[j] * values[(kvBase + firstKey + j) * ${headDim}u + i];
    }
    if (holdsNew) { acc = acc + p[count - 1u] * vNew[i]; }`
        : `for (var j = 0u; j < count; j = j + 1u) {
      acc = acc + p[j] * values[(kvBase + firstKey + j) * ${headDim}u + i];
    }`
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
 * WGSL both combining passes start with, for query head `head` (a WGSL let) over partials at binding 3 with a
 * `tree` in workgroup memory: `live` (the splits holding positions [0, pos]), where its maxima and sums start
 * (`maxima`, `sums`), and the largest of its live maxima (`largest`), after a barrier.
 */
export function liveSplitsMaxWgsl(heads: number, splits: number, keysPerSplit: number): string {
  return `let live = min(stepInfo.pos / ${keysPerSplit}u + 1u, ${splits}u);
  let maxima = head * ${splits}u;
  let sums = ${heads * splits}u + maxima;
  var localMax = -3.0e38;
  for (var s = lid; s < live; s = s + ${WORKGROUP}u) { localMax = max(localMax, partials[maxima + s]); }
  tree[lid] = localMax;
  ${treeReductionWgsl(WORKGROUP, 'lid', (k) => `tree[lid] = max(tree[lid], tree[lid + ${k}]);`)}
  let largest = tree[0];
  workgroupBarrier();`;
}

/**
 * Split-keys attention, second pass: per head, rescales each split's share
 * to the largest max and divides by the total: out = sum_s e^(m_s - M) o_s /
 * sum_s e^(m_s - M) l_s, over the splits that hold positions [0, pos] only
 * (pos / keysPerSplit + 1 of the `splits` a full cache has), so that it
 * scales with the live length, not the capacity. One workgroup per head: its
 * threads share M and the total by trees, then one thread per output element.
 */
export function combineAttentionShader(heads: number, headDim: number, splits: number, keysPerSplit: number): string {
  return `
@group(0) @binding(3) var<storage, read> partials : array<f32>;
@group(0) @binding(4) var<storage, read_write> attended : array<f32>;
${POSITION_UNIFORM}
var<workgroup> tree : array<f32, ${WORKGROUP}>;

@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(workgroup_id) wid : vec3<u32>, @builtin(local_invocation_index) lid : u32) {
  let head = wid.x;
  ${liveSplitsMaxWgsl(heads, splits, keysPerSplit)}
  var localTotal = 0.0;
  for (var s = lid; s < live; s = s + ${WORKGROUP}u) { localTotal = localTotal + partials[sums + s] * exp(partials[maxima + s] - largest); }
  tree[lid] = localTotal;
  ${treeReductionWgsl(WORKGROUP, 'lid', (k) => `tree[lid] = tree[lid] + tree[lid + ${k}];`)}
  let total = tree[0];
  for (var i = lid; i < ${headDim}u; i = i + ${WORKGROUP}u) {
    var acc = 0.0;
    for (var s = 0u; s < live; s = s + 1u) {
      acc = acc + partials[${2 * heads * splits}u + (maxima + s) * ${headDim}u + i] * exp(partials[maxima + s] - largest);
    }
    attended[head * ${headDim}u + i] = acc / total;
  }
}
`;
}
