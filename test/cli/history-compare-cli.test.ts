/** `lab history` and `lab compare` as a user runs them, against a database filled with known samples. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { SweepComparison } from '../../src/report/compare.ts';
import type { MetricHistory } from '../../src/report/history.ts';
import { isOneLineUserError, runLabInProcess, type LabRun } from '../helpers/cli.ts';
import { fillDb, GENERATION_FASTER, GENERATION_SAME, GENERATION_SEED, PREFILL, tempDir } from '../helpers/results-fixture.ts';
import { tableRows } from '../report/helpers.ts';

const dir = tempDir('lab-history-cli-');
const DB = path.join(dir, 'results.db');
fillDb(DB, [
  {
    id: 'before',
    createdAt: '2026-01-01T10:00:00.000Z',
    variants: [
      { name: 'baseline', prefill: PREFILL, generation: GENERATION_SEED },
      { name: 'batched-attention', slots: { attentionCore: 'batched' }, prefill: PREFILL, generation: GENERATION_FASTER },
      { name: 'fused-qkv', slots: { qkvProjection: 'fused' }, prefill: PREFILL, generation: GENERATION_SAME },
    ],
  },
  {
    id: 'after',
    createdAt: '2026-01-02T10:00:00.000Z',
    variants: [
      { name: 'baseline', slots: { attentionCore: 'batched' }, description: 'promoted from batched-attention: all heads', prefill: PREFILL, generation: GENERATION_FASTER },
      { name: 'fused-qkv', slots: { attentionCore: 'batched', qkvProjection: 'fused' }, prefill: PREFILL, generation: GENERATION_FASTER },
    ],
  },
  { id: 'other', createdAt: '2026-01-03T10:00:00.000Z', baseline: 'x', variants: [{ name: 'x', prefill: PREFILL, generation: GENERATION_SEED }] },
]);

const lab = (...args: string[]): Promise<LabRun> => runLabInProcess(args, { cwd: dir });

function assertUserError(run: LabRun, pattern: RegExp): void {
  assert.ok(isOneLineUserError(run), `expected one error line and exit 2, got ${run.code}: ${run.stderr}`);
  assert.match(run.stderr, pattern);
}

test('history of a variant lists its sweeps oldest first with the baseline each one used', async () => {
  const run = await lab('history', 'fused-qkv', '--db', DB);
  assert.equal(run.code, 0, run.stderr);
  const rows = tableRows(run.stdout);
  assert.deepEqual(rows.map((r) => r.slice(0, 5)), [
    ['Sweep', 'Date (UTC)', 'Baseline', 'n', 'total (s)'],
    ['before', '2026-01-01 10:00', 'baseline', '5', '1.001 ± 0.009'],
    ['after', '2026-01-02 10:00', 'baseline (= batched-attention: attentionCore=batched)', '5', '0.900 ± 0.009'],
  ]);
  assert.deepEqual(rows.slice(1).map((r) => [r[5], r[8]]), [['+0.10', 'no significant change'], ['0.00', 'no significant change']]);

  const json = JSON.parse((await lab('history', 'batched-attention', '--metric', 'generation', '--db', DB, '--json')).stdout) as MetricHistory;
  assert.equal(json.metric, 'generation');
  assert.deepEqual(json.rows.map((r) => [r.sweepId, r.verdict]), [['before', 'faster']]);
  assert.ok(Math.abs(json.rows[0]!.deltaPct! - -14.285714) < 1e-4);
});

test('history without a variant lists every variant of every sweep', async () => {
  const run = await lab('history', '--db', DB, '--json');
  assert.equal(run.code, 0, run.stderr);
  const json = JSON.parse(run.stdout) as MetricHistory;
  assert.deepEqual(json.rows.map((r) => `${r.sweepId}/${r.variant}`), ['before/baseline', 'before/batched-attention', 'before/fused-qkv', 'after/baseline', 'after/fused-qkv', 'other/x']);
});

test('history of a variant never measured, or with a bad metric: one line, exit 2', async () => {
  assertUserError(await lab('history', 'no-outer-map', '--db', DB), /^error: variant no-outer-map was never measured in .*results\.db \(measured variants: baseline, batched-attention, fused-qkv, x\)/);
  assertUserError(await lab('history', '--metric', 'latency', '--db', DB), /^error: --metric "latency" is not one of prefill, generation, total/);
  assertUserError(await lab('history', '--db', path.join(dir, 'missing.db')), /no results database/);
});

test("compare shows the shared variants, B against A, and the variants only one sweep has", async () => {
  const run = await lab('compare', 'before', 'after', '--db', DB);
  assert.equal(run.code, 0, run.stderr);
  const rows = tableRows(run.stdout);
  assert.deepEqual(rows.map((r) => r.slice(0, 4)), [
    ['Variant', 'A total (s)', 'B total (s)', 'Δ total %'],
    ['baseline †', '1.000 ± 0.009', '0.900 ± 0.009', '-10.02'],
    ['fused-qkv †', '1.001 ± 0.009', '0.900 ± 0.009', '-10.11'],
  ]);
  assert.deepEqual(rows.slice(1).map((r) => r[6]), ['faster', 'faster']);
  assert.match(run.stdout, /^only in A \(before\): batched-attention$/m);

  const json = JSON.parse((await lab('compare', 'before', 'after', '--db', DB, '--format', 'json', '--metric', 'prefill')).stdout) as SweepComparison;
  assert.equal(json.metric, 'prefill');
  assert.deepEqual(json.variants.map((v) => [v.variant, v.delta?.verdict]), [['baseline', 'no significant change'], ['fused-qkv', 'no significant change']]);
  assert.deepEqual(json.onlyInA, ['batched-attention']);
  assert.deepEqual(json.onlyInB, []);
});

test('compare with an unknown sweep, no shared variant, or an unknown format: one line, exit 2', async () => {
  assertUserError(await lab('compare', 'before', 'nope', '--db', DB), /^error: no sweep nope in /);
  assertUserError(await lab('compare', 'before', 'other', '--db', DB), /^error: sweeps before and other share no variant/);
  assertUserError(await lab('compare', 'before', 'after', '--db', DB, '--format', 'csv'), /^error: --format "csv" is not one of table, json/);
});
