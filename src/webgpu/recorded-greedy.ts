/// <reference types="@webgpu/types" />
import type * as tf from '@tensorflow/tfjs-core';
import { LabError } from '../errors.ts';
import type { GeneratedTokens } from '../model/slots.ts';
import type { RecordedArgMax } from './recorded-argmax.ts';
import type { RecordedStep } from './recorded-step.ts';
import { gpuBufferOf, submitPendingTfjsWork } from './tensor-buffer.ts';
import { TimestampPairs } from './timestamp-pairs.ts';

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
  const created: { destroy(): void }[] = []; // buffers and the span's timestamps, freed at the end
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
    // The GPU's own span: a timestamp as the first token's work begins, one as the last step's ends.
    const span = device.features.has('timestamp-query') ? new TimestampPairs(device, 1) : null;
    if (span) created.push(span);
    const mark = (encoder: GPUCommandEncoder, end: 'start' | 'end') => span && encoder.beginComputePass({ timestampWrites: span.writes(0, end) }).end();
    const keepLogits = (encoder: GPUCommandEncoder, i: number) => kept && encoder.copyBufferToBuffer(step.logits, 0, kept, i * logitsBytes, logitsBytes);

    const start = performance.now();
    submitPendingTfjsWork(); // the first logits may still be an unsubmitted TF.js copy
    const first = device.createCommandEncoder();
    mark(first, 'start');
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
    mark(last, 'end');
    last.copyBufferToBuffer(argmax.chosen, 0, tokens, 0, count * 4);
    span?.resolve(last);
    device.queue.submit([last.finish()]);
    const queuedS = (performance.now() - start) / 1000;

    await tokens.mapAsync(GPUMapMode.READ);
    const ids = Array.from(new Int32Array(tokens.getMappedRange(0, count * 4).slice(0)));
    tokens.unmap();
    const gpuS = span ? (await span.nanoseconds())[0]! / 1e9 : undefined;
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
