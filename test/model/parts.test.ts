import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { modelPart, modelPhase, recordModelParts } from '../../src/model/parts.ts';
import { testBackend } from '../helpers/backend.ts';

before(async () => {
  await testBackend();
});

test('outside a recording a part marker only runs its function', () => {
  assert.equal(modelPart('mlp', () => 42), 42);
  modelPhase('prefill'); // no recording: nothing to note, nothing thrown
});

test('while recording, markers note the kernel index where each part begins and ends, nested and async', async () => {
  const x = tf.tensor1d([1, 2, 3]);
  const recorded = await recordModelParts(() =>
    tf.profile(async () => {
      modelPhase('prefill');
      tf.dispose(tf.neg(x)); // kernel 0, unmarked
      tf.dispose(modelPart('norms', () => tf.abs(x))); // kernel 1
      modelPhase('generation');
      await modelPart('sampling', async () => {
        tf.dispose(modelPart('other', () => tf.exp(x))); // kernel 2
        await Promise.resolve();
        tf.dispose(tf.argMax(x)); // kernel 3
      });
    }));
  x.dispose();
  assert.deepEqual(recorded.value.kernels.map((k) => k.name), ['Neg', 'Abs', 'Exp', 'ArgMax']);
  assert.deepEqual(recorded.phases, [{ index: 0, phase: 'prefill' }, { index: 2, phase: 'generation' }]);
  assert.deepEqual(recorded.parts, [
    { index: 1, part: 'norms' },
    { index: 2, part: 'other' },
    { index: 2, part: 'sampling' },
    { index: 2, part: 'other' },
    { index: 3, part: 'sampling' },
    { index: 4, part: 'other' },
  ]);
});

test('a part that throws still ends, and the recording is reset afterwards', async () => {
  await assert.rejects(
    recordModelParts(async () => modelPart('rope', () => { throw new Error('boom'); })),
    /boom/,
  );
  const again = await recordModelParts(async () => { modelPart('mlp', () => 1); return 'ok'; });
  assert.equal(again.value, 'ok');
});
