/**
 * The coordinator's wait: reads the sweep's results stream from the start
 * (every message is idempotent: keyed samples land once), applies each to the
 * ledger, and every second looks at the jobs not yet counted, so that a job
 * that failed for good, or vanished with a Redis that lost its data, stops
 * the sweep with one line instead of a wait without end.
 */
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { LabError } from '../errors.ts';
import type { AttemptLedger } from './ledger.ts';
import type { ResultMessage } from './jobs.ts';

export interface ConsumeOptions {
  reader: Redis;
  queue: Queue;
  stream: string;
  ledger: AttemptLedger;
  address: string;
  sweepId: string;
  resumeHint: string;
  /** Checked between reads: throws to stop (Ctrl-C). */
  stopIfInterrupted: () => void;
  say: (line: string) => void;
  /** Stop once the stream has been read to its end (--resume's first pass), rather than when every job counts. */
  untilDrained?: boolean;
}

/** Reads until every job counts (or, untilDrained, until the stream is read to its end). */
export async function consumeResults(o: ConsumeOptions): Promise<void> {
  let last = '0';
  let lastCheck = 0;
  for (;;) {
    o.stopIfInterrupted();
    if (!o.untilDrained && o.ledger.isComplete()) return;
    const reply = (await o.reader.xread('COUNT', 500, 'BLOCK', o.untilDrained ? 1 : 1000, 'STREAMS', o.stream, last)) as [string, [string, string[]][]][] | null;
    let read = 0;
    for (const [, entries] of reply ?? []) {
      for (const [id, fields] of entries) {
        last = id;
        read++;
        const body = fields[fields.indexOf('m') + 1];
        if (body !== undefined) o.ledger.apply(JSON.parse(body) as ResultMessage);
      }
    }
    if (o.untilDrained && read === 0) return;
    if (Date.now() - lastCheck >= 1000) {
      lastCheck = Date.now();
      await checkJobs(o);
    }
  }
}

/** Says once when Redis stops answering and once when it is back: ioredis reconnects, and every command waits for it. */
export function watchConnection(reader: Redis, address: string, say: (line: string) => void): void {
  let downSince: number | null = null;
  reader.on('error', (e: Error) => {
    if (downSince === null) {
      downSince = Date.now();
      say(`  Redis at ${address} does not answer (${e.message.split('\n')[0]}); waiting for it to come back`);
    }
  });
  reader.on('ready', () => {
    if (downSince !== null) say(`  Redis at ${address} is back after ${((Date.now() - downSince) / 1000).toFixed(1)} s; the sweep goes on`);
    downSince = null;
  });
}

async function checkJobs(o: ConsumeOptions): Promise<void> {
  for (const id of o.ledger.jobs) {
    if (o.ledger.isCounted(id)) continue;
    const job = await o.queue.getJob(id);
    if (!job) {
      throw new LabError(`Redis at ${o.address} lost job ${id} of sweep ${o.sweepId} (restarted without its data?)`, `${o.resumeHint} queues the lost blocks again`);
    }
    const state = await job.getState();
    if (state === 'failed') {
      const why = o.ledger.failures.get(id) ?? job.failedReason ?? 'no reason given';
      throw new LabError(`block ${id} failed on every attempt: ${why}`, `${o.resumeHint} retries it once the cause is fixed`);
    }
    // 'completed' while its 'done' is not read yet: the stream will bring it; anything else is waiting or running.
  }
}
