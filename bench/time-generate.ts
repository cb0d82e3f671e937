import type { GemmaModel } from '../src/model/gemma.ts';
import { median } from '../src/stats.ts';

/** Median prefill and generation ms/token of `runs` generate calls after one warm-up (which compiles shaders and pipelines). */
export async function timeGenerate(model: GemmaModel, prompt: readonly number[], genLen: number, runs: number): Promise<{ prefill: number; generation: number }> {
  await model.generate(prompt, genLen);
  const prefill: number[] = [];
  const generation: number[] = [];
  for (let r = 0; r < runs; r++) {
    const result = await model.generate(prompt, genLen);
    prefill.push((result.prefillS * 1000) / prompt.length);
    generation.push((result.generationS * 1000) / Math.max(genLen - 1, 1));
  }
  return { prefill: median(prefill), generation: median(generation) };
}
