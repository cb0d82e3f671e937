/**
 * The public types of the git module: the state of the user's checkout, an experiment commit, and the entries of
 * the lab's lock file. Kept apart so that every other module of src/git can use them without importing each other.
 */

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

export interface LockFile {
  version: 1;
  entries: LockEntry[];
}
