/**
 * The worker's side of the single-writer rule: the measure loop writes its
 * samples here as it would to results.db, and each one goes at once into the
 * sweep's results stream, keyed, for the coordinator to store.
 */
import type { SampleRecord } from '../db/results-db.ts';
import type { SampleStore } from '../sweep/measure-loop.ts';
import { sampleKey, type ResultMessage } from './jobs.ts';

export interface AttemptTag {
  job: string;
  attempt: string;
  block: number;
  process: number;
  device: string;
}

export class StreamingSink implements SampleStore {
  /** Local sample id (what the loop's re-runs supersede by) -> its key. */
  private readonly keys: string[] = [];
  /** Samples of one (variant, round) so far in this attempt: a re-run under foreign load is the next index. */
  private readonly seen = new Map<string, number>();
  samples = 0;
  warmups = 0;

  constructor(
    private readonly tag: AttemptTag,
    private readonly publish: (message: ResultMessage) => void,
  ) {}

  addSample(_sweepId: string, variant: string, record: SampleRecord): number {
    const key = this.keyOf(variant, record.round, false);
    this.send(variant, key, false, record);
    this.samples++;
    return this.keys.push(key) - 1;
  }

  addWarmup(_sweepId: string, variant: string, record: SampleRecord): void {
    this.send(variant, this.keyOf(variant, record.round, true), true, record);
    this.warmups++;
  }

  supersedeSamples(_sweepId: string, ids: readonly number[]): void {
    const keys = ids.map((id) => this.keys[id]);
    if (keys.some((k) => k === undefined)) throw new Error(`StreamingSink: supersede of a sample id this attempt never gave out (${ids.join(', ')})`);
    this.publish({ t: 'supersede', job: this.tag.job, attempt: this.tag.attempt, keys: keys as string[] });
  }

  getSweep(): never {
    // Only --until-resolved's looks read the sweep back, and `lab sweep --queue` refuses --until-resolved.
    throw new Error('a queued block cannot read the sweep back: --until-resolved is not supported with --queue');
  }

  updateSettings(): never {
    throw new Error('a queued block cannot change the sweep settings: --until-resolved is not supported with --queue');
  }

  private keyOf(variant: string, round: number, warmup: boolean): string {
    const which = `${warmup ? 'w' : 'r'}${round}.${variant}`;
    const index = this.seen.get(which) ?? 0;
    this.seen.set(which, index + 1);
    return sampleKey({ block: this.tag.block, process: this.tag.process, attempt: this.tag.attempt, variant, round, index, warmup });
  }

  private send(variant: string, key: string, warmup: boolean, record: SampleRecord): void {
    this.publish({
      t: 'sample',
      job: this.tag.job,
      attempt: this.tag.attempt,
      variant,
      key,
      warmup,
      record: { ...record, device: this.tag.device, sampleKey: key },
    });
  }
}
