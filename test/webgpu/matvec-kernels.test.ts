import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matVecGroups, matVecShader } from '../../src/webgpu/matvec-shaders.ts';
import { PREFETCH_LOADS, prefetchGroups, prefetchPlan } from '../../src/webgpu/prefetch-wgsl.ts';
import { describeRun, runFileOnSoftwareGpu } from '../helpers/software-gpu.ts';

/** Relative tolerance of a float32 kernel against a float64 reference over sums of a few thousand terms. */
const TOLERANCE = 1e-5;

test('a read-ahead plan takes the start of each buffer, the budget shared evenly, in workgroups of 256 x PREFETCH_LOADS words', () => {
  assert.equal(prefetchPlan([1000, 2000], 0), undefined);
  assert.equal(prefetchPlan([], 1 << 20), undefined);
  assert.deepEqual(prefetchPlan([16 * 100, 16 * 5000], 16 * 4000), { words: [100, 2000] });
  assert.deepEqual(prefetchPlan([8], 1 << 20), undefined, 'a buffer under one word is not read ahead');
  const chunk = 256 * PREFETCH_LOADS;
  assert.equal(prefetchGroups({ words: [chunk, chunk + 1] }), 3);
  assert.equal(prefetchGroups(undefined), 0);
  assert.equal(matVecGroups(2560, 2048, { lanes: 128, rowsPerThread: 2 }, { words: [chunk] }), 640 + 1);
});

test('a matrix-vector tiling refuses an unroll other than 1, 2 or 4', () => {
  assert.doesNotThrow(() => matVecShader(64, 512, 0, { tiling: { lanes: 32, rowsPerThread: 1, unroll: 4 } }));
  assert.throws(() => matVecShader(64, 512, 0, { tiling: { lanes: 32, rowsPerThread: 1, unroll: 3 } }), /unroll must be 1, 2 or 4, got 3/);
});

test('a staggered product starts each workgroup at its own block of strides where the row takes whole blocks, and keeps the plain loop elsewhere', () => {
  // 2,048 float32 inputs are 512 strides of 16 bytes: 4 blocks of 64 lanes x 2 unrolled steps; packed bf16, 2 blocks.
  const staggered = matVecShader(64, 2048, 0, { tiling: { lanes: 64, rowsPerThread: 1, unroll: 2, stagger: true } });
  assert.match(staggered, /let firstBlock = group % 4u;/);
  assert.match(staggered, /let j = lane \+ block \* 128u;/);
  assert.match(matVecShader(64, 2048, 0, { tiling: { lanes: 64, rowsPerThread: 1, unroll: 2, stagger: true }, weights: 'bf16' }), /group % 2u/);
  const plain = matVecShader(64, 2056, 0, { tiling: { lanes: 64, rowsPerThread: 1, unroll: 2, stagger: true } });
  assert.doesNotMatch(plain, /firstBlock/);
  assert.equal(plain, matVecShader(64, 2056, 0, { tiling: { lanes: 64, rowsPerThread: 1, unroll: 2 } }));
});

test('on a SwiftShader WebGPU device the matrix-vector products (f32, bf16, f16; store, add, gated; tree and subgroups; unrolled by 1, 2 and 4; staggered; the norm folded in; reading later weights ahead) match float64 references and leave what they read ahead as it was', () => {
  const run = runFileOnSoftwareGpu('test/webgpu/fixtures/matvec-kernels-agree.ts', 300);
  assert.equal(run.code, 0, describeRun(run));
  const out = JSON.parse(run.stdout) as { reductions: string[]; checked: { name: string; maxAbsDiff: number; maxAbs: number; aheadKept?: boolean }[] };
  assert.deepEqual(out.reductions, ['tree', 'subgroups'], 'SwiftShader has subgroups');
  assert.equal(out.checked.length, 3 * 2 * 10);
  assert.equal(out.checked.filter((c) => c.aheadKept !== undefined).length, 3 * 2 * 4);
  assert.equal(out.checked.filter((c) => c.name.includes('staggered')).length, 3 * 2 * 3);
  for (const c of out.checked) {
    assert.ok(c.maxAbs > 0, `${c.name}: the reference is all zero`);
    assert.ok(c.maxAbsDiff <= TOLERANCE * c.maxAbs, `${c.name}: max|Δ| ${c.maxAbsDiff} > ${TOLERANCE} * ${c.maxAbs}`);
    if (c.aheadKept !== undefined) assert.ok(c.aheadKept, `${c.name}: the buffer read ahead changed`);
  }
});
