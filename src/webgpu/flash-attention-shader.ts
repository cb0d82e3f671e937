/**
 * The grouped split attention of a single-token step (recorded-step.ts),
 * flash-decoding style: each workgroup takes the query heads of one KV head
 * and walks one split of the cached keys in tiles of KEY_TILE, keeping per
 * head a running max m, sum l and output o (online softmax: o and l are
 * rescaled by e^(m_old - m_new) whenever the max grows). Only one tile of
 * scores is ever held, in workgroup memory. The query heads sharing a KV head
 * sit in one workgroup, so each key and value is read once for all of them.
 * (The multi-token step's attention is prefill-attention-shader.ts.)
 */
import { POSITION_UNIFORM } from './row-kernels.ts';
import { f32Literal, WORKGROUP } from './wgsl.ts';

/** Query rows (position, head) per workgroup: WORKGROUP / ROWS threads serve each. */
const ROWS = 8;
/** Keys per tile: one per thread of a row in the scoring phase. */
export const KEY_TILE = WORKGROUP / ROWS;

/** How a step's query rows fall into workgroups: `headsPerGroup` heads of one KV head x `positions` query positions. */
export interface FlashBlocks {
  headsPerGroup: number;
  positions: number;
}

/** The largest divisor of the heads per KV head up to ROWS, and as many query positions as fill the rest of the rows. */
export function flashBlocks(heads: number, kvHeads: number): FlashBlocks {
  const group = heads / kvHeads;
  let headsPerGroup = Math.min(group, ROWS);
  while (group % headsPerGroup !== 0) headsPerGroup -= 1;
  return { headsPerGroup, positions: Math.floor(ROWS / headsPerGroup) };
}

/**
 * Split-keys attention of a single-token step with the query heads of a KV
 * head together (flash-decoding): workgroup (split, head block) walks keys
 * [split * keysPerSplit, +keysPerSplit) of [0, pos] for all the heads of its
 * block and writes, per head, the partials combineAttentionShader adds up:
 * [heads * splits] maxima, as many sums, then [heads * splits, D] unnormalized
 * outputs. Each key and value is read once for the heads sharing it, where
 * splitAttentionShader reads it once per query head. Launched over every
 * split of the capacity, [capacity / keysPerSplit, head blocks]; a split past
 * the live length returns at once.
 */
export function groupedSplitAttentionShader(heads: number, kvHeads: number, headDim: number, capacity: number, keysPerSplit: number): string {
  if (keysPerSplit % KEY_TILE !== 0) throw new Error(`grouped split attention: keysPerSplit (${keysPerSplit}) must be a multiple of ${KEY_TILE}`);
  return flashShader(heads, kvHeads, headDim, capacity, { keysPerSplit, splits: Math.ceil(capacity / keysPerSplit) });
}

/** The workgroups of groupedSplitAttentionShader that cover positions [0, pos]: [splits, head blocks]. */
export function groupedSplitGroups(heads: number, kvHeads: number, keysPerSplit: number, pos: number): [number, number] {
  return [Math.floor(pos / keysPerSplit) + 1, heads / flashBlocks(heads, kvHeads).headsPerGroup];
}

function flashShader(heads: number, kvHeads: number, headDim: number, capacity: number, split: { keysPerSplit: number; splits: number }): string {
  const tokens = 1;
  if (headDim % 4 !== 0) throw new Error(`flash attention reads vec4s: headDim (${headDim}) must be a multiple of 4`);
  const group = heads / kvHeads;
  const { headsPerGroup, positions } = flashBlocks(heads, kvHeads);
  const rows = headsPerGroup * positions;
  const d4 = headDim / 4;
  const width4 = ((heads + 2 * kvHeads) * headDim) / 4;
  // Output elements per thread in the value phase: element lane + KEY_TILE * i of its row.
  const outputs = Math.ceil(headDim / KEY_TILE);
  return `
@group(0) @binding(0) var<storage, read> qkv : array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> keys : array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> values : array<f32>;
@group(0) @binding(3) var<storage, read_write> partials : array<f32>;
${POSITION_UNIFORM}
var<workgroup> q : array<vec4<f32>, ${rows * d4}>; // [rows, D / 4]
var<workgroup> scores : array<f32, ${ROWS * KEY_TILE}>; // [rows, KEY_TILE]

@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(workgroup_id) wid : vec3<u32>, @builtin(local_invocation_index) lid : u32) {
  // A split past the live length has nothing to score: the step launches every split of the capacity (direct
  // dispatch: an indirect one costs Dawn a validation pass and a bind group per launch on the host), and the
  // combining pass reads only the live ones. Uniform control flow: wid and the position are the same for the
  // whole workgroup.
  if (wid.x * ${split.keysPerSplit}u > stepInfo.pos) { return; }
  let firstToken = 0u;
  let firstHead = wid.y * ${headsPerGroup}u;
  let kvBase = (firstHead / ${group}u) * ${capacity}u;
  // Row r is query position firstToken + r / headsPerGroup of head firstHead + r % headsPerGroup.
  for (var e = lid; e < ${rows * d4}u; e = e + ${WORKGROUP}u) {
    let r = e / ${d4}u;
    let t = firstToken + r / ${headsPerGroup}u;
    var v = vec4<f32>(0.0);
    if (t < ${tokens}u) { v = qkv[t * ${width4}u + (firstHead + r % ${headsPerGroup}u) * ${d4}u + e % ${d4}u]; }
    q[e] = v;
  }
  // Scoring: thread (key j, row r), rows adjacent so that a warp reads few keys. Summing: thread (row, lane).
  let scoreRow = lid % ${ROWS}u;
  let scoreKey = lid / ${ROWS}u;
  let row = lid / ${KEY_TILE}u;
  let lane = lid % ${KEY_TILE}u;
  let t = firstToken + row / ${headsPerGroup}u;
  let live = row < ${rows}u && t < ${tokens}u;
  let lastKey = stepInfo.pos + t; // this row sees keys [0, lastKey]
  let blockEnd = min(stepInfo.pos + 1u, (wid.x + 1u) * ${split.keysPerSplit}u); // the split's last key the query sees, + 1
  var m = -3.0e38;
  var l = 0.0;
  var o : array<f32, ${outputs}>;
  for (var i = 0u; i < ${outputs}u; i = i + 1u) { o[i] = 0.0; }
  for (var key0 = wid.x * ${split.keysPerSplit}u; key0 < blockEnd; key0 = key0 + ${KEY_TILE}u) {
    workgroupBarrier(); // q staged; the last tile's scores read
    let key = min(key0 + scoreKey, blockEnd - 1u);
    var s = 0.0;
    if (scoreRow < ${rows}u) {
      for (var i = 0u; i < ${d4}u; i = i + 1u) {
        s = s + dot(q[scoreRow * ${d4}u + i], keys[(kvBase + key) * ${d4}u + i]);
      }
    }
    scores[scoreRow * ${KEY_TILE}u + scoreKey] = s * ${f32Literal(1 / Math.sqrt(headDim))};
    workgroupBarrier();
    if (live) {
      let count = min(${KEY_TILE}u, lastKey + 1u - min(key0, lastKey + 1u)); // keys of this tile the row sees
      var tileMax = -3.0e38;
      for (var j = 0u; j < count; j = j + 1u) { tileMax = max(tileMax, scores[row * ${KEY_TILE}u + j]); }
      let mNew = max(m, tileMax);
      let rescale = exp(m - mNew);
      l = l * rescale;
      for (var i = 0u; i < ${outputs}u; i = i + 1u) { o[i] = o[i] * rescale; }
      for (var j = 0u; j < count; j = j + 1u) {
        let p = exp(scores[row * ${KEY_TILE}u + j] - mNew);
        l = l + p;
        let at = (kvBase + key0 + j) * ${headDim}u + lane;
        for (var i = 0u; i < ${outputs}u; i = i + 1u) {
          if (lane + ${KEY_TILE}u * i < ${headDim}u) { o[i] = o[i] + p * values[at + ${KEY_TILE}u * i]; }
        }
      }
      m = mNew;
    }
  }
  if (live) {
    // [heads * splits] maxima, as many sums, then [heads * splits, D] outputs.
    let at = (firstHead + row % ${headsPerGroup}u) * ${split.splits}u + wid.x;
    if (lane == 0u) {
      partials[at] = m;
      partials[${heads * split.splits}u + at] = l;
    }
    let base = ${2 * heads * split.splits}u + at * ${headDim}u + lane;
    for (var i = 0u; i < ${outputs}u; i = i + 1u) {
      if (lane + ${KEY_TILE}u * i < ${headDim}u) { partials[base + ${KEY_TILE}u * i] = o[i]; }
    }
  }
}
`;
}
