/**
 * `lab report` of a sweep whose samples were written to results.db from two
 * devices (SampleRecord.device), as a user runs it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ResultsDb } from '../../src/db/results-db.ts';
import type { SweepResult } from '../../src/sweep/result.ts';
import { runLabInProcess } from '../helpers/cli.ts';
import { deviceStoredSweep, ENVIRONMENT_DEVICE } from '../helpers/devices-fixture.ts';
import { tempDir } from '../helpers/results-fixture.ts';
import { addStoredSweep } from '../report/grid-fixtures.ts';
import { tableRows } from '../report/helpers.ts';

const dir = tempDir('lab-report-devices-');
const DB = path.join(dir, 'results.db');
{
  // gpu-b is twice as slow; 'fast' is 5% faster on both, 'same' changes nothing.
  const db = ResultsDb.open(DB);
  try {
    addStoredSweep(db, deviceStoredSweep({ id: 'two-gpus', devices: [{ name: null, speed: 1 }, { name: 'gpu-b', speed: 2 }], variants: [{ name: 'fast', ratio: [0.95, 0.95] }, { name: 'same' }] }));
  } finally {
    db.close();
  }
}

test('lab report --format json: per-device deltas read back from the db, and the pooled Δ as the verdict', async () => {
  const run = await runLabInProcess(['report', 'two-gpus', '--db', DB, '--format', 'json'], { cwd: dir });
  assert.equal(run.code, 0, run.stderr);
  const result = JSON.parse(run.stdout) as SweepResult;
  const fast = result.variants.find((v) => v.name === 'fast')!;
  const same = result.variants.find((v) => v.name === 'same')!;
  const devices = fast.devices!.filter((d) => d.metric === 'total');
  assert.deepEqual(devices.map((d) => [d.device, d.n, d.baselineN]), [[ENVIRONMENT_DEVICE, 12, 12], ['gpu-b', 12, 12]], 'a null device is the environment\'s');
  for (const d of devices) assert.ok(d.ciLow < -5 && d.ciHigh > -5, `${d.device} [${d.ciLow}, ${d.ciHigh}]`);
  const pooled = fast.pooled!.find((p) => p.metric === 'total')!;
  assert.equal(pooled.k, 2);
  assert.equal(pooled.method, 'dl-hksj');
  assert.ok(pooled.ciLow < -5 && pooled.ciHigh > -5, `pooled [${pooled.ciLow}, ${pooled.ciHigh}]`);
  assert.equal(fast.verdict, 'faster');
  const samePooled = same.pooled!.find((p) => p.metric === 'total')!;
  assert.ok(Math.abs(samePooled.pct) < 1, `a 2× slower device does not make 'same' look slower: ${samePooled.pct}%`);
  assert.equal(same.verdict, 'no significant change');
  assert.ok(result.notes.some((n) => n.startsWith('the samples span 2 devices')));
});

test('lab report (table): the per-device section fits 120 columns', async () => {
  const run = await runLabInProcess(['report', 'two-gpus', '--db', DB], { cwd: dir });
  assert.equal(run.code, 0, run.stderr);
  for (const line of run.stdout.split('\n')) assert.ok([...line].length <= 120, line);
  const section = run.stdout.slice(run.stdout.indexOf('per device'));
  const rows = tableRows(section);
  assert.deepEqual(rows.map((r) => r[1]), ['Device', ENVIRONMENT_DEVICE, 'gpu-b', 'pooled (k=2)', ENVIRONMENT_DEVICE, 'gpu-b', 'pooled (k=2)']);
});
