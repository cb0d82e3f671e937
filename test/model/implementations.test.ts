import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { presetConfig, type ModelConfig } from '../../src/model/config.ts';
import {
  concatHeadsFirstCache,
  concatSeqFirstCache,
  preallocatedHeadsFirstCache,
  preallocatedSeqFirstCache,
} from '../../src/model/implementations/kv-cache.ts';
import type { KvCacheLayout, LayerCache } from '../../src/model/slots.ts';
import { testBackend } from '../helpers/backend.ts';

before(async () => {
  await testBackend();
});

const config: ModelConfig = presetConfig('tiny');

/**
 * Appends a 3-position chunk (as a parallel prefill does) then single positions
 * (as generation does) and returns what read gives after each append, on the host.
 * Disposes the cache the way the forward step does: replaced tensors go, kept ones stay.
 */
function readsAfterAppends(layout: KvCacheLayout, chunks: tf.Tensor3D[][], capacity: number): { k: number[][]; v: number[][]; shapes: number[][] } {
  let cache: LayerCache = layout.create(config, capacity);
  const out = { k: [] as number[][], v: [] as number[][], shapes: [] as number[][] };
  let pos = 0;
  for (const [k, v] of chunks) {
    const previous = cache;
    cache = tf.tidy(() => {
      const next = layout.append(previous, k!, v!, pos);
      Object.values(next).forEach((t) => tf.keep(t));
      return next;
    });
    const kept = new Set(Object.values(cache).map((t) => t.id));
    Object.values(previous).filter((t) => !kept.has(t.id)).forEach((t) => t.dispose());
    pos += k!.shape[0];
    tf.tidy(() => {
      const read = layout.read(cache, pos);
      out.shapes.push(read.k.shape, read.v.shape);
      out.k.push(Array.from(read.k.dataSync()));
      out.v.push(Array.from(read.v.dataSync()));
    });
  }
  tf.dispose(Object.values(cache));
  return out;
}

function randomChunks(lengths: number[]): tf.Tensor3D[][] {
  return lengths.map((t, i) => [
    tf.randomNormal([t, config.kvHeads, config.headDim], 0, 1, 'float32', 100 + i) as tf.Tensor3D, // [T, kvHeads, D]
    tf.randomNormal([t, config.kvHeads, config.headDim], 0, 1, 'float32', 200 + i) as tf.Tensor3D,
  ]);
}

const LAYOUTS: KvCacheLayout[] = [concatSeqFirstCache, preallocatedHeadsFirstCache, preallocatedSeqFirstCache];

for (const layout of LAYOUTS) {
  for (const spare of [0, 4]) {
    test(`${layout.name}: read returns the baseline's keys and values after a chunk and single appends (${spare} spare positions)`, () => {
      const lengths = [3, 1, 1, 1, 1];
      const capacity = lengths.reduce((a, b) => a + b) + spare;
      const chunks = randomChunks(lengths);
      const before = tf.memory().numTensors;
      const expected = readsAfterAppends(concatHeadsFirstCache, chunks, capacity);
      const got = readsAfterAppends(layout, chunks, capacity);
      assert.equal(tf.memory().numTensors, before, 'appends and reads leave no tensors behind');
      tf.dispose(chunks.flat());
      assert.deepEqual(got.shapes, expected.shapes);
      assert.deepEqual(got.k, expected.k);
      assert.deepEqual(got.v, expected.v);
    });
  }
}

test('preallocated caches keep their shape whatever the position written', () => {
  for (const layout of [preallocatedHeadsFirstCache, preallocatedSeqFirstCache]) {
    const cache = layout.create(config, 8);
    const shape = cache.k!.shape;
    const [[k, v]] = randomChunks([1]);
    const next = layout.append(cache, k!, v!, 5);
    assert.deepEqual(next.k!.shape, shape);
    assert.deepEqual(next.v!.shape, shape);
    tf.dispose([...Object.values(cache), ...Object.values(next), k!, v!]);
  }
});
