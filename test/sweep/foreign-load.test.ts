import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { foreignLoad, labCpuS, machineBusyS, ownCpuS, processesCpuS } from '../../src/sweep/foreign-load.ts';
import { acquireMachineLock, machineLockPath } from '../../src/sweep/machine-lock.ts';
import { LabError } from '../../src/errors.ts';

test("foreign load is the machine's busy time less the lab's own, as busy cores over the sample", () => {
  assert.deepEqual(foreignLoad(100, 101.5, 0.5, 2), { cpuS: 1, cores: 0.5 });
  assert.deepEqual(foreignLoad(100, 100.2, 0.5, 1), { cpuS: 0, cores: 0 }, 'never below 0: the counters tick at different moments');
  assert.equal(foreignLoad(100, 100.01, 0, 0.1)!.cores, 0, 'a tick of /proc/stat is rounding, not load');
  assert.equal(foreignLoad(null, 1, 0, 1), null);
  if (fs.existsSync('/proc/stat')) assert.ok((machineBusyS() ?? -1) > 0);
});

test("the lab's own CPU counts every worker: a child's CPU seconds are read from /proc, by CPU time, not wall-clock luck", async () => {
  if (!fs.existsSync('/proc/self/stat')) return;
  // A child that spins until it has used 0.3 s of CPU (however long a loaded machine makes that take), says so, and waits.
  const child = spawn(process.execPath, ['-e', "const t0 = process.cpuUsage(); while (true) { const u = process.cpuUsage(t0); if (u.user + u.system >= 300000) break; } console.log('spun'); process.stdin.resume();"], { stdio: ['pipe', 'pipe', 'ignore'] });
  try {
    await once(child.stdout!, 'data');
    const childS = processesCpuS([child.pid!]);
    assert.ok(childS >= 0.28 && childS < 5, `child CPU ${childS} s`);
    assert.ok(labCpuS([child.pid!]) >= ownCpuS() + 0.28);
    assert.equal(processesCpuS([2 ** 22 + 12345]), 0, 'a process that is gone counts 0');
  } finally {
    child.kill();
  }
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
