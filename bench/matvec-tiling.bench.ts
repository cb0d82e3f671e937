/// <reference types="@webgpu/types" />
/**
 * npm run bench:tiling — how fast each matrix-vector product of a recorded
 * step runs under each tiling (lanes to a row x rows per thread), and what
 * folding the RMSNorm into the product costs against a norm launch of its
 * own (WebGPU only). Each timing is one compute pass of one launch per layer,
 * each over its own copy of the weight (so that the cache holds none of them,
 * as in a step), timed by the GPU's timestamps; the median of --repeats.
 * This is the evidence behind the tiling rule a recorded execution uses.
 *
 * With --weights-dtype bf16 or f16 the weights are read packed two to a u32
 * (half the bytes; GB/s counts the bytes read), as the recorded step reads them.
 *
 * With --reduction subgroups each row's lanes (and a folded norm's threads) add their sums by subgroupAdd
 * instead of a tree in workgroup memory (needs the adapter's subgroups: src/webgpu/subgroups.ts).
 *
 * --unroll 1,2,4 times every tiling at each of those loop unrolls (MatVecTiling.unroll: loop steps a thread issues together).
 * --stagger false,true times every tiling with and without each workgroup starting its row loop at its own block of
 * columns (MatVecTiling.stagger).
 * --folded-norm times every tiling of a product whose input the step norms (q/k/v, gate/up, the logits) with the
 * norm folded into it, as the recorded step runs them (normsInProducts): the fold's own loads of the input and its
 * gain are a larger share of a packed row's.
 *
 *   npm run bench:tiling -- [--model gemma-2b] [--repeats 15] [--weights-dtype f32|bf16|f16] [--reduction tree|subgroups] [--unroll 1] [--stagger false] [--folded-norm]
 */
import { parseArgs } from 'node:util';
import { initBackend } from '../src/backend.ts';
import { PRESETS, type ModelConfig } from '../src/model/config.ts';
import {
  gatedMatVecShader, lanesPerRowTiling, matVecAddShader, matVecGroups, matVecShader, rmsNormShader, shapedTiling, tunedTiling, WORKGROUP, type MatVecOptions, type MatVecTiling,
} from '../src/webgpu/step-kernels.ts';
import { bindGroupFor, pipelineFor } from '../src/webgpu/pipelines.ts';
import { webGpuDevice } from '../src/webgpu/tensor-buffer.ts';
import { TimestampPairs } from '../src/webgpu/timestamp-pairs.ts';
import { subgroupSupport } from '../src/webgpu/subgroups.ts';
import { parseChoice } from '../src/cli/options.ts';
import { bytesPerWeight, WEIGHT_DTYPES } from '../src/model/weight-dtype.ts';

const { values } = parseArgs({
  options: {
    model: { type: 'string', default: 'gemma-2b' },
    repeats: { type: 'string', default: '15' },
    'weights-dtype': { type: 'string', default: 'f32' },
    reduction: { type: 'string', default: 'tree' },
    unroll: { type: 'string', default: '1' },
    stagger: { type: 'string', default: 'false' },
    'folded-norm': { type: 'boolean', default: false },
  },
});
const reduction = parseChoice(values.reduction, ['tree', 'subgroups'] as const, '--reduction');
const config: ModelConfig = PRESETS[values.model as keyof typeof PRESETS];
if (!config) throw new Error(`unknown model ${values.model}; presets: ${Object.keys(PRESETS).join(', ')}`);
const repeats = Number(values.repeats);
/** How long each product's timings are preceded by back-to-back passes of it (warmUp). */
const WARMUP_MS = 300;
const dtype = parseChoice(values['weights-dtype'], WEIGHT_DTYPES, '--weights-dtype');
const weightBytes = bytesPerWeight(dtype);
const backend = await initBackend('webgpu');
const device = webGpuDevice();
if (!device.features.has('timestamp-query')) throw new Error("this device has no 'timestamp-query' feature: launches cannot be timed");
const support = subgroupSupport(device);
if (reduction === 'subgroups' && !support.ok) throw new Error(`--reduction subgroups cannot run here: ${support.why}`);
console.log(`backend: ${backend.device}; ${values.model} shapes, ${dtype} weights, reduction by ${reduction === 'subgroups' && support.ok ? `subgroups of ${support.size}` : 'a tree in workgroup memory'}; median of ${repeats} passes of one launch per layer (${config.layers}), each over its own weight copy, the passes of a timing submitted together after ${WARMUP_MS} ms of warm-up a product\n`);

interface Product {
  label: string;
  n: number;
  k: number;
  /** Weight arrays read with the same input (gate and up). */
  matrices: number;
  shader: (options: MatVecOptions) => string;
  /** Whether the step norms this product's input (the norm can fold into it). */
  normed: boolean;
  copies: number;
}

const c = config;
const qkvRows = (c.heads + 2 * c.kvHeads) * c.headDim;
const products: Product[] = [
  { label: 'qkv (fused)', n: qkvRows, k: c.hidden, matrices: 1, shader: (o) => matVecShader(qkvRows, c.hidden, 0, o), normed: true, copies: c.layers },
  { label: 'output + residual', n: c.hidden, k: c.heads * c.headDim, matrices: 1, shader: (o) => matVecAddShader(c.hidden, c.heads * c.headDim, o), normed: false, copies: c.layers },
  { label: 'gate/up + gelu', n: c.intermediate, k: c.hidden, matrices: 2, shader: (o) => gatedMatVecShader(c.intermediate, c.hidden, o), normed: true, copies: c.layers },
  { label: 'down + residual', n: c.hidden, k: c.intermediate, matrices: 1, shader: (o) => matVecAddShader(c.hidden, c.intermediate, o), normed: false, copies: c.layers },
  { label: 'logits', n: c.vocabSize, k: c.hidden, matrices: 1, shader: (o) => matVecShader(c.vocabSize, c.hidden, 0, o), normed: true, copies: 1 },
];

const storage = GPUBufferUsage.STORAGE;
const buffers: GPUBuffer[] = [];
function buffer(floats: number, bytesEach = 4): GPUBuffer {
  const b = device.createBuffer({ size: Math.max(16, floats * bytesEach), usage: storage });
  buffers.push(b);
  return b;
}

type Launch = { pipeline: GPUComputePipeline; bindings: GPUBindGroup; groups: number };

function encodePass(encoder: GPUCommandEncoder, launches: Launch[], timestampWrites?: GPUComputePassTimestampWrites): void {
  const pass = encoder.beginComputePass(timestampWrites ? { timestampWrites } : {});
  for (const { pipeline, bindings, groups } of launches) {
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bindings);
    pass.dispatchWorkgroups(Math.min(groups, 65535), Math.ceil(groups / 65535));
  }
  pass.end();
}

/**
 * GPU ms of one pass recording `launches`, median of `repeats`. All the passes go in one submission, back to back:
 * a GPU left idle between passes lowers its clocks (on the H200, passes awaited one by one ran at an SM clock of
 * 345-1980 MHz, median 615, and read half as fast), so no host round trip may sit between the timed passes.
 */
async function timePass(launches: Launch[]): Promise<number> {
  const passes = repeats + 1; // the first pass warms up
  const timestamps = new TimestampPairs(device, passes);
  try {
    const encoder = device.createCommandEncoder();
    for (let r = 0; r < passes; r++) encodePass(encoder, launches, timestamps.writes(r));
    timestamps.resolve(encoder);
    device.queue.submit([encoder.finish()]);
    const times = (await timestamps.nanoseconds()).slice(1).map((ns) => ns / 1e6);
    return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
  } finally {
    timestamps.destroy();
  }
}

/** Keeps the GPU busy with `launches` for WARMUP_MS, so that its clocks are up before a product's timings. */
async function warmUp(launches: Launch[]): Promise<void> {
  const start = performance.now();
  while (performance.now() - start < WARMUP_MS) {
    const encoder = device.createCommandEncoder();
    for (let r = 0; r < 20; r++) encodePass(encoder, launches);
    device.queue.submit([encoder.finish()]);
    await device.queue.onSubmittedWorkDone();
  }
}

const unrolls = values.unroll!.split(',').map(Number);
if (unrolls.some((u) => ![1, 2, 4].includes(u))) throw new Error(`--unroll takes 1, 2 or 4 (a list), got ${values.unroll}`);
const staggers = values.stagger!.split(',').map((v) => parseChoice(v, ['false', 'true'] as const, '--stagger') === 'true');
const candidates: MatVecTiling[] = [];
for (const lanes of [32, 64, 128, 256]) for (const rowsPerThread of [1, 2, 4]) for (const unroll of unrolls) for (const stagger of staggers) candidates.push({ lanes, rowsPerThread, unroll, ...(stagger ? { stagger } : {}) });
const same = (a: MatVecTiling, b: MatVecTiling) => a.lanes === b.lanes && a.rowsPerThread === b.rowsPerThread && (a.unroll ?? 1) === (b.unroll ?? 1) && !!a.stagger === !!b.stagger;

for (const p of products) {
  const weights = Array.from({ length: p.copies }, () => Array.from({ length: p.matrices }, () => buffer(p.n * p.k, weightBytes)));
  const input = buffer(p.k);
  const gain = buffer(p.k);
  const output = buffer(p.n);
  const normed = buffer(p.k);
  const bytes = p.n * p.k * weightBytes * p.matrices;
  const launchesOf = (shaderOptions: MatVecOptions, src: GPUBuffer) => {
    const options: MatVecOptions = { ...shaderOptions, weights: dtype, reduction };
    const pipeline = pipelineFor(device, p.shader(options));
    return weights.map((w) => {
      const bound: Record<number, GPUBuffer> = { 0: w[0]!, 1: src, 2: output };
      if (w[1]) bound[3] = w[1];
      if (options.normEps !== undefined) bound[4] = gain;
      return { pipeline, bindings: bindGroupFor(device, pipeline, bound), groups: matVecGroups(p.n, p.k, options.tiling) };
    });
  };
  const rows: { tiling: MatVecTiling; us: number }[] = [];
  const folded = values['folded-norm'] && p.normed;
  const foldedEps = folded ? { normEps: c.rmsEps } : {};
  await warmUp(launchesOf({ tiling: tunedTiling(p.n, p.k), ...foldedEps }, input));
  for (const tiling of candidates) {
    if (tiling.lanes > WORKGROUP) continue;
    const ms = await timePass(launchesOf({ tiling, ...foldedEps }, input));
    rows.push({ tiling, us: (ms * 1000) / p.copies });
  }
  const first = lanesPerRowTiling(p.n, p.k);
  const tuned = tunedTiling(p.n, p.k);
  const shaped = shapedTiling(p.n, p.k);
  const best = rows.reduce((a, b) => (b.us < a.us ? b : a));
  console.log(`${p.label}: W [${p.n}, ${p.k}]${p.matrices > 1 ? ` x ${p.matrices}` : ''}, ${(bytes / 1e6).toFixed(1)} MB a launch${folded ? ', the norm folded in' : ''}`);
  console.log('  lanes  rows/thread  unroll  stagger  groups      µs    GB/s');
  for (const { tiling, us } of rows) {
    const marks = [same(tiling, first) ? 'first rule' : '', same(tiling, tuned) ? 'tuned rule' : '', same(tiling, shaped) ? 'shaped rule' : '', same(tiling, best.tiling) ? 'fastest' : ''].filter(Boolean).join(', ');
    console.log(`  ${String(tiling.lanes).padStart(5)}  ${String(tiling.rowsPerThread).padStart(11)}  ${String(tiling.unroll ?? 1).padStart(6)}  ${(tiling.stagger ? 'yes' : 'no').padStart(7)}  ${String(matVecGroups(p.n, p.k, tiling)).padStart(6)}  ${us.toFixed(1).padStart(6)}  ${(bytes / (us / 1e6) / 1e9).toFixed(0).padStart(6)}${marks ? `  <- ${marks}` : ''}`);
  }
  if (p.normed) {
    // The norm as its own launch before each product, against the norm folded into the product, at the tuned tiling.
    const normPipeline = pipelineFor(device, rmsNormShader(p.k, c.rmsEps));
    const normLaunch = { pipeline: normPipeline, bindings: bindGroupFor(device, normPipeline, { 0: input, 1: gain, 2: normed }), groups: 1 };
    const separate = launchesOf({ tiling: tuned }, normed).flatMap((launch) => [normLaunch, launch]);
    const separateUs = ((await timePass(separate)) * 1000) / p.copies;
    const foldedUs = ((await timePass(launchesOf({ tiling: tuned, normEps: c.rmsEps }, input))) * 1000) / p.copies;
    console.log(`  norm + product (tuned tiling): ${separateUs.toFixed(1)} µs as two launches, ${foldedUs.toFixed(1)} µs folded into one (${(foldedUs - separateUs).toFixed(1)} µs)`);
  }
  console.log('');
}
for (const b of buffers) b.destroy();
