/**
 * The kv-split attention's second pass (kv-split-attention-shader.ts writes its partials): per head, out =
 * sum_s e^(m_s - M) o_s / sum_s e^(m_s - M) l_s over the live splits (pos / keysPerSplit + 1 of `splits`).
 */
import { POSITION_UNIFORM } from './row-kernels.ts';
import { WORKGROUP } from './wgsl.ts';

/** Output elements one combining workgroup takes unless the step says fewer (StepOptions.combineChunk). */
export const COMBINE_CHUNK = 16;
/** The elements a combining workgroup may take: its threads split the live splits WORKGROUP / chunk ways. */
export const COMBINE_CHUNKS = [64, 32, 16, 8, 4] as const;
/** Splits a thread loads at once in the combining sum. */
const UNROLL = 8;

/** The combining launch: [element chunks, heads]. */
export function combineSplitsGroups(heads: number, headDim: number, chunk: number = COMBINE_CHUNK): [number, number] {
  return [Math.ceil(headDim / chunk), heads];
}

/**
 * Workgroup (chunk of `chunk` elements, head); thread (part p, element e) takes splits p, p + WORKGROUP / chunk,
 * ... of element e. Each thread keeps its own running max (an online softmax over its splits), so that every
 * load it makes (each split's m, l and o[e], UNROLL splits at once) is issued before any arithmetic needs a max
 * shared by the workgroup; then the parts of each element are rescaled to their common max behind one barrier.
 * The earlier pass first found the head's max and total by two tree reductions (16 barriers) and only then
 * loaded the outputs: three rounds of global loads on the critical path, where this has one.
 */
export function combineSplitsShader(heads: number, headDim: number, splits: number, keysPerSplit: number, chunk: number = COMBINE_CHUNK): string {
  if (!(COMBINE_CHUNKS as readonly number[]).includes(chunk)) throw new Error(`the combining pass takes ${COMBINE_CHUNKS.join(', ')} elements a workgroup, not ${chunk}`);
  const ids = (n: number) => Array.from({ length: n }, (_, i) => i);
  const PARTS = WORKGROUP / chunk;
  // Split s + u * PARTS of this round, clamped to the last live one (its weight is then zero).
  const loads = ids(UNROLL).map((u) => `let s${u} = min(s + ${u * PARTS}u, live - 1u);
    let m${u} = select(-3.0e38, partials[maxima + s${u}], s + ${u * PARTS}u < live);
    let l${u} = partials[sums + s${u}];
    let o${u} = partials[valuesAt + s${u} * ${headDim}u];`).join('\n    ');
  const roundMax = ids(UNROLL).reduce((acc, u) => (acc === '' ? `m${u}` : `max(${acc}, m${u})`), '');
  return `
@group(0) @binding(3) var<storage, read> partials : array<f32>;
@group(0) @binding(4) var<storage, read_write> attended : array<f32>;
${POSITION_UNIFORM}
var<workgroup> partMax : array<f32, ${WORKGROUP}>;
var<workgroup> partSum : array<f32, ${WORKGROUP}>;
var<workgroup> partOut : array<f32, ${WORKGROUP}>;

@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(workgroup_id) wid : vec3<u32>, @builtin(local_invocation_index) lid : u32) {
  let head = wid.y;
  let live = min(stepInfo.pos / ${keysPerSplit}u + 1u, ${splits}u);
  let maxima = head * ${splits}u;
  let sums = ${heads * splits}u + maxima;
  let p = lid / ${chunk}u;
  let e = wid.x * ${chunk}u + lid % ${chunk}u;
  let valuesAt = ${2 * heads * splits}u + maxima * ${headDim}u + min(e, ${headDim - 1}u);
  var m = -3.0e38;
  var l = 0.0;
  var acc = 0.0;
  for (var s = p; s < live; s = s + ${UNROLL * PARTS}u) {
    ${loads}
    let mNew = max(m, ${roundMax});
    let r = exp(m - mNew);
    ${ids(UNROLL).map((u) => `let w${u} = exp(m${u} - mNew);`).join('\n    ')}
    l = l * r + ${ids(UNROLL).map((u) => `w${u} * l${u}`).join(' + ')};
    acc = acc * r + ${ids(UNROLL).map((u) => `w${u} * o${u}`).join(' + ')};
    m = mNew;
  }
  partMax[lid] = m;
  partSum[lid] = l;
  partOut[lid] = acc;
  workgroupBarrier();
  if (p == 0u && e < ${headDim}u) {
    var largest = m;
    ${ids(PARTS - 1).map((q) => `largest = max(largest, partMax[lid + ${(q + 1) * chunk}u]);`).join('\n    ')}
    var total = 0.0;
    var out = 0.0;
    for (var q = 0u; q < ${PARTS}u; q = q + 1u) {
      let w = exp(partMax[lid + q * ${chunk}u] - largest);
      total = total + w * partSum[lid + q * ${chunk}u];
      out = out + w * partOut[lid + q * ${chunk}u];
    }
    attended[head * ${headDim}u + e] = out / total;
  }
}
`;
}
