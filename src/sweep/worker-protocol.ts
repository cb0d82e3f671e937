/** Messages between a sweep and its variant workers (child processes, or in-process sessions). */
import type { WeightDtype } from '../model/weight-dtype.ts';

export interface WorkerInit {
  /** Variant spec: a registered name or a+b. */
  variant: string;
  model?: string;
  modelDir?: string;
  seed: number;
  /** --weights-dtype; absent: the worker's default. */
  weightsDtype?: WeightDtype;
  backend: string;
  promptLen: number;
  genLen: number;
}

export interface WorkerReady {
  backend: string;
  device: string;
  tfjsVersion: string;
  slots: Record<string, string>;
  description: string;
  /** Seconds from process start to ready (imports, backend, model build). */
  startupS: number;
  /** Of which building the weights. */
  loadS: number;
}

export interface SampleMeasurement {
  prefillS: number;
  generationS: number;
  totalS: number;
  peakTensorBytes: number;
  /** Greedy tokens of this run: every run of a sweep must compute the same ones. */
  tokens: number[];
  /** CPU seconds the worker process spent on this sample (all its threads); absent in-process, where the sweep's own count covers it. */
  cpuS?: number;
}

export type ParentMessage = { type: 'init'; init: WorkerInit } | { type: 'sample' } | { type: 'exit' };

export type WorkerMessage =
  | { type: 'ready'; ready: WorkerReady }
  | { type: 'sample'; sample: SampleMeasurement }
  | { type: 'error'; message: string; hint: string; userError: boolean; deviceFault?: boolean };
