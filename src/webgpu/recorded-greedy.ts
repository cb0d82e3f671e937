/// <reference types="@webgpu/types" />
import type * as tf from '@tensorflow/tfjs-core';
import { LabError } from '../errors.ts';
import type { GeneratedTokens } from '../model/slots.ts';
import type { RecordedArgMax } from './recorded-argmax.ts';
import type { RecordedStep } from './recorded-step.ts';
import { gpuBufferOf, submitPendingTfjsWork } from './tensor-buffer.ts';

/**
 * Greedy generation of `count` tokens where every step and its choice of the next token are one command buffer
 * of the lab's own: the first token is chosen from `firstLogits` (ownership passes here), each next step reads
 * the token the argmax wrote on the device, and the tokens (and, when asked, every logit) come to the host once,
 * at the end. Nothing of TF.js runs between steps: no copy of the logits into a tensor, no argMax kernel of its
 * own, no command buffer of its own.
 */
export async function generateGreedy(
  device: GPUDevice,
  step: RecordedStep,
  argmax: RecordedArgMax,
  vocab: number,
  firstLogits: tf.Tensor1D,
  startPos: number,
  count: number,
  collectLogits: boolean,
): Promise<GeneratedTokens> {
  const created: { destroy(): void }[] = []; // buffers and the span's query set, freed at the end
  try {
    if (!Number.isInteger(count) || count < 1 || count > argmax.capacity) throw new Error(`generateGreedy: count must be an integer from 1 to ${argmax.capacity}, got ${count}`);
    if (startPos + count - 1 > step.capacity) throw new Error(`generateGreedy: steps up to position ${startPos + count - 2} do not fit the step's cache of ${step.capacity}`);
    const logitsBytes = vocab * 4;
    const keptBytes = count * logitsBytes;
    if (collectLogits && keptBytes > device.limits.maxBufferSize) {
      throw new LabError(`keeping the logits of ${count} tokens takes ${keptBytes} bytes, more than one buffer of this device (${device.limits.maxBufferSize})`, 'generate fewer tokens (--max-new-tokens), or use generation wgsl-argmax-wide');
    }
    const readable = (bytes: number) => {
      const b = device.createBuffer({ size: Math.max(16, bytes), usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
      created.push(b);
      return b;
    };
    const tokens = readable(count * 4);
    const kept = collectLogits ? readable(keptBytes) : null;
    const span = device.features.has('timestamp-query') ? gpuSpan(device, created) : null;
    const keepLogits = (encoder: GPUCommandEncoder, i: number) => kept && encoder.copyBufferToBuffer(step.logits, 0, kept, i * logitsBytes, logitsBytes);

    const start = performance.now();
    submitPendingTfjsWork(); // the first logits may still be an unsubmitted TF.js copy
    const first = device.createCommandEncoder();
    span?.mark(first, 0);
    first.copyBufferToBuffer(gpuBufferOf(firstLogits), 0, step.logits, 0, logitsBytes);
    argmax.chooseAt(0);
    argmax.encode(first);
    keepLogits(first, 0);
    device.queue.submit([first.finish()]);
    for (let i = 1; i < count; i++) {
      argmax.chooseAt(i);
      step.run(argmax.next, startPos + i - 1, (encoder) => {
        argmax.encode(encoder);
        keepLogits(encoder, i);
      });
    }
    const last = device.createCommandEncoder();
    span?.mark(last, 1);
    last.copyBufferToBuffer(argmax.chosen, 0, tokens, 0, count * 4);
    span?.resolve(last);
    device.queue.submit([last.finish()]);
    const queuedS = (performance.now() - start) / 1000;

    await tokens.mapAsync(GPUMapMode.READ);
    const ids = Array.from(new Int32Array(tokens.getMappedRange(0, count * 4).slice(0)));
    tokens.unmap();
    const gpuS = span ? await span.seconds() : undefined;
    if (!kept) return { tokens: ids, logits: null, queuedS, ...(gpuS === undefined ? {} : { gpuS }) };
    await kept.mapAsync(GPUMapMode.READ);
    const flat = new Float32Array(kept.getMappedRange(0, keptBytes).slice(0));
    kept.unmap();
    return { tokens: ids, logits: ids.map((_, i) => flat.slice(i * vocab, (i + 1) * vocab)), queuedS, ...(gpuS === undefined ? {} : { gpuS }) };
  } finally {
    for (const b of created) b.destroy();
    firstLogits.dispose();
  }
}

/**
 * Two GPU timestamps, each written by an empty compute pass where it is encoded (mark), resolved into a
 * readable buffer (resolve), and their difference in seconds (seconds). Its query set and buffers go into
 * `created`, whose owner frees them.
 */
function gpuSpan(device: GPUDevice, created: { destroy(): void }[]) {
  const queries = device.createQuerySet({ type: 'timestamp', count: 2 });
  const resolved = device.createBuffer({ size: 16, usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC });
  const readable = device.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  created.push(queries, resolved, readable);
  return {
    mark(encoder: GPUCommandEncoder, index: 0 | 1): void {
      encoder.beginComputePass({ timestampWrites: index === 0 ? { querySet: queries, beginningOfPassWriteIndex: 0 } : { querySet: queries, endOfPassWriteIndex: 1 } }).end();
    },
    resolve(encoder: GPUCommandEncoder): void {
      encoder.resolveQuerySet(queries, 0, 2, resolved, 0);
      encoder.copyBufferToBuffer(resolved, 0, readable, 0, 16);
    },
    async seconds(): Promise<number> {
      await readable.mapAsync(GPUMapMode.READ);
      const [begin, end] = new BigUint64Array(readable.getMappedRange().slice(0));
      readable.unmap();
      return Number(end! - begin!) / 1e9;
    },
  };
}
