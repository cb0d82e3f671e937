import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { chooseGpu, driPrimeTag, listGpus } from '../../src/queue/gpu.ts';
import { assertLabError } from '../helpers/assert-lab-error.ts';

const SMI = '0, NVIDIA H200, 00000000:18:00.0\n1, NVIDIA H200, 00000000:2A:00.0\n';
const layers = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-layers-'));
fs.writeFileSync(path.join(layers, 'VkLayer_MESA_device_select.json'), '{}');

test("nvidia-smi's GPUs are read by index, name and PCI bus; no nvidia-smi is null", () => {
  assert.deepEqual(listGpus(() => SMI), [
    { index: 0, name: 'NVIDIA H200', busId: '00000000:18:00.0' },
    { index: 1, name: 'NVIDIA H200', busId: '00000000:2A:00.0' },
  ]);
  assert.equal(listGpus(() => {
    throw new Error('ENOENT');
  }), null);
});

test("DRI_PRIME's tag of a PCI bus id is Mesa's pci-DDDD_BB_DD_F", () => {
  assert.equal(driPrimeTag('00000000:2A:00.0'), 'pci-0000_2a_00_0');
  assert.equal(driPrimeTag('0001:41:00.1'), 'pci-0001_41_00_1');
});

test('--gpu N pins Vulkan (Mesa device select) and CUDA to that one GPU', () => {
  const choice = chooseGpu(1, listGpus(() => SMI), [layers]);
  assert.deepEqual(choice.env, { DRI_PRIME: 'pci-0000_2a_00_0', MESA_VK_DEVICE_SELECT_FORCE_DEFAULT_DEVICE: '1', CUDA_VISIBLE_DEVICES: '1' });
});

test('a GPU index this host lacks, a host without GPUs, a bad index or a missing device-select layer: one LabError each', () => {
  assertLabError(() => chooseGpu(2, listGpus(() => SMI), [layers]), '--gpu 2', 'has 2 GPUs (0, 1)');
  assertLabError(() => chooseGpu(0, null, [layers]), 'no GPU');
  assertLabError(() => chooseGpu(-1, listGpus(() => SMI), [layers]), 'GPU index');
  assertLabError(() => chooseGpu(0, listGpus(() => SMI), [path.join(layers, 'absent')]), 'device-select layer');
});

test("a host of one GPU (nvidia-smi's line from a lent H200) needs no device-select layer: there is nothing to choose between", () => {
  const one = listGpus(() => '0, NVIDIA H200, 00000000:00:06.0\n');
  assert.deepEqual(chooseGpu(0, one, [path.join(layers, 'absent')]).env, { CUDA_VISIBLE_DEVICES: '0' });
  assert.equal(driPrimeTag(one![0]!.busId), 'pci-0000_00_06_0');
  assertLabError(() => chooseGpu(1, one, [layers]), '--gpu 1: this host has 1 GPU (0)');
});
