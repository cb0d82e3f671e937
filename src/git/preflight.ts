/**
 * Preflight and branch checks: whether a checkout can host experiments (no merge in progress, no conflicts, no
 * locked index, not sparse), and whether branch names are valid and free. Writes nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { LabError } from '../errors.ts';
import { type RepoPaths, IN_PROGRESS, requireRepo } from './repo.ts';
import { git, tryGit } from './run.ts';
import type { RepoState } from './types.ts';

// ---------------------------------------------------------------------------------------------------------------
// Preflight and branch checks
// ---------------------------------------------------------------------------------------------------------------

/**
 * Checks the repo can host experiments. LabError for: not a git repository, a repository with no commits,
 * a merge / rebase / cherry-pick / revert / bisect in progress, unresolved conflicts, a locked index,
 * a sparse checkout. Nothing is written.
 */
export async function preflight(dir: string): Promise<RepoState> {
  return (await inspect(await requireRepo(dir))).state;
}

export interface Inspection {
  repo: RepoPaths;
  state: RepoState;
}

export async function inspect(repo: RepoPaths): Promise<Inspection> {
  const { root, gitDir } = repo;
  for (const { marker, what, hint } of IN_PROGRESS) {
    if (fs.existsSync(path.join(gitDir, marker))) {
      throw new LabError(`${what} is in progress in ${root} (${path.join(gitDir, marker)} exists)`, hint);
    }
  }
  const indexLock = path.join(gitDir, 'index.lock');
  if (fs.existsSync(indexLock)) {
    throw new LabError(
      `the git index of ${root} is locked (${indexLock} exists)`,
      'wait for the other git process to finish; if none is running, delete the lock file',
    );
  }

  const [statusOut, sparse] = await Promise.all([
    git(root, ['status', '--porcelain=v2', '--branch', '-z', '--untracked-files=normal'], { readOnly: true }),
    tryGit(root, ['config', '--bool', 'core.sparseCheckout'], { readOnly: true }),
  ]);
  const status = parseStatus(statusOut);
  if (status.headSha === null) {
    throw new LabError(`the git repository at ${root} has no commits yet`, 'make a first commit (git commit), or pass --no-git');
  }
  if (status.unmerged) {
    throw new LabError(`${root} has unresolved merge conflicts`, 'resolve them and git add the files (or git checkout -- them)');
  }
  if (sparse?.trim() === 'true') {
    throw new LabError(
      `${root} is a sparse checkout, which the lab cannot snapshot`,
      'run the lab in a full checkout (git sparse-checkout disable), or pass --no-git',
    );
  }
  return { repo, state: { root, headSha: status.headSha, branch: status.branch, dirty: status.dirty } };
}

/** Parses `git status --porcelain=v2 --branch -z`. */
function parseStatus(out: string): { headSha: string | null; branch: string | null; dirty: boolean; unmerged: boolean } {
  let headSha: string | null = null;
  let branch: string | null = null;
  let dirty = false;
  let unmerged = false;
  const records = out.split('\0');
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    if (r.startsWith('# branch.oid ')) {
      const oid = r.slice('# branch.oid '.length);
      headSha = oid === '(initial)' ? null : oid;
    } else if (r.startsWith('# branch.head ')) {
      const head = r.slice('# branch.head '.length);
      branch = head === '(detached)' ? null : head;
    } else if (r.startsWith('1 ') || r.startsWith('? ')) {
      dirty = true;
    } else if (r.startsWith('2 ')) {
      dirty = true;
      i++; // a rename record is followed by its original path
    } else if (r.startsWith('u ')) {
      dirty = true;
      unmerged = true;
    }
  }
  return { headSha, branch, dirty, unmerged };
}

/** git check-ref-format's rules for refs/heads/<branch>, checked without spawning git. */
function isValidBranchName(b: string): boolean {
  if (b.length === 0 || b.startsWith('-') || b === 'HEAD' || b === '@') return false;
  if (/[\x00-\x20\x7f~^:?*[\\]/.test(b) || b.includes('..') || b.includes('@{')) return false;
  if (b.endsWith('.')) return false;
  return b.split('/').every((c) => c.length > 0 && !c.startsWith('.') && !c.endsWith('.lock'));
}

export function assertValidBranchName(branch: string): void {
  if (!isValidBranchName(branch)) {
    throw new LabError(`invalid branch name: ${JSON.stringify(branch)}`, 'use letters, digits, ".", "_", "-" and "/"');
  }
}

export async function branchNames(root: string): Promise<Set<string>> {
  const out = await git(root, ['for-each-ref', '--format=%(refname)', 'refs/heads/'], { readOnly: true });
  return new Set(
    out
      .split('\n')
      .filter(Boolean)
      .map((r) => r.slice('refs/heads/'.length)),
  );
}

/** Fails (LabError) before writing anything if any of the branch names already exists (or clashes with one as a directory: a/b vs a/b/c). */
export async function assertBranchesFree(dir: string, branches: string[]): Promise<void> {
  await branchesFree((await requireRepo(dir)).root, branches);
}

export async function branchesFree(root: string, branches: string[]): Promise<void> {
  const seen = new Set<string>();
  for (const b of branches) {
    assertValidBranchName(b);
    if (seen.has(b)) throw new LabError(`branch ${b} is named twice`, 'give every experiment its own branch name');
    seen.add(b);
  }
  const existing = await branchNames(root);
  for (const b of branches) {
    if (existing.has(b)) {
      throw new LabError(`branch ${b} already exists in ${root}`, `pick another sweep id, or delete it (git branch -D ${b})`);
    }
    for (const e of existing) {
      if (e.startsWith(`${b}/`) || b.startsWith(`${e}/`)) {
        throw new LabError(`branch ${b} cannot be created in ${root}: it clashes with existing branch ${e}`, 'pick another sweep id');
      }
    }
  }
}
