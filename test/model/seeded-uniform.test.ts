import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { presetConfig } from '../../src/model/config.ts';
import { randomTensorSource, randomWeightSource } from '../../src/model/random-weights.ts';
import { fillSeededUniform, seededUniformAt, tensorStream, uniformStep } from '../../src/model/seeded-uniform.ts';
import { hostTensorSource } from '../../src/model/weights.ts';
import { testBackend } from '../helpers/backend.ts';

before(async () => {
  await testBackend();
});

test('values are float32 products of an integer and the float32 step, inside [-sqrt(3) std, sqrt(3) std)', () => {
  const step = uniformStep(0.02);
  assert.equal(step, Math.fround(step));
  const bound = Math.sqrt(3) * 0.02;
  for (let i = 0; i < 10000; i++) {
    const v = seededUniformAt(i, 12345, step);
    assert.equal(v, Math.fround(v));
    const k = Math.round(v / step);
    assert.equal(v, Math.fround(k * step), `value ${v} at ${i} is not float32(k * step)`);
    assert.ok(k >= -8388608 && k < 8388608);
    assert.ok(v >= -bound - 1e-9 && v < bound, `value ${v} at ${i} is outside the range`);
  }
});

test('a million values have the asked standard deviation, mean zero and no correlation between neighbours', () => {
  const n = 1 << 20;
  const std = 0.5;
  const out = new Float32Array(n);
  fillSeededUniform(out, 1, n, tensorStream(7, 'model.embed_tokens.weight'), uniformStep(std), false);
  let sum = 0;
  let sumSquares = 0;
  let lagProduct = 0;
  for (let i = 0; i < n; i++) {
    sum += out[i]!;
    sumSquares += out[i]! * out[i]!;
    if (i > 0) lagProduct += out[i]! * out[i - 1]!;
  }
  const mean = sum / n;
  const variance = sumSquares / n - mean * mean;
  // Standard errors for n = 2^20: mean 0.0005, std 0.0002; the bounds are about 6 of them.
  assert.ok(Math.abs(mean) < 0.003, `mean ${mean}`);
  assert.ok(Math.abs(Math.sqrt(variance) - std) < 0.0015, `std ${Math.sqrt(variance)}`);
  assert.ok(Math.abs(lagProduct / n / variance) < 0.006, `lag-1 correlation ${lagProduct / n / variance}`);
});

test('streams differ by seed and by tensor name; the same seed and name give the same values', () => {
  const draw = (seed: number, name: string) => {
    const out = new Float32Array(64);
    fillSeededUniform(out, 8, 8, tensorStream(seed, name), uniformStep(1), false);
    return out;
  };
  assert.deepEqual(draw(1, 'a'), draw(1, 'a'));
  assert.notDeepEqual(draw(1, 'a'), draw(2, 'a'));
  assert.notDeepEqual(draw(1, 'a'), draw(1, 'b'));
});

test('filling transposed gives exactly the transpose of the stored layout', () => {
  const rows = 5;
  const cols = 7;
  const stored = new Float32Array(rows * cols);
  const transposed = new Float32Array(rows * cols);
  fillSeededUniform(stored, rows, cols, 99, uniformStep(1), false);
  fillSeededUniform(transposed, cols, rows, 99, uniformStep(1), true);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) assert.equal(transposed[c * rows + r], stored[r * cols + c]);
});

test('weights drawn where the model runs are bit-identical to the host checkpoint-layout weights, transposed at upload', async () => {
  const config = presetConfig('tiny');
  const direct = randomTensorSource(config, 3);
  const viaHost = hostTensorSource(randomWeightSource(config, 3));
  const draws: [string, (s: typeof direct) => tf.Tensor2D][] = [
    ['linear down_proj', (s) => s.linear('model.layers.1.mlp.down_proj.weight')],
    ['linear q_proj', (s) => s.linear('model.layers.0.self_attn.q_proj.weight')],
    ['embedding rows 0..255', (s) => s.storedRows('model.embed_tokens.weight', 0, 256)],
    // A block of rows further down the table (a vocabulary split over several bindings).
    ['embedding rows 100..136', (s) => s.storedRows('model.embed_tokens.weight', 100, 37)],
  ];
  for (const [what, draw] of draws) {
    const a = draw(direct);
    const b = draw(viaHost);
    assert.deepEqual(a.shape, b.shape);
    assert.deepEqual(await a.data(), await b.data(), what);
    tf.dispose([a, b]);
  }
});
