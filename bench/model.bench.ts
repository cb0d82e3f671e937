/**
 * npm run bench:model — per variant on the `small` preset and the default
 * backend: prefill and generation ms/token, against the generation floor
 * (weight bytes read per token over the measured bandwidth of the memory the
 * weights live in: the host's copy bandwidth, or what a GPU reads).
 *
 *   npm run bench:model -- [--model small] [--backend auto] [--runs 5] [--prompt-len 64] [--gen-len 64] [--variants a,b] [--weights-dtype f32|bf16|f16]
 */
import { parseArgs } from 'node:util';
import { GemmaModel } from '../src/model/gemma.ts';
import { parameterCount } from '../src/model/config.ts';
import { weightBytesPerToken } from '../src/model/weights.ts';
import { openModelSession } from '../src/model-session.ts';
import { syntheticPrompt } from '../src/prompt.ts';
import { VARIANTS } from '../variants/index.ts';
import { activeBackend, initBackend } from '../src/backend.ts';
import { parseChoice } from '../src/cli/options.ts';
import { WEIGHT_DTYPES } from '../src/model/weight-dtype.ts';
import { describeBandwidth, measureBandwidth } from './memory-bandwidth.ts';
import { timeGenerate } from './time-generate.ts';
import { implementationsOf, resolveVariant, unsupportedReasons } from '../src/variants.ts';

const { values } = parseArgs({
  options: {
    model: { type: 'string', default: 'small' },
    backend: { type: 'string', default: 'auto' },
    runs: { type: 'string', default: '5' },
    'prompt-len': { type: 'string', default: '64' },
    'gen-len': { type: 'string', default: '64' },
    variants: { type: 'string' },
    'weights-dtype': { type: 'string' },
  },
});
const runs = Number(values.runs);
const promptLen = Number(values['prompt-len']);
const genLen = Number(values['gen-len']);

await initBackend(values.backend!);
const backendName = activeBackend().name;
const chosen = values.variants ? values.variants.split(',').map((name) => resolveVariant(VARIANTS, name)) : VARIANTS.filter((v) => unsupportedReasons(v, VARIANTS, backendName).length === 0);
const impls = chosen.map((v) => implementationsOf(v, VARIANTS));
const weightsDtype = values['weights-dtype'] === undefined ? undefined : parseChoice(values['weights-dtype'], WEIGHT_DTYPES, '--weights-dtype');
const { backend, loaded } = await openModelSession({ backend: values.backend!, model: values.model, seed: 1, weightsDtype }, impls);
const bandwidth = await measureBandwidth();
const config = loaded.config;
// The floor of the narrow dtype counts its bytes: only the recorded step stores them (the others read float32).
const bytesPerToken = weightBytesPerToken(config, loaded.weights.dtype);
const floorMs = (bytesPerToken / (bandwidth.gbPerS * 1e9)) * 1000;
const prompt = syntheticPrompt(promptLen, config.vocabSize);

console.log(`backend: ${backend.name} (${backend.device})`);
console.log(`model: ${loaded.description}, ${(parameterCount(config) / 1e6).toFixed(1)}M parameters, ${(bytesPerToken / 1e6).toFixed(1)} MB of weights read per token; weights made in ${loaded.loadS.toFixed(2)} s`);
console.log(`${describeBandwidth(bandwidth)} -> generation floor ${floorMs.toFixed(2)} ms/token (${loaded.weights.dtype} weights)`);
console.log(`prompt ${promptLen} tokens as a scan, ${genLen} generated (${genLen - 1} forward steps), median of ${runs} runs after 1 warm-up\n`);

const rows: { variant: string; prefill: number; generation: number }[] = [];
for (const [i, variant] of chosen.entries()) {
  const model = new GemmaModel(config, loaded.weights, impls[i]!);
  rows.push({ variant: variant.name, ...(await timeGenerate(model, prompt, genLen, runs)) });
  model.dispose();
}

const width = Math.max(...rows.map((r) => r.variant.length));
console.log(`${'variant'.padEnd(width)}  prefill ms/token  generation ms/token  x floor`);
for (const r of rows) {
  console.log(`${r.variant.padEnd(width)}  ${r.prefill.toFixed(2).padStart(16)}  ${r.generation.toFixed(2).padStart(19)}  ${(r.generation / floorMs).toFixed(2).padStart(7)}`);
}
const best = rows.reduce((a, b) => (b.generation < a.generation ? b : a));
console.log(`\nfastest generation: ${best.variant}, ${best.generation.toFixed(2)} ms/token = ${(best.generation / floorMs).toFixed(2)}x the floor (target: within 3x)`);
