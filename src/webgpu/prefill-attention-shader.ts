/**
 * Causal attention of a multi-token step (recorded-prefill.ts), flash-attention
 * style with the head dimension split over threads: each query row (position,
 * head) is served by `chunks` consecutive threads, each holding its D / chunks
 * slice of q and of the output (interleaved vec4s, so that the row's threads
 * load runs of a key together) in registers for the whole walk over the keys.
 * Keys come keysAStep at a time: every thread dots its slice with each key's,
 * the slices' partial scores are added across the row's threads (workgroup
 * memory, one barrier a step, double-buffered), and the online softmax
 * (running max m, sum l, o rescaled by e^(m_old - m_new)) takes the step's keys
 * at once. No score matrix exists anywhere, not even a tile of one; the query
 * heads sharing a KV head sit in one workgroup, so a key or value slice loaded
 * is used by all of them (and by the block's other positions) from the L1.
 *
 * The earlier kernel (one query position a workgroup, a tile of 32 scores in
 * workgroup memory, each output element summed serially over the tile's values
 * by scalar loads) took 32 ms of a 1024-token gemma-2b prompt on the H200,
 * about 25x its FLOPs at the FMA rate.
 */
import { subgroupAttentionShader } from './prefill-attention-subgroups-shader.ts';
import { POSITION_UNIFORM } from './row-kernels.ts';
import { f32Literal, WORKGROUP } from './wgsl.ts';

/** How the prompt's attention is generated: the bench compares these (`--prefill-attention`). */
export interface PrefillAttentionOptions {
  /** Keys scored, and added into the output, per step of the walk: their loads and FMAs are independent, so they overlap. */
  keysAStep: number;
  /** Most threads a query row (fewer where D / 4 does not divide, or where the rows fill the workgroup at fewer). */
  maxChunks: number;
  /**
   * Each workgroup starts its walk at its own step and wraps around (the online softmax does not depend on the
   * order), so that the workgroups, which all read the same keys when a KV head serves all the query heads
   * (gemma-2b), do not all ask the L2 for the same lines at once.
   */
  stagger: boolean;
  /** Query positions a block (tests), instead of prefillAttentionBlocks' rule. */
  positions?: number;
  /**
   * How a row's threads add their slices' partial scores: through workgroup memory and a barrier a step
   * ('workgroup'), or by shuffles within the subgroup that holds the row's threads ('subgroups':
   * prefill-attention-subgroups-shader.ts), where the device has subgroups that hold a row's threads.
   */
  reduction?: 'workgroup' | 'subgroups';
  /** (subgroups) Query rows a thread serves: heads of one position, each key slice loaded used by all of them. */
  rowsPerThread?: number;
}

/**
 * `options` as the device can run them: the subgroups' reduction where asked and a row's threads fit one of the
 * device's subgroups (`subgroupSize`: its probed size, undefined without the feature), with rowsPerThread where it
 * divides a block's heads; otherwise workgroup memory, one row a thread.
 */
export function applicablePrefillAttention(heads: number, kvHeads: number, headDim: number, tokens: number, options: PrefillAttentionOptions, subgroupSize: number | undefined): PrefillAttentionOptions {
  const fallback = { ...options, reduction: 'workgroup' as const, rowsPerThread: 1 };
  if (options.reduction !== 'subgroups' || subgroupSize === undefined) return fallback;
  const rows = options.rowsPerThread ?? 1;
  const withRows = rows > 1 && prefillAttentionBlocks(heads, kvHeads, headDim, tokens, options).headsPerGroup % rows === 0 ? options : { ...options, rowsPerThread: 1 };
  return prefillAttentionBlocks(heads, kvHeads, headDim, tokens, withRows).chunks <= subgroupSize ? withRows : fallback;
}

/**
 * Eight keys a step on 16 threads a row, 32 where that leaves the workgroup half empty: on the H200 (gemma-2b f32,
 * docs/findings/2026-12-01-h200-prefill-attention) the attention of a 1024-token prompt took 7.2 ms against 12.9
 * at 4 keys on 8 threads, 64 tokens 0.44 ms against 0.61 on 16 threads and 0.82 at 4 on 8, 4096 tokens 108 ms
 * against 109; the kernel before this one took 32 ms at 1024. Session 16 (docs/findings/2026-12-02-h200-prefill-session16):
 * the partial scores added by subgroup shuffles took 1024 tokens from 7.17 to 6.53 ms and 4096 from 108.4 to 98.4;
 * with two heads a thread and sixteen keys a step (`16x32sgr2`), 1024 tokens took 4.95 ms, and the step 101.99 against
 * 108.12 with the attention before in one process (`lab verify` passes it at 64, 129 and 1024 tokens).
 */
export const PREFILL_ATTENTION: PrefillAttentionOptions = { keysAStep: 16, maxChunks: 32, stagger: true, reduction: 'subgroups', rowsPerThread: 2 };
/** Threads a row before positions are added: more split each row's loads finer, fewer let a block take more positions. */
const PREFERRED_CHUNKS = 16;
/** Workgroups a launch aims for (an H200 has 132 multiprocessors): positions a block shrink until it has them. */
const TARGET_GROUPS = 256;

/** How the attention of a multi-token step falls into workgroups. */
export interface PrefillAttentionBlocks {
  /** Threads a query row (the head dimension split in as many slices, interleaved: thread c of a row holds vec4s c, c + chunks, ...). */
  chunks: number;
  /** Query heads of one KV head a workgroup. */
  headsPerGroup: number;
  /** Query positions a workgroup. */
  positions: number;
}

/**
 * A row's threads: the largest power of two up to PREFERRED_CHUNKS (and maxChunks) dividing D / 4 (a slice is
 * whole vec4s); the heads of a KV head in one workgroup, as many as fit WORKGROUP threads; as many positions as
 * keep the launch at TARGET_GROUPS workgroups or more, up to a full workgroup; then, while the workgroup is not
 * full (a short prompt), twice the threads a row, up to maxChunks.
 */
export function prefillAttentionBlocks(heads: number, kvHeads: number, headDim: number, tokens: number, options: PrefillAttentionOptions = PREFILL_ATTENTION): PrefillAttentionBlocks {
  const d4 = headDim / 4;
  const divides = (c: number) => d4 % c === 0;
  let chunks = Math.min(PREFERRED_CHUNKS, options.maxChunks);
  while (!divides(chunks)) chunks /= 2;
  const positionsOverride = options.positions;
  const rowsPerThread = options.rowsPerThread ?? 1;
  if (!Number.isInteger(rowsPerThread) || rowsPerThread < 1) throw new Error(`prefill attention: rowsPerThread must be a positive integer, got ${rowsPerThread}`);
  const maxRows = (WORKGROUP / chunks) * rowsPerThread;
  const group = heads / kvHeads;
  let headsPerGroup = Math.min(group, maxRows);
  while (group % headsPerGroup !== 0) headsPerGroup -= 1;
  const headBlocks = heads / headsPerGroup;
  const fit = Math.floor(maxRows / headsPerGroup);
  if (positionsOverride !== undefined && (!Number.isInteger(positionsOverride) || positionsOverride < 1 || positionsOverride > fit)) {
    throw new Error(`prefill attention: ${positionsOverride} positions a block do not fit ${WORKGROUP} threads (at most ${fit})`);
  }
  const positions = positionsOverride ?? Math.max(1, Math.min(fit, Math.floor((tokens * headBlocks) / TARGET_GROUPS), tokens));
  while (headsPerGroup * positions * chunks * 2 <= WORKGROUP * rowsPerThread && chunks * 2 <= options.maxChunks && divides(chunks * 2)) chunks *= 2;
  return { chunks, headsPerGroup, positions };
}

/** The launch: [query position blocks, KV heads x head blocks]. */
export function prefillAttentionGroups(heads: number, kvHeads: number, headDim: number, tokens: number, options: PrefillAttentionOptions = PREFILL_ATTENTION): [number, number] {
  const b = prefillAttentionBlocks(heads, kvHeads, headDim, tokens, options);
  return [Math.ceil(tokens / b.positions), heads / b.headsPerGroup];
}

/**
 * attended [T, H * D] (binding 3) for the `tokens` queries at positions [pos, pos + T), q rotated in qkv
 * [T, (H + 2 KV) * D] (binding 0), against the caches [KV, capacity, D] (bindings 1, 2) that already hold
 * positions [0, pos + T). Head h reads KV head floor(h / (H / KV)). `options` as applicablePrefillAttention
 * gives them for the device: with the subgroups' reduction, a row's threads must fit one of its subgroups.
 */
export function prefillAttentionShader(heads: number, kvHeads: number, headDim: number, capacity: number, tokens: number, options: PrefillAttentionOptions = PREFILL_ATTENTION): string {
  if (headDim % 4 !== 0) throw new Error(`the prefill attention reads vec4s: headDim (${headDim}) must be a multiple of 4`);
  if (!Number.isInteger(options.keysAStep) || options.keysAStep < 1) throw new Error(`prefill attention: keysAStep must be a positive integer, got ${options.keysAStep}`);
  if (![1, 2, 4, 8, 16, 32].includes(options.maxChunks)) throw new Error(`prefill attention: maxChunks must be a power of two up to 32, got ${options.maxChunks}`);
  const blocksOf = prefillAttentionBlocks(heads, kvHeads, headDim, tokens, options);
  if (options.reduction === 'subgroups') {
    return subgroupAttentionShader(heads, kvHeads, headDim, capacity, tokens, options, blocksOf);
  }
  if ((options.rowsPerThread ?? 1) !== 1) throw new Error('prefill attention: more than one row a thread needs the subgroups\' reduction');
  const { chunks, headsPerGroup, positions } = blocksOf;
  const group = heads / kvHeads;
  const rows = headsPerGroup * positions;
  const threads = rows * chunks;
  const d4 = headDim / 4;
  const slice4 = d4 / chunks; // vec4s of a row's slice
  const width4 = ((heads + 2 * kvHeads) * headDim) / 4;
  const blocks = Math.ceil(tokens / positions);
  const K = options.keysAStep;
  return `
@group(0) @binding(0) var<storage, read> qkv : array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> keys : array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> values : array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> attended : array<vec4<f32>>;
${POSITION_UNIFORM}
// The slices' partial scores [2 (steps alternate), rows, keys a step, chunks]: a step's are added up after one barrier,
// and the next step writes the other half, so no thread overwrites what another may still be reading.
var<workgroup> partial : array<f32, ${2 * rows * K * chunks}>;

@compute @workgroup_size(${threads})
fn main(@builtin(workgroup_id) wid : vec3<u32>, @builtin(local_invocation_index) lid : u32) {
  // The blocks with the most keys (the last positions) first, so the short ones fill in behind them.
  let firstToken = (${blocks - 1}u - wid.x) * ${positions}u;
  let firstHead = wid.y * ${headsPerGroup}u;
  let kvBase = (firstHead / ${group}u) * ${capacity}u;
  let row = lid / ${chunks}u;
  let chunk = lid % ${chunks}u;
  let t = firstToken + row / ${headsPerGroup}u;
  let head = firstHead + row % ${headsPerGroup}u;
  let live = t < ${tokens}u;
  let lastKey = stepInfo.pos + min(t, ${tokens - 1}u); // this row sees keys [0, lastKey]
  let blockEnd = stepInfo.pos + min(firstToken + ${positions}u, ${tokens}u); // keys the block's last row sees, + 1
  let slice = chunk; // vec4s chunk, chunk + chunks, ...: a load instruction of a row's threads reads one run of vec4s
  var q : array<vec4<f32>, ${slice4}>;
  var o : array<vec4<f32>, ${slice4}>;
  let qAt = min(t, ${tokens - 1}u) * ${width4}u + head * ${d4}u + slice;
  for (var i = 0u; i < ${slice4}u; i = i + 1u) {
    q[i] = qkv[qAt + i * ${chunks}u] * ${f32Literal(1 / Math.sqrt(headDim))};
    o[i] = vec4<f32>(0.0);
  }
  var m = -3.0e38;
  var l = 0.0;
  let steps = (blockEnd + ${K - 1}u) / ${K}u;
  let firstStep = ${options.stagger ? `(wid.x * 37u + wid.y * 11u) % steps` : '0u'};
  for (var taken = 0u; taken < steps; taken = taken + 1u) {
    var walked = firstStep + taken;
    if (walked >= steps) { walked = walked - steps; }
    let key0 = walked * ${K}u;
    let buffered = (taken % 2u) * ${rows * K * chunks}u;
    var at : array<u32, ${K}>; // each key's first vec4 of this thread's slice
    for (var j = 0u; j < ${K}u; j = j + 1u) {
      at[j] = (kvBase + min(key0 + j, blockEnd - 1u)) * ${d4}u + slice;
      var s = 0.0;
      for (var i = 0u; i < ${slice4}u; i = i + 1u) { s = s + dot(q[i], keys[at[j] + i * ${chunks}u]); }
      partial[buffered + (row * ${K}u + j) * ${chunks}u + chunk] = s;
    }
    workgroupBarrier();
    var p : array<f32, ${K}>;
    var stepMax = -3.0e38;
    for (var j = 0u; j < ${K}u; j = j + 1u) {
      var s = 0.0;
      for (var c = 0u; c < ${chunks}u; c = c + 1u) { s = s + partial[buffered + (row * ${K}u + j) * ${chunks}u + c]; }
      p[j] = select(-3.0e38, s, key0 + j <= lastKey); // keys past the row's last are masked
      stepMax = max(stepMax, p[j]);
    }
    let mNew = max(m, stepMax);
    let rescale = exp(m - mNew);
    l = l * rescale;
    for (var i = 0u; i < ${slice4}u; i = i + 1u) { o[i] = o[i] * rescale; }
    for (var j = 0u; j < ${K}u; j = j + 1u) {
      let w = select(0.0, exp(p[j] - mNew), key0 + j <= lastKey);
      l = l + w;
      for (var i = 0u; i < ${slice4}u; i = i + 1u) { o[i] = o[i] + w * values[at[j] + i * ${chunks}u]; }
    }
    m = mNew;
  }
  if (live) {
    let outAt = t * ${(heads * headDim) / 4}u + head * ${d4}u + slice;
    for (var i = 0u; i < ${slice4}u; i = i + 1u) { attended[outAt + i * ${chunks}u] = o[i] / l; }
  }
}
`;
}
