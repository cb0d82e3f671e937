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

/** Generation samples whose Welch p against BASE_GENERATION is known: a shift keeps the spread (s = 0.0158, se 0.01 at n = 5). */
const BASE_GENERATION = [1.0, 1.02, 0.98, 1.01, 0.99];
const shifted = (by: number) => BASE_GENERATION.map((x) => Number((x + by).toFixed(9)));
const FLAT_PREFILL = [0.1, 0.1, 0.1, 0.1, 0.1];
/** Three comparisons: a clear win (t = 10), a borderline one (t = 2.5, p ≈ 0.037), and none (the same values reordered: p = 1). */
const THREE_COMPARISONS = [
  { name: 'baseline', prefill: FLAT_PREFILL, generation: BASE_GENERATION },
  { name: 'clear-win', prefill: FLAT_PREFILL, generation: shifted(-0.1) },
  { name: 'borderline', prefill: FLAT_PREFILL, generation: shifted(-0.025) },
  { name: 'no-change', prefill: FLAT_PREFILL, generation: [0.99, 1.01, 1.0, 0.98, 1.02] },
];

function judged(sweep: FixtureSweep, options: Parameters<typeof buildSweepResult>[1] = {}) {
  const file = path.join(tempDir(), 'results.db');
  fillDb(file, [sweep]);
  const db = ResultsDb.open(file, { readonly: true });
  try {
    const result = buildSweepResult(db.getSweep(sweep.id), options);
    return { result, variant: (name: string) => result.variants.find((v) => v.name === name)! };
  } finally {
    db.close();
  }
}

test('without a correction each variant is judged on its own p: a borderline win (p ≈ 0.037) among three comparisons is "faster"', () => {
  const { result, variant } = judged({ id: 's', createdAt: '2026-01-01T00:00:00.000Z', variants: THREE_COMPARISONS });
  const d = variant('borderline').delta!.total;
  assert.ok(d.p > 0.03 && d.p < 0.045, `p ${d.p}`);
  assert.equal(d.verdict, 'faster');
  assert.equal('pAdjusted' in d, false);
  assert.ok(result.notes.every((n) => !/Holm/.test(n)));
});

test("with --correction holm the sweep's p-values are Holm-adjusted per metric: the borderline win no longer counts, the clear one does, and the runs to resolve are planned at alpha / 3", () => {
  const { result, variant } = judged({ id: 's', createdAt: '2026-01-01T00:00:00.000Z', settings: { correction: 'holm' }, variants: THREE_COMPARISONS });
  for (const metric of ['generation', 'total'] as const) {
    const win = variant('clear-win').delta![metric];
    const borderline = variant('borderline').delta![metric];
    const none = variant('no-change').delta![metric];
    assert.ok(Math.abs(win.pAdjusted! - 3 * win.p) < 1e-12, `${metric}: the smallest p is multiplied by 3`);
    assert.ok(Math.abs(borderline.pAdjusted! - 2 * borderline.p) < 1e-12, `${metric}: the second by 2`);
    assert.equal(none.pAdjusted, 1);
    assert.equal(win.verdict, 'faster');
    assert.equal(borderline.verdict, 'no significant change');
    assert.ok(borderline.runsToResolve! > 5, `${metric}: runs to resolve ${borderline.runsToResolve}`);
    assert.equal(win.runsToResolve, null);
  }
  assert.equal(variant('borderline').verdict, 'no significant change');
  assert.equal(variant('baseline').delta, undefined);
  assert.ok(result.notes.some((n) => /Holm-adjusted over the 3 comparisons with the baseline, per metric/.test(n)), result.notes.join('\n'));
});

test('a report can judge a stored sweep with another correction than it was run with, and says which it used', () => {
  const plain = { id: 's', createdAt: '2026-01-01T00:00:00.000Z', variants: THREE_COMPARISONS };
  const asHolm = judged(plain, { correction: 'holm' });
  assert.equal(asHolm.result.sweep.settings.correction, 'holm');
  assert.equal(asHolm.variant('borderline').verdict, 'no significant change');
  const asNone = judged({ ...plain, settings: { correction: 'holm' } }, { correction: 'none' });
  assert.equal(asNone.result.sweep.settings.correction, 'none');
  assert.equal(asNone.variant('borderline').verdict, 'faster');
  assert.equal(asNone.variant('borderline').delta!.total.pAdjusted, undefined);
});
