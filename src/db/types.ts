/** The records ResultsDb stores and hands back, the same over SQLite and PostgreSQL. */
import type { Environment, SweepSettings, SweepStatus } from '../sweep/result.ts';
import type { ProfileResult } from '../profile/types.ts';

export interface SampleRecord {
  round: number;
  prefillS: number;
  generationS: number;
  totalS: number;
  prefillTokensPerS: number;
  generationTokensPerS: number;
  peakMemoryBytes: number;
  harnessS: number;
  commitSha: string | null;
  /** The variant's worker process (0, 1, ...) that measured it; null in sweeps recorded before processes were. */
  process: number | null;
  /** The paired block it was measured in (its baseline partner shares it); null when unpaired or recorded before pairing. */
  block?: number | null;
  /** CPU seconds other processes took on the machine while it ran, and as average busy cores; null where unknown. */
  foreignCpuS?: number | null;
  foreignLoad?: number | null;
  /** Measured under foreign load above the sweep's threshold. */
  loadFlagged?: boolean;
  /** Replaced by a re-run of its block (it was flagged, or its partner was): kept as a record, left out of the statistics. */
  superseded?: boolean;
  /** A grid too big for the device at once runs in blocks, each with baseline samples of its own; null for one block. */
  gridBlock?: number | null;
  /** The device it ran on, when a sweep spreads over devices (lab worker); null: the sweep environment's device. */
  device?: string | null;
  /**
   * Names the sample within its sweep (e.g. block, attempt, process, round, index): a sample delivered twice
   * (a queue's at-least-once delivery) lands once. Null: not keyed.
   */
  sampleKey?: string | null;
}

export interface VariantRecord {
  name: string;
  description: string;
  isBaseline: boolean;
  slots: Record<string, string>;
  commitSha: string | null;
  branch: string | null;
  /** Every parameter's value it ran at; absent (or empty) for a variant without parameters. */
  params?: Record<string, number | string | boolean>;
  /** A preset or grid point: the parametrized variant it is a setting of. */
  pointOf?: string | null;
}

export interface SweepRow {
  id: string;
  createdAt: string;
  finishedAt: string | null;
  status: SweepStatus;
  baseline: string;
  settings: SweepSettings;
  environment: Environment;
}

export interface StoredSweep extends SweepRow {
  variants: (VariantRecord & { id: number; startupS: number | null; loadS: number | null })[];
  samples: (SampleRecord & { variant: string; recordedAt: string })[];
  warmups: (SampleRecord & { variant: string })[];
}

/** One `lab profile` run as stored in `profiles`. */
export interface ProfileRecord {
  variant: string;
  slots: Record<string, string>;
  model: string;
  backend: string;
  device: string;
  promptLen: number;
  genLen: number;
  environment: Environment;
  result: ProfileResult;
}

export interface StoredProfile extends ProfileRecord {
  id: number;
  createdAt: string;
}

export interface BaselineEntry {
  promotedAt: string;
  variant: string;
  slots: Record<string, string>;
  sourceSweepId: string | null;
  reset: boolean;
}

export interface OpenOptions {
  /** Open for reading only: never creates, migrates or writes. */
  readonly?: boolean;
  /** Clock for recorded_at / finished_at / promoted_at / applied_at; for tests. */
  now?: () => Date;
}
