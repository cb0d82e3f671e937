/**
 * npm run bench:recorded — where a recorded step's time goes (WebGPU only):
 * generation ms/token through `generate` against the floor (the weights' bytes
 * in their dtype and the KV cache's the steps read, over what the device reads,
 * src/webgpu/read-kernel.ts); the same step
 * replayed back to back without TF.js (its throughput), and the host's time
 * to record one; then the GPU time of each kind of launch, from timestamps,
 * with the bandwidth of those that read weights. With --prefill parallel the
 * prompt goes through the recorded multi-token step (recorded-prefill.ts): its
 * ms for the whole prompt through generate and replayed alone, against the
 * compute floor (the prompt's float32 operations over the FMA rate of
 * src/webgpu/fma-kernel.ts), and the GPU time of its launches. With
 * --position P the single step is replayed at position P (a cache of P + 1 or
 * more), where the attention reads P + 1 positions.
 *
 *   npm run bench:recorded -- [--model gemma-2b] [--variant wgsl-recorded-step+wgsl-argmax] [--weights-dtype f32|bf16|f16] [--prompt-len 64] [--gen-len 64] [--runs 5] [--replays 200] [--copy-mib 1024] [--read-gib 4.5]
 *     [--prefill scan|parallel] [--prefill-replays 10] [--position P] [--fma-groups 4096]
 *     [--attention per-head|split-keys|grouped-split|kv-split] [--keys-per-split N]   (the variant's step with its attention replaced)
 *     [--prefill-tiling RTxRPTxCPTxTK;...]   (with --prefill parallel: the multi-token step also replayed with each of these
 *                                              product tilings, rowThreads x rowsPerThread x colsPerThread x tileK, split over k as usual;
 *                                              a k: prefix, e.g. k:16x8x8x8, for the k-major layout, v: for row-vectors, p: or pv: pipelined,
 *                                              u unrolled, d padded (e.g. pvud:16x8x8x16); tiles up to the device's workgroup memory;
 *                                              A|B: A for the single products, B for the gated pair; A|B|C: C for the single
 *                                              products of a long k (the down product); default: prefillTiling's;
 *                                              a suffix @G: split over k while a product has fewer than G workgroups)
 *     [--prefill-attention KxC[s][g][rR];...]   (with --prefill parallel: the multi-token step also replayed with its attention taking K keys a step on
 *                                         at most C threads a row, s: each workgroup's walk staggered, g: the partial scores added by subgroup
 *                                         shuffles where a row fits a subgroup, rR: R rows a thread with g; src/webgpu/prefill-attention-shader.ts)
 *     [--prefill-separate-norms]   (with --prefill parallel: the multi-token step also replayed with every norm in a launch of its own,
 *                                   not folded into the split residual products' sums)
 *     [--marginal]   (last: what one more launch of each kind costs inside the single-token step, without the pass
 *                     the per-kind profile puts around each launch; RecordedLaunches.marginalProfile)
 */
import { parseArgs } from 'node:util';
import { subgroupSupport } from '../src/webgpu/subgroups.ts';
import * as tf from '@tensorflow/tfjs-core';
import { GemmaModel } from '../src/model/gemma.ts';
import { recorded, type RecordedExecution } from '../src/model/implementations/execution.ts';
import { kvCacheBytesRead, meanKeysReadWhileGenerating, weightBytesPerToken } from '../src/model/weights.ts';
import { openModelSession } from '../src/model-session.ts';
import { syntheticPrompt } from '../src/prompt.ts';
import { implementationsOf, resolveVariant } from '../src/variants.ts';
import { measureFmaRate, prefillFlops } from '../src/webgpu/fma-kernel.ts';
import { measureLaunchFloor } from '../src/webgpu/launch-floor-kernel.ts';
import { enoughGroups, LONG_K, prefillTiling, RecordedPrefill, splitOverK, type PrefillOptions } from '../src/webgpu/recorded-prefill.ts';
import { checkMatMul, type MatMulTiling } from '../src/webgpu/matmul-shaders.ts';
import { applicablePrefillAttention, PREFILL_ATTENTION, prefillAttentionBlocks, type PrefillAttentionOptions } from '../src/webgpu/prefill-attention-shader.ts';
import { RecordedStep, type LaunchProfile } from '../src/webgpu/recorded-step.ts';
import type { MarginalProfile } from '../src/webgpu/recorded-launches.ts';
import { launchTimes } from '../src/profile/recorded.ts';
import { deviceIdle, gpuBufferOf, webGpuDevice } from '../src/webgpu/tensor-buffer.ts';
import { VARIANTS } from '../variants/index.ts';
import { releasePooledDeviceMemory } from '../src/backend.ts';
import { parseChoice } from '../src/cli/options.ts';
import { WEIGHT_DTYPES } from '../src/model/weight-dtype.ts';
import { describeBandwidth, measureBandwidth } from './memory-bandwidth.ts';
import { timeGenerate } from './time-generate.ts';
import { median } from '../src/stats.ts';

const { values } = parseArgs({
  options: {
    model: { type: 'string', default: 'gemma-2b' },
    variant: { type: 'string', default: 'wgsl-recorded-step+wgsl-argmax' },
    'prompt-len': { type: 'string', default: '64' },
    'gen-len': { type: 'string', default: '64' },
    runs: { type: 'string', default: '5' },
    replays: { type: 'string', default: '200' },
    'copy-mib': { type: 'string', default: '1024' },
    'read-gib': { type: 'string', default: '4.5' },
    'weights-dtype': { type: 'string' },
    prefill: { type: 'string', default: 'scan' },
    'prefill-replays': { type: 'string', default: '10' },
    position: { type: 'string' },
    'fma-groups': { type: 'string', default: '4096' },
    attention: { type: 'string' },
    'keys-per-split': { type: 'string' },
    'prefill-tiling': { type: 'string' },
    'prefill-separate-norms': { type: 'boolean', default: false },
    'prefill-attention': { type: 'string' },
    marginal: { type: 'boolean', default: false },
  },
});
const promptLen = Number(values['prompt-len']);
const genLen = Number(values['gen-len']);
const runs = Number(values.runs);
const replays = Number(values.replays);
const prefillKind = parseChoice(values.prefill!, ['scan', 'parallel'] as const, '--prefill');
const prefillReplays = Number(values['prefill-replays']);
const position = values.position === undefined ? null : Number(values.position);

// --prefill parallel puts the parallel prefill into the variant, unless it names one already.
const variantName = prefillKind === 'parallel' && !values.variant!.split('+').includes('parallel-prefill') ? `parallel-prefill+${values.variant}` : values.variant!;
const variant = resolveVariant(VARIANTS, variantName);
const named = implementationsOf(variant, VARIANTS);
const namedOptions = (named.execution as Partial<RecordedExecution>).options;
if (!namedOptions) throw new Error(`${variant.name} does not record its step (execution ${named.execution.name}); name a wgsl-recorded-step variant`);
// --attention / --keys-per-split: the same step with another attention (e.g. grouped-split, which has no variant yet).
const attention = values.attention === undefined ? namedOptions.attention : parseChoice(values.attention, ['per-head', 'split-keys', 'grouped-split', 'kv-split'] as const, '--attention');
const keysPerSplit = values['keys-per-split'] === undefined ? (attention === 'grouped-split' ? 32 : namedOptions.keysPerSplit) : Number(values['keys-per-split']);
const replaced = attention !== namedOptions.attention || keysPerSplit !== namedOptions.keysPerSplit;
const impl = replaced ? { ...named, execution: recorded(`${named.execution.name} (${attention}, ${keysPerSplit} keys a split)`, { ...namedOptions, attention, keysPerSplit, ropeInAttention: (attention === 'split-keys' || attention === 'kv-split') && namedOptions.ropeInAttention }) } : named;
const execution = impl.execution as RecordedExecution;
const weightsDtype = values['weights-dtype'] === undefined ? undefined : parseChoice(values['weights-dtype'], WEIGHT_DTYPES, '--weights-dtype');
const { backend, loaded } = await openModelSession({ backend: 'webgpu', model: values.model, seed: 1, weightsDtype }, [impl]);
const config = loaded.config;
const model = new GemmaModel(config, loaded.weights, impl);
model.disposeUnreadWeights(); // one form of the weights on the device, as in a sweep worker
await releasePooledDeviceMemory();
const bandwidth = await measureBandwidth(Number(values['copy-mib']) * 1024 * 1024, Number(values['read-gib']));
const bytesPerToken = weightBytesPerToken(config, loaded.weights.dtype);
const floorMs = (bytesPerToken / (bandwidth.gbPerS * 1e9)) * 1000;
/** The read floor of a step that also reads `keys` cached positions: the weights and the KV cache at the read bandwidth. */
const floorWithCacheMs = (keys: number) => ((bytesPerToken + kvCacheBytesRead(config, keys)) / (bandwidth.gbPerS * 1e9)) * 1000;
const generatedKeys = meanKeysReadWhileGenerating(promptLen, genLen);
const generationFloorMs = floorWithCacheMs(generatedKeys);
const subgroups = subgroupSupport(webGpuDevice());
console.log(`backend: ${backend.device}; model: ${loaded.description}; ${loaded.weights.dtype} weights, ${(bytesPerToken / 1e9).toFixed(2)} GB read per token; made in ${loaded.loadS.toFixed(2)} s; subgroups: ${subgroups.ok ? `of ${subgroups.size}` : subgroups.why}; workgroup memory: ${webGpuDevice().limits.maxComputeWorkgroupStorageSize} bytes`);
console.log(`${describeBandwidth(bandwidth)} -> generation floor ${floorMs.toFixed(2)} ms/token for the weights; ${generationFloorMs.toFixed(2)} with the KV cache a generated token reads (${generatedKeys} positions on average, ${(kvCacheBytesRead(config, generatedKeys) / 1e9).toFixed(3)} GB)`);
if (bandwidth.copy) console.log(`  (against the copy bandwidth the floor would be ${((bytesPerToken / (bandwidth.copy.gbPerS * 1e9)) * 1000).toFixed(2)} ms/token)`);
console.log(`device memory held by TF.js tensors: ${(tf.memory().numBytes / 1e9).toFixed(2)} GB\n`);
const prompt = syntheticPrompt(promptLen, config.vocabSize);
const { prefill: prefillMs, generation: generationMs, queued: queuedMs, generationRuns, gpuRuns, runEnds } = await timeGenerate(model, prompt, genLen, runs);
const fma = await measureFmaRate(webGpuDevice(), { groups: Number(values['fma-groups']) });
const computeFloorMs = (prefillFlops(config, promptLen) / fma.flopsPerS) * 1000;
console.log(`${variant.name}${replaced ? ` with execution ${impl.execution.name}` : ''} through generate (prompt ${promptLen} ${prefillKind === 'parallel' ? 'in one multi-token step' : 'as a scan'} + ${genLen}, median of ${runs}):`);
console.log(`  prefill ${prefillMs.toFixed(2)} ms/token (${(prefillMs * promptLen).toFixed(2)} ms for the prompt = ${((prefillMs * promptLen) / computeFloorMs).toFixed(2)}x the compute floor); generation ${generationMs.toFixed(2)} ms/token = ${(generationMs / generationFloorMs).toFixed(2)}x the floor (weights + KV cache)`);
console.log(`  generation ms/token run by run: ${generationRuns.map((ms) => ms.toFixed(2)).join(', ')}${gpuRuns ? `; the GPU's own span (timestamps, first token's work to last step's end): ${gpuRuns.map((ms) => ms.toFixed(2)).join(', ')}` : ''}`);
console.log(`  the runs ended at (UTC): ${runEnds.map((d) => d.toISOString().slice(11, 23)).join(', ')}`);
if (gpuRuns) {
  // The span excludes what happens outside the GPU's own work (its idle gaps, the host learning late that it is done):
  // on the H200 it stayed within 1% from run to run where the wall clock of single runs came out 5-68% over it.
  const spanMs = median(gpuRuns);
  console.log(`  the GPU's own span: median ${spanMs.toFixed(2)} ms/token = ${(spanMs / generationFloorMs).toFixed(2)}x the floor (weights + KV cache)`);
  warnIfOver(generationMs, spanMs, 1.05, 'generation through generate', "the GPU's own span of it");
}
if (queuedMs !== null) console.log(`  the host queued the generation at ${queuedMs.toFixed(2)} ms/token against its ${generationMs.toFixed(2)}: ${queuedMs > 0.9 * generationMs ? 'near it, so the host may have set the pace' : 'well under it, so the GPU set the pace'}`);
console.log(`  compute floor of the prompt: ${(prefillFlops(config, promptLen) / 1e9).toFixed(1)} GFLOP at ${(fma.flopsPerS / 1e12).toFixed(1)} TFLOP/s (float32 FMAs of plain WGSL) = ${computeFloorMs.toFixed(2)} ms\n`);

/** One line when `measured` exceeds `reference` by more than `factor`: a figure that something outside the kernels paced. */
function warnIfOver(measured: number, reference: number, factor: number, what: string, against: string): void {
  if (measured > factor * reference) {
    console.log(`  ! ${what} (${measured.toFixed(2)} ms) is ${((measured / reference - 1) * 100).toFixed(0)}% over ${against} (${reference.toFixed(2)} ms): not the kernels' time alone (on the H200 such runs had the GPU's own span unchanged: the GPU idle outside the step's work, or the host learning late that it was done); measure it again`);
  }
}

/** The launches of a profile, longest first, with the bandwidth of those that read weights (src/profile/recorded.ts). */
function printProfile(title: string, profile: LaunchProfile[]): void {
  const { launches, totalMs } = launchTimes(profile);
  console.log(`${title} (each launch in its own timed pass; sum ${totalMs.toFixed(2)} ms):`);
  const width = Math.max(...launches.map((line) => line.launch.length));
  console.log(`  ${'launch'.padEnd(width)}  count      ms   share   GB/s`);
  for (const line of launches) {
    const gbPerS = line.gbPerS === null ? '' : line.gbPerS.toFixed(0);
    console.log(`  ${line.launch.padEnd(width)}  ${String(line.count).padStart(5)}  ${line.ms.toFixed(3).padStart(6)}  ${line.pct.toFixed(1).padStart(5)}%  ${gbPerS.padStart(5)}`);
  }
}

/** A multi-token step built with other options over the same caches: its replayed ms and its launches' profile; freed after. */
async function measurePrefill(options: PrefillOptions, promptBuffer: GPUBuffer): Promise<{ ms: number; launches: number; profile: LaunchProfile[] }> {
  const other = new RecordedPrefill(webGpuDevice(), config, step, weights, promptLen, options);
  try {
    return { ms: await replayPrefillMs(other, promptBuffer), launches: other.launchCount, profile: await other.profile(promptBuffer, 0) };
  } finally {
    other.dispose();
  }
}

/** GPU work run back to back before a multi-token step is timed: long enough for the GPU's clocks to settle. */
const PREFILL_WARMUP_MS = 300;
/** --marginal's extra dispatches of each launch, the steps a timing runs back to back, and its rounds. */
const MARGINAL_EXTRA = 2;
const MARGINAL_STEPS = 20;
const MARGINAL_ROUNDS = 3;

/**
 * ms for the whole prompt of a multi-token step replayed back to back, after PREFILL_WARMUP_MS of warm-up runs
 * (at least one). With a single warm-up run, the first step a process timed came out up to 30% slower than its
 * own launches summed (12.86 ms against 11.19 at 64 tokens on the H200), while the same tiling timed second in
 * a process took 9.90.
 */
async function replayPrefillMs(prefill: RecordedPrefill, promptBuffer: GPUBuffer): Promise<number> {
  const warmupStart = performance.now();
  do {
    prefill.run(promptBuffer, 0);
    await deviceIdle();
  } while (performance.now() - warmupStart < PREFILL_WARMUP_MS);
  const begin = performance.now();
  for (let i = 0; i < prefillReplays; i++) prefill.run(promptBuffer, 0);
  await deviceIdle();
  return (performance.now() - begin) / prefillReplays;
}

const capacity = Math.max(promptLen + genLen, position === null ? 0 : position + 1);
if (capacity > config.maxSeq) throw new Error(`a cache of ${capacity} positions exceeds the model's maxSeq ${config.maxSeq}`);
const weights = model.preparedWeights(capacity);
const step = new RecordedStep(webGpuDevice(), config, capacity, weights, execution.options);
const token = tf.tensor1d([7], 'int32');
const tokenBuffer = gpuBufferOf(token);
await deviceIdle();
let recordMs = 0;
const start = performance.now();
for (let i = 0; i < replays; i++) {
  const before = performance.now();
  step.run(tokenBuffer, position ?? i % capacity);
  recordMs += performance.now() - before;
}
await deviceIdle();
const replayMs = (performance.now() - start) / replays;
console.log(`device memory of one worker: ${((tf.memory().numBytes + step.ownBytes) / 1e9).toFixed(2)} GB (TF.js tensors ${(tf.memory().numBytes / 1e9).toFixed(2)} GB, the step's own buffers ${(step.ownBytes / 1e9).toFixed(3)} GB)`);
// Replayed at --position, each step reads position + 1 cached keys; otherwise the positions cycle through the cache.
const replayFloorMs = floorWithCacheMs(position === null ? (capacity + 1) / 2 : position + 1);
console.log(`the recorded step alone: ${step.launchCount} launches; replayed ${replays} times back to back${position === null ? '' : ` at position ${position}`}: ${replayMs.toFixed(2)} ms/step = ${(replayMs / replayFloorMs).toFixed(2)}x the floor (weights + KV cache: ${replayFloorMs.toFixed(2)} ms)`);
console.log(`  host time to record and submit one step: ${((recordMs / replays) * 1000).toFixed(0)} µs (${((recordMs / replays / step.launchCount) * 1000).toFixed(1)} µs per launch)`);
// The decode step at long contexts has come out 0.5-0.9 ms/token slower through generate than replayed, in some processes only (docs/findings/2026-12-02-h200-pair-tiles).
if (position === null || position < promptLen + genLen) warnIfOver(generationMs, replayMs, 1.1, 'generation through generate', 'the step replayed alone');
// The step's two floors together: its bytes at the read bandwidth, and its chain of launches at what one dependent launch costs.
if (webGpuDevice().features.has('timestamp-query')) {
  const launchFloor = await measureLaunchFloor(webGpuDevice());
  const chainMs = (step.launchCount * launchFloor.usPerLaunch) / 1000;
  console.log(`  dependent launch floor: ${launchFloor.usPerLaunch.toFixed(2)} µs a launch (${launchFloor.launches} back-to-back launches of ${launchFloor.groups} workgroups, each reading what the last wrote), so ${step.launchCount} launches >= ${chainMs.toFixed(2)} ms; reads + launches ${(replayFloorMs + chainMs).toFixed(2)} ms/step, the step at ${(replayMs / (replayFloorMs + chainMs)).toFixed(2)}x that`);
}
console.log('');

const profiledAt = position ?? capacity - 1;
printProfile(`GPU time per launch kind at position ${profiledAt}`, await step.profile(tokenBuffer, profiledAt));

if (prefillKind === 'parallel') {
  // The multi-token step alone, over the same caches: the prompt replayed at position 0, back to back.
  const prefill = new RecordedPrefill(webGpuDevice(), config, step, weights, promptLen, { matMulTiling: prefillTiling, logitsTiling: execution.options.tiling });
  const promptTokens = tf.tensor1d(prompt, 'int32');
  try {
    const promptBuffer = gpuBufferOf(promptTokens);
    const prefillStepMs = await replayPrefillMs(prefill, promptBuffer);
    console.log(`\nthe multi-token step alone: ${prefill.launchCount} launches for ${promptLen} tokens, ${(prefill.ownBytes / 1e9).toFixed(3)} GB of its own buffers; replayed ${prefillReplays} times back to back: ${prefillStepMs.toFixed(2)} ms for the prompt = ${(prefillStepMs / computeFloorMs).toFixed(2)}x the compute floor`);
    const prefillProfile = await prefill.profile(promptBuffer, 0);
    printProfile(`GPU time per launch kind of the ${promptLen}-token step`, prefillProfile);
    // Timed one by one, each launch carries a few µs of its own pass, so a replay over their sum was paced by something else.
    warnIfOver(prefillStepMs, launchTimes(prefillProfile).totalMs, 1.05, 'the multi-token step replayed', 'the sum of its launches timed one by one');
    for (const spec of values['prefill-tiling']?.split(';').filter(Boolean) ?? []) {
      // "k:16x8x8x8", "v:16x8x8x8", "pv:...": the same fields in the k-major or the row-vectors layout, p pipelined (src/webgpu/matmul-tiles.ts);
      // "A|B": tiling A for the single products, B for the gated pair; "A|B|C": C for the single products of a long k
      // (the down product); "default": prefillTiling's; "@G": split over k while a product has fewer than G
      // workgroups (instead of 512).
      const [tilings, groups] = spec.split('@') as [string, string | undefined];
      const groupsTarget = groups === undefined ? undefined : Number(groups);
      const refused = new Set<string>();
      const parts = tilings.split('|');
      const [single, pair, longK] = parts.map((t) => (t === 'default' ? undefined : parseMatMulTiling(t)));
      // A gated pair stages two W tiles: where the tiling does not fit it, the pair keeps the default's.
      const rule = (tokens: number, n: number, k: number, matrices: number, workgroupBytes: number): MatMulTiling => {
        const picked = matrices === 2 && parts.length > 1 ? pair : k >= LONG_K && parts.length > 2 ? longK : single;
        const chosen = picked ?? prefillTiling(tokens, n, k, matrices, workgroupBytes);
        const tiling = splitOverK(chosen, tokens, n, k, groupsTarget ?? enoughGroups(tokens));
        try {
          checkMatMul(k, tiling, matrices, workgroupBytes);
          return tiling;
        } catch (e) {
          if (!refused.has(spec + matrices)) console.log(`  (${spec}: ${(e as Error).message}; ${matrices === 2 ? 'the pair' : 'that product'} keeps the default tiling)`);
          refused.add(spec + matrices);
          return prefillTiling(tokens, n, k, matrices, workgroupBytes);
        }
      };
      const other = await measurePrefill({ matMulTiling: rule, logitsTiling: execution.options.tiling }, promptBuffer);
      console.log(`\nthe multi-token step with products tiled ${spec}: ${other.ms.toFixed(2)} ms for the prompt = ${(other.ms / computeFloorMs).toFixed(2)}x the compute floor`);
      printProfile(`  GPU time per launch kind (tiling ${spec})`, other.profile);
    }
    if (values['prefill-separate-norms']) {
      const other = await measurePrefill({ matMulTiling: prefillTiling, logitsTiling: execution.options.tiling, separateNorms: true }, promptBuffer);
      console.log(`\nthe multi-token step with every norm in a launch of its own: ${other.launches} launches, ${other.ms.toFixed(2)} ms for the prompt = ${(other.ms / computeFloorMs).toFixed(2)}x the compute floor`);
      printProfile('  GPU time per launch kind (norms apart)', other.profile);
    }
    for (const spec of values['prefill-attention']?.split(';').filter(Boolean) ?? []) {
      const match = /^(\d+)x(\d+)(s?)(g?)(?:r(\d+))?$/.exec(spec);
      if (!match) throw new Error(`--prefill-attention: "${spec}" is not KxC[s][g][rR] (keys a step x most threads a row, s staggered, g partial scores added by subgroup shuffles, rR: R rows a thread)`);
      const asked: PrefillAttentionOptions = { ...PREFILL_ATTENTION, keysAStep: Number(match[1]), maxChunks: Number(match[2]), stagger: match[3] === 's', reduction: match[4] === 'g' ? 'subgroups' : 'workgroup', rowsPerThread: Number(match[5] ?? 1) };
      const attention = applicablePrefillAttention(config.heads, config.kvHeads, config.headDim, promptLen, asked, subgroups.ok ? subgroups.size : undefined);
      const other = await measurePrefill({ matMulTiling: prefillTiling, logitsTiling: execution.options.tiling, attention }, promptBuffer);
      const attentionMs = other.profile.filter((l) => l.label === 'attention').reduce((sum, l) => sum + l.ms, 0);
      const chunks = prefillAttentionBlocks(config.heads, config.kvHeads, config.headDim, promptLen, attention).chunks;
      console.log(`the multi-token step with its attention ${spec} (${chunks} threads a row, ${attention.rowsPerThread} rows a thread, partial scores added by ${attention.reduction}): ${other.ms.toFixed(2)} ms for the prompt = ${(other.ms / computeFloorMs).toFixed(2)}x the compute floor; its attention launches ${attentionMs.toFixed(3)} ms`);
    }
  } finally {
    promptTokens.dispose();
    prefill.dispose();
  }
}

// Last: the repeated launches leave the step's buffers as garbage.
if (values.marginal) printMarginal(profiledAt, await step.marginalProfile(tokenBuffer, profiledAt, { extra: MARGINAL_EXTRA, steps: MARGINAL_STEPS, rounds: MARGINAL_ROUNDS }));

step.dispose();
token.dispose();
model.dispose();

/** --marginal: each launch of a kind dispatched 1 + MARGINAL_EXTRA times, MARGINAL_STEPS steps to a timing. */
function printMarginal(at: number, { stepMs, lines }: MarginalProfile): void {
  console.log(`\nwhat one more launch of each kind costs in the step at position ${at} (each launch of the kind dispatched ${1 + MARGINAL_EXTRA} times, ${MARGINAL_STEPS} steps back to back a timing, medians of ${MARGINAL_ROUNDS} rounds against the step as recorded: ${stepMs.toFixed(3)} ms/step):`);
  const width = Math.max(...lines.map((line) => line.label.length));
  console.log(`  ${'launch'.padEnd(width)}  count  µs each  ms a step   share   GB/s`);
  const sorted = [...lines].sort((a, b) => b.usPerLaunch * b.launches - a.usPerLaunch * a.launches);
  for (const line of sorted) {
    const msAStep = (line.usPerLaunch * line.launches) / 1000;
    const gbPerS = line.weightBytes === 0 ? '' : (line.weightBytes / line.launches / (line.usPerLaunch * 1e3)).toFixed(0);
    console.log(`  ${line.label.padEnd(width)}  ${String(line.launches).padStart(5)}  ${line.usPerLaunch.toFixed(2).padStart(7)}  ${msAStep.toFixed(3).padStart(9)}  ${((msAStep / stepMs) * 100).toFixed(1).padStart(5)}%  ${gbPerS.padStart(5)}`);
  }
  const sum = sorted.reduce((total, line) => total + (line.usPerLaunch * line.launches) / 1000, 0);
  console.log(`  sum ${sum.toFixed(3)} ms against the step's ${stepMs.toFixed(3)}`);
}

/** A tiling of --prefill-tiling: "[flags:]RTxRPTxCPTxTK", flags k (k-major), v (row-vectors), p (pipelined), u (unrolled), d (padded). */
function parseMatMulTiling(spec: string): MatMulTiling {
  const flags = /^([kvpud]*):/.exec(spec)?.[1] ?? '';
  const layout = flags.includes('k') ? ('k-major' as const) : flags.includes('v') ? ('row-vectors' as const) : undefined;
  const fields = spec.replace(/^[kvpud]*:/, '').split('x').map(Number);
  if (fields.length !== 4 || fields.some((f) => !Number.isInteger(f))) throw new Error(`--prefill-tiling: "${spec}" is not [flags:]RTxRPTxCPTxTK`);
  const [rowThreads, rowsPerThread, colsPerThread, tileK] = fields as [number, number, number, number];
  const on = (flag: string, option: 'pipelined' | 'unrolled' | 'padded') => (flags.includes(flag) ? { [option]: true } : {});
  return { rowThreads, rowsPerThread, colsPerThread, tileK, splitK: 1, ...(layout ? { layout } : {}), ...on('p', 'pipelined'), ...on('u', 'unrolled'), ...on('d', 'padded') };
}
