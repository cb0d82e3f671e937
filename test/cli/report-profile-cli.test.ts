import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { isOneLineUserError, runLabInProcess } from '../helpers/cli.ts';
import { fillDb, GENERATION_FASTER, GENERATION_SEED, PREFILL, tempDir } from '../helpers/results-fixture.ts';

const dir = tempDir('lab-report-profile-');
const DB = path.join(dir, 'results.db');
const backend = process.env.LAB_TEST_BACKEND ?? 'wasm';

fillDb(DB, [{
  id: 'sw1',
  createdAt: '2026-01-01T10:00:00.000Z',
  variants: [
    { name: 'baseline', prefill: PREFILL, generation: GENERATION_SEED },
    { name: 'batched-attention', slots: { attentionCore: 'batched' }, prefill: PREFILL, generation: GENERATION_FASTER },
  ],
}]);

test('report --profile says how to add a profile when the baseline has none', async () => {
  const run = await runLabInProcess(['report', '--db', DB, '--profile']);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /no stored profile of baseline: run `lab profile baseline`/);
});

test("report --profile shows the latest stored profile of the sweep's baseline next to the deltas", async () => {
  const profiled = await runLabInProcess(['profile', 'baseline', '--model', 'tiny', '--prompt-len', '3', '--gen-len', '2', '--backend', backend, '--db', DB]);
  assert.equal(profiled.code, 0, profiled.stderr);
  const table = await runLabInProcess(['report', '--db', DB, '--profile']);
  assert.equal(table.code, 0, table.stderr);
  assert.match(table.stdout, /batched-attention/);
  assert.match(table.stdout, /profile 1 of baseline/);
  assert.match(table.stdout, /mlp/);
  const findings = await runLabInProcess(['report', '--db', DB, '--findings', '--profile']);
  assert.match(findings.stdout, /^## Where the baseline's time goes \(profile 1, /m);
});

test('report --profile with a machine format is refused in one line', async () => {
  const run = await runLabInProcess(['report', '--db', DB, '--format', 'json', '--profile']);
  assert.ok(isOneLineUserError(run), run.stderr);
  assert.match(run.stderr, /--profile works with --format table or md/);
});
