/// <reference types="@webgpu/types" />
import * as tf from '@tensorflow/tfjs-core';

/**
 * Reaching TF.js's WebGPU backend below its public API: the GPUBuffer behind
 * a tensor, and its pending commands. Everything else the lab does on the
 * device through TF.js goes through kernels; these are for code that records
 * its own commands against the same device. If the internals change shape,
 * these throw rather than guess.
 */
interface WebGpuInternals {
  device: GPUDevice;
  commandEncoder: GPUCommandEncoder | null;
  ensureCommandEncoderReady(): void;
  endComputePassEncoder(): void;
  submitQueue(): void;
  uploadToGPU(dataId: object): void;
  tensorMap: { get(dataId: object): { resource?: unknown } | undefined };
}

/** The WebGPU backend is not active, or its internals are not the ones these functions know. */
export class UnknownWebGpuInternals extends Error {}

function internals(): WebGpuInternals {
  const backend = tf.backend() as unknown as Partial<WebGpuInternals>;
  if (tf.getBackend() !== 'webgpu' || typeof backend.submitQueue !== 'function' || typeof backend.uploadToGPU !== 'function' || !backend.tensorMap || !backend.device) {
    throw new UnknownWebGpuInternals('the WebGPU backend is not active, or its internals are not those of @tensorflow/tfjs-backend-webgpu 4.x');
  }
  return backend as WebGpuInternals;
}

/** The device TF.js's WebGPU backend runs on. */
export function webGpuDevice(): GPUDevice {
  return internals().device;
}

/** The GPUBuffer holding `t`'s data, uploaded first if it is still on the host. Valid while `t` lives. */
export function gpuBufferOf(t: tf.Tensor): GPUBuffer {
  const backend = internals();
  backend.uploadToGPU(t.dataId);
  const resource = backend.tensorMap.get(t.dataId)?.resource;
  if (!(resource && typeof (resource as GPUBuffer).mapAsync === 'function')) {
    throw new Error(`tensor ${t.id} [${t.shape}] has no GPUBuffer on the WebGPU backend (a texture, or freed)`);
  }
  return resource as GPUBuffer;
}

/**
 * Submits the commands TF.js has recorded but not yet submitted, so that
 * commands submitted after this call see their results (the queue runs
 * submissions in order).
 */
export function submitPendingTfjsWork(): void {
  const backend = internals();
  if (backend.commandEncoder === null) return; // nothing recorded since the last submit
  backend.endComputePassEncoder(); // an open compute pass would make the submitted command buffer invalid
  backend.submitQueue();
}

/** Waits until everything submitted to the device so far has run. */
export async function deviceIdle(): Promise<void> {
  const backend = internals();
  backend.ensureCommandEncoderReady();
  backend.endComputePassEncoder();
  backend.submitQueue();
  await backend.device.queue.onSubmittedWorkDone();
}
