import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { LabError } from '../../src/errors.ts';
import { presetConfig, type ModelConfig } from '../../src/model/config.ts';
import { GemmaModel } from '../../src/model/gemma.ts';
import { randomWeightSource } from '../../src/model/random-weights.ts';
import { buildWeights, disposeWeights, hostTensorSource, type ModelWeights } from '../../src/model/weights.ts';
import { implementationsOf, unsupportedReasons, type Variant } from '../../src/variants.ts';
import { VARIANTS } from '../../variants/index.ts';
import { testBackend } from '../helpers/backend.ts';
import { referenceGenerate } from '../helpers/reference-gemma.ts';

const config: ModelConfig = presetConfig('tiny');
const raw = randomWeightSource(config, 7);
const prompt = [3, 17, 250, 42, 9];
const count = 6;
let weights: ModelWeights;
let reference: ReturnType<typeof referenceGenerate>;

before(async () => {
  await testBackend();
  weights = buildWeights(config, hostTensorSource(raw));
  reference = referenceGenerate(config, raw, prompt, count);
});

function maxAbs(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) m = Math.max(m, Math.abs(values[i]!));
  return m;
}

const TEST_BACKEND = process.env.LAB_TEST_BACKEND ?? 'wasm';

/** What keeps a variant off the test backend (a WebGPU kernel on the CPU); empty when it runs here. */
function unsupportedHere(variant: Variant): string[] {
  return unsupportedReasons(variant, VARIANTS, TEST_BACKEND);
}

for (const variant of VARIANTS) {
  const unsupported = unsupportedHere(variant);
  if (unsupported.length > 0) {
    // Its reference check runs where it can: LAB_TEST_BACKEND=webgpu on a GPU.
    test(`${variant.name}: refused on the ${TEST_BACKEND} backend, naming the implementations it needs`, () => {
      assert.throws(
        () => new GemmaModel(config, weights, implementationsOf(variant, VARIANTS)),
        (e: unknown) => e instanceof LabError && e.message.includes(`cannot run on the ${TEST_BACKEND} backend: ${unsupported.join('; ')}`),
      );
    });
    continue;
  }
  test(`${variant.name}: cached generation matches the float64 full-recomputation reference`, async () => {
    const model = new GemmaModel(config, weights, implementationsOf(variant, VARIANTS));
    const result = await model.generate(prompt, count, { collectLogits: true });
    model.dispose();
    assert.deepEqual(result.tokens, reference.tokens);
    for (let i = 0; i < count; i++) {
      const ref = reference.logits[i]!;
      const got = result.logits![i]!;
      let worst = 0;
      for (let j = 0; j < ref.length; j++) worst = Math.max(worst, Math.abs(got[j]! - ref[j]!));
      assert.ok(worst <= 1e-4 * maxAbs(ref), `step ${i}: max|Δlogit| ${worst} vs max|logit| ${maxAbs(ref)}`);
    }
  });
}

test('the reference is sensitive: a perturbed weight changes its logits beyond the tolerance', () => {
  const perturbed = (name: string) => {
    const t = raw(name);
    if (name !== 'model.layers.1.self_attn.v_proj.weight') return t;
    const data = t.data.slice();
    data[0] = data[0]! + 0.05;
    return { shape: t.shape, data };
  };
  const other = referenceGenerate(config, perturbed, prompt, 1).logits[0]!;
  const ref = reference.logits[0]!;
  let worst = 0;
  for (let j = 0; j < ref.length; j++) worst = Math.max(worst, Math.abs(other[j]! - ref[j]!));
  assert.ok(worst > 1e-4 * maxAbs(ref));
});

test('generation leaks no tensors: the tensor count is the same before and after', async () => {
  const model = new GemmaModel(config, weights, implementationsOf(VARIANTS[0]!, VARIANTS));
  await model.generate(prompt, 2); // builds the model's own long-lived tables
  const before = tf.memory().numTensors;
  await model.generate(prompt, count, { collectLogits: true });
  await model.generate(prompt, count);
  assert.equal(tf.memory().numTensors, before);
  model.dispose();
});

test('disposing models and weights frees every tensor they made', async () => {
  const start = tf.memory().numTensors;
  const own = buildWeights(config, hostTensorSource(raw));
  for (const variant of VARIANTS.filter((v) => unsupportedHere(v).length === 0)) {
    const model = new GemmaModel(config, own, implementationsOf(variant, VARIANTS));
    await model.generate(prompt, 2);
    model.dispose();
  }
  disposeWeights(own);
  assert.equal(tf.memory().numTensors, start);
});

test('phase times are positive and add up to the total', async () => {
  const model = new GemmaModel(config, weights, implementationsOf(VARIANTS[0]!, VARIANTS));
  const r = await model.generate(prompt, count);
  model.dispose();
  assert.ok(r.prefillS > 0 && r.generationS > 0);
  assert.ok(Math.abs(r.prefillS + r.generationS - r.totalS) < 1e-9);
  assert.ok(r.peakTensorBytes > 0);
});

test('bad requests are refused with a LabError that says what is wrong', () => {
  const model = new GemmaModel(config, weights, implementationsOf(VARIANTS[0]!, VARIANTS));
  const cases: [number[], number, RegExp][] = [
    [[], 4, /prompt is empty/],
    [[1, 256], 4, /token 256 \(position 1\) is outside the vocabulary/],
    [[1, -1], 4, /outside the vocabulary/],
    [[1, 2], 0, /positive integer/],
    [[1, 2], -3, /positive integer/],
    [Array(100).fill(1), 29, /exceeds maxSeq 128/],
  ];
  for (const [p, n, message] of cases) {
    assert.throws(() => model.validateRequest(p, n), (e: unknown) => e instanceof LabError && message.test(e.message));
  }
  model.dispose();
});

test('a model can free the shared weights it never reads, and still generates the same tokens', async () => {
  const own = buildWeights(config, hostTensorSource(raw));
  const stock = new GemmaModel(config, own, implementationsOf(VARIANTS[0]!, VARIANTS));
  const before = tf.memory().numTensors;
  stock.disposeUnreadWeights();
  assert.equal(tf.memory().numTensors, before, 'the stock implementations read every shared weight');
  const result = await stock.generate(prompt, count);
  assert.deepEqual(result.tokens, reference.tokens);
  stock.dispose();
  disposeWeights(own);
});

test('a model whose products read W^T frees the [in, out] weights and the output head, and still matches the reference', async () => {
  const own = buildWeights(config, hostTensorSource(raw));
  const transposedLinear = {
    name: 'test-transposed',
    weightLayout: 'out-in' as const,
    prepare: ({ inOut, outIn }: { inOut: tf.Tensor2D; outIn?: tf.Tensor2D }) => outIn ?? (tf.transpose(inOut) as tf.Tensor2D),
    apply: (x: tf.Tensor2D, w: tf.Tensor2D) => tf.matMul(x, w, false, true) as tf.Tensor2D,
  };
  const model = new GemmaModel(config, own, { ...implementationsOf(VARIANTS[0]!, VARIANTS), linear: transposedLinear });
  const before = tf.memory().numTensors;
  model.disposeUnreadWeights();
  assert.equal(before - tf.memory().numTensors, 7 * config.layers + 1, 'q, k, v, o, gate, up, down per layer, and the output head');
  assert.deepEqual((await model.generate(prompt, count)).tokens, reference.tokens);
  model.dispose();
  disposeWeights(own);
});
