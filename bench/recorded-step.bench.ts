/**
 * npm run bench:recorded — where a recorded step's time goes (WebGPU only):
 * generation ms/token through `generate` against the floor (the weights' bytes
 * in their dtype over what the device reads, src/webgpu/read-kernel.ts); the same step
 * replayed back to back without TF.js (its throughput), and the host's time
 * to record one; then the GPU time of each kind of launch, from timestamps,
 * with the bandwidth of those that read weights.
 *
 *   npm run bench:recorded -- [--model gemma-2b] [--variant wgsl-recorded-step+wgsl-argmax] [--weights-dtype f32|bf16|f16] [--prompt-len 64] [--gen-len 64] [--runs 5] [--replays 200] [--copy-mib 1024] [--read-gib 4.5]
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { GemmaModel } from '../src/model/gemma.ts';
import type { RecordedExecution } from '../src/model/implementations/execution.ts';
import { weightBytesPerToken } from '../src/model/weights.ts';
import { openModelSession } from '../src/model-session.ts';
import { syntheticPrompt } from '../src/prompt.ts';
import { implementationsOf, resolveVariant } from '../src/variants.ts';
import { RecordedStep } from '../src/webgpu/recorded-step.ts';
import { deviceIdle, gpuBufferOf, webGpuDevice } from '../src/webgpu/tensor-buffer.ts';
import { VARIANTS } from '../variants/index.ts';
import { releasePooledDeviceMemory } from '../src/backend.ts';
import { parseChoice } from '../src/cli/options.ts';
import { WEIGHT_DTYPES } from '../src/model/weight-dtype.ts';
import { describeBandwidth, measureBandwidth } from './memory-bandwidth.ts';
import { timeGenerate } from './time-generate.ts';

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
  },
});
const promptLen = Number(values['prompt-len']);
const genLen = Number(values['gen-len']);
const runs = Number(values.runs);
const replays = Number(values.replays);

const variant = resolveVariant(VARIANTS, values.variant!);
const impl = implementationsOf(variant, VARIANTS);
const execution = impl.execution as Partial<RecordedExecution>;
if (!execution.options) throw new Error(`${variant.name} does not record its step (execution ${impl.execution.name}); name a wgsl-recorded-step variant`);
const weightsDtype = values['weights-dtype'] === undefined ? undefined : parseChoice(values['weights-dtype'], WEIGHT_DTYPES, '--weights-dtype');
const { backend, loaded } = await openModelSession({ backend: 'webgpu', model: values.model, seed: 1, weightsDtype }, [impl]);
const config = loaded.config;
const model = new GemmaModel(config, loaded.weights, impl);
model.disposeUnreadWeights(); // one form of the weights on the device, as in a sweep worker
await releasePooledDeviceMemory();
const bandwidth = await measureBandwidth(Number(values['copy-mib']) * 1024 * 1024, Number(values['read-gib']));
const bytesPerToken = weightBytesPerToken(config, loaded.weights.dtype);
const floorMs = (bytesPerToken / (bandwidth.gbPerS * 1e9)) * 1000;
console.log(`backend: ${backend.device}; model: ${loaded.description}; ${loaded.weights.dtype} weights, ${(bytesPerToken / 1e9).toFixed(2)} GB read per token; made in ${loaded.loadS.toFixed(2)} s`);
console.log(`${describeBandwidth(bandwidth)} -> generation floor ${floorMs.toFixed(2)} ms/token`);
if (bandwidth.copy) console.log(`  (against the copy bandwidth the floor would be ${((bytesPerToken / (bandwidth.copy.gbPerS * 1e9)) * 1000).toFixed(2)} ms/token)`);
console.log(`device memory held by TF.js tensors: ${(tf.memory().numBytes / 1e9).toFixed(2)} GB\n`);
const prompt = syntheticPrompt(promptLen, config.vocabSize);
const { prefill: prefillMs, generation: generationMs } = await timeGenerate(model, prompt, genLen, runs);
console.log(`${variant.name} through generate (prompt ${promptLen} as a scan + ${genLen}, median of ${runs}):`);
console.log(`  prefill ${prefillMs.toFixed(2)} ms/token; generation ${generationMs.toFixed(2)} ms/token = ${(generationMs / floorMs).toFixed(2)}x the floor\n`);

// The step alone: replayed back to back at every position of a full cache, with no TF.js work between.
const capacity = promptLen + genLen;
const step = new RecordedStep(webGpuDevice(), config, capacity, model.preparedWeights(capacity), execution.options);
const token = tf.tensor1d([7], 'int32');
const tokenBuffer = gpuBufferOf(token);
await deviceIdle();
let recordMs = 0;
const start = performance.now();
for (let i = 0; i < replays; i++) {
  const before = performance.now();
  step.run(tokenBuffer, i % capacity);
  recordMs += performance.now() - before;
}
await deviceIdle();
const replayMs = (performance.now() - start) / replays;
console.log(`device memory of one worker: ${((tf.memory().numBytes + step.ownBytes) / 1e9).toFixed(2)} GB (TF.js tensors ${(tf.memory().numBytes / 1e9).toFixed(2)} GB, the step's own buffers ${(step.ownBytes / 1e9).toFixed(3)} GB)`);
console.log(`the recorded step alone: ${step.launchCount} launches; replayed ${replays} times back to back: ${replayMs.toFixed(2)} ms/step = ${(replayMs / floorMs).toFixed(2)}x the floor`);
console.log(`  host time to record and submit one step: ${((recordMs / replays) * 1000).toFixed(0)} µs (${((recordMs / replays / step.launchCount) * 1000).toFixed(1)} µs per launch)\n`);

const profile = await step.profile(tokenBuffer, capacity - 1);
const total = profile.reduce((sum, line) => sum + line.ms, 0);
console.log(`GPU time per launch kind at position ${capacity - 1} (each launch in its own timed pass; sum ${total.toFixed(2)} ms):`);
const width = Math.max(...profile.map((line) => line.label.length));
console.log(`  ${'launch'.padEnd(width)}  count      ms   share   GB/s`);
for (const line of [...profile].sort((a, b) => b.ms - a.ms)) {
  const gbPerS = line.weightBytes > 0 ? ((line.weightBytes / (line.ms / 1000)) / 1e9).toFixed(0) : '';
  console.log(`  ${line.label.padEnd(width)}  ${String(line.launches).padStart(5)}  ${line.ms.toFixed(3).padStart(6)}  ${((line.ms / total) * 100).toFixed(1).padStart(5)}%  ${gbPerS.padStart(5)}`);
}

step.dispose();
token.dispose();
model.dispose();
