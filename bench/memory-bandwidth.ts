import * as tf from '@tensorflow/tfjs-core';
import { untilComputed } from '../src/model/until-computed.ts';
import { LAB_KERNEL } from '../src/webgpu/kernel-names.ts';

export interface Bandwidth {
  gbPerS: number;
  bytes: number;
  /** Where it was measured: the host's RAM or the backend's device memory. */
  where: string;
  /** What was timed: reads alone (the lab's read kernel), or a copy (bytes read + bytes written). */
  kind: 'read' | 'copy';
  /** On a GPU, the copy kernel's figure beside the read floor, named as such. */
  copy?: Bandwidth;
}

/**
 * The memory bandwidth the model's weights are read at, the floor's
 * denominator: on a GPU what the device reads (src/webgpu/read-kernel.ts, over
 * `readGiB` GiB in buffers under the binding limit), with its copy bandwidth
 * beside it (`copyBytes`); elsewhere the host's copy bandwidth.
 */
export async function measureBandwidth(copyBytes?: number, readGiB = 4.5): Promise<Bandwidth> {
  if (!tf.getKernel(LAB_KERNEL.copy, tf.getBackend())) return measureCopyBandwidth(copyBytes);
  const copy = await measureDeviceCopyBandwidth(copyBytes);
  const { measureReadBandwidth } = await import('../src/webgpu/read-kernel.ts');
  const { webGpuDevice } = await import('../src/webgpu/tensor-buffer.ts');
  const read = await measureReadBandwidth(webGpuDevice(), readGiB * 1024 ** 3);
  return { gbPerS: read.gbPerS, bytes: read.bytes, where: `device memory (${read.buffers} buffers)`, kind: 'read', copy };
}

/** "4442 GB/s read over 4.50 GiB (copy: 3450 GB/s, read + write, 1024 MiB)": what a bench prints for its floor. */
export function describeBandwidth(b: Bandwidth): string {
  const what = `${b.where} ${b.kind === 'read' ? 'read' : 'copy (read + write)'} bandwidth ${b.gbPerS.toFixed(b.gbPerS >= 100 ? 0 : 1)} GB/s over ${(b.bytes / 1024 ** 3).toFixed(2)} GiB`;
  return b.copy ? `${what} (copy kernel beside it: ${b.copy.gbPerS.toFixed(0)} GB/s, read + write, ${b.copy.bytes >> 20} MiB)` : what;
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
  return { gbPerS: (2 * bytes) / median(times) / 1e9, bytes, where: 'host RAM', kind: 'copy' };
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
  return { gbPerS: (2 * bytes) / median(times) / 1e9, bytes, where: 'device memory', kind: 'copy' };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
