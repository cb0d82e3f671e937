import assert from 'node:assert/strict';
import { test } from 'node:test';
import { presetConfig } from '../../src/model/config.ts';
import { assertTensorsFit } from '../../src/model/load.ts';
import { rowBlocks } from '../../src/model/weights.ts';
import { assertLabError } from '../helpers/assert-lab-error.ts';

test('a model with a tensor above the device buffer limit is refused naming the tensor, its size and the limit; the embedding is split instead', () => {
  const limit = { bytes: 2 ** 31, limit: 'maxStorageBufferBindingSize' };
  assertTensorsFit(presetConfig('gemma-2b'), limit, 'model gemma-2b');
  assertTensorsFit(presetConfig('gemma-7b'), limit, 'model gemma-7b'); // its 2.93 GiB embedding is held in two blocks of rows
  const small = { bytes: 256 * 2 ** 20, limit: 'maxStorageBufferBindingSize' };
  const error = assertLabError(() => assertTensorsFit(presetConfig('gemma-7b'), small, 'model gemma-7b'));
  assert.equal(error.message, "model gemma-7b does not fit this GPU: tensor model.layers.0.mlp.gate_proj.weight [24576, 3072] takes 288.0 MiB as float32, above the adapter's maxStorageBufferBindingSize of 256.0 MiB");
  assert.match(error.hint, /smaller model preset/);
  // Packed in bf16 (a recorded step alone), the same matrix takes 144 MiB and fits.
  assertTensorsFit(presetConfig('gemma-7b'), small, 'model gemma-7b', 'bf16', { dense: false, packed: true });
});

test('row blocks: as even as can be, each within the limit, covering every row once', () => {
  assert.deepEqual(rowBlocks(256000, 3072, 4, 2147483644), [[0, 128000], [128000, 128000]]);
  assert.deepEqual(rowBlocks(256000, 3072, 2, 2147483644), [[0, 256000]]);
  assert.deepEqual(rowBlocks(10, 4, 4, null), [[0, 10]]);
  assert.deepEqual(rowBlocks(10, 4, 4, 48), [[0, 3], [3, 3], [6, 3], [9, 1]]);
});

test('without a device limit (a CPU backend) every model fits', () => {
  assertTensorsFit(presetConfig('gemma-7b'), null, 'model gemma-7b');
});
