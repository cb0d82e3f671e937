import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PartMark, PhaseMark } from '../../src/model/parts.ts';
import { aggregateProfile, kernelTime, settleKernelTimes, type RecordedKernel } from '../../src/profile/aggregate.ts';

const wall = { prefill: 10, generation: 20 };
const unprofiled = { prefill: 9, generation: 18 };

/** Prefill: kernels 0-3; generation: kernels 4-6. Parts nest: 'softmax' inside 'other' inside 'sampling'. */
const phases: PhaseMark[] = [{ index: 0, phase: 'prefill' }, { index: 4, phase: 'generation' }];
const parts: PartMark[] = [
  { index: 0, part: 'embedding' }, // kernel 0
  { index: 1, part: 'other' }, // kernel 1 (embedding ended)
  { index: 1, part: 'mlp' }, // kernels 1-2
  { index: 3, part: 'other' }, // kernel 3
  { index: 4, part: 'sampling' }, // kernel 4
  { index: 5, part: 'other' }, // a forward step inside sampling
  { index: 5, part: 'softmax' }, // kernel 5
  { index: 6, part: 'other' },
  { index: 6, part: 'sampling' }, // kernel 6: the step ended, back in sampling
];

function kernels(times: unknown[]): RecordedKernel[] {
  const names = ['GatherV2', 'BatchMatMul', 'Add', 'Slice', 'ArgMax', 'Softmax', 'Reshape'];
  return names.map((name, i) => ({ name, kernelTimeMs: times[i] }));
}

test('kernels are split into phases and attributed to the innermost part that launched them', () => {
  const r = aggregateProfile({ kernels: kernels([1, 2, 3, 4, 5, 6, 7]), parts, phases }, wall, unprofiled);
  assert.equal(r.kernelTiming, true);
  assert.equal(r.note, null);
  assert.deepEqual(r.phases.prefill.parts.map((p) => [p.part, p.calls, p.ms]), [['embedding', 1, 1], ['mlp', 2, 5], ['other', 1, 4]]);
  assert.deepEqual(r.phases.generation.parts.map((p) => [p.part, p.calls, p.ms]), [['softmax', 1, 6], ['sampling', 2, 12]]);
  assert.equal(r.phases.prefill.kernelMs, 10);
  assert.equal(r.phases.prefill.kernelCalls, 4);
  assert.equal(r.phases.prefill.gapMs, 0);
  assert.equal(r.phases.generation.kernelMs, 18);
  assert.equal(r.phases.generation.gapMs, 2);
  assert.equal(r.phases.generation.gapPct, 10);
  assert.equal(r.phases.generation.unprofiledWallMs, 18);
  assert.equal(r.phases.generation.unprofiledGapMs, 0);
  assert.equal(r.phases.prefill.unprofiledGapMs, -1);
});

test('kernel rows are slowest first, and kernel shares like part shares sum to 100% of kernel time', () => {
  const r = aggregateProfile({ kernels: kernels([0.1, 0.7, 0.3, 0.05, 0.11, 0.13, 0.17]), parts, phases }, wall, unprofiled);
  for (const phase of Object.values(r.phases)) {
    const partSum = phase.parts.reduce((s, p) => s + p.pct, 0);
    const kernelSum = phase.kernels.reduce((s, k) => s + k.pct, 0);
    assert.ok(Math.abs(partSum - 100) < 0.01, `parts sum to ${partSum}`);
    assert.ok(Math.abs(kernelSum - 100) < 0.01, `kernels sum to ${kernelSum}`);
    const ms = phase.kernels.map((k) => k.ms);
    assert.deepEqual(ms, [...ms].sort((a, b) => b - a));
  }
});

test('kernels launched before the first phase mark belong to no phase', () => {
  const r = aggregateProfile(
    { kernels: kernels([1, 1, 1, 1, 1, 1, 1]), parts: [], phases: [{ index: 5, phase: 'generation' }] },
    wall,
    unprofiled,
  );
  assert.equal(r.phases.prefill.kernelCalls, 0);
  assert.equal(r.phases.generation.kernelCalls, 2);
  assert.deepEqual(r.phases.generation.parts.map((p) => p.part), ['other']);
});

for (const [what, times] of [
  ['errors (no timestamp queries)', Array(7).fill({ error: 'timestamp queries are not supported' })],
  ['all zeros', Array(7).fill(0)],
  ['NaN', Array(7).fill(Number.NaN)],
  ['unsettled promises', Array(7).fill(Promise.resolve(1))],
] as const) {
  test(`a backend without kernel timing (${what}) falls back to phase wall times with a one-line note`, () => {
    const r = aggregateProfile({ kernels: kernels([...times]), parts, phases }, wall, unprofiled);
    assert.equal(r.kernelTiming, false);
    assert.ok(r.note && !r.note.includes('\n') && /no kernel timing/.test(r.note), String(r.note));
    for (const [name, phase] of Object.entries(r.phases)) {
      assert.equal(phase.wallMs, wall[name as keyof typeof wall]);
      assert.equal(phase.kernelMs, null);
      assert.equal(phase.gapMs, null);
      assert.equal(phase.gapPct, null);
      assert.equal(phase.unprofiledGapMs, null);
      assert.deepEqual(phase.parts, []);
      assert.deepEqual(phase.kernels, []);
    }
    assert.equal(r.phases.prefill.kernelCalls, 4);
  });
}

test('an empty kernel list falls back too', () => {
  const r = aggregateProfile({ kernels: [], parts: [], phases }, wall, unprofiled);
  assert.equal(r.kernelTiming, false);
  assert.match(r.note!, /no kernels/);
});

test('kernels with no time among timed ones count as 0 ms and are noted', () => {
  const r = aggregateProfile({ kernels: kernels([1, { error: 'x' }, 1, 1, 1, Number.NaN, 1]), parts, phases }, wall, unprofiled);
  assert.equal(r.kernelTiming, true);
  assert.match(r.note!, /^2 of 7 kernels reported no time/);
  assert.equal(r.phases.prefill.kernelMs, 3);
  assert.equal(r.phases.prefill.kernelCalls, 4);
});

test('kernel times: finite non-negative numbers only; promises are settled, rejections become errors', async () => {
  assert.equal(kernelTime(1.5), 1.5);
  assert.equal(kernelTime(0), 0);
  for (const bad of [Number.NaN, Infinity, -1, { error: 'e' }, '3', undefined, null]) assert.equal(kernelTime(bad), null);
  const settled = await settleKernelTimes([
    { name: 'A', kernelTimeMs: Promise.resolve(2) },
    { name: 'B', kernelTimeMs: Promise.reject(new Error('lost')) },
    { name: 'C', kernelTimeMs: 3 },
  ]);
  assert.deepEqual(settled.map((k) => k.kernelTimeMs), [2, { error: 'lost' }, 3]);
});
