/**
 * The coordinator's bookkeeping of attempts: it applies each result message to
 * results.db (the sweep's single writer) and decides which attempt at each job
 * counts. Only the first attempt to finish a job counts; the samples of every
 * other attempt (a worker killed mid-block, or one that lost its lock and was
 * overtaken) are kept as the record but superseded, out of the statistics. So
 * in the end every (block, process, variant, round) is counted exactly once,
 * however often a job was retried or a message delivered.
 */
import type { ResultsDb } from '../db/results-db.ts';
import type { ResultMessage } from './jobs.ts';
import { mean } from '../stats/descriptive.ts';

export class AttemptLedger {
  /** Job -> the attempt that counts (the first to finish). */
  private readonly counted = new Map<string, string>();
  /** Job -> attempt -> the ids of its samples in results.db. */
  private readonly samplesOf = new Map<string, Map<string, number[]>>();
  private readonly idOfKey = new Map<string, number>();
  private readonly startups = new Map<string, { startupS: number[]; loadS: number[] }>();
  /** Job -> the last failure a worker reported for it. */
  readonly failures = new Map<string, string>();

  constructor(
    private readonly db: ResultsDb,
    private readonly sweepId: string,
    readonly jobs: ReadonlySet<string>,
    private readonly say: (line: string) => void = () => undefined,
  ) {}

  apply(m: ResultMessage): void {
    if (!this.jobs.has(m.job)) return; // a job of another sweep cannot be in this stream; ignore rather than fail
    switch (m.t) {
      case 'start':
        if (!this.counted.has(m.job)) this.say(`  ${m.job}: attempt ${m.attempt} on ${m.device}`);
        return;
      case 'ready': {
        const s = this.startups.get(m.variant) ?? { startupS: [], loadS: [] };
        s.startupS.push(m.startupS);
        s.loadS.push(m.loadS);
        this.startups.set(m.variant, s);
        this.db.setVariantStartup(this.sweepId, m.variant, mean(s.startupS), mean(s.loadS));
        return;
      }
      case 'sample': {
        // An attempt that lost the race to a finished one: its samples are the record, never the statistics.
        const late = this.counted.has(m.job) && this.counted.get(m.job) !== m.attempt;
        const record = { ...m.record, superseded: Boolean(m.record.superseded) || late };
        if (m.warmup) {
          this.db.addWarmup(this.sweepId, m.variant, record);
          return;
        }
        const id = this.db.addSample(this.sweepId, m.variant, record);
        this.idOfKey.set(m.key, id);
        const byAttempt = this.samplesOf.get(m.job) ?? new Map<string, number[]>();
        this.samplesOf.set(m.job, byAttempt);
        const ids = byAttempt.get(m.attempt) ?? [];
        if (!ids.includes(id)) ids.push(id);
        byAttempt.set(m.attempt, ids);
        return;
      }
      case 'supersede': {
        const ids = m.keys.map((k) => this.idOfKey.get(k)).filter((id): id is number => id !== undefined);
        this.db.supersedeSamples(this.sweepId, ids);
        return;
      }
      case 'done': {
        if (this.counted.has(m.job)) return;
        const mine = this.samplesOf.get(m.job)?.get(m.attempt) ?? [];
        if (mine.length !== m.samples) {
          // The stream is ordered per worker, so its samples all precede its 'done': anything else is a bug.
          throw new Error(`${m.job}: attempt ${m.attempt} finished with ${m.samples} samples, but ${mine.length} reached the coordinator`);
        }
        this.counted.set(m.job, m.attempt);
        for (const [attempt, ids] of this.samplesOf.get(m.job) ?? []) if (attempt !== m.attempt) this.db.supersedeSamples(this.sweepId, ids);
        this.say(`  ${m.job}: done (${m.samples} samples, attempt ${m.attempt})`);
        return;
      }
      case 'failed':
        this.failures.set(m.job, m.message);
        this.say(`  ${m.job}: attempt ${m.attempt} failed on ${m.worker}: ${m.message}`);
        return;
    }
  }

  isCounted(job: string): boolean {
    return this.counted.has(job);
  }

  /** Whether the attempt is one this coordinator has heard of (in the stream read so far). */
  knows(job: string, attempt: string): boolean {
    return this.samplesOf.get(job)?.has(attempt) ?? false;
  }

  doneCount(): number {
    return this.counted.size;
  }

  isComplete(): boolean {
    return [...this.jobs].every((j) => this.counted.has(j));
  }
}
