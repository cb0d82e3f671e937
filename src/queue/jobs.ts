/**
 * What travels through Redis: a job is one block of a sweep measured in one
 * process on one device (the baseline and a share of the variants, rounds
 * interleaved as in a local sweep); a result message is one event of one
 * attempt at a job, in the sweep's results stream.
 */
import type { SampleRecord } from '../db/results-db.ts';
import type { SweepSettings } from '../sweep/result.ts';

/** The BullMQ queue every worker takes blocks from. */
export const BLOCK_QUEUE = 'lab-blocks';

/** The Redis stream a sweep's workers append their results to, read by its coordinator. */
export function resultsStream(sweepId: string): string {
  return `lab:results:${sweepId}`;
}

export interface JobVariant {
  name: string;
  /** What the worker process runs (a preset or grid point runs as its parametrized variant). */
  runsAs: string;
  /** Its experiment commit and that commit's tree, as the sweep recorded them; null with --no-git. */
  commit: string | null;
  tree: string | null;
  branch: string | null;
}

export interface BlockJob {
  sweepId: string;
  /** Memory block (0-based) and process (0-based, of settings.processes) this job measures. */
  block: number;
  process: number;
  /** Whether the sweep has several memory blocks: its samples then carry their grid block. */
  gridBlocks: boolean;
  /** The sweep's settings with `variants` this block's (baseline first). */
  settings: SweepSettings;
  variants: JobVariant[];
  /** Where a worker fetches the experiment branches from (a remote's URL, or the coordinator's repository); null with --no-git. */
  source: string | null;
  /** The results stream of the sweep. */
  stream: string;
}

/** BullMQ job ids: one per (sweep, block, process), so that enqueueing a sweep again (--resume) adds nothing twice. */
export function jobId(sweepId: string, block: number, process: number): string {
  return `${sweepId}.b${block}.p${process}`;
}

/**
 * The key a sample is stored under: a sample delivered twice (the stream read again after --resume) lands once,
 * and the attempt in it tells a dead attempt's samples from the counted one's.
 */
export function sampleKey(parts: { block: number; process: number; attempt: string; variant: string; round: number; index: number; warmup: boolean }): string {
  return `b${parts.block}.p${parts.process}.a${parts.attempt}.${parts.variant}.${parts.warmup ? 'w' : 'r'}${parts.round}.i${parts.index}`;
}

export type ResultMessage =
  | { t: 'start'; job: string; attempt: string; worker: string; device: string }
  | { t: 'ready'; job: string; attempt: string; variant: string; startupS: number; loadS: number; device: string }
  | { t: 'sample'; job: string; attempt: string; variant: string; key: string; warmup: boolean; record: SampleRecord }
  | { t: 'supersede'; job: string; attempt: string; keys: string[] }
  | { t: 'done'; job: string; attempt: string; samples: number; warmups: number }
  | { t: 'failed'; job: string; attempt: string; worker: string; message: string };
