import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { LabError } from '../../src/errors.ts';
import { expectedTensorShapes, writeCheckpoint } from '../../src/model/checkpoint.ts';
import { presetConfig } from '../../src/model/config.ts';
import { GemmaModel } from '../../src/model/gemma.ts';
import { loadModel, resolveWeightDtype, weightFormsFor } from '../../src/model/load.ts';
import { randomWeightSource } from '../../src/model/random-weights.ts';
import { readSafetensorsHeader, readTensorHalfWords } from '../../src/model/safetensors.ts';
import { halfBitsOf, packHalves, roundToDtype, widenHalfBits, type WeightDtype } from '../../src/model/weight-dtype.ts';
import { disposeWeightSet } from '../../src/model/weight-set.ts';
import { implementationsOf, resolveVariant, unsupportedReasons } from '../../src/variants.ts';
import { VARIANTS } from '../../variants/index.ts';
import { testBackend } from '../helpers/backend.ts';
import { referenceGenerate } from '../helpers/reference-gemma.ts';

const TEST_BACKEND = process.env.LAB_TEST_BACKEND ?? 'wasm';
const config = presetConfig('tiny');
const prompt = [3, 17, 250, 42, 9];
const count = 6;
let dir: string;

before(async () => {
  await testBackend();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-bf16-'));
  const raw = randomWeightSource(config, 7);
  writeCheckpoint(dir, config, new Map([...expectedTensorShapes(config).keys()].map((name) => [name, raw(name)])), { dtype: 'BF16' });
});

after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The checkpoint's values as `dtype` holds them (bf16: its own; f16: each bf16 value rounded to f16). */
function valuesIn(dtype: WeightDtype) {
  const raw = randomWeightSource(config, 7, 'bf16');
  return (name: string) => {
    const t = raw(name);
    return { shape: t.shape, data: roundToDtype(t.data.slice(), dtype) };
  };
}

function maxAbs(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) m = Math.max(m, Math.abs(values[i]!));
  return m;
}

/** The variants checked on a bf16 checkpoint: the baseline, and on webgpu the recorded steps, which read the packed bits. */
const CHECKED = ['baseline', 'wgsl-recorded-step', 'wgsl-recorded-step-split8-paired+wgsl-argmax-wide+fused-qkv'].filter(
  (name) => unsupportedReasons(resolveVariant(VARIANTS, name), VARIANTS, TEST_BACKEND).length === 0,
);

for (const dtype of TEST_BACKEND === 'webgpu' ? (['bf16', 'f16'] as const) : ([undefined] as const)) {
  test(`a BF16 checkpoint${dtype ? ` as ${dtype}` : ''} on ${TEST_BACKEND}: ${CHECKED.join(', ')}, each against the float64 reference on the same values`, async () => {
    const reference = referenceGenerate(config, valuesIn(dtype ?? 'bf16'), prompt, count);
    const start = tf.memory().numTensors;
    for (const name of CHECKED) {
      const impl = implementationsOf(resolveVariant(VARIANTS, name), VARIANTS);
      const loaded = await loadModel({ modelDir: dir, seed: 1, weightsDtype: dtype }, [impl]);
      assert.equal(loaded.weights.dtype, dtype ?? 'f32');
      // A recorded step reading the narrow bits gets no float32 copy; the baseline, no packed one.
      const packedOnly = dtype !== undefined && name !== 'baseline';
      assert.equal(loaded.weights.dense === null, packedOnly, `${name}: float32 tensors loaded`);
      assert.equal(loaded.weights.packed === null, !packedOnly, `${name}: packed tensors loaded`);
      const model = new GemmaModel(loaded.config, loaded.weights, impl);
      model.disposeUnreadWeights();
      const result = await model.generate(prompt, count, { collectLogits: true });
      model.dispose();
      disposeWeightSet(loaded.weights);
      assert.deepEqual(result.tokens, reference.tokens, name);
      for (let i = 0; i < count; i++) {
        const ref = reference.logits[i]!;
        let worst = 0;
        for (let j = 0; j < ref.length; j++) worst = Math.max(worst, Math.abs(result.logits![i]![j]! - ref[j]!));
        assert.ok(worst <= 1e-4 * maxAbs(ref), `${name}, step ${i}: max|Δlogit| ${worst} vs max|logit| ${maxAbs(ref)}`);
      }
    }
    assert.equal(tf.memory().numTensors, start, 'models and weights freed every tensor');
  });
}

test('a recorded step reading packed weights holds no float32 copy; a composed model gets float32 widened from the same values', () => {
  const recorded = implementationsOf(resolveVariant(VARIANTS, 'wgsl-recorded-step'), VARIANTS);
  const baseline = implementationsOf(resolveVariant(VARIANTS, 'baseline'), VARIANTS);
  assert.deepEqual(weightFormsFor([recorded], 'bf16'), { dense: false, packed: true });
  assert.deepEqual(weightFormsFor([recorded], 'f32'), { dense: true, packed: false });
  assert.deepEqual(weightFormsFor([baseline, recorded], 'f16'), { dense: true, packed: true });
  assert.deepEqual(weightFormsFor([], 'bf16'), { dense: true, packed: false });
});

test('the default dtype: f32 on CPU backends and for random presets, a checkpoint\'s own on webgpu; a narrow dtype on a CPU backend is refused', () => {
  assert.equal(resolveWeightDtype(undefined, 'wasm', 'bf16'), 'f32');
  assert.equal(resolveWeightDtype(undefined, 'webgpu', 'bf16'), 'bf16');
  assert.equal(resolveWeightDtype(undefined, 'webgpu', null), 'f32');
  assert.equal(resolveWeightDtype('f16', 'webgpu', 'bf16'), 'f16');
  assert.throws(() => resolveWeightDtype('bf16', 'wasm', null), (e: unknown) => e instanceof LabError && /needs the webgpu backend: TF.js has no bf16 tensors/.test(e.message));
});

test('rounding to bf16 and f16 is to nearest, ties to even, exact on widening; f16 keeps subnormals and overflows to infinity', () => {
  assert.equal(widenHalfBits(halfBitsOf(1 + 2 ** -8, 'bf16'), 'bf16'), 1); // a tie: to the even 1.0
  assert.equal(widenHalfBits(halfBitsOf(1 + 3 * 2 ** -8, 'bf16'), 'bf16'), 1 + 2 ** -6); // a tie: to the even 1 + 2^-6
  assert.equal(widenHalfBits(halfBitsOf(1 + 2 ** -11, 'f16'), 'f16'), 1);
  assert.equal(widenHalfBits(halfBitsOf(2 ** -24, 'f16'), 'f16'), 2 ** -24); // the smallest subnormal
  assert.equal(widenHalfBits(halfBitsOf(70000, 'f16'), 'f16'), Infinity);
  const values = new Float32Array([0.1, -0.3, 1e-6, 123.456]);
  for (const dtype of ['bf16', 'f16'] as const) {
    const once = roundToDtype(values.slice(), dtype);
    assert.deepEqual(roundToDtype(once.slice(), dtype), once, `${dtype}: rounding a rounded value changes nothing`);
    assert.notDeepEqual(once, values);
  }
});

test("packed words are the checkpoint's own bytes: element 2i in the low half, as a BF16 safetensors file stores them", () => {
  const data = roundToDtype(new Float32Array([0.5, -1.25, 3.0, 1e-3, -7.5, 0.015625]), 'bf16');
  writeCheckpoint(path.join(dir, 'pack'), config, new Map([['t', { shape: [2, 3], data }]]), { dtype: 'BF16' });
  const header = readSafetensorsHeader(path.join(dir, 'pack', 'model.safetensors'));
  assert.deepEqual(readTensorHalfWords(header, 't'), packHalves(data, 'bf16'));
  assert.equal(packHalves(data, 'bf16')[0]! & 0xffff, halfBitsOf(0.5, 'bf16'));
});

/** The cases of a vocabulary held in several row blocks: variant, dtype, and a limit that splits the embedding in two. */
const SPLIT_CASES = [
  { name: 'baseline', dtype: 'f32', maxTensorBytes: 40_960 }, // 64 floats a row: blocks of 160 rows
  { name: 'wgsl-recorded-step', dtype: 'f32', maxTensorBytes: 40_960 },
  { name: 'wgsl-recorded-step-split8-paired+wgsl-argmax-wide+fused-qkv', dtype: 'bf16', maxTensorBytes: 20_000 }, // 128 bytes a packed row: blocks of 156
] as const;

for (const c of SPLIT_CASES.filter((s) => unsupportedReasons(resolveVariant(VARIANTS, s.name), VARIANTS, TEST_BACKEND).length === 0)) {
  test(`${c.name} in ${c.dtype} with the embedding split into row blocks (a limit of ${c.maxTensorBytes} bytes) matches the float64 reference`, async () => {
    const impl = implementationsOf(resolveVariant(VARIANTS, c.name), VARIANTS);
    const start = tf.memory().numTensors;
    const loaded = await loadModel({ model: 'tiny', seed: 7, weightsDtype: c.dtype }, [impl], { maxTensorBytes: c.maxTensorBytes });
    const blocks = (loaded.weights.dense?.embedding ?? loaded.weights.packed!.embedding).map((t) => t.shape[0]);
    assert.ok(blocks.length === 2 && blocks[0]! + blocks[1]! === config.vocabSize, `blocks of ${blocks.join(', ')} rows`);
    const model = new GemmaModel(loaded.config, loaded.weights, impl);
    model.disposeUnreadWeights();
    // A prompt with tokens from both blocks.
    const split = [3, 200, 17, 250, 42, 159, 160];
    const result = await model.generate(split, count, { collectLogits: true });
    model.dispose();
    disposeWeightSet(loaded.weights);
    assert.equal(tf.memory().numTensors, start, 'models and weights freed every tensor');
    const reference = referenceGenerate(config, randomWeightSource(config, 7, c.dtype), split, count);
    assert.deepEqual(result.tokens, reference.tokens);
    for (let i = 0; i < count; i++) {
      const ref = reference.logits[i]!;
      let worst = 0;
      for (let j = 0; j < ref.length; j++) worst = Math.max(worst, Math.abs(result.logits![i]![j]! - ref[j]!));
      assert.ok(worst <= 1e-4 * maxAbs(ref), `step ${i}: max|Δlogit| ${worst} vs max|logit| ${maxAbs(ref)}`);
    }
  });
}
