import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { UnrecoverableError } from 'bullmq';
import { LabError } from '../../src/errors.ts';
import { checkoutBlock } from '../../src/queue/block-code.ts';
import type { BlockJob } from '../../src/queue/jobs.ts';

process.env.GIT_CONFIG_GLOBAL = '/dev/null';
process.env.GIT_CONFIG_NOSYSTEM = '1';

function g(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

function repo(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  g(dir, 'init', '-q', '-b', 'main');
  g(dir, 'config', 'user.name', 'Lab Test');
  g(dir, 'config', 'user.email', 'lab@example.com');
  return dir;
}

const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'lab-block-code-')));
// The coordinator's repository: one experiment branch.
const source = repo(path.join(base, 'source'));
fs.writeFileSync(path.join(source, 'code.txt'), 'the variant\n');
g(source, 'add', '-A');
g(source, 'commit', '-q', '-m', 'experiment');
g(source, 'branch', 'lab/s1/fast');
const commit = g(source, 'rev-parse', 'HEAD');
const tree = g(source, 'rev-parse', 'HEAD^{tree}');
// The worker's checkout: another repository, without the commit, with node_modules to link.
const worker = repo(path.join(base, 'worker'));
fs.writeFileSync(path.join(worker, 'README'), 'worker\n');
g(worker, 'add', '-A');
g(worker, 'commit', '-q', '-m', 'worker');
fs.mkdirSync(path.join(worker, 'node_modules'));

function job(over: { tree?: string; branch?: string; source?: string }): BlockJob {
  return {
    sweepId: 's1', block: 0, process: 0, gridBlocks: false, stream: 'x', source: over.source ?? source,
    settings: {} as BlockJob['settings'],
    variants: [{ name: 'fast', runsAs: 'fast', commit, tree: over.tree ?? tree, branch: over.branch ?? 'lab/s1/fast' }],
  };
}

test("a worker fetches the block's commit from the sweep's source and runs it from a worktree, removed afterwards", async () => {
  const code = await checkoutBlock(worker, job({}), 'q1-t1', null);
  const wt = code.roots.get('fast')!;
  assert.equal(fs.readFileSync(path.join(wt, 'code.txt'), 'utf8'), 'the variant\n');
  assert.equal(g(wt, 'rev-parse', 'HEAD'), commit);
  await code.cleanup();
  assert.equal(fs.existsSync(wt), false);
});

test('a commit whose tree differs from the recorded one is refused for good (no worker may measure it)', async () => {
  const other = g(source, 'rev-parse', 'HEAD^{tree}').replace(/^./, (c) => (c === '0' ? '1' : '0'));
  await assert.rejects(checkoutBlock(worker, job({ tree: other }), 'q1-t2', null), (e: unknown) => e instanceof UnrecoverableError && /not the .* the sweep recorded: refusing/.test(e.message));
});

test('a commit the worker cannot get is a failure naming it and the source (another worker may reach it)', async () => {
  const fresh = repo(path.join(base, 'fresh'));
  fs.writeFileSync(path.join(fresh, 'x'), 'x');
  g(fresh, 'add', '-A');
  g(fresh, 'commit', '-q', '-m', 'x');
  fs.mkdirSync(path.join(fresh, 'node_modules'));
  await assert.rejects(checkoutBlock(fresh, job({ branch: 'lab/s1/gone' }), 'q1-t3', null), (e: unknown) => e instanceof LabError && e.message.includes(`cannot get commit ${commit.slice(0, 12)} of fast from ${source}`));
  await assert.rejects(checkoutBlock(fresh, job({ source: path.join(base, 'nowhere') }), 'q1-t4', null), (e: unknown) => e instanceof LabError && /cannot get commit/.test(e.message));
});
