import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ResultsDb } from '../../src/db/results-db.ts';
import { buildSweepResult } from '../../src/sweep/summarize.ts';
import { fillDb, GENERATION_FASTER, GENERATION_SEED, PREFILL, tempDir, type FixtureSweep } from '../helpers/results-fixture.ts';

function resultOf(sweep: FixtureSweep) {
  const file = path.join(tempDir(), 'results.db');
  fillDb(file, [sweep]);
  const db = ResultsDb.open(file, { readonly: true });
  try {
    return buildSweepResult(db.getSweep(sweep.id));
  } finally {
    db.close();
  }
}

const fused = { name: 'fused-qkv', slots: { attentionCore: 'batched', qkvProjection: 'fused' }, prefill: PREFILL, generation: GENERATION_FASTER };

test("a sweep with the seed's baseline has no baselineOrigin", () => {
  const result = resultOf({ id: 's', createdAt: '2026-01-01T00:00:00.000Z', variants: [{ name: 'baseline', prefill: PREFILL, generation: GENERATION_SEED }, { ...fused, slots: { qkvProjection: 'fused' } }] });
  assert.equal('baselineOrigin' in result, false);
});

test('a promoted baseline names the variant its description says it was promoted from, and the slots it changes', () => {
  const result = resultOf({
    id: 's',
    createdAt: '2026-01-01T00:00:00.000Z',
    variants: [{ name: 'baseline', slots: { attentionCore: 'batched' }, description: 'promoted from batched-attention: all heads at once', prefill: PREFILL, generation: GENERATION_SEED }, fused],
  });
  assert.deepEqual(result.baselineOrigin, { promotedFrom: 'batched-attention', changedSlots: { attentionCore: 'batched' } });
});

test('without a description saying so, a variant of the sweep with the same slots names the promoted baseline, else none does', () => {
  const twin = { name: 'batched-attention', slots: { attentionCore: 'batched' }, prefill: PREFILL, generation: GENERATION_FASTER };
  const promoted = { name: 'baseline', slots: { attentionCore: 'batched' }, description: 'hand-edited', prefill: PREFILL, generation: GENERATION_SEED };
  assert.deepEqual(resultOf({ id: 's', createdAt: '2026-01-01T00:00:00.000Z', variants: [promoted, twin, fused] }).baselineOrigin, {
    promotedFrom: 'batched-attention',
    changedSlots: { attentionCore: 'batched' },
  });
  assert.deepEqual(resultOf({ id: 's', createdAt: '2026-01-01T00:00:00.000Z', variants: [promoted, fused] }).baselineOrigin, {
    promotedFrom: null,
    changedSlots: { attentionCore: 'batched' },
  });
});

test('a sweep measured against another variant (--baseline) has no baselineOrigin', () => {
  const result = resultOf({ id: 's', createdAt: '2026-01-01T00:00:00.000Z', baseline: 'fused-qkv', variants: [fused, { name: 'baseline', prefill: PREFILL, generation: GENERATION_SEED }] });
  assert.equal(result.baselineOrigin, undefined);
});

test('with runs spread over processes, each metric says how much of its spread lies between them, and a significant share marks it noisy', () => {
  // fused-qkv's prefill shifts by 10% from its first process to its second; the baseline's does not.
  const steady = [0.5, 0.51, 0.49, 0.5, 0.51, 0.49];
  const shifted = [0.5, 0.51, 0.49, 0.55, 0.56, 0.54];
  const result = resultOf({
    id: 's',
    createdAt: '2026-01-01T00:00:00.000Z',
    runs: 6,
    settings: { runs: 6, processes: 2 },
    variants: [{ name: 'baseline', prefill: steady, generation: steady }, { ...fused, prefill: shifted, generation: steady }],
  });
  const base = result.variants.find((v) => v.name === 'baseline')!;
  const candidate = result.variants.find((v) => v.name === 'fused-qkv')!;
  assert.equal(base.prefill.processEffect!.processes, 2);
  assert.equal(base.prefill.processEffect!.betweenSharePct, 0);
  assert.doesNotMatch(base.prefill.noisy ?? '', /processes/);
  assert.ok(candidate.prefill.processEffect!.p < 0.01, JSON.stringify(candidate.prefill.processEffect));
  assert.match(candidate.prefill.noisy!, /(^|; )\d+% of the variance between its 2 processes \(F \d+\.\d, p=0\.\d{3}\)$/);
  assert.equal(candidate.generation.processEffect!.betweenSharePct, 0);
});

test('a sweep in one process per variant has no process effect to report', () => {
  const result = resultOf({ id: 's', createdAt: '2026-01-01T00:00:00.000Z', variants: [{ name: 'baseline', prefill: PREFILL, generation: GENERATION_SEED }, fused] });
  assert.ok(result.variants.every((v) => v.prefill.processEffect === undefined && v.total.processEffect === undefined));
});
