/**
 * Remotes: sharing experiment commits with queue workers (lab sweep --queue, lab worker): pushing and deleting
 * the experiment branches on a remote, fetching a commit, the tree of a commit.
 */
import { LabError } from '../errors.ts';
import { assertValidBranchName } from './preflight.ts';
import { requireRepo } from './repo.ts';
import { git, tryGit } from './run.ts';

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
