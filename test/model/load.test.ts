import assert from 'node:assert/strict';
import { test } from 'node:test';
import { presetConfig } from '../../src/model/config.ts';
import { assertTensorsFit } from '../../src/model/load.ts';
import { assertLabError } from '../helpers/assert-lab-error.ts';

test('a model with a tensor above the device buffer limit is refused naming the tensor, its size and the limit', () => {
  const limit = { bytes: 2 ** 31, limit: 'maxStorageBufferBindingSize' };
  assertTensorsFit(presetConfig('gemma-2b'), limit, 'model gemma-2b'); // its embedding, 2.0e9 bytes, just fits 2 GiB
  const error = assertLabError(() => assertTensorsFit(presetConfig('gemma-7b'), limit, 'model gemma-7b'));
  assert.equal(error.message, "model gemma-7b does not fit this GPU: tensor model.embed_tokens.weight [256000, 3072] takes 2.93 GiB as float32, above the adapter's maxStorageBufferBindingSize of 2.00 GiB");
  assert.match(error.hint, /smaller model preset/);
});

test('without a device limit (a CPU backend) every model fits', () => {
  assertTensorsFit(presetConfig('gemma-7b'), null, 'model gemma-7b');
});
