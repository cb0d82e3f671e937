import * as tf from '@tensorflow/tfjs-core';
import { untilComputed } from '../src/model/until-computed.ts';
import { LAB_KERNEL } from '../src/webgpu/kernel-names.ts';

export interface Bandwidth {
  gbPerS: number;
  bytes: number;
  /** Where it was measured: the host's RAM or the backend's device memory. */
  where: string;
}

/**
 * The memory bandwidth the model's weights are read at: the device's own when
 * the backend has the lab's copy kernel (a GPU), else the host's.
 */
export async function measureBandwidth(bytes?: number): Promise<Bandwidth> {
  return tf.getKernel(LAB_KERNEL.copy, tf.getBackend()) ? measureDeviceCopyBandwidth(bytes) : measureCopyBandwidth(bytes);
}

/**
 * This machine's memory bandwidth, from a large copy between two buffers far
 * bigger than any cache: bytes read + bytes written over the median time.
 */
export function measureCopyBandwidth(bytes = 512 * 1024 * 1024, repeats = 7): Bandwidth {
  const src = new Float64Array(bytes / 8);
  const dst = new Float64Array(bytes / 8);
  for (let i = 0; i < src.length; i += 512) src[i] = i; // touch every page so the copy does not time page faults
  dst.set(src);
  const times: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    dst.set(src);
    times.push((performance.now() - start) / 1000);
  }
  return { gbPerS: (2 * bytes) / median(times) / 1e9, bytes, where: 'host RAM' };
}

/**
 * The device's bandwidth, from the lab's vec4 copy kernel on a 1 GiB buffer:
 * `copies` back-to-back copies per timing, so that the one read-back that
 * ends each timing is a small part of it.
 */
export async function measureDeviceCopyBandwidth(bytes = 1024 * 1024 * 1024, repeats = 5, copies = 20): Promise<Bandwidth> {
  const source = tf.fill([bytes / 4], 1.5) as tf.Tensor1D;
  const copyOnce = () => tf.engine().runKernel(LAB_KERNEL.copy, { x: source }) as tf.Tensor1D;
  const warm = copyOnce();
  await untilComputed(warm);
  warm.dispose();
  const times: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    let last: tf.Tensor1D | null = null;
    for (let i = 0; i < copies; i++) {
      last?.dispose();
      last = copyOnce();
    }
    await untilComputed(last!);
    times.push((performance.now() - start) / 1000 / copies);
    last!.dispose();
  }
  source.dispose();
  return { gbPerS: (2 * bytes) / median(times) / 1e9, bytes, where: 'device memory' };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
