/**
 * Locating the repository a directory is in (working tree, git dir, common dir), and the markers of a half-done
 * git operation. Read-only; every lab entry point starts here.
 */
import fs from 'node:fs';
import path from 'node:path';
import { LabError } from '../errors.ts';
import { tryGit } from './run.ts';

// ---------------------------------------------------------------------------------------------------------------
// Locating the repository
// ---------------------------------------------------------------------------------------------------------------

export interface RepoPaths {
  root: string;
  /** This worktree's git dir (where MERGE_HEAD, index, index.lock live). */
  gitDir: string;
  /** Shared git dir (refs, objects, worktrees/, and the lab's own lab/). */
  commonDir: string;
}

export function realpathOr(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

/** Locates the repository containing `dir`; null when `dir` is not inside a working tree. */
export async function locate(dir: string): Promise<RepoPaths | null> {
  if (!isDirectory(dir)) return null;
  // Fails outside a repository, and inside a .git directory or a bare repository (no working tree).
  const out = await tryGit(dir, ['rev-parse', '--show-toplevel', '--absolute-git-dir', '--git-common-dir'], { readOnly: true });
  if (out === null) return null;
  const [root, gitDir, commonDir] = out.split('\n');
  if (!root || !gitDir || !commonDir) throw new Error(`unexpected output of git rev-parse in ${dir}: ${JSON.stringify(out)}`);
  return {
    root: realpathOr(root),
    gitDir: realpathOr(gitDir),
    commonDir: realpathOr(path.resolve(dir, commonDir)),
  };
}

/** The real path of `p`, or, once it is gone, of its parent joined with its name (how the lock file recorded it). */
export function canonical(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.join(realpathOr(path.dirname(path.resolve(p))), path.basename(p));
  }
}

export function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

export async function requireRepo(dir: string): Promise<RepoPaths> {
  if (!isDirectory(dir)) {
    throw new LabError(`directory not found: ${dir}`, 'run the lab from your project directory');
  }
  const repo = await locate(dir);
  if (!repo) {
    throw new LabError(
      `${path.resolve(dir)} is not inside a git working tree`,
      'run the lab inside a git repository, or pass --no-git to run without committing experiments',
    );
  }
  return repo;
}

/** Files and directories in a git dir that mean an operation is half done. */
export const IN_PROGRESS: { marker: string; what: string; hint: string }[] = [
  { marker: 'MERGE_HEAD', what: 'a merge', hint: 'finish it (git commit) or abort it (git merge --abort)' },
  { marker: 'rebase-merge', what: 'a rebase', hint: 'finish it (git rebase --continue) or abort it (git rebase --abort)' },
  { marker: 'rebase-apply', what: 'a rebase or git am', hint: 'finish it (--continue) or abort it (git rebase --abort / git am --abort)' },
  { marker: 'CHERRY_PICK_HEAD', what: 'a cherry-pick', hint: 'finish it (git cherry-pick --continue) or abort it (git cherry-pick --abort)' },
  { marker: 'REVERT_HEAD', what: 'a revert', hint: 'finish it (git revert --continue) or abort it (git revert --abort)' },
  { marker: 'BISECT_LOG', what: 'a bisect', hint: 'end it with git bisect reset' },
  { marker: 'sequencer', what: 'a cherry-pick or revert sequence', hint: 'finish it (--continue) or abort it (--abort)' },
];
