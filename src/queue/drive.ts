/**
 * The coordinator's wait, for a new sweep and a resumed one alike: enqueue the
 * jobs (again: their ids make that a no-op for those Redis still holds), read
 * the results stream into the store until every job counts, then finish the
 * sweep and clear its jobs and stream from Redis.
 */
import { Queue } from 'bullmq';
import type { ResultsDb } from '../db/results-db.ts';
import * as git from '../git/experiment-git.ts';
import { SweepInterrupted } from '../sweep/interrupted.ts';
import type { Progress } from '../sweep/progress.ts';
import { harnessCost, type SweepOutcome } from '../sweep/runner.ts';
import { buildSweepResult } from '../sweep/summarize.ts';
import { connect, redisOptions, type QueueAddress } from './connection.ts';
import { consumeResults, watchConnection } from './consume.ts';
import { BLOCK_QUEUE, jobId, resultsStream, type BlockJob } from './jobs.ts';
import { AttemptLedger } from './ledger.ts';
import { queueTimings } from './timings.ts';

export interface Drive {
  root: string;
  db: ResultsDb;
  sweepId: string;
  jobs: BlockJob[];
  address: QueueAddress;
  queueUrl: string;
  progress: Progress;
  keepBranches: boolean;
  push: string | null;
  /** false: --resume (re-read the stream, retry failed jobs, supersede what the stream no longer vouches for). */
  fresh: boolean;
}

/** Enqueues the jobs, then waits for every one to count; returns the finished sweep's summary. */
export async function drive(d: Drive): Promise<Omit<SweepOutcome, 'branches'>> {
  const { db, sweepId, progress } = d;
  const queue = new Queue<BlockJob>(BLOCK_QUEUE, { connection: redisOptions(d.address) });
  queue.on('error', () => undefined); // reconnects by itself; consumeResults says when Redis is away
  const reader = connect(d.address);
  watchConnection(reader, d.address.label, (line) => progress.info(line));
  const stream = resultsStream(sweepId);
  const resumeHint = `lab sweep --resume ${sweepId} --queue ${d.queueUrl}`;
  let interrupted: NodeJS.Signals | null = null;
  const onSignal = (signal: NodeJS.Signals) => {
    interrupted = signal;
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const stopIfInterrupted = () => {
    if (interrupted) throw new SweepInterrupted(`sweep ${sweepId} interrupted by ${interrupted}`, `its workers carry on; ${resumeHint} picks it up`, interrupted);
  };
  const ledger = new AttemptLedger(db, sweepId, new Set(d.jobs.map((j) => jobId(sweepId, j.block, j.process))), (line) => progress.info(line));
  let finished = false;
  try {
    const common = { reader, queue, stream, ledger, address: d.address.label, sweepId, resumeHint, stopIfInterrupted, say: (l: string) => progress.info(l) };
    if (!d.fresh) {
      await consumeResults({ ...common, untilDrained: true });
      supersedeUnvouched(db, sweepId, ledger);
    }
    const t = queueTimings();
    await queue.addBulk(d.jobs.map((j) => ({ name: 'block', data: j, opts: { jobId: jobId(sweepId, j.block, j.process), attempts: t.attempts, removeOnComplete: false, removeOnFail: false } })));
    if (!d.fresh) {
      for (const id of ledger.jobs) {
        const job = await queue.getJob(id);
        if (!ledger.isCounted(id) && job && (await job.getState()) === 'failed') await job.retry('failed');
      }
    }
    await consumeResults(common);
    db.finishSweep(sweepId, 'completed');
    finished = true;
    progress.done();
    await removeJobs(queue, [...ledger.jobs]);
    await reader.del(stream);
    if (!d.keepBranches) {
      const branches = db.getSweep(sweepId).variants.map((v) => v.branch).filter((b): b is string => b !== null);
      if (d.push) await git.deleteRemoteBranches(d.root, d.push, branches).catch(() => undefined);
      await git.deleteBranches(d.root, branches).catch(() => undefined);
    }
    const stored = db.getSweep(sweepId);
    return { sweepId, result: buildSweepResult(stored), harness: harnessCost(stored) };
  } catch (e) {
    progress.done();
    if (!finished) db.finishSweep(sweepId, interrupted ? 'interrupted' : 'failed');
    throw e;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    reader.disconnect();
    await queue.close().catch(() => undefined);
  }
}

/**
 * --resume after Redis lost its data: samples in the store whose attempt the stream no longer mentions cannot be
 * told counted from dead, so they are superseded (kept as the record) and their blocks measured afresh.
 */
function supersedeUnvouched(db: ResultsDb, sweepId: string, ledger: AttemptLedger): void {
  const stale: number[] = [];
  for (const s of db.getSweep(sweepId).samples) {
    const m = s.sampleKey ? /^b(\d+)\.p(\d+)\.a([^.]+)\./.exec(s.sampleKey) : null;
    if (!m || s.superseded) continue;
    const job = jobId(sweepId, Number(m[1]), Number(m[2]));
    // Adding a keyed sample again stores nothing and returns the stored one's id (migration 8's sample keys).
    if (!ledger.knows(job, m[3]!)) stale.push(db.addSample(sweepId, s.variant, s));
  }
  if (stale.length) db.supersedeSamples(sweepId, stale);
}

/**
 * The sweep is in the store: its jobs and stream have served their purpose. A worker sends its 'done' before it
 * tells BullMQ the job is complete, and a job still locked by its worker cannot be removed: wait for that (a few
 * seconds at most), then remove each job; one that will not go is left to BullMQ's own housekeeping.
 */
async function removeJobs(queue: Queue, ids: string[]): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (const id of ids) {
    for (;;) {
      const job = await queue.getJob(id);
      if (!job) break;
      const state = await job.getState();
      if (state === 'completed' || state === 'failed' || Date.now() > deadline) {
        await job.remove().catch(() => undefined);
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
