/**
 * The lab's lock file, <git-common-dir>/lab/lock.json: per process, the sweep it runs and the worktrees it made,
 * updated under a short-lived mutex; whether an entry's process is still alive; the sweep lock itself.
 * Worktrees and crash recovery build on it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LabError } from '../errors.ts';
import { requireRepo } from './repo.ts';
import type { LockEntry, LockFile } from './types.ts';

// ---------------------------------------------------------------------------------------------------------------
// The lock file
// ---------------------------------------------------------------------------------------------------------------

export function labDir(commonDir: string): string {
  return path.join(commonDir, 'lab');
}
export function worktreesDir(commonDir: string): string {
  return path.join(labDir(commonDir), 'worktrees');
}
export function lockPath(commonDir: string): string {
  return path.join(labDir(commonDir), 'lock.json');
}

export function checkSweepId(sweepId: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(sweepId) || sweepId.includes('..') || sweepId.endsWith('.lock') || sweepId.endsWith('.')) {
    throw new LabError(`invalid sweep id: ${JSON.stringify(sweepId)}`, 'use letters, digits, ".", "_" and "-"');
  }
}

export function readLock(commonDir: string): LockFile {
  const file = lockPath(commonDir);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, entries: [] };
    throw e;
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockFile>;
    const entries = Array.isArray(parsed.entries) ? parsed.entries : [];
    return {
      version: 1,
      entries: entries
        .filter((e): e is LockEntry => typeof e === 'object' && e !== null && Number.isInteger(e.pid))
        .map((e) => ({
          pid: e.pid,
          procStart: typeof e.procStart === 'string' ? e.procStart : null,
          host: typeof e.host === 'string' ? e.host : os.hostname(),
          sweepId: typeof e.sweepId === 'string' ? e.sweepId : null,
          worktrees: Array.isArray(e.worktrees) ? e.worktrees.filter((w): w is string => typeof w === 'string') : [],
          since: typeof e.since === 'string' ? e.since : '',
        })),
    };
  } catch {
    throw new LabError(`the lab lock file ${file} is not valid JSON`, 'make sure no lab command is running, then delete it');
  }
}

function writeLock(commonDir: string, lock: LockFile): void {
  const file = lockPath(commonDir);
  const entries = lock.entries.filter((e) => e.sweepId !== null || e.worktrees.length > 0);
  if (entries.length === 0) {
    fs.rmSync(file, { force: true });
    return;
  }
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify({ version: 1, entries }, null, 2)}\n`);
  fs.renameSync(tmp, file);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `fn` on the lock file's contents under a short-lived mutex (`lock.json.mutex`, created exclusively), then saves it. */
export async function updateLock<T>(commonDir: string, fn: (lock: LockFile) => T): Promise<T> {
  fs.mkdirSync(labDir(commonDir), { recursive: true });
  const mutex = `${lockPath(commonDir)}.mutex`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      fs.writeFileSync(mutex, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      // A holder only ever keeps the mutex for a few milliseconds: one that is dead, or older than 5 s, crashed.
      let stale = false;
      try {
        const holder = Number.parseInt(fs.readFileSync(mutex, 'utf8'), 10);
        stale = (Number.isInteger(holder) && !isAlive({ pid: holder, procStart: null, host: os.hostname() })) || Date.now() - fs.statSync(mutex).mtimeMs > 5_000;
      } catch {
        continue; // vanished between our attempts: retry at once
      }
      if (stale) {
        fs.rmSync(mutex, { force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new LabError(`timed out waiting for the lab lock ${mutex}`, 'if no lab command is running, delete that file');
      }
      await sleep(10 + Math.random() * 20);
    }
  }
  try {
    const lock = readLock(commonDir);
    const result = fn(lock);
    writeLock(commonDir, lock);
    return result;
  } finally {
    fs.rmSync(mutex, { force: true });
  }
}

/** This process's start time as the kernel reports it, to tell it apart from a later process given the same pid. */
function procStartOf(pid: number): { start: string; zombie: boolean } | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields[0] is field 3 (state)
    const start = fields[19];
    return start === undefined ? null : { start, zombie: fields[0] === 'Z' || fields[0] === 'X' };
  } catch {
    return null;
  }
}

export function isAlive(entry: Pick<LockEntry, 'pid' | 'procStart' | 'host'>): boolean {
  if (entry.host !== os.hostname()) return true; // another machine sharing this repo: we cannot tell, leave it alone
  if (entry.pid === process.pid) return true;
  if (!Number.isInteger(entry.pid) || entry.pid <= 0) return false;
  try {
    process.kill(entry.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const proc = procStartOf(entry.pid);
  if (proc?.zombie) return false;
  if (proc && entry.procStart !== null && proc.start !== entry.procStart) return false; // pid reused
  return true;
}

export function newEntry(sweepId: string | null): LockEntry {
  return {
    pid: process.pid,
    procStart: procStartOf(process.pid)?.start ?? null,
    host: os.hostname(),
    sweepId,
    worktrees: [],
    since: new Date().toISOString(),
  };
}

export function isOwn(e: LockEntry): boolean {
  return e.pid === process.pid && e.host === os.hostname();
}

/** Registers the running sweep in the lock file (pid, sweepId). LabError if a live process already runs that sweep. */
export async function acquireSweepLock(dir: string, sweepId: string): Promise<void> {
  checkSweepId(sweepId);
  const { commonDir } = await requireRepo(dir);
  await updateLock(commonDir, (lock) => {
    const holder = lock.entries.find((e) => e.sweepId === sweepId);
    if (holder && isOwn(holder)) return;
    if (holder && isAlive(holder)) {
      throw new LabError(`sweep ${sweepId} is already running (process ${holder.pid} on ${holder.host})`, 'wait for it to finish, or pick another sweep id');
    }
    if (holder) {
      throw new LabError(`sweep ${sweepId} was left behind by process ${holder.pid}, which is no longer running`, 'run any lab command to clean it up first');
    }
    lock.entries.push(newEntry(sweepId));
  });
}

/** Removes the running sweep from the lock file. Worktrees still recorded under it stay recorded (under this process) until removed. */
export async function releaseSweepLock(dir: string, sweepId: string): Promise<void> {
  const { commonDir } = await requireRepo(dir);
  if (!fs.existsSync(lockPath(commonDir))) return;
  await updateLock(commonDir, (lock) => {
    const i = lock.entries.findIndex((e) => e.sweepId === sweepId && isOwn(e));
    if (i < 0) return;
    const [entry] = lock.entries.splice(i, 1);
    if (entry && entry.worktrees.length > 0) {
      const rest = lock.entries.find((e) => e.sweepId === null && isOwn(e));
      if (rest) rest.worktrees.push(...entry.worktrees);
      else lock.entries.push({ ...entry, sweepId: null });
    }
  });
}
