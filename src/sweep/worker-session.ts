import * as tf from '@tensorflow/tfjs-core';
import { GemmaModel } from '../model/gemma.ts';
import { releasePooledDeviceMemory } from '../backend.ts';
import { openModelSession } from '../model-session.ts';
import { syntheticPrompt } from '../prompt.ts';
import { implementationsOf, resolveVariant, slotChoices } from '../variants.ts';
import { VARIANTS } from '../../variants/index.ts';
import type { SampleMeasurement, WorkerInit, WorkerReady } from './worker-protocol.ts';

export interface WorkerSession {
  ready: WorkerReady;
  runSample(): Promise<SampleMeasurement>;
  dispose(): void;
}

/**
 * One variant, ready to be measured: backend started, weights built, model
 * assembled. The same code serves a child process and --in-process sweeps.
 * The registry is this checkout's, so in an experiment worktree it is the
 * committed variant code that runs.
 */
export async function startWorkerSession(init: WorkerInit, startedAt = 0): Promise<WorkerSession> {
  const variant = resolveVariant(VARIANTS, init.variant);
  const impl = implementationsOf(variant, VARIANTS);
  const { backend, loaded } = await openModelSession({ backend: init.backend, model: init.model, modelDir: init.modelDir, seed: init.seed, weightsDtype: variant.runWith?.weightsDtype ?? init.weightsDtype }, [impl]);
  const model = new GemmaModel(loaded.config, loaded.weights, impl);
  model.disposeUnreadWeights(); // these weights are this session's alone
  await releasePooledDeviceMemory();
  const prompt = syntheticPrompt(init.promptLen, loaded.config.vocabSize);
  model.validateRequest(prompt, init.genLen);
  return {
    ready: {
      backend: backend.name,
      device: backend.device,
      tfjsVersion: tf.version_core,
      slots: slotChoices(variant, VARIANTS),
      description: variant.description,
      startupS: (performance.now() - startedAt) / 1000,
      loadS: loaded.loadS,
    },
    runSample: async () => {
      const r = await model.generate(prompt, init.genLen);
      return { prefillS: r.prefillS, generationS: r.generationS, totalS: r.totalS, peakTensorBytes: r.peakTensorBytes, tokens: r.tokens };
    },
    dispose: () => model.dispose(),
  };
}
