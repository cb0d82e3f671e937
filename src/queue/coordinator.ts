/**
 * `lab sweep --queue`: the sweep's coordinator. It makes the experiment
 * commits as a local sweep does (and pushes them with --push), records the
 * sweep, puts one job per (memory block, process) on the queue, and stays the
 * sweep's single writer: every sample the workers stream back is stored here.
 * `lab sweep --resume <id>` re-attaches to a sweep whose coordinator died,
 * from what the store and the queue hold.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { LabError } from '../errors.ts';
import { ResultsDb } from '../db/results-db.ts';
import * as git from '../git/experiment-git.ts';
import { slotChoices } from '../variants.ts';
import { captureEnvironment } from '../sweep/environment.ts';
import { SweepInterrupted } from '../sweep/interrupted.ts';
import { planMemoryBlocks } from '../sweep/memory-blocks.ts';
import type { Progress } from '../sweep/progress.ts';
import type { QueueRecord, SweepSettings } from '../sweep/result.ts';
import { assertDatabaseUsable, commitVariant, newSweepId, type SweepOutcome } from '../sweep/runner.ts';
import type { ResolvedSweep } from '../sweep/settings.ts';
import { assertReachable, type QueueAddress } from './connection.ts';
import { drive } from './drive.ts';
import { resultsStream, type BlockJob } from './jobs.ts';

export interface QueuedSweepRun {
  root: string;
  dbPath: string;
  resolved: ResolvedSweep;
  keepBranches: boolean;
  commandLine: string;
  progress: Progress;
  address: QueueAddress;
  /** --push: the remote the experiment branches go to; null: workers fetch from this repository. */
  push: string | null;
  /** The queue URL as given, for the --resume hint. */
  queueUrl: string;
}

/** What a queued sweep cannot do (yet): refused before anything is written. */
function refuseUnsupported(settings: SweepSettings): void {
  if (!settings.git) throw new LabError('--queue needs the experiment commits: the code travels to the workers by git', 'leave out --no-git');
  if (settings.untilResolved) throw new LabError('--until-resolved is not supported with --queue: its looks need every block in one place', 'give --runs instead, or sweep locally');
  if (settings.inProcess) throw new LabError('--in-process is not supported with --queue: every worker runs variants in processes of their own', 'leave out --in-process');
}

/** The jobs of a sweep: one per (memory block, process), each the baseline and the block's variants. */
export function sweepJobs(sweepId: string, settings: SweepSettings, record: QueueRecord): BlockJob[] {
  const byName = new Map(record.variants.map((v) => [v.name, v]));
  const others = settings.variants.filter((v) => v !== settings.baseline);
  const blocks = settings.gridBlocks ?? [others];
  const jobs: BlockJob[] = [];
  blocks.forEach((block, b) => {
    const names = [settings.baseline, ...block];
    for (let k = 0; k < (settings.processes ?? 1); k++) {
      jobs.push({
        sweepId,
        block: b,
        process: k,
        gridBlocks: blocks.length > 1,
        settings: { ...settings, variants: names, queue: undefined },
        variants: names.map((n) => byName.get(n)!),
        source: record.source,
        stream: resultsStream(sweepId),
      });
    }
  });
  return jobs;
}

function tfjsVersion(): string {
  try {
    return (createRequire(import.meta.url)('@tensorflow/tfjs-core/package.json') as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

export async function runQueuedSweep(run: QueuedSweepRun): Promise<SweepOutcome> {
  const { resolved, root, progress, address } = run;
  const { settings } = resolved;
  refuseUnsupported(settings);
  await assertReachable(address);
  assertDatabaseUsable(run.dbPath);
  const sweepId = newSweepId();
  const repo = await git.preflight(root);
  const source = run.push ? await git.remoteUrl(root, run.push) : repo.root;
  const branches = resolved.variants.map((v) => `lab/${sweepId}/${v.name}`);
  await git.assertBranchesFree(root, branches);
  await git.acquireSweepLock(root, sweepId);
  // Ctrl-C while the commits are made: stop between two of them, and leave nothing behind (the catch below).
  let signalled: NodeJS.Signals | null = null;
  const onSignal = (signal: NodeJS.Signals) => {
    signalled = signal;
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const stopIfSignalled = () => {
    if (signalled) throw new SweepInterrupted(`sweep ${sweepId} interrupted by ${signalled}`, 'nothing was recorded', signalled);
  };
  const made: string[] = [];
  let pushed = false;
  let sweepCreated = false;
  let db: ResultsDb | null = null;
  try {
    const record: QueueRecord = { address: address.label, source, push: run.push, variants: [] };
    for (const [i, v] of resolved.variants.entries()) {
      const commit = await commitVariant(root, sweepId, v, branches[i]!, resolved, repo, run.commandLine);
      made.push(branches[i]!);
      record.variants.push({ name: v.name, runsAs: v.runsAs ?? v.name, commit, tree: await git.treeOfCommit(root, commit), branch: branches[i]! });
      stopIfSignalled();
    }
    if (run.push) {
      await git.pushBranches(root, run.push, made);
      pushed = true;
    }
    const blocks = planMemoryBlocks(resolved.variants.slice(1), (v) => v, settings, resolved.config);
    if (blocks.length > 1) settings.gridBlocks = blocks.map((b) => b.map((v) => v.name));
    settings.queue = record;
    const environment = captureEnvironment({
      root, gitSha: repo.headSha, gitDirty: repo.dirty, sourceTree: await git.workTreeId(root), commandLine: run.commandLine,
      backend: settings.backend, device: `queue ${address.label}: each sample names its device`, tfjsVersion: tfjsVersion(),
    });
    db = ResultsDb.open(run.dbPath);
    db.createSweep({ id: sweepId, createdAt: new Date().toISOString(), environment, settings });
    sweepCreated = true;
    for (const [i, v] of resolved.variants.entries()) {
      db.addVariant(sweepId, {
        name: v.name,
        description: v.description,
        isBaseline: v.name === settings.baseline,
        slots: slotChoices(v, resolved.registry),
        commitSha: record.variants[i]!.commit,
        branch: branches[i]!,
        ...(v.values ? { params: { ...v.values } } : {}),
        pointOf: v.pointOf ?? null,
      });
    }
    stopIfSignalled();
    // From here the sweep is recorded: drive() takes over the signals (a Ctrl-C leaves it interrupted, resumable).
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    const jobs = sweepJobs(sweepId, settings, record);
    progress.info(`sweep ${sweepId}: ${resolved.variants.length} variants x ${settings.runs} runs in ${jobs.length} queued block${jobs.length === 1 ? '' : 's'} on ${address.label}${run.push ? `, branches pushed to ${run.push}` : ''}`);
    const outcome = await drive({ ...run, db, sweepId, jobs, fresh: true });
    return { ...outcome, branches: record.variants.map((v) => ({ variant: v.name, branch: v.branch, commit: v.commit })) };
  } catch (e) {
    if (!sweepCreated) {
      // Nothing recorded: nothing may be left behind, here or on the remote.
      if (pushed && run.push) await git.deleteRemoteBranches(root, run.push, made).catch(() => undefined);
      await git.deleteBranches(root, made).catch(() => undefined);
    }
    throw e;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    db?.close();
    await git.releaseSweepLock(root, sweepId).catch(() => undefined);
  }
}

export interface ResumeRun {
  dbPath: string;
  sweepId: string;
  address: QueueAddress;
  queueUrl: string;
  progress: Progress;
  keepBranches: boolean;
  root: string;
}

/** `lab sweep --resume <id> --queue URL`: picks up a queued sweep from the store and its queue. */
export async function resumeQueuedSweep(run: ResumeRun): Promise<SweepOutcome> {
  await assertReachable(run.address);
  if (!fs.existsSync(run.dbPath)) throw new LabError(`no results database ${run.dbPath} to resume sweep ${run.sweepId} from`, 'pass the --db the sweep was recorded in');
  const db = ResultsDb.open(run.dbPath);
  try {
    const stored = db.getSweep(run.sweepId);
    const record = stored.settings.queue;
    if (!record) throw new LabError(`sweep ${run.sweepId} was not a queued sweep`, 'only a sweep run with --queue can be resumed');
    if (stored.status === 'completed') throw new LabError(`sweep ${run.sweepId} is already completed`, `lab report ${run.sweepId} shows it`);
    // Crash recovery (before every command) marks a sweep whose coordinator died interrupted: one still running has a live one.
    if (stored.status === 'running') throw new LabError(`sweep ${run.sweepId} is still running: its coordinator is alive`, 'stop it first (Ctrl-C; its workers carry on), then resume');
    const jobs = sweepJobs(run.sweepId, stored.settings, record);
    db.reopenSweep(run.sweepId);
    run.progress.info(`sweep ${run.sweepId}: resuming ${jobs.length} queued block${jobs.length === 1 ? '' : 's'} on ${run.address.label}`);
    const outcome = await drive({ ...run, push: record.push, db, jobs, fresh: false });
    return { ...outcome, branches: record.variants.map((v) => ({ variant: v.name, branch: v.branch, commit: v.commit })) };
  } finally {
    db.close();
  }
}
