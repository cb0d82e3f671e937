/**
 * Split-keys attention of a single-token step built for long contexts ('kv-split', recorded-step.ts): workgroup
 * (split, KV head) scores keysPerSplit cached positions for every query head that reads its KV head, then a
 * combining launch adds the splits. The other split kernels walk their keys in rounds, a barrier and a serial
 * loop of dependent loads a round, and at 4096 positions a workgroup waits on memory most of its time; here each
 * of a split's keys gets up to WORKGROUP / keysPerSplit lanes that load their slices of it all at once (the loops are
 * unrolled: keysPerSplit and the head size are constants of the shader), the heads' partial dots go through
 * workgroup memory once, and the values are summed from loads issued together too (with the keys', where a split's
 * keys are few), all in one round of loads with q and the step's own row. Four barriers a workgroup.
 */
import { POSITION_UNIFORM } from './row-kernels.ts';
import { f32Literal, WORKGROUP } from './wgsl.ts';

/** Keys a split takes at most for its values to be loaded with its keys (a register each, beside the keys' slices). */
export const EARLY_VALUES_MAX_KEYS = 32;

/**
 * Lanes that share each key: WORKGROUP / keysPerSplit, or fewer where the head has fewer vec4s (a power of two
 * that divides them; the threads past keysPerSplit x lanes then only wait at the barriers).
 */
export function kvSplitLanes(headDim: number, keysPerSplit: number): number {
  if (!Number.isInteger(keysPerSplit) || keysPerSplit < 1 || keysPerSplit > WORKGROUP || (WORKGROUP / keysPerSplit) % 1 !== 0) {
    throw new Error(`kv-split attention: keysPerSplit (${keysPerSplit}) must divide the workgroup's ${WORKGROUP} threads`);
  }
  const d4 = headDim / 4;
  if (!Number.isInteger(d4)) throw new Error(`kv-split attention reads vec4s: headDim (${headDim}) must be a multiple of 4`);
  let lanes = WORKGROUP / keysPerSplit;
  while (d4 % lanes !== 0) lanes /= 2;
  return lanes;
}

/** Workgroup memory the first pass takes for `group` query heads a KV head. */
export function kvSplitWorkgroupBytes(group: number, headDim: number, keysPerSplit: number, ropeInAttention = false): number {
  return 4 * (group * headDim + WORKGROUP * group + group * keysPerSplit + 2 * group + (ropeInAttention ? 2 * headDim : 0));
}

/** The launch over every split of the capacity: [splits, KV heads]; the splits past the live length return at once. */
export function kvSplitGroups(kvHeads: number, keysPerSplit: number, capacity: number): [number, number] {
  return [Math.ceil(capacity / keysPerSplit), kvHeads];
}

/**
 * First pass: writes, per query head h and split s, the split's score max m, sum of exp(score - m) l and
 * sum of exp(score - m) v [D] into partials ([heads * splits] maxima, as many sums, then [heads * splits, D]),
 * the layout combineAttentionShader and combineSplitsShader read. q (rotated) in qkv, the caches [KV, capacity, D].
 */
export function kvSplitAttentionShader(heads: number, kvHeads: number, headDim: number, capacity: number, keysPerSplit: number, ropeInAttention = false): string {
  const group = heads / kvHeads;
  const lanes = kvSplitLanes(headDim, keysPerSplit);
  if (group * keysPerSplit > WORKGROUP) throw new Error(`kv-split attention: ${group} query heads x ${keysPerSplit} keys exceed the workgroup's ${WORKGROUP} threads`);
  const d4 = headDim / 4;
  const slices = d4 / lanes; // vec4s of a key each lane loads
  const splits = Math.ceil(capacity / keysPerSplit);
  const ids = (n: number) => Array.from({ length: n }, (_, i) => i);
  const heads4 = ids(group);
  const cache = ropeInAttention ? 'read_write' : 'read';
  // The values' loads issued before the first barrier, one element a thread, where a thread holds few enough of them.
  const valuesEarly = headDim <= WORKGROUP && keysPerSplit <= EARLY_VALUES_MAX_KEYS;
  const half4 = headDim / 8; // vec4s in half a head: element i pairs with i + D / 2
  if (ropeInAttention && headDim % 8 !== 0) throw new Error(`kv-split attention with RoPE reads half-heads in vec4s: headDim (${headDim}) must be a multiple of 8`);
  // Every global load of the workgroup is issued in one round, in straight-line code, before any is used: q
  // (rotated, with the cosines and sines it needs), the step's own key and value, the split's keys and values.
  // Staged in loops, each round of q's elements and the step's own row waited on its loads before the next went
  // out: five rounds of latency for the workgroup holding the step's position, where this has one.
  const qElements = group * d4;
  const rounds = (count: number) => ids(Math.ceil(count / WORKGROUP));
  const guarded = (count: number, r: number, body: string) => ((r + 1) * WORKGROUP <= count ? body : `if (lid + ${r * WORKGROUP}u < ${count}u) { ${body} }`);
  const rotate = (x: string, partner: string, cs: string, sn: string, c: string) => `select(${x} * ${cs} + ${partner} * ${sn}, ${x} * ${cs} - ${partner} * ${sn}, ${c} < ${half4}u)`;
  /** The loads of vec4 c (lid + r WORKGROUP, clamped to count, mod D / 4) of the head at vec4 `at` of qkv: its partner, cosine and sine too with RoPE. */
  const loadHeadVec4 = (name: string, r: number, count: number, at: string) => {
    const c = `${name}c${r}`;
    return [
      `let ${c} = min(lid + ${r * WORKGROUP}u, ${count - 1}u) % ${d4}u;`,
      `let ${name}at${r} = ${at};`,
      `let ${name}x${r} = qkv[${name}at${r} + ${c}];`,
      ...(ropeInAttention
        ? [
            `let ${name}p${r} = qkv[${name}at${r} + (${c} + ${half4}u) % ${d4}u];`,
            `let ${name}cs${r} = cosTable[pos * ${half4}u + ${c} % ${half4}u];`,
            `let ${name}sn${r} = sinTable[pos * ${half4}u + ${c} % ${half4}u];`,
          ]
        : []),
    ].join('\n  ');
  };
  const headVec4 = (name: string, r: number) => (ropeInAttention ? rotate(`${name}x${r}`, `${name}p${r}`, `${name}cs${r}`, `${name}sn${r}`, `${name}c${r}`) : `${name}x${r}`);
  const qLoads = rounds(qElements).map((r) => loadHeadVec4('q', r, qElements, `(firstHead + min(lid + ${r * WORKGROUP}u, ${qElements - 1}u) / ${d4}u) * ${d4}u`));
  const kNewLoads = ropeInAttention ? rounds(d4).map((r) => loadHeadVec4('k', r, d4, `${heads * d4}u + kvHead * ${d4}u`)) : [];
  const vNewLoads = ropeInAttention
    ? rounds(headDim).map((r) => `let vAt${r} = ${(heads + kvHeads) * headDim}u + kvHead * ${headDim}u + min(lid + ${r * WORKGROUP}u, ${headDim - 1}u);
  let vx${r} = qkv[vAt${r} / 4u][vAt${r} % 4u];`)
    : [];
  const qStores = rounds(qElements).map((r) => guarded(qElements, r, `q[lid + ${r * WORKGROUP}u] = ${headVec4('q', r)};`));
  // The split holding the step's position writes its rotated key and its value into the cache at once: every
  // read of that row in this workgroup is replaced by kNew and vNew, and no other workgroup reads it in this launch.
  const newRow = ropeInAttention
    ? `if (holdsNew) {
    ${[
      ...rounds(d4).map((r) => guarded(d4, r, `{ let k = ${headVec4('k', r)}; kNew[lid + ${r * WORKGROUP}u] = k; keys[(kvBase + pos) * ${d4}u + lid + ${r * WORKGROUP}u] = k; }`)),
      ...rounds(headDim).map((r) => guarded(headDim, r, `vNew[lid + ${r * WORKGROUP}u] = vx${r}; values[(kvBase + pos) * ${headDim}u + lid + ${r * WORKGROUP}u] = vx${r};`)),
    ].join('\n    ')}
  }`
    : '';
  return `
@group(0) @binding(0) var<storage, read> qkv : array<vec4<f32>>;
@group(0) @binding(1) var<storage, ${cache}> keys : array<vec4<f32>>;
@group(0) @binding(2) var<storage, ${cache}> values : array<f32>;
@group(0) @binding(3) var<storage, read_write> partials : array<f32>;
${POSITION_UNIFORM}${
    ropeInAttention
      ? `
@group(0) @binding(5) var<storage, read> cosTable : array<vec4<f32>>;
@group(0) @binding(6) var<storage, read> sinTable : array<vec4<f32>>;
var<workgroup> kNew : array<vec4<f32>, ${d4}>; // the step's own key, rotated
var<workgroup> vNew : array<f32, ${headDim}>; // and its value`
      : ''
  }
var<workgroup> q : array<vec4<f32>, ${group * d4}>; // [group heads, D / 4]
var<workgroup> dots : array<f32, ${WORKGROUP * group}>; // [keys, lanes, group heads] partial dots
var<workgroup> weights : array<f32, ${group * keysPerSplit}>; // [group heads, keys]: scores, then exp(score - m)
var<workgroup> maxima : array<f32, ${group}>;
var<workgroup> sums : array<f32, ${group}>;

@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(workgroup_id) wid : vec3<u32>, @builtin(local_invocation_index) lid : u32) {
  let split = wid.x;
  let kvHead = wid.y;
  let firstKey = split * ${keysPerSplit}u;
  let pos = stepInfo.pos;
  if (firstKey > pos) { return; } // uniform: the split holds no live position
  let kvBase = kvHead * ${capacity}u;
  let firstHead = kvHead * ${group}u;
  ${ropeInAttention ? `// RoPE here instead of in a launch of its own: q rotated as it is staged; the split holding the step's
  // position makes that position's rotated key and its value, and uses them in place of the cache's row.
  let holdsNew = pos < firstKey + ${keysPerSplit}u;
  ` : ''}${[...qLoads, ...kNewLoads, ...vNewLoads].join('\n  ')}
  // Key j's lanes each load ${slices} vec4 of it (lane l: vec4s l, l + ${lanes}, ...), all before any use.
  let j = lid / ${lanes}u;
  let lane = lid % ${lanes}u;
  let keyAt = (kvBase + min(firstKey + j, ${capacity - 1}u)) * ${d4}u + lane;
  ${ids(slices).map((i) => `var k${i} = keys[keyAt + ${i * lanes}u];`).join('\n  ')}${
    valuesEarly
      ? `
  // Thread d's loads of element d of the split's values go out with the keys', their latency behind the scoring.
  let valueAt = kvBase * ${headDim}u + min(lid, ${headDim - 1}u);
  ${ids(keysPerSplit).map((k) => `let v${k} = values[valueAt + min(firstKey + ${k}u, ${capacity - 1}u) * ${headDim}u];`).join('\n  ')}`
      : ''
  }
  ${[...qStores, newRow].filter(Boolean).join('\n  ')}
  workgroupBarrier(); // q staged${
    ropeInAttention
      ? `
  if (firstKey + j == pos) {
    ${ids(slices).map((i) => `k${i} = kNew[lane + ${i * lanes}u];`).join('\n    ')}
  }`
      : ''
  }
  if (j < ${keysPerSplit}u) {
    ${heads4.map((h) => `dots[lid * ${group}u + ${h}u] = ${ids(slices).map((i) => `dot(k${i}, q[${h * d4}u + lane + ${i * lanes}u])`).join(' + ')};`).join('\n    ')}
  }
  workgroupBarrier();
  // Thread (head h, key j) adds its key's lanes; a position past the live end scores -inf (weight 0).
  if (lid < ${group * keysPerSplit}u) {
    let h = lid / ${keysPerSplit}u;
    let key = lid % ${keysPerSplit}u;
    var s = 0.0;
    for (var l = 0u; l < ${lanes}u; l = l + 1u) { s = s + dots[(key * ${lanes}u + l) * ${group}u + h]; }
    weights[lid] = select(-3.0e38, s * ${f32Literal(1 / Math.sqrt(headDim))}, firstKey + key <= pos);
  }
  workgroupBarrier();
  if (lid < ${group}u) {
    var m = -3.0e38;
    for (var key = 0u; key < ${keysPerSplit}u; key = key + 1u) { m = max(m, weights[lid * ${keysPerSplit}u + key]); }
    var l = 0.0;
    for (var key = 0u; key < ${keysPerSplit}u; key = key + 1u) {
      let p = select(0.0, exp(weights[lid * ${keysPerSplit}u + key] - m), firstKey + key <= pos);
      weights[lid * ${keysPerSplit}u + key] = p;
      l = l + p;
    }
    maxima[lid] = m;
    sums[lid] = l;
  }
  workgroupBarrier();
  let at = firstHead * ${splits}u + split; // head firstHead's entry; head firstHead + h is ${splits} on per h
  if (lid < ${group}u) {
    partials[at + lid * ${splits}u] = maxima[lid];
    partials[${heads * splits}u + at + lid * ${splits}u] = sums[lid];
  }
  // Values: thread d sums element d of the split's values for every head, its ${keysPerSplit} loads issued together.
  ${
    valuesEarly
      ? `if (lid < ${headDim}u) {
    let d = lid;
    ${ids(keysPerSplit).map((k) => `let w${k} = ${ropeInAttention ? `select(v${k}, vNew[d], firstKey + ${k}u == pos)` : `v${k}`};`).join('\n    ')}`
      : `for (var d = lid; d < ${headDim}u; d = d + ${WORKGROUP}u) {
    let valueAt = kvBase * ${headDim}u + d;
    ${ids(keysPerSplit).map((k) => `let w${k} = ${ropeInAttention ? `select(values[valueAt + min(firstKey + ${k}u, ${capacity - 1}u) * ${headDim}u], vNew[d], firstKey + ${k}u == pos)` : `values[valueAt + min(firstKey + ${k}u, ${capacity - 1}u) * ${headDim}u]`};`).join('\n    ')}`
  }
    ${heads4
      .map((h) => `partials[${2 * heads * splits}u + (at + ${h * splits}u) * ${headDim}u + d] = ${ids(keysPerSplit).map((k) => `weights[${h * keysPerSplit + k}u] * w${k}`).join(' + ')};`)
      .join('\n    ')}
  }
}
`;
}
