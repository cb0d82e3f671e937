/** `lab baseline` as a user runs it, in a git repository holding a copy of the lab. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { SEED_BASELINE_SLOTS } from '../../src/baseline/origin.ts';
import type { BaselineReport } from '../../src/baseline/promote.ts';
import { isOneLineUserError, runLab, type LabRun } from '../helpers/cli.ts';
import { copyProject } from '../helpers/project-copy.ts';
import { fillDb, GENERATION_FASTER, GENERATION_SEED, PREFILL, tempDir } from '../helpers/results-fixture.ts';

function git(cwd: string, ...args: string[]): string {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^GIT_/.test(k)));
  return execFileSync('git', args, { cwd, encoding: 'utf8', env }).trim();
}

const root = copyProject();
fs.rmSync(path.join(root, 'variants', 'baseline.json'), { force: true });
git(root, 'init', '-q', '-b', 'main');
git(root, 'config', 'user.name', 'Lab Test');
git(root, 'config', 'user.email', 'lab@example.com');
git(root, 'config', 'commit.gpgsign', 'false');
git(root, 'add', '-A');
git(root, 'commit', '-q', '-m', 'the lab');

const DB = path.join(tempDir(), 'results.db');
fillDb(DB, [{
  id: 'sw1',
  createdAt: '2026-01-01T10:00:00.000Z',
  variants: [
    { name: 'baseline', prefill: PREFILL, generation: GENERATION_SEED },
    { name: 'batched-attention', slots: { attentionCore: 'batched' }, prefill: PREFILL, generation: GENERATION_FASTER },
  ],
}]);

const lab = (...args: string[]): LabRun => runLab(args, { root, cwd: root });
const file = path.join(root, 'variants', 'baseline.json');

test('promote commits variants/baseline.json, and every variant then runs on top of it; reset undoes it', () => {
  const promote = lab('baseline', 'promote', 'batched-attention', '--db', DB);
  assert.equal(promote.code, 0, promote.stderr);
  assert.match(promote.stdout, /^promoted batched-attention: the baseline now runs attentionCore=batched \(seed: per-head\)$/m);
  assert.match(promote.stdout, /^wrote variants\/baseline.json and committed it alone on main \([0-9a-f]{12}\)$/m);
  assert.match(promote.stdout, /\(source: sweep sw1\)/);
  assert.equal(git(root, 'log', '-1', '--format=%s'), 'lab baseline promote batched-attention');
  assert.equal(git(root, 'status', '--porcelain'), '');
  assert.deepEqual(JSON.parse(fs.readFileSync(file, 'utf8')).slots, { ...SEED_BASELINE_SLOTS, attentionCore: 'batched' });

  const list = JSON.parse(lab('variant', 'list', '--json').stdout) as { name: string; description: string; slots: Record<string, string> }[];
  const baseline = list.find((v) => v.name === 'baseline')!;
  assert.deepEqual(baseline.slots, { attentionCore: 'batched' });
  assert.match(baseline.description, /^promoted from batched-attention: /);

  const shown = JSON.parse(lab('baseline', 'show', '--db', DB, '--json').stdout) as BaselineReport;
  assert.equal(shown.promoted, 'batched-attention');
  assert.equal(shown.sourceSweepId, 'sw1');
  assert.equal(shown.history!.length, 1);

  const reset = lab('baseline', 'reset', '--db', DB);
  assert.equal(reset.code, 0, reset.stderr);
  assert.match(reset.stdout, /^the baseline is the seed's again$/m);
  assert.deepEqual(JSON.parse(fs.readFileSync(file, 'utf8')), { promoted: null });
  assert.equal(git(root, 'log', '-1', '--format=%s'), 'lab baseline reset');
  const text = lab('baseline', 'show', '--db', DB);
  assert.match(text.stdout, /^baseline: the seed's/m);
  assert.match(text.stdout, /promoted batched-attention: attentionCore=batched \(from sweep sw1\)\n.*reset to the seed's baseline/);
});

test('promote refuses an unknown variant, the baseline, and a merge in progress: one line, exit 2, nothing written', () => {
  const head = git(root, 'rev-parse', 'HEAD');
  const before = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null;
  const refused = (run: LabRun, pattern: RegExp) => {
    assert.ok(isOneLineUserError(run), `expected one error line and exit 2, got ${run.code}: ${run.stderr}`);
    assert.match(run.stderr, pattern);
    assert.equal(git(root, 'rev-parse', 'HEAD'), head);
    assert.equal(fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null, before);
  };
  refused(lab('baseline', 'promote', 'no-such-variant', '--db', DB), /^error: unknown variant "no-such-variant"/);
  refused(lab('baseline', 'promote', 'baseline', '--db', DB), /^error: cannot promote baseline: it is the baseline itself/);
  fs.writeFileSync(path.join(root, '.git', 'MERGE_HEAD'), `${head}\n`);
  try {
    refused(lab('baseline', 'promote', 'batched-attention', '--db', DB), /^error: a merge is in progress/);
  } finally {
    fs.rmSync(path.join(root, '.git', 'MERGE_HEAD'));
  }
});

test('with a broken variants/baseline.json commands refuse in one line, and baseline reset repairs it', () => {
  fs.writeFileSync(file, '{"promoted": "gone-variant"}\n');
  try {
    const show = lab('baseline', 'show', '--db', DB);
    assert.equal(show.code, 0, show.stderr);
    assert.match(show.stdout, /^problem: {2}variants\/baseline.json promotes "gone-variant", which is not a registered variant .*\(register it again, or run lab baseline reset\)$/m);
    for (const run of [lab('variant', 'list'), lab('baseline', 'promote', 'fused-qkv', '--db', DB)]) {
      assert.ok(isOneLineUserError(run), `expected one error line and exit 2, got ${run.code}: ${run.stderr}`);
      assert.match(run.stderr, /promotes "gone-variant"|not a registered variant|is not a valid baseline file/);
    }
    const head = git(root, 'rev-parse', 'HEAD');
    const reset = lab('baseline', 'reset', '--db', DB);
    assert.equal(reset.code, 0, reset.stderr);
    assert.match(reset.stdout, /^wrote variants\/baseline.json, which already matches main \([0-9a-f]{12}\): nothing to commit$/m);
    assert.equal(git(root, 'rev-parse', 'HEAD'), head);
    assert.equal(git(root, 'status', '--porcelain'), '');
    assert.deepEqual(JSON.parse(fs.readFileSync(file, 'utf8')), { promoted: null });
    assert.equal(lab('variant', 'list').code, 0);
  } finally {
    git(root, 'checkout', '-q', '--', 'variants/baseline.json');
  }
});
