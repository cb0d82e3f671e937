/**
 * The one module that owns git for the lab.
 *
 * Each variant of a sweep is committed on its own branch (`lab/<sweepId>/<variant>`) and run from a detached
 * worktree of that commit, so the user's checkout — working tree, index, HEAD, stash — stays exactly as it was
 * ("each optimization was committed with full details and then reverted, so the baseline remains consistent").
 *
 * How the user's checkout is left alone:
 * - experiment commits are built in a temporary index file (GIT_INDEX_FILE), never the user's index;
 * - branches are created with `update-ref <ref> <new> ""`, never by checking anything out;
 * - worktrees live under `<git-common-dir>/lab/worktrees/`, inside `.git`, so the working tree sees no new file;
 * - read-only git calls run with `--no-optional-locks`, so `git status` does not refresh (rewrite) the index.
 *
 * Crash safety: `<git-common-dir>/lab/lock.json` records, per process, the sweep it runs and the worktrees it made.
 * A worktree is recorded *before* it is created, so `recoverLeftovers` (run at the start of every lab command) can
 * tell a worktree of a live process from one left by a process that died, and remove only the latter.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { simpleGit } from 'simple-git';
import type { SimpleGit } from 'simple-git';
import { LabError } from '../errors.ts';

// ---------------------------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------------------------

export interface RepoState {
  /** Absolute path of the top of the user's working tree. */
  root: string;
  headSha: string;
  /** Short branch name; null when HEAD is detached. */
  branch: string | null;
  /** Uncommitted changes to tracked files, or untracked files that are not ignored. */
  dirty: boolean;
}

export interface ExperimentCommit {
  branch: string;
  commit: string;
  /** Paths (relative to the repo root, sorted) of the user's uncommitted tracked or untracked-not-ignored files that the commit includes (added or modified relative to HEAD). */
  includedUncommitted: string[];
  /** Paths tracked in HEAD that are missing from the working tree, and hence absent from the commit too. */
  deletedUncommitted: string[];
}

export interface LockEntry {
  pid: number;
  /** Start time of the process (Linux: field 22 of /proc/<pid>/stat), to tell a reused pid from the original; null where unknown. */
  procStart: string | null;
  host: string;
  /** null: worktrees of a process that holds no sweep lock (or released it). */
  sweepId: string | null;
  /** Absolute paths. */
  worktrees: string[];
  since: string;
}

interface LockFile {
  version: 1;
  entries: LockEntry[];
}

// ---------------------------------------------------------------------------------------------------------------
// Running git
// ---------------------------------------------------------------------------------------------------------------

/** Variables that point git at another repository or index: ours would be silently redirected. */
const LOCATING_VARS = new Set([
  'GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY', 'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_COMMON_DIR', 'GIT_NAMESPACE', 'GIT_PREFIX', 'GIT_QUARANTINE_PATH', 'GIT_INDEX_VERSION',
]);
/**
 * Variables simple-git refuses to spawn with (its "unsafe" checks); none matter for the plumbing run here
 * (no editor, pager, ssh or askpass is ever used). Config-path variables are kept: see `allowUnsafeConfigPaths`.
 */
const REFUSED_VARS = new Set([
  'EDITOR', 'PAGER', 'SSH_ASKPASS', 'GIT_ASKPASS', 'GIT_EDITOR', 'GIT_SEQUENCE_EDITOR', 'GIT_PAGER', 'GIT_SSH',
  'GIT_SSH_COMMAND', 'GIT_PROXY_COMMAND', 'GIT_EXTERNAL_DIFF', 'GIT_TEMPLATE_DIR', 'GIT_EXEC_PATH', 'GIT_CONFIG_COUNT',
]);

function gitEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined) continue;
    const upper = key.toUpperCase();
    if (LOCATING_VARS.has(upper) || REFUSED_VARS.has(upper) || /^GIT_CONFIG_(KEY|VALUE)_\d+$/.test(upper)) continue;
    env[key] = value;
  }
  env.GIT_TERMINAL_PROMPT = '0';
  return { ...env, ...extra };
}

interface RunOptions {
  env?: Record<string, string>;
  /** `-c key=value` settings for this call. */
  config?: string[];
  /** Read-only call: pass --no-optional-locks so git does not refresh the index behind the user's back. */
  readOnly?: boolean;
}

function client(cwd: string, options: RunOptions): SimpleGit {
  return simpleGit({
    baseDir: cwd,
    config: options.config ?? [],
    // simple-git's default treats a non-zero exit with empty stderr as success; any non-zero exit is a failure here.
    errors(error, result) {
      if (error) return error;
      if (result.exitCode === 0) return undefined;
      return Buffer.concat([...result.stdErr, ...result.stdOut]);
    },
    unsafe: { allowUnsafeHooksPath: true, allowUnsafeConfigPaths: true },
  }).env(gitEnv(options.env));
}

async function git(cwd: string, args: string[], options: RunOptions = {}): Promise<string> {
  const fullArgs = options.readOnly ? ['--no-optional-locks', ...args] : args;
  try {
    return await client(cwd, options).raw(fullArgs);
  } catch (e) {
    const detail = (e instanceof Error ? e.message : String(e)).trim();
    throw new Error(`git ${args.join(' ')} (in ${cwd}) failed: ${detail}`, { cause: e });
  }
}

/** Like `git`, but null when the command fails (exit status used as an answer). */
async function tryGit(cwd: string, args: string[], options: RunOptions = {}): Promise<string | null> {
  try {
    return await git(cwd, args, options);
  } catch {
    return null;
  }
}

function splitZ(out: string): string[] {
  return out.split('\0').filter((s) => s.length > 0);
}

// ---------------------------------------------------------------------------------------------------------------
// Locating the repository
// ---------------------------------------------------------------------------------------------------------------

interface RepoPaths {
  root: string;
  /** This worktree's git dir (where MERGE_HEAD, index, index.lock live). */
  gitDir: string;
  /** Shared git dir (refs, objects, worktrees/, and the lab's own lab/). */
  commonDir: string;
}

function realpathOr(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

/** Locates the repository containing `dir`; null when `dir` is not inside a working tree. */
async function locate(dir: string): Promise<RepoPaths | null> {
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
function canonical(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.join(realpathOr(path.dirname(path.resolve(p))), path.basename(p));
  }
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

async function requireRepo(dir: string): Promise<RepoPaths> {
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
const IN_PROGRESS: { marker: string; what: string; hint: string }[] = [
  { marker: 'MERGE_HEAD', what: 'a merge', hint: 'finish it (git commit) or abort it (git merge --abort)' },
  { marker: 'rebase-merge', what: 'a rebase', hint: 'finish it (git rebase --continue) or abort it (git rebase --abort)' },
  { marker: 'rebase-apply', what: 'a rebase or git am', hint: 'finish it (--continue) or abort it (git rebase --abort / git am --abort)' },
  { marker: 'CHERRY_PICK_HEAD', what: 'a cherry-pick', hint: 'finish it (git cherry-pick --continue) or abort it (git cherry-pick --abort)' },
  { marker: 'REVERT_HEAD', what: 'a revert', hint: 'finish it (git revert --continue) or abort it (git revert --abort)' },
  { marker: 'BISECT_LOG', what: 'a bisect', hint: 'end it with git bisect reset' },
  { marker: 'sequencer', what: 'a cherry-pick or revert sequence', hint: 'finish it (--continue) or abort it (--abort)' },
];

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

interface Inspection {
  repo: RepoPaths;
  state: RepoState;
}

async function inspect(repo: RepoPaths): Promise<Inspection> {
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

function assertValidBranchName(branch: string): void {
  if (!isValidBranchName(branch)) {
    throw new LabError(`invalid branch name: ${JSON.stringify(branch)}`, 'use letters, digits, ".", "_", "-" and "/"');
  }
}

async function branchNames(root: string): Promise<Set<string>> {
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

async function branchesFree(root: string, branches: string[]): Promise<void> {
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

// ---------------------------------------------------------------------------------------------------------------
// The lock file
// ---------------------------------------------------------------------------------------------------------------

function labDir(commonDir: string): string {
  return path.join(commonDir, 'lab');
}
function worktreesDir(commonDir: string): string {
  return path.join(labDir(commonDir), 'worktrees');
}
function lockPath(commonDir: string): string {
  return path.join(labDir(commonDir), 'lock.json');
}

function checkSweepId(sweepId: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(sweepId) || sweepId.includes('..') || sweepId.endsWith('.lock') || sweepId.endsWith('.')) {
    throw new LabError(`invalid sweep id: ${JSON.stringify(sweepId)}`, 'use letters, digits, ".", "_" and "-"');
  }
}

function readLock(commonDir: string): LockFile {
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
async function updateLock<T>(commonDir: string, fn: (lock: LockFile) => T): Promise<T> {
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

function isAlive(entry: Pick<LockEntry, 'pid' | 'procStart' | 'host'>): boolean {
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

function newEntry(sweepId: string | null): LockEntry {
  return {
    pid: process.pid,
    procStart: procStartOf(process.pid)?.start ?? null,
    host: os.hostname(),
    sweepId,
    worktrees: [],
    since: new Date().toISOString(),
  };
}

function isOwn(e: LockEntry): boolean {
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

async function removeWorktreeFiles(root: string, commonDir: string, wt: string): Promise<void> {
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
function pruneLabWorktreeRecords(commonDir: string): string[] {
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

// ---------------------------------------------------------------------------------------------------------------
// Fingerprint of the user's checkout
// ---------------------------------------------------------------------------------------------------------------

/**
 * Everything the lab promises to leave alone, as labelled strings: HEAD, branch, status (with ignored and
 * untracked files), index entries, the raw index file, stash, worktrees, in-progress markers, and every file
 * under the working tree except `.git/` (content, mode, symlink target; mtimes too with `mtimes`).
 * Writes nothing. Works outside a repository too (the git parts then read "not a repository").
 */
export async function checkoutSnapshot(dir: string, options: { mtimes?: boolean } = {}): Promise<Record<string, string>> {
  const repo = await locate(dir);
  const root = repo?.root ?? path.resolve(dir);
  const snap: Record<string, string> = {};
  if (repo) {
    const ro = { readOnly: true };
    // `--branch` adds the HEAD sha ("# branch.oid", "(initial)" before the first commit) and branch ("(detached)").
    [snap.status, snap.index, snap.stash, snap.worktrees] = await Promise.all([
      git(root, ['status', '--porcelain=v2', '--branch', '--untracked-files=all', '--ignored', '-z'], ro),
      git(root, ['ls-files', '--stage', '-z'], ro),
      git(root, ['stash', 'list', '--format=%H %gd %gs'], ro),
      git(root, ['worktree', 'list', '--porcelain'], ro),
    ]);
    snap.indexFile = hashFile(path.join(repo.gitDir, 'index'));
    snap.inProgress = [...IN_PROGRESS.map((m) => m.marker), 'index.lock'].filter((m) => fs.existsSync(path.join(repo.gitDir, m))).join(',');
  } else {
    snap.git = 'not a repository';
  }
  snap.files = walkTree(root, options.mtimes ?? false).join('\n');
  return snap;
}

/** A stable digest of `checkoutSnapshot`: equal before and after anything the lab does to a checkout. */
export async function checkoutFingerprint(dir: string, options: { mtimes?: boolean } = {}): Promise<string> {
  return fingerprintOf(await checkoutSnapshot(dir, options));
}

/** The sha256 digest of a `checkoutSnapshot`. */
export function fingerprintOf(snap: Record<string, string>): string {
  const h = createHash('sha256');
  for (const key of Object.keys(snap).sort()) h.update(`${key}\0${snap[key]}\0`);
  return h.digest('hex');
}

function hashFile(file: string): string {
  try {
    return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  } catch {
    return '(none)';
  }
}

function walkTree(root: string, mtimes: boolean): string[] {
  const lines: string[] = [];
  const visit = (rel: string) => {
    const abs = path.join(root, rel);
    const entries = fs.readdirSync(abs, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const ent of entries) {
      const r = rel ? `${rel}/${ent.name}` : ent.name;
      if (r === '.git') continue;
      const st = fs.lstatSync(path.join(root, r));
      const mode = (st.mode & 0o7777).toString(8);
      const time = mtimes ? ` ${st.mtimeMs}` : '';
      if (st.isSymbolicLink()) lines.push(`l ${r} -> ${fs.readlinkSync(path.join(root, r))}`);
      else if (st.isDirectory()) {
        lines.push(`d ${r} ${mode}`);
        visit(r);
      } else if (st.isFile()) lines.push(`f ${r} ${mode} ${hashFile(path.join(root, r))}${time}`);
      else lines.push(`? ${r}`);
    }
  };
  visit('');
  return lines;
}

// ---------------------------------------------------------------------------------------------------------------
// Sharing experiment commits with queue workers (lab sweep --queue, lab worker)
// ---------------------------------------------------------------------------------------------------------------

/** The tree id of a commit (`<commit>^{tree}`); null when the commit is not in this repository. */
export async function treeOfCommit(dir: string, commit: string): Promise<string | null> {
  if (!/^[0-9a-f]{4,64}$/.test(commit)) return null;
  const { root } = await requireRepo(dir);
  const out = await tryGit(root, ['rev-parse', '-q', '--verify', `${commit}^{tree}`], { readOnly: true });
  return out === null ? null : out.trim();
}

/** The URL a remote fetches from; a LabError naming the remote when it has none. */
export async function remoteUrl(dir: string, remote: string): Promise<string> {
  const { root } = await requireRepo(dir);
  const out = await tryGit(root, ['remote', 'get-url', remote], { readOnly: true });
  if (out === null) throw new LabError(`this repository has no remote ${JSON.stringify(remote)}`, '`git remote -v` lists its remotes; --push names one of them');
  return out.trim();
}

/**
 * Pushes the experiment branches to `remote` (each ref as it is: no force, so a branch of the same name there is
 * never overwritten), for workers on other machines to fetch.
 */
export async function pushBranches(dir: string, remote: string, branches: readonly string[]): Promise<void> {
  const { root } = await requireRepo(dir);
  for (const b of branches) assertValidBranchName(b);
  try {
    await git(root, ['push', '--quiet', '--no-verify', remote, ...branches.map((b) => `refs/heads/${b}:refs/heads/${b}`)]);
  } catch (e) {
    const detail = (e instanceof Error ? e.message : String(e)).split('\n').find((l) => /error|fatal|rejected/i.test(l)) ?? '';
    throw new LabError(`cannot push the experiment branches to ${remote}: ${detail.trim()}`, 'check that the remote exists and takes pushes, or leave --push out for workers on this machine');
  }
}

/** Removes the experiment branches from `remote` (a sweep that failed before it was recorded leaves nothing there). */
export async function deleteRemoteBranches(dir: string, remote: string, branches: readonly string[]): Promise<void> {
  const { root } = await requireRepo(dir);
  if (branches.length) await git(root, ['push', '--quiet', '--no-verify', remote, ...branches.map((b) => `:refs/heads/${b}`)]);
}

/**
 * Makes `commit` available here: nothing to do when it is already; else fetches `branch` from `source` (a URL or a
 * path) without writing any ref or FETCH_HEAD (concurrent workers share this repository). Returns whether the
 * commit is here afterwards; a fetch that fails is a `false`, with git's reason.
 */
export async function fetchCommit(dir: string, source: string, branch: string, commit: string): Promise<{ ok: true } | { ok: false; why: string }> {
  const { root } = await requireRepo(dir);
  assertValidBranchName(branch);
  const present = async () => (await tryGit(root, ['cat-file', '-e', `${commit}^{commit}`], { readOnly: true })) !== null;
  if (await present()) return { ok: true };
  try {
    await git(root, ['fetch', '--quiet', '--no-tags', '--no-write-fetch-head', source, `refs/heads/${branch}`]);
  } catch (e) {
    const line = (e instanceof Error ? e.message : String(e)).split('\n').find((l) => /fatal|error/i.test(l)) ?? 'git fetch failed';
    return { ok: false, why: line.replace(/^.*?(fatal|error):\s*/i, '').trim() };
  }
  return (await present()) ? { ok: true } : { ok: false, why: `branch ${branch} there does not hold it (moved since the sweep made it?)` };
}
