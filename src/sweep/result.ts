/**
 * The stable JSON schema of a sweep's result: what `lab sweep --json` prints as
 * its last line and what `lab report --format json` prints. Fields are only
 * ever added, never renamed or removed. Its parts: the per-metric summaries,
 * deltas and verdicts (result-metrics.ts), the environment and settings
 * (result-settings.ts); every name is importable from here.
 */
import type { DeltaSummary, DeviceDelta, Metric, MetricSummary, PooledDelta, Verdict } from './result-metrics.ts';
import type { Environment, SweepSettings } from './result-settings.ts';

export { CORRECTIONS, METRICS, STATS, isCorrection, isStat } from './result-metrics.ts';
export type { ComparisonMethod, Correction, DeltaSummary, DeviceDelta, Metric, MetricSummary, PooledDelta, ProcessEffect, Stat, Verdict } from './result-metrics.ts';
export { workerLayout } from './result-settings.ts';
export type { Environment, QueueRecord, SweepSettings, TuneRecord, UntilResolved } from './result-settings.ts';

export type SweepStatus = 'running' | 'completed' | 'interrupted' | 'failed';

export interface VariantResult {
  name: string;
  /** Slot name -> implementation name. */
  slots: Record<string, string>;
  /** The experiment commit its samples ran from, or null (--no-git). */
  commit: string | null;
  n: number;
  prefill: MetricSummary;
  generation: MetricSummary;
  total: MetricSummary;
  /** Absent on the baseline's own entry. */
  delta?: Record<Metric, DeltaSummary>;
  /** About total; absent on the baseline's own entry. */
  verdict?: Verdict;
  /**
   * --until-resolved: the look whose total settled the verdict (or the last look reached), the pairs it
   * used, and the alpha that look spent (src/stats/sequential.ts).
   */
  sequential?: { runs: number; look: number; looks: number; alpha: number; resolved: boolean };
  /** Every parameter's value it ran at (a parametrized variant, its presets and grid points); absent otherwise. */
  params?: Record<string, number | string | boolean>;
  /** A preset or grid point: the parametrized variant it is a setting of. */
  pointOf?: string;
  /** A grid run in memory blocks: the block whose baseline samples it is compared with. */
  gridBlock?: number;
  /**
   * Only in a sweep whose samples span several devices: each device's Δ per metric (against that device's
   * baseline samples), and per metric their random-effects pool, which `delta` and the verdict then are.
   */
  devices?: DeviceDelta[];
  pooled?: PooledDelta[];
}

export interface FactorialEffectResult {
  /** A change's name, or `a×b` for the interaction of two. */
  term: string;
  kind: 'main' | 'interaction';
  metric: Metric;
  pct: number;
  ciLow: number;
  ciHigh: number;
  p: number;
  /** Rounds that measured every combination. */
  rounds: number;
}

export interface BaselineOrigin {
  promotedFrom: string | null;
  /** Slot name -> implementation name, only where it differs from the seed's. */
  changedSlots: Record<string, string>;
}

export interface SweepResult {
  sweep: {
    id: string;
    createdAt: string;
    status: SweepStatus;
    environment: Environment;
    settings: SweepSettings;
  };
  baseline: string;
  /**
   * Set when the baseline entry ran with other slot choices than the seed's
   * (after `lab baseline promote`): the variant it was promoted from (null when
   * unknown) and the slots where it differs from the seed's baseline.
   */
  baselineOrigin?: BaselineOrigin;
  variants: VariantResult[];
  /** What the result lacks and why (e.g. an interrupted sweep whose baseline has no samples). */
  notes: string[];
  /** A --factorial sweep's main effects and two-way interactions per metric, on log time (src/stats/factorial.ts). */
  effects?: FactorialEffectResult[];
  /**
   * The latest `lab calibrate` of the machine and backend the sweep ran on (reports add it; the sweep's own
   * JSON has none): its A/A false-verdict rate with its 95% CI, the pair noise and the smallest change resolved.
   */
  calibration?: {
    id: number;
    createdAt: string;
    sweeps: number;
    falseVerdicts: number;
    falseVerdictRate: number;
    ciLow: number;
    ciHigh: number;
    noisePct: number;
    resolvablePct: number | null;
    resolvableBudgetPct: number | null;
  };
}
