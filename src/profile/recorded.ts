/**
 * Where a recorded variant's GPU time goes. Its step is one command buffer of
 * the lab's own WGSL launches, invisible to tf.profile (which sees only the
 * TF.js kernels around it); here the same step, built from the model's
 * weights as the variant builds it, runs once with every launch in its own
 * pass between GPU timestamps (src/webgpu/recorded-launches.ts), for the
 * generation step and, with the parallel prefill, for the whole-prompt step.
 * A pass around each launch adds a few µs to each (5.6 on the H200), which
 * makes a short kernel look several times its cost; so the generation step
 * is also timed as it runs, each kind's launches dispatched again in place
 * (its marginal profile), which says what each kind costs inside the step.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { GemmaModel } from '../model/gemma.ts';
import type { RecordedExecution } from '../model/implementations/execution.ts';
import { prefillTiling, RecordedPrefill } from '../webgpu/recorded-prefill.ts';
import type { MarginalProfile } from '../webgpu/recorded-launches.ts';
import { RecordedStep, type LaunchProfile } from '../webgpu/recorded-step.ts';
import { deviceIdle, gpuBufferOf, webGpuDevice } from '../webgpu/tensor-buffer.ts';
import type { RecordedLaunchTime, RecordedStepProfile } from './types.ts';

export interface RecordedProfileRequest {
  model: GemmaModel;
  execution: RecordedExecution;
  prompt: readonly number[];
  genLen: number;
  /** The variant runs its prompt as one multi-token step (the parallel prefill): profile that step too. */
  parallelPrefill: boolean;
}

/** The position a generation step is profiled at: the middle of the generated tokens, where its attention reads the mean length. */
export function generationProfilePosition(promptLen: number, genLen: number): number {
  return promptLen + Math.floor((genLen - 1) / 2);
}

/** GPU time a timing of the marginal profile aims at: enough steps back to back for its differences to stand out. */
const MARGINAL_TIMING_MS = 60;

/** Launch kinds, longest first, with their share of the step and the weight bandwidth of those that read weights; inStepUs from `marginal` where given. */
export function launchTimes(profile: readonly LaunchProfile[], marginal?: MarginalProfile): { launches: RecordedLaunchTime[]; totalMs: number } {
  const totalMs = profile.reduce((sum, line) => sum + line.ms, 0);
  const launches = [...profile]
    .sort((a, b) => b.ms - a.ms)
    .map((line) => ({
      launch: line.label,
      count: line.launches,
      ms: line.ms,
      pct: totalMs > 0 ? (line.ms / totalMs) * 100 : 0,
      gbPerS: line.weightBytes > 0 && line.ms > 0 ? line.weightBytes / (line.ms / 1000) / 1e9 : null,
      inStepUs: marginal?.lines.find((m) => m.label === line.label)?.usPerLaunch ?? null,
    }));
  return { launches, totalMs };
}

/**
 * Profiles the recorded steps of `execution` over the model's weights. Needs
 * the device's 'timestamp-query' feature; throws (with that reason) without it.
 * Every buffer it makes is freed before it returns.
 */
export async function profileRecordedSteps(req: RecordedProfileRequest): Promise<RecordedStepProfile[]> {
  const { model, execution, prompt, genLen } = req;
  const config = model.config;
  const capacity = prompt.length + genLen;
  const weights = model.preparedWeights(capacity);
  const step = new RecordedStep(webGpuDevice(), config, capacity, weights, execution.options);
  const token = tf.tensor1d([prompt[0] ?? 0], 'int32');
  let prefill: RecordedPrefill | null = null;
  let promptTokens: tf.Tensor1D | null = null;
  try {
    const out: RecordedStepProfile[] = [];
    if (req.parallelPrefill && prompt.length > 1) {
      prefill = new RecordedPrefill(webGpuDevice(), config, step, weights, prompt.length, { matMulTiling: prefillTiling, logitsTiling: execution.options.tiling });
      promptTokens = tf.tensor1d([...prompt], 'int32');
      const buffer = gpuBufferOf(promptTokens);
      prefill.run(buffer, 0); // compiles its pipelines and fills the cache the generation step then reads
      await deviceIdle();
      out.push({ step: 'prefill', tokens: prompt.length, position: 0, launchCount: prefill.launchCount, inStepMs: null, ...launchTimes(await prefill.profile(buffer, 0)) });
    }
    const position = generationProfilePosition(prompt.length, genLen);
    const tokenBuffer = gpuBufferOf(token);
    step.run(tokenBuffer, position); // the first run compiles; the profiled one is warm
    await deviceIdle();
    const passes = await step.profile(tokenBuffer, position);
    // Last: the marginal profile's repeated launches leave the step's buffers as garbage (it is this profile's own step).
    const passesMs = passes.reduce((sum, line) => sum + line.ms, 0);
    const steps = Math.max(2, Math.min(20, Math.round(MARGINAL_TIMING_MS / Math.max(passesMs, 1e-3))));
    const marginal = await step.marginalProfile(tokenBuffer, position, { extra: 2, steps, rounds: 3 });
    out.push({ step: 'generation', tokens: 1, position, launchCount: step.launchCount, inStepMs: marginal.stepMs, ...launchTimes(passes, marginal) });
    return out;
  } finally {
    await deviceIdle().catch(() => undefined);
    prefill?.dispose();
    promptTokens?.dispose();
    token.dispose();
    step.dispose();
  }
}
