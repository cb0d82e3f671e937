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

/** x [hidden] = embedding[token] * sqrt(hidden), the table [vocab, hidden] in `dtype`. */
export function embedShader(hidden: number, dtype: WeightDtype = 'f32'): string {
  const at = `u32(token[0]) * ${hidden}u + i`;
  const value = dtype === 'f32' ? `table[${at}]` : `${widenWordWgsl(dtype, `table[(${at}) / 2u]`)}[(${at}) % 2u]`;
  return `
@group(0) @binding(0) var<storage, read> table : array<${weightElement(dtype)}>;
@group(0) @binding(1) var<storage, read> token : array<i32>;
@group(0) @binding(2) var<storage, read_write> x : array<f32>;

@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) gid : vec3<u32>) {
  let i = gid.x;
  if (i >= ${hidden}u) { return; }
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
 * Threads that share one weight row: enough that each reads about 16 vec4
 * (a long row gets a whole workgroup, a short one a warp).
 */
export function lanesPerRow(k4: number): number {
  let lanes = 32;
  while (lanes < WORKGROUP && k4 / lanes > 16) lanes *= 2;
  return lanes;
}

/**
 * How a matrix-vector product's threads cover W [n, k]: `lanes` threads
 * (a power of two from 32 to WORKGROUP) share each row's dot product, and
 * each thread adds `rowsPerThread` consecutive rows with every input vec4 it
 * loads, so a workgroup reads its input once for that many rows.
 */
export interface MatVecTiling {
  lanes: number;
  rowsPerThread: number;
}

/** A product's tiling, chosen from its shape. */
export type MatVecTilingRule = (n: number, k: number) => MatVecTiling;

/** One row per thread group, `lanesPerRow` threads to a row: the first recorded step's rule. */
export const lanesPerRowTiling: MatVecTilingRule = (_n, k) => ({ lanes: lanesPerRow(k / 4), rowsPerThread: 1 });

/** Workgroups past which a product is left at fewer lanes to a row: the logits' 32,000 already fill the GPU. */
const ENOUGH_GROUPS = 8192;

/**
 * The tiling npm run bench:tiling found fastest on an H100 at gemma-2b's
 * shapes: lanes double from a warp while each thread still reads more than 4
 * vec4 of a row and the product launches fewer than ENOUGH_GROUPS workgroups
 * (q/k/v, output and gate/up go to 128 lanes, the logits stay at 32); a
 * thread whose row is still 16 vec4 or more at a whole workgroup (the MLP's
 * down) takes 2 rows, so that its workgroup reads the long input once for both.
 */
export const tunedTiling: MatVecTilingRule = (n, k) => {
  const k4 = k / 4;
  let lanes = 32;
  while (lanes < WORKGROUP && k4 / lanes > 4 && Math.ceil(n / (WORKGROUP / lanes)) < ENOUGH_GROUPS) lanes *= 2;
  return { lanes, rowsPerThread: lanes === WORKGROUP && k4 / lanes >= 16 ? 2 : 1 };
};

/** Workgroups below which a product is short enough that sharing each input load between two rows pays. */
const FEW_GROUPS = 2048;

/**
 * tunedTiling, with two rows a thread wherever npm run bench:tiling found that
 * fastest on both an H100 and an H200 at gemma-2b's shapes: the short
 * products (fewer than FEW_GROUPS workgroups: q/k/v, output) keep their lanes
 * and pair rows; the products tunedTiling leaves at a warp because they
 * already fill the GPU (the logits) take 64 lanes and pair rows. The rest
 * (gate/up, where pairing measured slower on both, and the down product,
 * paired already) stay as tunedTiling has them.
 */
export const pairedTiling: MatVecTilingRule = (n, k) => {
  const tuned = tunedTiling(n, k);
  if (tuned.rowsPerThread > 1) return tuned;
  if (tuned.lanes === 32 && Math.ceil(n / (WORKGROUP / 32)) >= ENOUGH_GROUPS && k / 4 >= 128) return { lanes: 64, rowsPerThread: 2 };
  if (matVecGroups(n, k, tuned) < FEW_GROUPS) return { lanes: tuned.lanes, rowsPerThread: 2 };
  return tuned;
};

/** The rows one workgroup of `tiling` covers. */
function rowsPerGroup(tiling: MatVecTiling): number {
  return (WORKGROUP / tiling.lanes) * tiling.rowsPerThread;
}

/** How many workgroups a matrix-vector product of n rows of k launches. */
export function matVecGroups(n: number, k: number, tiling: MatVecTiling = lanesPerRowTiling(n, k)): number {
  return Math.ceil(n / rowsPerGroup(tiling));
}

/** Refuses a tiling the shader cannot be generated for. */
function checkTiling(tiling: MatVecTiling): void {
  const { lanes, rowsPerThread } = tiling;
  if (!Number.isInteger(lanes) || lanes < 32 || lanes > WORKGROUP || (lanes & (lanes - 1)) !== 0) {
    throw new Error(`matrix-vector tiling: lanes must be a power of two from 32 to ${WORKGROUP}, got ${lanes}`);
  }
  if (!Number.isInteger(rowsPerThread) || rowsPerThread < 1 || rowsPerThread > 4) {
    throw new Error(`matrix-vector tiling: rowsPerThread must be 1 to 4, got ${rowsPerThread}`);
  }
}

/** What a product does besides its dot products. */
export interface MatVecOptions {
  tiling?: MatVecTiling;
  /**
   * Read the residual stream and RMS-norm it on the way in (scale (1 + w) at
   * binding 4): each workgroup sums the squares of the input itself, which
   * saves the one-workgroup norm launch before the product.
   */
  normEps?: number;
  /** The element type of the weights (f32 unless said): bf16 and f16 are read packed and widened to f32 in the kernel. */
  weights?: WeightDtype;
}

/** The WGSL type of the weight arrays a product binds: a vec4 of float32, or 8 packed halves (a 16-byte load either way). */
function weightArray(dtype: WeightDtype): string {
  return dtype === 'f32' ? 'array<vec4<f32>>' : 'array<vec4<u32>>';
}

/**
 * The dot products of weight rows with one vector: W [n, k] (out, in) read
 * in coalesced vec4 loads, the tiling's lanes to a row, their partial sums
 * added by a tree in workgroup memory. `epilogue(row, total)` is WGSL that
 * consumes the dot products of `row` (`total(m)` for weight array m):
 * storing, adding to the residual, or gating. `matrices` weight arrays are
 * read with the same vector (the MLP's gate and up).
 */
function matVecBody(n: number, k: number, matrices: number, epilogue: (row: string, total: (m: number) => string) => string, bindings: string, options: MatVecOptions): string {
  const k4 = k / 4;
  const dtype = options.weights ?? 'f32';
  if (dtype !== 'f32' && k % 8 !== 0) throw new Error(`matrix-vector product: packed ${dtype} weights are read 8 to a load, so k (${k}) must be a multiple of 8`);
  // Each loop step loads 16 bytes of a row: 4 float32 weights, or 8 packed halves against two input vec4.
  const units = dtype === 'f32' ? k4 : k / 8;
  const input = (at: string) => (options.normEps === undefined ? `src[${at}]` : `src[${at}] * gain[${at}] * inv`);
  const loads = dtype === 'f32' ? `let v = ${input('j')};` : `let v0 = ${input('2u * j')};
    let v1 = ${input('2u * j + 1u')};`;
  const widen = (word: string) => widenWordWgsl(dtype as 'bf16' | 'f16', word);
  const accumulate = (m: number, r: number) =>
    dtype === 'f32'
      ? `acc${m}_${r} = acc${m}_${r} + dot(weights${m}[base${r} + j], v);`
      : `let w${m}_${r} = weights${m}[base${r} + j];
    acc${m}_${r} = acc${m}_${r} + dot(vec4<f32>(${widen(`w${m}_${r}.x`)}, ${widen(`w${m}_${r}.y`)}), v0) + dot(vec4<f32>(${widen(`w${m}_${r}.z`)}, ${widen(`w${m}_${r}.w`)}), v1);`;
  const tiling = options.tiling ?? lanesPerRowTiling(n, k);
  checkTiling(tiling);
  const { lanes, rowsPerThread } = tiling;
  const each = (f: (m: number, r: number) => string, join: string) =>
    Array.from({ length: matrices }, (_, m) => Array.from({ length: rowsPerThread }, (_, r) => f(m, r))).flat().join(join);
  const rows = Array.from({ length: rowsPerThread }, (_, r) => r);
  const norm = options.normEps === undefined ? null : options.normEps;
  const normPrologue = norm === null ? '' : `
  // The RMS of the input, summed by this workgroup: every workgroup reads the same k floats (from L2).
  var squares = 0.0;
  for (var j = lid; j < ${k4}u; j = j + ${WORKGROUP}u) {
    let xs = src[j];
    squares = squares + dot(xs, xs);
  }
  normTree[lid] = squares;
  ${treeReductionWgsl(WORKGROUP, 'lid', (k) => `normTree[lid] = normTree[lid] + normTree[lid + ${k}];`)}
  let inv = inverseSqrt(normTree[0] / ${f32Literal(k)} + ${f32Literal(norm)});`;
  return `
${bindings}${norm === null ? '' : `
@group(0) @binding(4) var<storage, read> gain : array<vec4<f32>>;
var<workgroup> normTree : array<f32, ${WORKGROUP}>;`}
${each((m, r) => `var<workgroup> partial${m}_${r} : array<f32, ${WORKGROUP}>;`, '\n')}

@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(workgroup_id) wid : vec3<u32>, @builtin(num_workgroups) groups : vec3<u32>, @builtin(local_invocation_index) lid : u32) {
  let lane = lid % ${lanes}u;
  let firstRow = (wid.y * groups.x + wid.x) * ${rowsPerGroup(tiling)}u + (lid / ${lanes}u) * ${rowsPerThread}u;
  ${normPrologue}
  ${each((m, r) => `var acc${m}_${r} = 0.0;`, '\n  ')}
  // Rows past the end repeat the last row's loads, so that no thread leaves before the barriers below.
  ${rows.map((r) => `let base${r} = min(firstRow + ${r}u, ${n - 1}u) * ${units}u;`).join('\n  ')}
  for (var j = lane; j < ${units}u; j = j + ${lanes}u) {
    ${loads}
    ${each(accumulate, '\n    ')}
  }
  ${each((m, r) => `partial${m}_${r}[lid] = acc${m}_${r};`, '\n  ')}
  ${treeReductionWgsl(lanes, 'lane', (k) => each((m, r) => `partial${m}_${r}[lid] = partial${m}_${r}[lid] + partial${m}_${r}[lid + ${k}];`, '\n      '))}
  if (lane == 0u) {
    ${rows
      .map((r) => `if (firstRow + ${r}u < ${n}u) {
      let row = firstRow + ${r}u;
      ${epilogue('row', (m) => `partial${m}_${r}[lid]`)}
    }`)
      .join('\n    ')}
  }
}
`;
}

function matVecBindings(options: MatVecOptions): string {
  return `
@group(0) @binding(0) var<storage, read> weights0 : ${weightArray(options.weights ?? 'f32')};
@group(0) @binding(1) var<storage, read> src : array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> dst : array<f32>;
`;
}

/** dst[offset + row] = W[row] . src: a projection's output written into place. */
export function matVecShader(n: number, k: number, offset: number, options: MatVecOptions = {}): string {
  return matVecBody(n, k, 1, (row, total) => `dst[${offset}u + ${row}] = ${total(0)};`, matVecBindings(options), options);
}

/** dst[row] += W[row] . src: a projection added to the residual stream in the same launch. */
export function matVecAddShader(n: number, k: number, options: MatVecOptions = {}): string {
  return matVecBody(n, k, 1, (row, total) => `dst[${row}] = dst[${row}] + ${total(0)};`, matVecBindings(options), options);
}

/**
 * dst[row] = gelu_tanh(Wgate[row] . src) * (Wup[row] . src): the MLP's two
 * products and its activation in one launch. tanh's argument is clamped at
 * +-10 (where tanh is 1 to float32 precision) because some drivers compute
 * tanh from exponentials that overflow to inf/inf.
 */
export function gatedMatVecShader(n: number, k: number, options: MatVecOptions = {}): string {
  const bindings = `
@group(0) @binding(0) var<storage, read> weights0 : ${weightArray(options.weights ?? 'f32')};
@group(0) @binding(3) var<storage, read> weights1 : ${weightArray(options.weights ?? 'f32')};
@group(0) @binding(1) var<storage, read> src : array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> dst : array<f32>;
`;
  const epilogue = (row: string, total: (m: number) => string) => `
      let g = ${total(0)};
      let inner = clamp(${f32Literal(Math.sqrt(2 / Math.PI))} * (g + ${f32Literal(0.044715)} * g * g * g), -10.0, 10.0);
      dst[${row}] = 0.5 * g * (1.0 + tanh(inner)) * ${total(1)};`;
  return matVecBody(n, k, 2, epilogue, bindings, options);
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
