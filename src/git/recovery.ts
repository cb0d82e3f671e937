/**
 * Crash recovery, run at the start of every lab command: removes what processes that died left behind (their
 * worktrees, their lock entries), using the lock file to tell them from live ones.
 */
import fs from 'node:fs';
import path from 'node:path';
import { locate } from './repo.ts';
import { isAlive, labDir, readLock, updateLock, worktreesDir } from './sweep-lock.ts';
import { pruneLabWorktreeRecords, removeWorktreeFiles } from './worktrees.ts';

// ---------------------------------------------------------------------------------------------------------------
// Crash recovery
// ---------------------------------------------------------------------------------------------------------------

/**
 * Crash recovery, run at the start of every lab command: removes lab worktrees and lock entries left by processes
 * that are no longer alive (SIGKILL, power cut), and worktrees under lab/worktrees that no live process recorded.
 * Returns one human-readable line per thing cleaned, and the sweep ids whose owner died (to mark them interrupted).
 * Outside a git repository there is nothing to recover: returns empty lists. Entries of live processes are left alone.
 */
export async function recoverLeftovers(dir: string): Promise<{ messages: string[]; deadSweepIds: string[] }> {
  const messages: string[] = [];
  const deadSweepIds: string[] = [];
  const repo = await locate(dir);
  if (!repo || !fs.existsSync(labDir(repo.commonDir))) return { messages, deadSweepIds };
  const { root, commonDir } = repo;

  const lock = readLock(commonDir);
  const dead = lock.entries.filter((e) => !isAlive(e));
  const live = lock.entries.filter((e) => isAlive(e));
  const protectedPaths = new Set(live.flatMap((e) => e.worktrees));
  const handled = new Set<string>();

  for (const entry of dead) {
    const owner = entry.sweepId !== null ? `sweep ${entry.sweepId}` : 'a lab command';
    for (const wt of entry.worktrees) {
      if (protectedPaths.has(wt) || handled.has(wt)) continue;
      handled.add(wt);
      if (!fs.existsSync(wt)) continue; // its git record, if any, is pruned below
      await removeWorktreeFiles(root, commonDir, wt);
      messages.push(`removed leftover worktree ${wt} of ${owner} (process ${entry.pid} is no longer running)`);
    }
    if (entry.sweepId !== null) {
      deadSweepIds.push(entry.sweepId);
      messages.push(`released the lock of sweep ${entry.sweepId}: process ${entry.pid}, which ran it, is no longer running`);
    }
  }

  let names: string[] = [];
  try {
    names = fs.readdirSync(worktreesDir(commonDir));
  } catch {
    /* none */
  }
  // Re-read: a live lab process may have recorded a new worktree since.
  const protectedNow = new Set(readLock(commonDir).entries.filter((e) => isAlive(e)).flatMap((e) => e.worktrees));
  for (const name of names) {
    const wt = path.join(worktreesDir(commonDir), name);
    if (protectedNow.has(wt) || handled.has(wt)) continue;
    await removeWorktreeFiles(root, commonDir, wt);
    messages.push(`removed orphaned worktree ${wt} (no running lab command owns it)`);
  }
  for (const checkout of pruneLabWorktreeRecords(commonDir)) {
    messages.push(`pruned the git record of lab worktree ${checkout}, whose directory was gone`);
  }

  if (dead.length > 0) {
    await updateLock(commonDir, (current) => {
      current.entries = current.entries.filter((e) => isAlive(e));
    });
  }
  return { messages, deadSweepIds: [...new Set(deadSweepIds)] };
}
