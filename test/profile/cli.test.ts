import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { ResultsDb } from '../../src/db/results-db.ts';
import type { ProfileResult } from '../../src/profile/types.ts';
import { isOneLineUserError, runLabInProcess } from '../helpers/cli.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-profile-cli-'));
const backend = process.env.LAB_TEST_BACKEND ?? 'wasm';

test('profile of an unknown variant: one line, exit 2', async () => {
  const run = await runLabInProcess(['profile', 'no-such-variant', '--backend', backend, '--db', path.join(tmp, 'a.db')], { cwd: tmp });
  assert.ok(isOneLineUserError(run), run.stderr);
  assert.match(run.stderr, /unknown variant "no-such-variant"/);
  assert.equal(run.stdout, '');
  assert.equal(fs.existsSync(path.join(tmp, 'a.db')), false);
});

test('profile with an unknown --format: one line, exit 2', async () => {
  const run = await runLabInProcess(['profile', '--format', 'xml', '--backend', backend, '--db', path.join(tmp, 'b.db')], { cwd: tmp });
  assert.ok(isOneLineUserError(run), run.stderr);
  assert.match(run.stderr, /unknown --format "xml" \(use one of: table, json, md\)/);
  assert.equal(fs.existsSync(path.join(tmp, 'b.db')), false);
});

test('profile with a bad --gen-len: one line, exit 2', async () => {
  const run = await runLabInProcess(['profile', '--gen-len', '0', '--backend', backend, '--no-store'], { cwd: tmp });
  assert.ok(isOneLineUserError(run), run.stderr);
  assert.match(run.stderr, /--gen-len must be a positive integer/);
});

test('profile --format json prints the result and stores it; --no-store stores nothing', async () => {
  const db = path.join(tmp, 'results.db');
  const args = ['profile', 'fused-qkv', '--model', 'tiny', '--backend', backend, '--prompt-len', '3', '--gen-len', '2', '--format', 'json'];
  const run = await runLabInProcess([...args, '--db', db], { cwd: tmp });
  assert.equal(run.code, 0, run.stderr);
  const printed = JSON.parse(run.stdout) as ProfileResult;
  assert.equal(printed.variant, 'fused-qkv');
  assert.equal(printed.slots.qkvProjection, 'fused');
  assert.match(run.stderr, /stored as profile 1 in /);
  const stored = ResultsDb.open(db, { readonly: true });
  try {
    assert.deepEqual(stored.latestProfile('fused-qkv')!.result, printed);
    assert.match(stored.latestProfile()!.environment.commandLine, /^lab profile fused-qkv /);
  } finally {
    stored.close();
  }
  const other = path.join(tmp, 'unused.db');
  const unstored = await runLabInProcess([...args, '--db', other, '--no-store'], { cwd: tmp });
  assert.equal(unstored.code, 0, unstored.stderr);
  assert.equal(fs.existsSync(other), false);
});
