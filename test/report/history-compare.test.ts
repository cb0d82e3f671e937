import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ResultsDb } from '../../src/db/results-db.ts';
import { LabError } from '../../src/errors.ts';
import { compareSweeps, renderComparison } from '../../src/report/compare.ts';
import { metricHistory, renderMetricHistory } from '../../src/report/history.ts';
import { compare, compareShift } from '../../src/stats.ts';
import { tableRows } from './helpers.ts';
import { fillDb, GENERATION_FASTER, GENERATION_SAME, GENERATION_SEED, PREFILL, tempDir, type FixtureSweep } from '../helpers/results-fixture.ts';

const total = (gen: number[]) => PREFILL.map((p, i) => Number((p + gen[i]!).toFixed(9)));

/** s1: the seed's baseline, batched-attention 10% faster, fused-qkv within noise; s2: batched-attention promoted, fused-qkv on top of it, no-outer-map new. */
const SWEEPS: FixtureSweep[] = [
  {
    id: 's1',
    createdAt: '2026-01-01T10:00:00.000Z',
    variants: [
      { name: 'baseline', prefill: PREFILL, generation: GENERATION_SEED },
      { name: 'batched-attention', slots: { attentionCore: 'batched' }, prefill: PREFILL, generation: GENERATION_FASTER },
      { name: 'fused-qkv', slots: { qkvProjection: 'fused' }, prefill: PREFILL, generation: GENERATION_SAME },
    ],
  },
  {
    id: 's2',
    createdAt: '2026-01-02T10:00:00.000Z',
    variants: [
      { name: 'baseline', slots: { attentionCore: 'batched' }, description: 'promoted from batched-attention: all heads', prefill: PREFILL, generation: GENERATION_FASTER },
      { name: 'fused-qkv', slots: { attentionCore: 'batched', qkvProjection: 'fused' }, prefill: PREFILL, generation: GENERATION_FASTER },
      { name: 'no-outer-map', slots: { attentionCore: 'batched', groupMapping: 'all-groups' }, prefill: PREFILL.slice(0, 1), generation: GENERATION_FASTER.slice(0, 1) },
    ],
  },
];

function withDb<T>(sweeps: FixtureSweep[], fn: (db: ResultsDb) => T): T {
  const file = path.join(tempDir(), 'results.db');
  fillDb(file, sweeps);
  const db = ResultsDb.open(file, { readonly: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

test("history of one variant: every sweep that measured it, oldest first, against that sweep's own baseline", () => {
  const h = withDb(SWEEPS, (db) => metricHistory(db, { variant: 'fused-qkv', metric: 'total' }));
  assert.equal(h.variant, 'fused-qkv');
  assert.deepEqual(h.rows.map((r) => r.sweepId), ['s1', 's2']);
  assert.deepEqual(h.rows.map((r) => r.baseline), [
    { name: 'baseline', promotedFrom: null, changedSlots: {} },
    { name: 'baseline', promotedFrom: 'batched-attention', changedSlots: { attentionCore: 'batched' } },
  ]);
  const first = h.rows[0]!;
  const d = compare(total(GENERATION_SEED), total(GENERATION_SAME));
  assert.equal(first.n, 5);
  assert.ok(Math.abs(first.mean! - 1.001) < 1e-12);
  assert.equal(first.deltaPct, d.pct);
  assert.equal(first.ciLow, d.ciLow);
  assert.equal(first.p, d.p);
  assert.equal(first.verdict, 'no significant change');

  const rows = tableRows(renderMetricHistory(h));
  assert.deepEqual(rows[0], ['Sweep', 'Date (UTC)', 'Baseline', 'n', 'total (s)', 'Δ total %', '95% CI Δ %', 'p', 'Verdict']);
  assert.deepEqual(rows[1]!.slice(0, 6), ['s1', '2026-01-01 10:00', 'baseline', '5', '1.001 ± 0.009', '+0.10']);
  assert.deepEqual(rows[2]!.slice(0, 6), ['s2', '2026-01-02 10:00', 'baseline (= batched-attention: attentionCore=batched)', '5', '0.900 ± 0.009', '0.00']);
  assert.equal(rows[2]![8], 'no significant change');
});

test('history of the generation metric uses generation samples; without a variant it lists every variant of every sweep', () => {
  const h = withDb(SWEEPS, (db) => metricHistory(db, { metric: 'generation' }));
  assert.equal(h.variant, null);
  assert.deepEqual(h.rows.map((r) => `${r.sweepId}/${r.variant}`), ['s1/baseline', 's1/batched-attention', 's1/fused-qkv', 's2/baseline', 's2/fused-qkv', 's2/no-outer-map']);
  const batched = h.rows[1]!;
  assert.equal(batched.deltaPct, compare(GENERATION_SEED, GENERATION_FASTER).pct);
  assert.equal(batched.verdict, 'faster');
  const base = h.rows[0]!;
  assert.equal(base.isBaseline, true);
  assert.equal(base.deltaPct, null);
  const single = h.rows[5]!;
  assert.equal(single.n, 1);
  assert.equal(single.std, null);
  assert.equal(single.deltaPct, null, 'one sample: no delta');
  const rows = tableRows(renderMetricHistory(h));
  assert.equal(rows[0]![3], 'Variant');
  assert.equal(rows[1]![9], 'baseline');
  assert.equal(rows[6]![9], 'no delta');
});

test('history refuses a variant never measured, and an empty database', () => {
  withDb(SWEEPS, (db) => {
    assert.throws(
      () => metricHistory(db, { variant: 'nope', metric: 'total' }),
      (e: unknown) => e instanceof LabError && /variant nope was never measured/.test(e.message) && /baseline, batched-attention, fused-qkv, no-outer-map/.test(e.hint),
    );
  });
  withDb([], (db) => assert.throws(() => metricHistory(db, { metric: 'total' }), /no sweeps in/));
});

test("compare: shared variants with B's samples against A's, unpaired, as compareShift computes them (robust by default, Welch with --stat mean)", () => {
  const c = withDb(SWEEPS, (db) => compareSweeps(db, 's1', 's2', 'total'));
  assert.deepEqual(c.variants.map((v) => v.variant), ['baseline', 'fused-qkv']);
  assert.deepEqual(c.onlyInA, ['batched-attention']);
  assert.deepEqual(c.onlyInB, ['no-outer-map']);
  const base = c.variants[0]!;
  const unpaired = (a: number[], b: number[]) => ({ baseline: a, candidate: b, pairs: null, processes: null });
  assert.deepEqual(base.delta, compareShift(unpaired(total(GENERATION_SEED), total(GENERATION_FASTER)), { noiseThresholdPct: 1 }));
  assert.equal(base.delta?.method, 'hodges-lehmann');
  assert.equal(base.delta?.verdict, 'faster');
  const welch = withDb(SWEEPS, (db) => compareSweeps(db, 's1', 's2', 'total', 'mean'));
  assert.deepEqual(welch.variants[0]!.delta, { ...compare(total(GENERATION_SEED), total(GENERATION_FASTER), { noiseThresholdPct: 1 }), method: 'welch', meanPct: welch.variants[0]!.delta!.pct, resolved: welch.variants[0]!.delta!.resolved, alpha: 0.05 });
  assert.deepEqual(base.slotsChanged, { attentionCore: { a: 'per-head', b: 'batched' } });
  assert.equal(base.a.n, 5);
  assert.ok(Math.abs(base.a.mean! - 1) < 1e-12 && Math.abs(base.b.mean! - 0.9) < 1e-12);
  assert.deepEqual(c.a.baseline, { name: 'baseline', promotedFrom: null, changedSlots: {} });
  assert.deepEqual(c.b.baseline, { name: 'baseline', promotedFrom: 'batched-attention', changedSlots: { attentionCore: 'batched' } });
  assert.deepEqual(c.warnings, []);

  const text = renderComparison(c);
  assert.match(text, /^A = sweep s1 \(2026-01-01T10:00:00.000Z\), baseline: baseline$/m);
  assert.match(text, /^B = sweep s2 \(2026-01-02T10:00:00.000Z\), baseline: baseline \(= batched-attention: attentionCore=batched\)$/m);
  const rows = tableRows(text);
  assert.deepEqual(rows[0], ['Variant', 'A total (s)', 'B total (s)', 'Δ total %', '95% CI Δ %', 'p', 'Verdict']);
  assert.deepEqual(rows[1]!.slice(0, 4), ['baseline †', '1.000 ± 0.009', '0.900 ± 0.009', '-10.02']);
  assert.equal(rows[1]![6], 'faster');
  assert.match(text, /^† baseline ran with other slot choices in B: attentionCore per-head → batched$/m);
  assert.match(text, /^only in A \(s1\): batched-attention$/m);
  assert.match(text, /^only in B \(s2\): no-outer-map$/m);
});

test('compare warns when the sweeps ran different settings, and says when a side has too few samples', () => {
  const sweeps: FixtureSweep[] = [
    { id: 'a', createdAt: '2026-01-01T00:00:00.000Z', variants: [{ name: 'baseline', prefill: PREFILL, generation: GENERATION_SEED }] },
    { id: 'b', createdAt: '2026-01-02T00:00:00.000Z', settings: { genLen: 16 }, variants: [{ name: 'baseline', prefill: PREFILL.slice(0, 1), generation: GENERATION_SEED.slice(0, 1) }] },
  ];
  const c = withDb(sweeps, (db) => compareSweeps(db, 'a', 'b', 'prefill'));
  assert.equal(c.variants[0]!.delta, null);
  assert.deepEqual(c.warnings, ['the sweeps differ in generation length (8 vs 16): part of any Δ may come from that']);
  const text = renderComparison(c);
  assert.equal(tableRows(text)[1]![6], 'too few samples');
  assert.match(text, /^! baseline: no Δ \(needs at least 2 samples in each sweep; A has 5, B has 1\)$/m);
});

test('compare refuses unknown sweeps, the same sweep twice, and sweeps sharing no variant', () => {
  const other: FixtureSweep = { id: 's3', createdAt: '2026-01-03T00:00:00.000Z', baseline: 'x', variants: [{ name: 'x', prefill: PREFILL, generation: GENERATION_SEED }] };
  withDb([...SWEEPS, other], (db) => {
    assert.throws(() => compareSweeps(db, 's1', 'nope', 'total'), (e: unknown) => e instanceof LabError && /no sweep nope in/.test(e.message));
    assert.throws(() => compareSweeps(db, 's1', 's1', 'total'), (e: unknown) => e instanceof LabError && /both sweeps are s1/.test(e.message));
    assert.throws(() => compareSweeps(db, 's1', 's3', 'total'), (e: unknown) => e instanceof LabError && /share no variant/.test(e.message));
  });
});
