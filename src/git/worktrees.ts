/**
 * Worktrees of experiment commits under <git-common-dir>/lab/worktrees/ (inside .git, so the user's working tree
 * sees no new file): adding one (recorded in the lock file first), removing one, pruning the lab's stale records.
 */
import fs from 'node:fs';
import path from 'node:path';
import { LabError } from '../errors.ts';
import { canonical, isDirectory, requireRepo } from './repo.ts';
import { git, tryGit } from './run.ts';
import { isOwn, lockPath, newEntry, updateLock, worktreesDir } from './sweep-lock.ts';

// ---------------------------------------------------------------------------------------------------------------
// Worktrees
// ---------------------------------------------------------------------------------------------------------------

function isUnder(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/**
 * Adds a detached worktree of `commit` under <git-common-dir>/lab/worktrees/<name> (inside .git, so the user's
 * working tree sees no new file), records it in the lab lock file with this process's pid (under `sweepId`, by
 * default this process's latest sweep), and returns its path. Hooks do not run. If `linkNodeModules` is set,
 * symlinks <worktree>/node_modules to the main checkout's node_modules so the code can run.
 */
export async function addWorktree(
  dir: string,
  commit: string,
  name: string,
  options: { linkNodeModules?: boolean; sweepId?: string } = {},
): Promise<string> {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name) || name.includes('..')) {
    throw new LabError(`invalid worktree name: ${JSON.stringify(name)}`, 'use letters, digits, ".", "_" and "-"');
  }
  const { root, commonDir } = await requireRepo(dir);
  const sha = await tryGit(root, ['rev-parse', '-q', '--verify', `${commit}^{commit}`], { readOnly: true });
  if (sha === null) throw new LabError(`no such commit: ${commit}`, 'pass a commit made by commitExperiment');
  const nodeModules = path.join(root, 'node_modules');
  if (options.linkNodeModules && !isDirectory(nodeModules)) {
    throw new LabError(`${nodeModules} does not exist, so the experiment's code cannot run`, 'run npm install in your checkout first');
  }
  fs.mkdirSync(worktreesDir(commonDir), { recursive: true });
  const wt = path.join(worktreesDir(commonDir), name);
  if (fs.existsSync(wt)) {
    throw new LabError(`worktree ${wt} already exists`, 'pick another name, or run any lab command to clean up leftovers');
  }

  // Record first: a crash between here and `worktree add` leaves an entry whose process is dead, which recovery cleans.
  await updateLock(commonDir, (lock) => {
    const own = lock.entries.filter(isOwn);
    let entry = options.sweepId !== undefined ? own.find((e) => e.sweepId === options.sweepId) : own.filter((e) => e.sweepId !== null).at(-1) ?? own.at(-1);
    if (!entry) {
      entry = newEntry(options.sweepId ?? null);
      lock.entries.push(entry);
    }
    entry.worktrees.push(wt);
  });
  try {
    await git(root, ['worktree', 'add', '--detach', wt, sha.trim()], { config: ['core.hooksPath=/dev/null'] });
    if (options.linkNodeModules) {
      const link = path.join(wt, 'node_modules');
      if (!fs.existsSync(link)) fs.symlinkSync(nodeModules, link, 'dir');
    }
  } catch (e) {
    await removeWorktree(root, wt).catch(() => undefined);
    throw e;
  }
  return wt;
}

/** `git worktree remove --force`, then prunes the lab's stale worktree records, and drops it from the lock file. Safe to call twice. */
export async function removeWorktree(dir: string, worktreePath: string): Promise<void> {
  const { root, commonDir } = await requireRepo(dir);
  const wt = canonical(worktreePath);
  await removeWorktreeFiles(root, commonDir, wt);
  if (fs.existsSync(lockPath(commonDir))) {
    await updateLock(commonDir, (lock) => {
      for (const e of lock.entries) e.worktrees = e.worktrees.filter((w) => w !== wt);
    });
  }
}

export async function removeWorktreeFiles(root: string, commonDir: string, wt: string): Promise<void> {
  const ours = isUnder(wt, worktreesDir(commonDir));
  // The link to the main checkout's node_modules goes first, so nothing below can ever follow it.
  const link = path.join(wt, 'node_modules');
  try {
    if (fs.lstatSync(link).isSymbolicLink()) fs.unlinkSync(link);
  } catch {
    /* absent */
  }
  const checkedOut = fs.existsSync(path.join(wt, '.git'));
  if (checkedOut) {
    try {
      await git(root, ['worktree', 'remove', '--force', wt]);
    } catch (e) {
      if (!ours) throw e; // ours: removed by hand below, and its record pruned
    }
  }
  if (ours) {
    fs.rmSync(wt, { recursive: true, force: true });
  } else if (!checkedOut && fs.existsSync(wt)) {
    throw new LabError(`${wt} is not a worktree of ${root}`, 'pass a path returned by addWorktree');
  }
  pruneLabWorktreeRecords(commonDir);
}

/**
 * `git worktree prune`, limited to the lab's own worktrees: drops <common>/worktrees/<id> records whose checkout
 * under <common>/lab/worktrees/ is gone. A plain prune would also drop the records of the user's own worktrees
 * whose directories are only temporarily missing (an unmounted disk), which is not the lab's to decide.
 * Returns the checkout paths whose records were dropped.
 */
export function pruneLabWorktreeRecords(commonDir: string): string[] {
  const adminRoot = path.join(commonDir, 'worktrees');
  let ids: string[];
  try {
    ids = fs.readdirSync(adminRoot);
  } catch {
    return [];
  }
  const pruned: string[] = [];
  for (const id of ids) {
    const admin = path.join(adminRoot, id);
    let gitdirFile: string;
    try {
      gitdirFile = fs.readFileSync(path.join(admin, 'gitdir'), 'utf8').trim();
    } catch {
      continue;
    }
    const dotGit = path.resolve(admin, gitdirFile); // <worktree>/.git, absolute or relative to the record
    const checkout = path.dirname(dotGit);
    if (!isUnder(checkout, worktreesDir(commonDir)) || fs.existsSync(dotGit) || fs.existsSync(path.join(admin, 'locked'))) continue;
    fs.rmSync(admin, { recursive: true, force: true });
    pruned.push(checkout);
  }
  try {
    if (fs.readdirSync(adminRoot).length === 0) fs.rmdirSync(adminRoot);
  } catch {
    /* already gone */
  }
  return pruned;
}
