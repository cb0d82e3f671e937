/**
 * The prompt's causal attention (prefill-attention-shader.ts) with each row's partial scores added by subgroup
 * shuffles instead of workgroup memory: a row's `chunks` threads are lanes of one subgroup, so a butterfly of
 * log2(chunks) shuffles leaves every lane holding the row's score; no barrier, no workgroup memory. Each thread
 * also serves `rowsPerThread` rows (query heads of one position, sharing the KV head): every key and value slice
 * it loads is dotted with, and added into, that many rows from registers, where the walk is otherwise bound by
 * those loads (4 FMAs a vec4 for one row).
 */
import { POSITION_UNIFORM } from './row-kernels.ts';
import { f32Literal } from './wgsl.ts';
import type { PrefillAttentionBlocks, PrefillAttentionOptions } from './prefill-attention-shader.ts';

/**
 * The shader for the model's shapes and the prompt, with its rows in `blocksOf` (prefillAttentionBlocks of the same
 * options); prefillAttentionShader calls it for `reduction: 'subgroups'`.
 */
export function subgroupAttentionShader(heads: number, kvHeads: number, headDim: number, capacity: number, tokens: number, options: PrefillAttentionOptions, blocksOf: PrefillAttentionBlocks): string {
  const { keysAStep: K, stagger } = options;
  const R = options.rowsPerThread ?? 1;
  const { chunks, headsPerGroup, positions } = blocksOf;
  if (headsPerGroup % R !== 0) throw new Error(`prefill attention: ${R} rows a thread must divide the ${headsPerGroup} heads of a block`);
  const group = heads / kvHeads;
  const threads = (headsPerGroup * positions * chunks) / R;
  const d4 = headDim / 4;
  const slice4 = d4 / chunks; // vec4s of a row's slice
  const width4 = ((heads + 2 * kvHeads) * headDim) / 4;
  const blocks = Math.ceil(tokens / positions);
  const rows = Array.from({ length: R }, (_, r) => r);
  const each = (f: (r: number) => string, join = '\n    ') => rows.map(f).join(join);
  // Lanes chunk ^ 1, ^ 2, ... ^ chunks / 2 of a row: after these every lane of the row holds the row's score.
  const shuffles = (s: string) => Array.from({ length: Math.log2(chunks) }, (_, b) => `${s} = ${s} + subgroupShuffleXor(${s}, ${1 << b}u);`).join(' ');
  return `enable subgroups;
@group(0) @binding(0) var<storage, read> qkv : array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> keys : array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> values : array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> attended : array<vec4<f32>>;
${POSITION_UNIFORM}

@compute @workgroup_size(${threads})
fn main(@builtin(workgroup_id) wid : vec3<u32>, @builtin(local_invocation_index) lid : u32) {
  // The blocks with the most keys (the last positions) first, so the short ones fill in behind them.
  let firstToken = (${blocks - 1}u - wid.x) * ${positions}u;
  let firstHead = wid.y * ${headsPerGroup}u;
  let kvBase = (firstHead / ${group}u) * ${capacity}u;
  let firstRow = (lid / ${chunks}u) * ${R}u; // the thread's rows: heads head0 .. head0 + ${R - 1} of position t
  let slice = lid % ${chunks}u; // vec4s slice, slice + chunks, ...: a load instruction of a row's threads reads one run of vec4s
  let t = firstToken + firstRow / ${headsPerGroup}u;
  let head0 = firstHead + firstRow % ${headsPerGroup}u;
  let live = t < ${tokens}u;
  let lastKey = stepInfo.pos + min(t, ${tokens - 1}u); // these rows see keys [0, lastKey]
  let blockEnd = stepInfo.pos + min(firstToken + ${positions}u, ${tokens}u); // keys the block's last row sees, + 1
  let qAt = min(t, ${tokens - 1}u) * ${width4}u + head0 * ${d4}u + slice;
  ${each((r) => `var q${r} : array<vec4<f32>, ${slice4}>;
  var o${r} : array<vec4<f32>, ${slice4}>;
  var m${r} = -3.0e38;
  var l${r} = 0.0;`, '\n  ')}
  for (var i = 0u; i < ${slice4}u; i = i + 1u) {
    ${each((r) => `q${r}[i] = qkv[qAt + ${r * d4}u + i * ${chunks}u] * ${f32Literal(1 / Math.sqrt(headDim))};
    o${r}[i] = vec4<f32>(0.0);`)}
  }
  let steps = (blockEnd + ${K - 1}u) / ${K}u;
  let firstStep = ${stagger ? `(wid.x * 37u + wid.y * 11u) % steps` : '0u'};
  for (var taken = 0u; taken < steps; taken = taken + 1u) {
    var walked = firstStep + taken;
    if (walked >= steps) { walked = walked - steps; }
    let key0 = walked * ${K}u;
    var at : array<u32, ${K}>; // each key's first vec4 of this thread's slice
    ${each((r) => `var p${r} : array<f32, ${K}>;
    var stepMax${r} = -3.0e38;`)}
    for (var j = 0u; j < ${K}u; j = j + 1u) {
      at[j] = (kvBase + min(key0 + j, blockEnd - 1u)) * ${d4}u + slice;
      ${each((r) => `var s${r} = 0.0;`, '\n      ')}
      for (var i = 0u; i < ${slice4}u; i = i + 1u) {
        let key = keys[at[j] + i * ${chunks}u];
        ${each((r) => `s${r} = s${r} + dot(q${r}[i], key);`, '\n        ')}
      }
      let seen = key0 + j <= lastKey; // keys past the rows' last are masked
      ${each((r) => `${shuffles(`s${r}`)}
      p${r}[j] = select(-3.0e38, s${r}, seen);
      stepMax${r} = max(stepMax${r}, p${r}[j]);`, '\n      ')}
    }
    ${each((r) => `let mNew${r} = max(m${r}, stepMax${r});
    let rescale${r} = exp(m${r} - mNew${r});
    l${r} = l${r} * rescale${r};
    m${r} = mNew${r};`)}
    for (var i = 0u; i < ${slice4}u; i = i + 1u) {
      ${each((r) => `o${r}[i] = o${r}[i] * rescale${r};`, '\n      ')}
    }
    for (var j = 0u; j < ${K}u; j = j + 1u) {
      let seen = key0 + j <= lastKey;
      ${each((r) => `let w${r} = select(0.0, exp(p${r}[j] - m${r}), seen);
      l${r} = l${r} + w${r};`, '\n      ')}
      for (var i = 0u; i < ${slice4}u; i = i + 1u) {
        let value = values[at[j] + i * ${chunks}u];
        ${each((r) => `o${r}[i] = o${r}[i] + w${r} * value;`, '\n        ')}
      }
    }
  }
  if (live) {
    let outAt = t * ${(heads * headDim) / 4}u + head0 * ${d4}u + slice;
    for (var i = 0u; i < ${slice4}u; i = i + 1u) {
      ${each((r) => `attended[outAt + ${r * d4}u + i * ${chunks}u] = o${r}[i] / l${r};`, '\n      ')}
    }
  }
}
`;
}
