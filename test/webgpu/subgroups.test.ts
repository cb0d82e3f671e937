import assert from 'node:assert/strict';
import { test } from 'node:test';
import { subgroupLayout } from '../../src/webgpu/subgroups.ts';
import { gatedMatVecShader, matVecShader } from '../../src/webgpu/step-kernels.ts';
import { describeRun, runFileOnSoftwareGpu } from '../helpers/software-gpu.ts';

/** The probe's words for a workgroup of `n` invocations in subgroups of `size`, each lane's [size, lane, first]. */
function probeWords(n: number, size: number, laneOf = (i: number) => i % size, firstOf = (i: number) => i - (i % size)): Uint32Array {
  return Uint32Array.from({ length: 3 * n }, (_, k) => [size, laneOf(Math.floor(k / 3)), firstOf(Math.floor(k / 3))][k % 3]!);
}

test('subgroups count for the reductions only in consecutive runs of one power-of-two size from 4 to 32', () => {
  assert.deepEqual(subgroupLayout(probeWords(256, 32)), { ok: true, size: 32 });
  assert.deepEqual(subgroupLayout(probeWords(256, 4)), { ok: true, size: 4 });
  const wide = subgroupLayout(probeWords(256, 64));
  assert.ok(!wide.ok && /subgroups of 64 invocations/.test(wide.why), JSON.stringify(wide));
  const odd = subgroupLayout(probeWords(256, 24));
  assert.ok(!odd.ok, JSON.stringify(odd));
  // Subgroups made of every other invocation: the sizes agree, the layout does not.
  const strided = subgroupLayout(probeWords(256, 32, (i) => Math.floor(i / 2) % 32, (i) => (i % 2) + 64 * Math.floor(i / 64)));
  assert.ok(!strided.ok && /not consecutive runs of 32/.test(strided.why), JSON.stringify(strided));
});

test('a product reducing by subgroups enables them and adds each row group\'s subgroups; a tree does neither', () => {
  const bySubgroups = gatedMatVecShader(64, 256, { reduction: 'subgroups', normEps: 1e-6, tiling: { lanes: 64, rowsPerThread: 2 } });
  assert.match(bySubgroups, /^enable subgroups;/);
  assert.match(bySubgroups, /subgroupAdd\(acc1_1\)/);
  assert.match(bySubgroups, /subgroupAdd\(squares\)/);
  assert.doesNotMatch(bySubgroups, /stride/);
  const byTree = matVecShader(64, 256, 0, { tiling: { lanes: 64, rowsPerThread: 2 } });
  assert.doesNotMatch(byTree, /subgroup/);
  assert.match(byTree, /stride/);
});

test('on a SwiftShader WebGPU device the lab\'s device has subgroups in consecutive runs, and the dependent-launch floor times its chain', () => {
  const run = runFileOnSoftwareGpu('test/webgpu/fixtures/launch-floor.ts', 120);
  assert.equal(run.code, 0, describeRun(run));
  const out = JSON.parse(run.stdout) as { floor: { usPerLaunch: number; launches: number }; subgroups: { ok: boolean; size?: number }; features: string[] };
  assert.ok(out.features.includes('subgroups') && out.features.includes('timestamp-query'), out.features.join(', '));
  assert.equal(out.subgroups.ok, true, JSON.stringify(out.subgroups));
  assert.ok(Number.isFinite(out.floor.usPerLaunch) && out.floor.usPerLaunch > 0, JSON.stringify(out.floor));
  assert.equal(out.floor.launches, 50);
});
