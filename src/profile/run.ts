import * as tf from '@tensorflow/tfjs-core';
import { GemmaModel, type GenerationResult } from '../model/gemma.ts';
import { recordModelParts, type ModelPhase } from '../model/parts.ts';
import { disposeWeightSet } from '../model/weight-set.ts';
import type { WeightDtype } from '../model/weight-dtype.ts';
import { openModelSession } from '../model-session.ts';
import { syntheticPrompt } from '../prompt.ts';
import { LabError } from '../errors.ts';
import { implementationsOf, resolveVariant, slotChoices, type Variant } from '../variants.ts';
import { VARIANTS } from '../../variants/index.ts';
import { aggregateProfile, settleKernelTimes } from './aggregate.ts';
import type { ProfileResult, RecordedStepProfile } from './types.ts';
import type { RecordedExecution } from '../model/implementations/execution.ts';
import { profileRecordedSteps } from './recorded.ts';

export interface ProfileOptions {
  /** A registered variant, or a+b to combine. */
  variant: string;
  /** A preset name; ignored when modelDir is given. */
  model: string;
  modelDir?: string;
  backend: string;
  seed: number;
  /** --weights-dtype; absent: the default for the backend and model. */
  weightsDtype?: WeightDtype;
  promptLen: number;
  genLen: number;
  /** Unprofiled generate calls first, so one-time costs (kernel set-up, shader compiles) stay out of the profile. */
  warmup: number;
}

/** Resolves the variant and checks the numbers before anything slow starts; LabError for each mistake. */
export function checkProfileOptions(options: ProfileOptions, registry: readonly Variant[] = VARIANTS): Variant {
  const variant = resolveVariant(registry, options.variant);
  for (const [value, flag] of [[options.promptLen, '--prompt-len'], [options.genLen, '--gen-len']] as const) {
    if (!Number.isInteger(value) || value < 1) throw new LabError(`${flag} must be a positive integer, got ${value}`);
  }
  if (!Number.isInteger(options.warmup) || options.warmup < 0) {
    throw new LabError(`--warmup must be a non-negative integer, got ${options.warmup}`);
  }
  return variant;
}

function phaseMs(r: GenerationResult): Record<ModelPhase, number> {
  return { prefill: r.prefillS * 1000, generation: r.generationS * 1000 };
}

/** The recorded step's own launches (profile/recorded.ts) when the variant records one; null otherwise. */
async function recordedSteps(model: GemmaModel, impl: ReturnType<typeof implementationsOf>, prompt: number[], genLen: number): Promise<{ recorded: RecordedStepProfile[] | null; recordedNote: string | null }> {
  const execution = impl.execution as Partial<RecordedExecution>;
  if (!execution.options) return { recorded: null, recordedNote: null };
  try {
    return { recorded: await profileRecordedSteps({ model, execution: execution as RecordedExecution, prompt, genLen, parallelPrefill: impl.prefill.name === 'parallel' }), recordedNote: null };
  } catch (e) {
    return { recorded: null, recordedNote: `the recorded step's launches could not be timed: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/**
 * Profiles one variant: `warmup` plain generate calls, one more whose phase
 * times are kept as the unprofiled reference, then one generate of a
 * synthetic prompt inside tf.profile with the model-part markers recording,
 * aggregated per phase (prefill, generation).
 */
export async function runProfile(options: ProfileOptions, registry: readonly Variant[] = VARIANTS): Promise<ProfileResult> {
  const variant = checkProfileOptions(options, registry);
  const impl = implementationsOf(variant, registry);
  const { backend, loaded } = await openModelSession({ backend: options.backend, model: options.model, modelDir: options.modelDir, seed: options.seed, weightsDtype: options.weightsDtype }, [impl]);
  const model = new GemmaModel(loaded.config, loaded.weights, impl);
  try {
    const prompt = syntheticPrompt(options.promptLen, loaded.config.vocabSize);
    model.validateRequest(prompt, options.genLen);
    for (let i = 0; i < options.warmup; i++) await model.generate(prompt, options.genLen);
    // A warm run without the profiler: what the phases take when nothing watches them.
    const unprofiled = phaseMs(await model.generate(prompt, options.genLen));

    let generated: GenerationResult | null = null;
    const recorded = await recordModelParts(async () => {
      try {
        return await tf.profile(async () => {
          generated = await model.generate(prompt, options.genLen);
        });
      } finally {
        // tf.profile leaves profiling on when its function throws.
        tf.engine().state.profiling = false;
      }
    });
    const kernels = await settleKernelTimes(recorded.value.kernels);
    const aggregated = aggregateProfile({ kernels, parts: recorded.parts, phases: recorded.phases }, phaseMs(generated!), unprofiled);
    const steps = await recordedSteps(model, impl, prompt, options.genLen);
    return {
      variant: variant.name,
      slots: slotChoices(variant, registry),
      model: options.modelDir ? `dir:${options.modelDir}` : options.model,
      modelDescription: loaded.description,
      backend: backend.name,
      device: backend.device,
      promptLen: options.promptLen,
      genLen: options.genLen,
      warmup: options.warmup,
      ...aggregated,
      ...steps,
    };
  } finally {
    model.dispose();
    disposeWeightSet(loaded.weights);
  }
}
