/**
 * npm run bench:model — per variant on the `small` preset and the default
 * backend: prefill and generation ms/token, against the generation floor
 * (weight bytes read per token over the measured copy bandwidth of the memory
 * the weights live in: the host's, or a GPU's own).
 *
 *   npm run bench:model -- [--model small] [--backend auto] [--runs 5] [--prompt-len 64] [--gen-len 64] [--variants a,b]
 */
import { parseArgs } from 'node:util';
import { GemmaModel } from '../src/model/gemma.ts';
import { parameterCount } from '../src/model/config.ts';
import { weightBytesPerToken } from '../src/model/weights.ts';
import { openModelSession } from '../src/model-session.ts';
import { syntheticPrompt } from '../src/prompt.ts';
import { VARIANTS } from '../variants/index.ts';
import { measureBandwidth } from './memory-bandwidth.ts';
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
  },
});
const runs = Number(values.runs);
const promptLen = Number(values['prompt-len']);
const genLen = Number(values['gen-len']);

const { backend, loaded } = await openModelSession({ backend: values.backend!, model: values.model, seed: 1 });
const bandwidth = await measureBandwidth();
const config = loaded.config;
const bytesPerToken = weightBytesPerToken(config);
const floorMs = (bytesPerToken / (bandwidth.gbPerS * 1e9)) * 1000;
const prompt = syntheticPrompt(promptLen, config.vocabSize);

console.log(`backend: ${backend.name} (${backend.device})`);
console.log(`model: ${loaded.description}, ${(parameterCount(config) / 1e6).toFixed(1)}M parameters, ${(bytesPerToken / 1e6).toFixed(1)} MB of weights read per token; weights made in ${loaded.loadS.toFixed(2)} s`);
console.log(`${bandwidth.where} copy bandwidth: ${bandwidth.gbPerS.toFixed(1)} GB/s (read + write, ${bandwidth.bytes >> 20} MiB buffers) -> generation floor ${floorMs.toFixed(2)} ms/token`);
console.log(`prompt ${promptLen} tokens as a scan, ${genLen} generated (${genLen - 1} forward steps), median of ${runs} runs after 1 warm-up\n`);

const rows: { variant: string; prefill: number; generation: number }[] = [];
const chosen = values.variants ? values.variants.split(',').map((name) => resolveVariant(VARIANTS, name)) : VARIANTS.filter((v) => unsupportedReasons(v, VARIANTS, backend.name).length === 0);
for (const variant of chosen) {
  const model = new GemmaModel(config, loaded.weights, implementationsOf(variant, VARIANTS));
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
