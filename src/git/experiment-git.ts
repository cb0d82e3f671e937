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
 *
 * This file is the module's façade: the code lives in the modules below, one per concern, and every symbol the lab
 * uses is re-exported here, so callers import `src/git/experiment-git.ts` only.
 *   run.ts         running git (the environment, simple-git), the bottom: imports nothing of the lab's
 *   types.ts       the public types
 *   repo.ts        locating the repository, in-progress markers
 *   preflight.ts   preflight, branch-name checks
 *   commits.ts     experiment commits and branches; the commit on the user's branch (lab baseline)
 *   sweep-lock.ts  the lock file and the sweep lock
 *   worktrees.ts   worktrees of experiment commits
 *   recovery.ts    crash recovery
 *   snapshot.ts    the checkout's snapshot and fingerprint
 *   remote.ts      pushing and fetching experiment commits (queue workers)
 */
export type { ExperimentCommit, LockEntry, RepoState } from './types.ts';
export { assertBranchesFree, preflight } from './preflight.ts';
export {
  commitExperiment,
  commitFileOnBranch,
  commitsWithTree,
  deleteBranches,
  listExperimentBranches,
  readCommittedFile,
  workTreeId,
  workTreeRoot,
} from './commits.ts';
export { acquireSweepLock, releaseSweepLock } from './sweep-lock.ts';
export { addWorktree, removeWorktree } from './worktrees.ts';
export { recoverLeftovers } from './recovery.ts';
export { checkoutFingerprint, checkoutSnapshot, fingerprintOf } from './snapshot.ts';
export { deleteRemoteBranches, fetchCommit, pushBranches, remoteUrl, treeOfCommit } from './remote.ts';
