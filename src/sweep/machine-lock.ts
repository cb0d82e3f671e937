/**
 * One sweep measures on a machine at a time: two sweeps at once each measure
 * under the other's load. The lock is a file in the machine's temporary
 * folder holding its owner (pid, host, sweep, command); a second sweep waits
 * for it, saying for whom, or refuses (--no-wait); a lock whose owner died is
 * taken over with a note.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LabError } from '../errors.ts';
import { processIsAlive } from '../processes.ts';

export interface LockOwner {
  pid: number;
  host: string;
  sweepId: string;
  commandLine: string;
  startedAt: string;
}

/** The lock's folder: the machine's temporary folder, or LAB_LOCK_DIR (tests give each run its own). */
export function machineLockPath(): string {
  return path.join(process.env['LAB_LOCK_DIR'] ?? os.tmpdir(), 'gemma-lab-measuring.lock');
}

function readOwner(file: string): LockOwner | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as LockOwner;
  } catch {
    return null; // gone meanwhile, or half-written by an owner that died at once
  }
}

function describe(owner: LockOwner): string {
  return `sweep ${owner.sweepId} (pid ${owner.pid}, started ${owner.startedAt.slice(0, 19).replace('T', ' ')} UTC: ${owner.commandLine})`;
}

export interface AcquireOptions {
  /** Refuse at once instead of waiting. */
  noWait: boolean;
  /** One line to the user: waiting, or taking over a dead owner's lock. */
  say: (line: string) => void;
  /** Whether to stop waiting (Ctrl-C). */
  cancelled?: () => boolean;
  pollMs?: number;
}

export interface MachineLock {
  release(): void;
}

/** Takes the machine's measuring lock for `owner`, waiting while a live sweep holds it. */
export async function acquireMachineLock(owner: Omit<LockOwner, 'pid' | 'host' | 'startedAt'>, options: AcquireOptions): Promise<MachineLock> {
  const file = machineLockPath();
  const mine: LockOwner = { ...owner, pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString() };
  let waitingFor: string | null = null;
  for (;;) {
    try {
      fs.writeFileSync(file, JSON.stringify(mine), { flag: 'wx' });
      return {
        release: () => {
          // Only our own lock: a lock taken over after we were presumed dead is not ours to remove.
          const owner = readOwner(file);
          if (owner?.pid === mine.pid && owner.sweepId === mine.sweepId) fs.rmSync(file, { force: true });
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const holder = readOwner(file);
    if (holder && holder.host === mine.host && !processIsAlive(holder.pid)) {
      options.say(`note: took over the measuring lock of ${describe(holder)}, whose process is gone`);
      fs.rmSync(file, { force: true });
      continue;
    }
    if (!holder) {
      await new Promise((r) => setTimeout(r, 50));
      continue;
    }
    if (options.noWait) {
      throw new LabError(`another sweep is measuring on this machine: ${describe(holder)}`, 'wait for it, drop --no-wait to queue behind it, or pass --allow-concurrent to measure anyway');
    }
    const who = describe(holder);
    if (waitingFor !== who) {
      options.say(`waiting for ${who} to finish measuring on this machine (--no-wait refuses instead)`);
      waitingFor = who;
    }
    if (options.cancelled?.()) throw new LabError('stopped while waiting for the machine', 'nothing was measured or recorded');
    await new Promise((r) => setTimeout(r, options.pollMs ?? 500));
  }
}
