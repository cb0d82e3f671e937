/**
 * The lab's commits: experiment commits (built in a temporary index, on branches made with update-ref, so the
 * user's index and HEAD are never touched), reading and listing them, deleting their branches; and the one commit
 * the lab makes on the user's own branch (lab baseline).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LabError } from '../errors.ts';
import { assertValidBranchName, branchesFree, branchNames, inspect } from './preflight.ts';
import { locate, realpathOr, requireRepo } from './repo.ts';
import { type RunOptions, git, splitZ, tryGit } from './run.ts';
import { checkSweepId } from './sweep-lock.ts';
import type { ExperimentCommit } from './types.ts';

// ---------------------------------------------------------------------------------------------------------------
// Experiment commits
// ---------------------------------------------------------------------------------------------------------------

function checkRecordPath(p: string): string {
  const bad = (why: string) => new LabError(`invalid path for an experiment file: ${JSON.stringify(p)} (${why})`, 'use a path relative to the repository root');
  if (p.length === 0) throw bad('empty');
  if (p.includes('\\') || p.includes('\0')) throw bad('backslash or NUL');
  if (path.posix.isAbsolute(p)) throw bad('absolute');
  const parts = p.split('/');
  if (parts.some((s) => s === '' || s === '.' || s === '..')) throw bad('empty, "." or ".." segment');
  if (parts.some((s) => s.toLowerCase() === '.git')) throw bad('inside .git');
  return p;
}

/** Git options that stage into an index file of the lab's own under `dir`, never the user's. */
function temporaryIndex(dir: string): RunOptions {
  return { env: { GIT_INDEX_FILE: path.join(dir, 'index') }, config: ['core.splitIndex=false'] };
}

/** Stages the whole working tree (tracked and untracked-not-ignored files, as they are on disk) into a temporary index. */
async function stageWorkTree(root: string, headSha: string, indexEnv: RunOptions): Promise<void> {
  await git(root, ['read-tree', headSha], indexEnv);
  await git(root, ['add', '--all', '--', '.'], indexEnv);
}

/**
 * The git tree id of the working tree as it is on disk (tracked and untracked-not-ignored files, what an
 * experiment commit holds besides its records). Content-addressed, so it names the code itself: it equals the
 * tree of any commit, in any clone, with exactly these files, even where HEAD says otherwise (a copied working
 * tree over a stale .git, as on a lent GPU host). Writes nothing into the repository: the index and the new
 * objects live in a temporary directory that reads the repository's objects as alternates.
 */
export async function workTreeId(dir: string): Promise<string> {
  const repo = await requireRepo(dir);
  const { state } = await inspect(repo);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-index-'));
  try {
    const objects = path.join(tmp, 'objects');
    fs.mkdirSync(objects);
    const scratch = temporaryIndex(tmp);
    const indexEnv = { ...scratch, env: { ...scratch.env, GIT_OBJECT_DIRECTORY: objects, GIT_ALTERNATE_OBJECT_DIRECTORIES: path.join(repo.commonDir, 'objects') } };
    await stageWorkTree(state.root, state.headSha, indexEnv);
    return (await git(state.root, ['write-tree'], indexEnv)).trim();
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Commits reachable from any ref here whose tree is `tree`, newest first (read-only); [] when none or not a repository. */
export async function commitsWithTree(dir: string, tree: string): Promise<string[]> {
  const repo = await locate(dir);
  if (!repo || !/^[0-9a-f]{4,64}$/.test(tree)) return [];
  const out = await tryGit(repo.root, ['log', '--all', '--format=%H %T'], { readOnly: true });
  if (!out) return [];
  return out
    .split('\n')
    .map((line) => line.split(' '))
    .filter(([commit, t]) => commit && t === tree)
    .map(([commit]) => commit!);
}

/**
 * Creates `branch` pointing at a new commit whose parent is the user's HEAD and whose tree is the user's working
 * tree (tracked and untracked-not-ignored files alike, modified or not) plus `files` (path relative to the repo
 * root -> content). Touches neither the user's working tree, index, HEAD nor stash: the tree is built in a
 * temporary index file, deleted in `finally`.
 */
export async function commitExperiment(
  dir: string,
  options: { branch: string; message: string; files: Record<string, string> },
): Promise<ExperimentCommit> {
  const { branch, message, files } = options;
  assertValidBranchName(branch);
  const recordPaths = Object.keys(files).map(checkRecordPath);
  if (message.trim().length === 0) throw new LabError('empty commit message for an experiment', 'describe the experiment');
  const repo = await requireRepo(dir);
  const [{ state }] = await Promise.all([inspect(repo), branchesFree(repo.root, [branch])]);
  const { root, headSha } = state;

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-index-'));
  try {
    const indexEnv = temporaryIndex(tmp);
    const snapshotWorkTree = async () => {
      await stageWorkTree(root, headSha, indexEnv);
      return splitZ(await git(root, ['diff-index', '--cached', '--no-renames', '--name-status', '-z', headSha], indexEnv));
    };
    const hashRecords = async () => {
      if (recordPaths.length === 0) return [];
      const blobFiles = recordPaths.map((_, i) => path.join(tmp, `blob-${i}`));
      recordPaths.forEach((p, i) => fs.writeFileSync(blobFiles[i]!, files[p]!));
      const shas = (await git(root, ['hash-object', '-w', '--no-filters', '--', ...blobFiles])).trim().split('\n');
      if (shas.length !== recordPaths.length) throw new Error(`git hash-object returned ${shas.length} ids for ${recordPaths.length} files`);
      return shas;
    };
    const [changes, shas] = await Promise.all([snapshotWorkTree(), hashRecords()]);

    const includedUncommitted: string[] = [];
    const deletedUncommitted: string[] = [];
    for (let i = 0; i + 1 < changes.length; i += 2) {
      const [status, file] = [changes[i]!, changes[i + 1]!];
      if (recordPaths.includes(file)) continue; // replaced by the lab's own file below
      (status.startsWith('D') ? deletedUncommitted : includedUncommitted).push(file);
    }
    if (recordPaths.length > 0) {
      const cacheinfo = recordPaths.flatMap((p, i) => ['--cacheinfo', `100644,${shas[i]},${p}`]);
      await git(root, ['update-index', '--add', ...cacheinfo], indexEnv);
    }

    const tree = (await git(root, ['write-tree'], indexEnv)).trim();
    let commit: string;
    try {
      commit = (await git(root, ['commit-tree', '--no-gpg-sign', '-p', headSha, '-m', message, tree])).trim();
    } catch (e) {
      if (/identity unknown|tell me who you are|empty ident|unable to auto-detect email/i.test(String(e))) {
        throw new LabError(`git does not know who you are in ${root}, so it cannot commit experiments`, 'set git config user.name and user.email');
      }
      throw e;
    }
    try {
      await git(root, ['update-ref', '-m', `lab: ${message.split('\n')[0]}`, `refs/heads/${branch}`, commit, '']);
    } catch (e) {
      if ((await branchNames(root)).has(branch)) {
        throw new LabError(`branch ${branch} already exists in ${root}`, `pick another sweep id, or delete it (git branch -D ${branch})`);
      }
      throw e;
    }
    return { branch, commit, includedUncommitted: includedUncommitted.sort(), deletedUncommitted: deletedUncommitted.sort() };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Lists lab experiment branches of a sweep: refs/heads/lab/<sweepId>/* -> {branch, commit, subject}, sorted by branch. */
/**
 * The content of `file` in `commit`, or null when either is missing (an unreachable commit may have been
 * garbage-collected after its branch was deleted). Read-only: the index is not refreshed.
 */
export async function readCommittedFile(dir: string, commit: string, file: string): Promise<string | null> {
  if (!/^[0-9a-f]{7,64}$/i.test(commit)) return null;
  const repo = await locate(dir);
  if (!repo) return null;
  return tryGit(repo.root, ['show', `${commit}:${file}`], { readOnly: true });
}

export async function listExperimentBranches(dir: string, sweepId: string): Promise<{ branch: string; commit: string; subject: string }[]> {
  checkSweepId(sweepId);
  const { root } = await requireRepo(dir);
  const out = await git(root, ['for-each-ref', '--sort=refname', '--format=%(refname)%00%(objectname)%00%(subject)', `refs/heads/lab/${sweepId}/`], {
    readOnly: true,
  });
  return out
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [ref = '', commit = '', subject = ''] = line.split('\0');
      return { branch: ref.slice('refs/heads/'.length), commit, subject };
    });
}

/** Deletes the named branches; names that do not exist are skipped. LabError if one is checked out in any worktree. */
export async function deleteBranches(dir: string, branches: string[]): Promise<void> {
  const { root } = await requireRepo(dir);
  for (const b of branches) assertValidBranchName(b);
  const existing = await branchNames(root);
  const doomed = [...new Set(branches)].filter((b) => existing.has(b));
  if (doomed.length === 0) return;
  const checkedOut = new Set(
    (await git(root, ['worktree', 'list', '--porcelain'], { readOnly: true }))
      .split('\n')
      .filter((l) => l.startsWith('branch refs/heads/'))
      .map((l) => l.slice('branch refs/heads/'.length)),
  );
  for (const b of doomed) {
    if (checkedOut.has(b)) throw new LabError(`branch ${b} is checked out, so it cannot be deleted`, 'switch to another branch first');
  }
  await git(root, ['branch', '-D', '--', ...doomed]);
}

// ---------------------------------------------------------------------------------------------------------------
// Commits on the user's own branch (lab baseline)
// ---------------------------------------------------------------------------------------------------------------

/** The top of the working tree `dir` is in, or null outside one (or inside .git / a bare repository). Writes nothing. */
export async function workTreeRoot(dir: string): Promise<string | null> {
  return (await locate(dir))?.root ?? null;
}

/**
 * Commits one file alone on the user's current branch: `git add` of its path, then `git commit --only` of it, so
 * whatever else the user has staged stays staged and out of the commit. The user's hooks run, as for any commit
 * of theirs. LabError (before anything is written) for a detached HEAD and whatever `preflight` refuses; when the
 * commit itself fails (a hook, no identity), the path's index entry is put back to HEAD's and a LabError says why.
 * When the file already matches HEAD there is nothing to commit: `committed` is false and `commit` is HEAD.
 */
export async function commitFileOnBranch(dir: string, file: string, message: string): Promise<{ commit: string; branch: string; committed: boolean }> {
  if (message.trim().length === 0) throw new Error('commitFileOnBranch: empty commit message');
  const repo = await requireRepo(dir);
  const { state } = await inspect(repo);
  if (state.branch === null) {
    throw new LabError(`HEAD is detached in ${state.root}, so there is no branch to commit to`, 'check out a branch (git switch <branch>), then retry');
  }
  const abs = path.resolve(dir, file);
  const rel = path.relative(state.root, path.join(realpathOr(path.dirname(abs)), path.basename(abs))).split(path.sep).join('/');
  checkRecordPath(rel);
  try {
    await git(state.root, ['add', '--', rel]);
    // `diff --quiet` exits 1 (a failure to tryGit) exactly when the path differs from HEAD.
    if ((await tryGit(state.root, ['diff', '--cached', '--quiet', 'HEAD', '--', rel])) !== null) {
      return { commit: state.headSha, branch: state.branch, committed: false };
    }
    await git(state.root, ['commit', '--only', '-m', message, '--', rel]);
  } catch (e) {
    await tryGit(state.root, ['reset', '-q', '--', rel]);
    const detail = (e instanceof Error ? e.message : String(e)).split('\n').map((l) => l.trim()).filter(Boolean);
    if (detail.some((l) => /identity unknown|tell me who you are|empty ident|unable to auto-detect email/i.test(l))) {
      throw new LabError(`git does not know who you are in ${state.root}, so it cannot commit ${rel}`, 'set git config user.name and user.email');
    }
    throw new LabError(`could not commit ${rel} on ${state.branch}: ${detail.at(-1) ?? 'git failed'}`, 'see git status; nothing was committed');
  }
  const commit = (await git(state.root, ['rev-parse', 'HEAD'], { readOnly: true })).trim();
  return { commit, branch: state.branch, committed: true };
}
