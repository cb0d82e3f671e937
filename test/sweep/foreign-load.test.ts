import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { foreignLoad, machineBusyS } from '../../src/sweep/foreign-load.ts';
import { acquireMachineLock, machineLockPath } from '../../src/sweep/machine-lock.ts';
import { LabError } from '../../src/errors.ts';

test("foreign load is the machine's busy time less the lab's own, as busy cores over the sample", () => {
  assert.deepEqual(foreignLoad(100, 101.5, 0.5, 2), { cpuS: 1, cores: 0.5 });
  assert.deepEqual(foreignLoad(100, 100.2, 0.5, 1), { cpuS: 0, cores: 0 }, 'never below 0: the counters tick at different moments');
  assert.equal(foreignLoad(100, 100.01, 0, 0.1)!.cores, 0, 'a tick of /proc/stat is rounding, not load');
  assert.equal(foreignLoad(null, 1, 0, 1), null);
  if (fs.existsSync('/proc/stat')) assert.ok((machineBusyS() ?? -1) > 0);
});

test('a busy process beside the sample shows as foreign load; the lab measuring alone does not', async () => {
  if (!fs.existsSync('/proc/stat')) return;
  const before = machineBusyS();
  const own = process.cpuUsage();
  const start = performance.now();
  // Busy in this process only: all of it is the lab's own.
  while (performance.now() - start < 300) {
    // spin
  }
  const used = process.cpuUsage(own);
  const alone = foreignLoad(before, machineBusyS(), (used.user + used.system) / 1e6, (performance.now() - start) / 1000)!;
  // Not counting the spin as our own, the same window is a whole core of "foreign" load.
  const unowned = foreignLoad(before, machineBusyS(), 0, (performance.now() - start) / 1000)!;
  assert.ok(unowned.cores - alone.cores > 0.6, `alone ${alone.cores}, unowned ${unowned.cores}`);
});

function withLockDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-lock-test-'));
  process.env['LAB_LOCK_DIR'] = dir;
  return dir;
}

test('the machine lock: a second sweep waits, saying for whom, and goes once the first releases', async () => {
  withLockDir();
  const first = await acquireMachineLock({ sweepId: 'one', commandLine: 'lab sweep a' }, { noWait: true, say: () => undefined });
  const said: string[] = [];
  const second = acquireMachineLock({ sweepId: 'two', commandLine: 'lab sweep b' }, { noWait: false, say: (l) => said.push(l), pollMs: 20 });
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(said.length, 1);
  assert.match(said[0]!, /^waiting for sweep one \(pid \d+, started .*: lab sweep a\) to finish measuring on this machine/);
  first.release();
  const lock = await second;
  assert.equal(JSON.parse(fs.readFileSync(machineLockPath(), 'utf8')).sweepId, 'two');
  lock.release();
  assert.equal(fs.existsSync(machineLockPath()), false);
});

test('--no-wait refuses in one line while the lock is held; a dead owner is taken over with a note', async () => {
  withLockDir();
  const held = await acquireMachineLock({ sweepId: 'one', commandLine: 'lab sweep a' }, { noWait: true, say: () => undefined });
  await assert.rejects(acquireMachineLock({ sweepId: 'two', commandLine: 'lab sweep b' }, { noWait: true, say: () => undefined }), (e: unknown) => {
    assert.ok(e instanceof LabError);
    assert.match(e.oneLine(), /^error: another sweep is measuring on this machine: sweep one .*--allow-concurrent/);
    return true;
  });
  held.release();
  // A lock left by a process that no longer exists.
  fs.writeFileSync(machineLockPath(), JSON.stringify({ pid: 2 ** 22 + 12345, host: os.hostname(), sweepId: 'ghost', commandLine: 'lab sweep x', startedAt: new Date().toISOString() }));
  const said: string[] = [];
  const taken = await acquireMachineLock({ sweepId: 'three', commandLine: 'lab sweep c' }, { noWait: true, say: (l) => said.push(l) });
  assert.match(said.join('\n'), /took over the measuring lock of sweep ghost .* whose process is gone/);
  taken.release();
});
