import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PRESETS } from '../../src/model/config.ts';
import { kvCacheBytesRead, meanKeysReadWhileGenerating, weightBytesPerToken } from '../../src/model/weights.ts';

test("a decode step's reads: gemma-2b's weights in f32 and bf16, its KV cache at 4,097 cached positions", () => {
  const c = PRESETS['gemma-2b'];
  assert.ok(Math.abs(weightBytesPerToken(c, 'f32') / 1e9 - 10.02) < 0.01);
  assert.ok(Math.abs(weightBytesPerToken(c, 'bf16') / 1e9 - 5.01) < 0.01);
  // 18 layers x (keys + values) x 1 KV head x 256 x 4 bytes a position.
  assert.equal(kvCacheBytesRead(c, 4097), 18 * 2 * 256 * 4 * 4097);
  assert.equal(kvCacheBytesRead(PRESETS['gemma-7b'], 1), 28 * 2 * 16 * 256 * 4);
});

test('the keys a generated token reads on average: the steps at positions P .. P + G - 2 read P + 1 .. P + G - 1', () => {
  assert.equal(meanKeysReadWhileGenerating(4096, 64), 4128);
  assert.equal(meanKeysReadWhileGenerating(64, 2), 65);
  assert.equal(meanKeysReadWhileGenerating(10, 1), 11, 'one token: no step, counted as one at the prompt end');
});
