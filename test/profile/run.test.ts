import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { before, test } from 'node:test';
import { ResultsDb } from '../../src/db/results-db.ts';
import { MODEL_PARTS, MODEL_PHASES } from '../../src/model/parts.ts';
import { aggregateProfile } from '../../src/profile/aggregate.ts';
import { renderProfile } from '../../src/profile/format.ts';
import { runProfile } from '../../src/profile/run.ts';
import { profileEnvironment, storeProfile } from '../../src/profile/store.ts';
import { KERNEL_KEYS, PART_KEYS, PHASE_KEYS, PROFILE_KEYS, type ProfileResult } from '../../src/profile/types.ts';
import { testBackend } from '../helpers/backend.ts';
import { PROJECT_ROOT } from '../helpers/cli.ts';

const backend = process.env.LAB_TEST_BACKEND ?? 'wasm';
const profiles = new Map<string, ProfileResult>();

before(async () => {
  await testBackend();
  for (const variant of ['baseline', 'batched-attention']) {
    profiles.set(variant, await runProfile({ variant, model: 'tiny', backend, seed: 1, promptLen: 5, genLen: 4, warmup: 1 }));
  }
});

for (const variant of ['baseline', 'batched-attention']) {
  test(`${variant}: every model part shows up in each phase, sampling only in generation`, () => {
    const r = profiles.get(variant)!;
    assert.equal(r.kernelTiming, true, String(r.note));
    assert.deepEqual(r.phases.prefill.parts.map((p) => p.part), MODEL_PARTS.filter((p) => p !== 'sampling'));
    assert.deepEqual(r.phases.generation.parts.map((p) => p.part), [...MODEL_PARTS]);
    for (const phase of MODEL_PHASES) for (const p of r.phases[phase].parts) assert.ok(p.calls > 0 && p.ms >= 0, `${phase} ${p.part}`);
  });

  test(`${variant}: part and kernel shares each sum to 100% of the phase's kernel time`, () => {
    for (const phase of MODEL_PHASES) {
      const p = profiles.get(variant)!.phases[phase];
      assert.ok(p.kernelMs! > 0);
      const sum = (rows: { pct: number }[]) => rows.reduce((s, r) => s + r.pct, 0);
      assert.ok(Math.abs(sum(p.parts) - 100) <= 0.01, `${phase} parts: ${sum(p.parts)}%`);
      assert.ok(Math.abs(sum(p.kernels) - 100) <= 0.01, `${phase} kernels: ${sum(p.kernels)}%`);
      assert.ok(Math.abs(p.parts.reduce((s, r) => s + r.ms, 0) - p.kernelMs!) < 1e-9);
      assert.equal(p.parts.reduce((s, r) => s + r.calls, 0), p.kernelCalls);
      assert.equal(p.kernels.reduce((s, r) => s + r.calls, 0), p.kernelCalls);
      assert.ok(Math.abs(p.gapMs! - (p.wallMs - p.kernelMs!)) < 1e-9);
      assert.ok(Math.abs(p.gapPct! - (p.gapMs! / p.wallMs) * 100) < 1e-9);
      assert.ok(p.unprofiledWallMs > 0);
      assert.ok(Math.abs(p.unprofiledGapMs! - (p.unprofiledWallMs - p.kernelMs!)) < 1e-9);
    }
  });
}

test('the softmax part is the Softmax kernels, one per head per layer per step in the per-head baseline', () => {
  const r = profiles.get('baseline')!;
  for (const phase of MODEL_PHASES) {
    const softmax = r.phases[phase].parts.find((p) => p.part === 'softmax')!;
    const kernel = r.phases[phase].kernels.find((k) => k.kernel === 'Softmax')!;
    assert.equal(softmax.calls, kernel.calls);
  }
  // tiny: 2 layers x 4 heads; prefill scans 5 tokens, generation runs 3 more steps.
  assert.equal(r.phases.prefill.parts.find((p) => p.part === 'softmax')!.calls, 5 * 2 * 4);
  assert.equal(r.phases.generation.parts.find((p) => p.part === 'softmax')!.calls, 3 * 2 * 4);
});

test('the JSON output keeps the documented keys, in order', () => {
  const json = JSON.parse(renderProfile(profiles.get('baseline')!, 'json')) as Record<string, unknown>;
  assert.deepEqual(Object.keys(json), [...PROFILE_KEYS]);
  assert.deepEqual(Object.keys(json.phases as object), [...MODEL_PHASES]);
  for (const phase of MODEL_PHASES) {
    const p = (json.phases as Record<string, Record<string, unknown>>)[phase]!;
    assert.deepEqual(Object.keys(p), [...PHASE_KEYS]);
    for (const row of p.parts as object[]) assert.deepEqual(Object.keys(row), [...PART_KEYS]);
    for (const row of p.kernels as object[]) assert.deepEqual(Object.keys(row), [...KERNEL_KEYS]);
  }
  assert.equal(json.variant, 'baseline');
  assert.equal(json.backend, backend);
  assert.equal((json.slots as Record<string, string>).attentionCore, 'per-head');
});

test('table and markdown show both phases, their gap, and both breakdowns', () => {
  const r = profiles.get('baseline')!;
  for (const format of ['table', 'md'] as const) {
    const text = renderProfile(r, format);
    assert.match(text, /^(- )?prefill: wall [\d.]+ ms, kernels [\d.]+ ms in \d+ calls, gap \(dispatch \/ host\) -?[\d.]+ ms = -?[\d.]+% of wall$/m);
    assert.match(text, /^(- |  )without the profiler: wall [\d.]+ ms, (gap ~[\d.]+ ms = [\d.]+%|under the profiled kernel time)/m);
    assert.match(text, /^(- )?generation: wall /m);
    for (const word of ['attention scores', 'qkv projection', 'BatchMatMul', 'Softmax', 'total']) assert.ok(text.includes(word), `${format}: ${word}`);
  }
  assert.match(renderProfile(r, 'md'), /^\| part \| calls \| ms \| share \|$/m);
});

test('without kernel timing the output says so in one line and shows the phase wall times only', () => {
  const timed = profiles.get('baseline')!;
  const fake = aggregateProfile(
    {
      kernels: [{ name: 'BatchMatMul', kernelTimeMs: { error: 'no timer' } }, { name: 'ArgMax', kernelTimeMs: { error: 'no timer' } }],
      parts: [],
      phases: [{ index: 0, phase: 'prefill' }, { index: 1, phase: 'generation' }],
    },
    { prefill: 12.5, generation: 30 },
    { prefill: 11, generation: 28 },
  );
  const r: ProfileResult = { ...timed, ...fake };
  const table = renderProfile(r, 'table');
  assert.equal(table.split('\n').filter((l) => l.startsWith('note: the backend reported no kernel timing')).length, 1);
  assert.match(table, /^prefill: wall 12\.50 ms \(without the profiler 11\.00 ms\), 1 kernel calls, no kernel timing$/m);
  assert.match(table, /^generation: wall 30\.00 ms/m);
  assert.ok(!table.includes('┌'), 'no part or kernel tables');
  assert.equal(JSON.parse(renderProfile(r, 'json')).kernelTiming, false);
});

test('a profile is stored in results.db and read back unchanged', async () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lab-profile-')), 'results.db');
  const r = profiles.get('baseline')!;
  const db = ResultsDb.open(file);
  try {
    assert.equal(db.latestProfile(), null);
    const environment = await profileEnvironment(PROJECT_ROOT, r, 'lab profile');
    const first = storeProfile(db, r, environment);
    const second = storeProfile(db, profiles.get('batched-attention')!, environment);
    assert.ok(second > first);
    const stored = db.latestProfile('baseline')!;
    assert.equal(stored.id, first);
    assert.deepEqual(stored.result, r);
    assert.deepEqual(stored.slots, r.slots);
    assert.equal(stored.model, 'tiny');
    assert.equal(stored.backend, backend);
    assert.equal(stored.device, r.device);
    assert.equal(stored.promptLen, 5);
    assert.equal(stored.genLen, 4);
    assert.deepEqual(stored.environment, environment);
    assert.ok(!Number.isNaN(Date.parse(stored.createdAt)));
    assert.equal(db.latestProfile()!.variant, 'batched-attention');
    assert.equal(db.latestProfile('no-such-variant'), null);
  } finally {
    db.close();
  }
});
