/**
 * A worker runs each block from the experiment commits the sweep recorded,
 * never from whatever its own checkout holds: it gets each commit (fetching
 * its branch from the sweep's source when it is not here), checks that the
 * commit's tree is the one the sweep recorded, and makes a worktree of it.
 */
import { UnrecoverableError } from 'bullmq';
import * as git from '../git/experiment-git.ts';
import { LabError } from '../errors.ts';
import type { BlockJob } from './jobs.ts';

export interface BlockCode {
  /** Variant name -> the worktree its worker process runs from. */
  roots: Map<string, string>;
  /** Removes the worktrees (safe to call twice). */
  cleanup(): Promise<void>;
}

/**
 * Prepares every variant's code for a job. A commit that cannot be had is an ordinary failure (another worker may
 * reach the source); a tree that differs from the recorded one is unrecoverable: the job itself is wrong, and no
 * worker may measure it.
 */
export async function checkoutBlock(root: string, job: BlockJob, tag: string, sourceOverride: string | null): Promise<BlockCode> {
  const made: string[] = [];
  const cleanup = async () => {
    for (const wt of made.splice(0)) await git.removeWorktree(root, wt).catch(() => undefined);
  };
  const roots = new Map<string, string>();
  const source = sourceOverride ?? job.source;
  try {
    for (const v of job.variants) {
      if (!v.commit || !v.tree || !v.branch) throw new UnrecoverableError(`block ${job.block} names no experiment commit for ${v.name}: the code travels by git`);
      const got = source ? await git.fetchCommit(root, source, v.branch, v.commit) : { ok: false as const, why: 'the job names no source to fetch from' };
      if (!got.ok) throw new LabError(`cannot get commit ${v.commit.slice(0, 12)} of ${v.name} from ${source}: ${got.why}`, 'push the branches (lab sweep --push REMOTE) or pass lab worker --repo');
      const tree = await git.treeOfCommit(root, v.commit);
      if (tree !== v.tree) {
        throw new UnrecoverableError(`commit ${v.commit.slice(0, 12)} of ${v.name} has tree ${tree?.slice(0, 12) ?? '(none)'}, not the ${v.tree.slice(0, 12)} the sweep recorded: refusing to measure it`);
      }
      const wt = await git.addWorktree(root, v.commit, `${tag}-${v.name.replace(/[^a-zA-Z0-9._-]/g, '_')}`, { linkNodeModules: true });
      made.push(wt);
      roots.set(v.name, wt);
    }
  } catch (e) {
    await cleanup();
    throw e;
  }
  return { roots, cleanup };
}
