import type { GemmaModel } from '../src/model/gemma.ts';
import { median } from '../src/stats.ts';

/**
 * Median prefill and generation ms/token of `runs` generate calls after one warm-up (which compiles shaders and
 * pipelines), and the median ms/token the host took to queue the generation (null where the loop waits on each token);
 * each run's generation ms/token too, in order, so that a slow stretch of a few runs shows beside the median, and
 * where the loop times itself on the GPU, each run's GPU span per token (GeneratedTokens.gpuS); and when each run
 * ended, to line a slow run up with what a host probe logged at the time.
 */
export async function timeGenerate(model: GemmaModel, prompt: readonly number[], genLen: number, runs: number): Promise<{ prefill: number; generation: number; queued: number | null; generationRuns: number[]; gpuRuns: number[] | null; runEnds: Date[] }> {
  await model.generate(prompt, genLen);
  const prefill: number[] = [];
  const generation: number[] = [];
  const queued: number[] = [];
  const gpu: number[] = [];
  const runEnds: Date[] = [];
  const perToken = Math.max(genLen - 1, 1);
  for (let r = 0; r < runs; r++) {
    const result = await model.generate(prompt, genLen);
    runEnds.push(new Date());
    prefill.push((result.prefillS * 1000) / prompt.length);
    generation.push((result.generationS * 1000) / perToken);
    if (result.queuedS !== undefined) queued.push((result.queuedS * 1000) / perToken);
    if (result.gpuS !== undefined) gpu.push((result.gpuS * 1000) / perToken);
  }
  return { prefill: median(prefill), generation: median(generation), queued: queued.length === runs ? median(queued) : null, generationRuns: generation, gpuRuns: gpu.length === runs ? gpu : null, runEnds };
}
