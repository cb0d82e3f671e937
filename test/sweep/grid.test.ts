import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { presetConfig } from '../../src/model/config.ts';
import { memoryBlocks, workerBytes, workersThatFit } from '../../src/sweep/memory-blocks.ts';
import { resolveSweep, type SweepRequest } from '../../src/sweep/settings.ts';
import { VARIANTS } from '../../variants/index.ts';
import { assertLabError } from '../helpers/assert-lab-error.ts';
import { PROJECT_ROOT } from '../helpers/cli.ts';

const resolve = (request: Partial<SweepRequest>) => resolveSweep({ git: false, ...request }, VARIANTS, PROJECT_ROOT);

test('--param crosses the values into points, after the variant at its defaults; a point at the defaults is that variant', () => {
  const r = resolve({ variants: ['wgsl-recorded-step'], params: ['attention=per-head,split-keys', 'keysPerSplit=8,32'], backend: 'webgpu' });
  assert.deepEqual(r.variants.map((v) => v.name), [
    'baseline',
    'wgsl-recorded-step',
    'wgsl-recorded-step@attention=per-head,keysPerSplit=8',
    // attention=per-head,keysPerSplit=32 are the defaults: wgsl-recorded-step itself
    'wgsl-recorded-step@attention=split-keys,keysPerSplit=8',
    'wgsl-recorded-step@attention=split-keys,keysPerSplit=32',
  ]);
  assert.deepEqual(r.settings.grid, { 'wgsl-recorded-step': { attention: ['per-head', 'split-keys'], keysPerSplit: [8, 32] } });
});

test("an experiment file's grid is checked like --param, and sits beside its variants", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-grid-'));
  const file = path.join(dir, 'grid.json');
  fs.writeFileSync(file, JSON.stringify({ variants: ['fused-qkv'], grid: { 'kv-cache': { allocation: ['chunked'], growBy: [8, 16] } } }));
  const r = resolve({ experiment: file });
  assert.deepEqual(r.variants.map((v) => v.name), ['baseline', 'fused-qkv', 'kv-cache', 'kv-cache@allocation=chunked,growBy=8', 'kv-cache@allocation=chunked,growBy=16']);
  fs.writeFileSync(file, JSON.stringify({ grid: { 'kv-cache': { growBy: [7] } } }));
  assertLabError(() => resolve({ experiment: file }), /growBy=7 is outside its domain/);
  fs.writeFileSync(file, JSON.stringify({ grid: { 'kv-cache': { growBy: 8 } } }));
  assertLabError(() => resolve({ experiment: file }), /"grid" must be an object \{"variant": \{"param": \[values...\]\}\}/);
});

test('grids past 256 points need --max-points; a grid and a factorial are two sweeps', () => {
  // 5 x 3 x 2 x 3 x ... : the recorded step's whole domain is 2*5*3*2*3 = 180 points; two grids of it are 360.
  const all = ['attention=per-head,split-keys', 'keysPerSplit=4,8,16,32,64', 'tiling=lanes,tuned,paired', 'normsInProducts=false,true', 'argmax=baseline,wgsl,wgsl-wide'];
  assert.equal(resolve({ variants: ['wgsl-recorded-step'], params: all, backend: 'webgpu' }).variants.length, 1 + 180);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-grid-'));
  const file = path.join(dir, 'big.json');
  const domain = { attention: ['per-head', 'split-keys'], keysPerSplit: [4, 8, 16, 32, 64], tiling: ['lanes', 'tuned', 'paired'], normsInProducts: [false, true], argmax: ['baseline', 'wgsl', 'wgsl-wide'] };
  fs.writeFileSync(file, JSON.stringify({ backend: 'webgpu', grid: { 'wgsl-recorded-step': domain, 'wgsl-recorded-step-tuned': domain } }));
  assertLabError(() => resolve({ experiment: file }), /the grid has 360 points, more than 256/);
  assert.equal(resolve({ experiment: file, maxPoints: 360 }).variants.length, 1 + 360);
  assertLabError(() => resolve({ variants: ['kv-cache'], params: ['growBy=8'], factorial: ['fused-qkv', 'batched-attention'] }), /--factorial measures every combination/);
});

test("memory blocks: as many workers as the device holds beside one loading, in even blocks", () => {
  const gemma2b = workerBytes(presetConfig('gemma-2b'), 'f32');
  assert.ok(gemma2b > 9.5e9 && gemma2b < 10.5e9, `gemma-2b f32 is about 10 GB, got ${gemma2b}`);
  // An H200's 139 GiB: 12 f32 workers of gemma-2b at once (one more loading), twice that in bf16.
  const h200 = 139 * 2 ** 30;
  assert.equal(workersThatFit(h200, gemma2b), 12);
  assert.equal(workersThatFit(h200, workerBytes(presetConfig('gemma-2b'), 'bf16')), 25);
  assert.equal(workersThatFit(1e9, gemma2b), 2, 'never fewer than the baseline and one variant');
  assert.deepEqual(memoryBlocks([1, 2, 3, 4, 5], 2), [[1, 2], [3, 4], [5]]);
  assert.deepEqual(memoryBlocks([1, 2, 3, 4, 5, 6, 7], 5), [[1, 2, 3, 4], [5, 6, 7]]);
  assert.deepEqual(memoryBlocks([1, 2, 3], 10), [[1, 2, 3]]);
});

test("the weights' dtype is an axis of a grid: each point's worker loads its own dtype, whatever the sweep's", () => {
  const r = resolve({ variants: ['wgsl-recorded-step-split8-paired'], params: ['weightsDtype=f32,bf16,f16'], backend: 'webgpu' });
  assert.deepEqual(r.variants.map((v) => [v.name, v.runWith?.weightsDtype]), [
    ['baseline', undefined],
    ['wgsl-recorded-step-split8-paired', undefined],
    ['wgsl-recorded-step-split8-paired@weightsDtype=f32', 'f32'],
    ['wgsl-recorded-step-split8-paired@weightsDtype=bf16', 'bf16'],
    ['wgsl-recorded-step-split8-paired@weightsDtype=f16', 'f16'],
  ]);
});
