import * as tf from '@tensorflow/tfjs-core';
import { deviceIdle, UnknownWebGpuInternals } from './tensor-buffer.ts';

/**
 * Gives the device back the memory of disposed large tensors. TF.js's WebGPU
 * backend keeps every freed buffer in a pool for reuse, so weights a model
 * replaced (W [in, out] once wgsl-matvec holds W^T) would stay allocated; with
 * one process per variant on one GPU, that is the difference between fitting
 * and VK_ERROR_OUT_OF_DEVICE_MEMORY. Submits the backend's queue and waits
 * for it first, so that no buffer in use is destroyed.
 */
export async function releasePooledBuffers(minBytes = 64 * 1024 * 1024): Promise<void> {
  // TF.js internals: disposed tensors reach the pool when the backend next submits its queue, and
  // BufferManager.freeBuffers is the pool. If they change shape, nothing is released.
  try {
    await deviceIdle();
  } catch (e) {
    if (e instanceof UnknownWebGpuInternals) return;
    throw e;
  }
  const backend = tf.backend() as unknown as WebGpuInternals;
  const manager = backend.bufferManager;
  if (!(manager?.freeBuffers instanceof Map)) return;
  for (const pool of manager.freeBuffers.values()) {
    const kept = pool.filter((buffer) => buffer.size < minBytes);
    for (const buffer of pool) {
      if (buffer.size < minBytes) continue;
      buffer.destroy();
      manager.numBytesAllocated -= buffer.size;
      manager.numFreeBuffers--;
    }
    pool.splice(0, pool.length, ...kept);
  }
}

interface WebGpuInternals {
  bufferManager?: PooledBuffers;
}

interface PooledBuffers {
  freeBuffers: Map<string, { size: number; destroy(): void }[]>;
  numBytesAllocated: number;
  numFreeBuffers: number;
}
