/**
 * What every report format renders from: a sweep's stable result plus the raw
 * samples and earlier sweeps' summaries that only some formats use.
 */
import type { Metric, SweepResult } from '../sweep/result.ts';
import type { GridBest } from './best.ts';

export interface ReportInput {
  result: SweepResult;
  /** Raw samples in seconds per variant, for distributions (html) and CSV. */
  samples: Record<string, { prefill: number[]; generation: number[]; total: number[] }>;
  /** Earlier sweeps' summaries of the same variants, oldest first, for history charts (may be empty). */
  history: HistoryEntry[];
  /** lab report --best: each grid's best point against its defaults (src/report/best.ts); absent unless asked for. */
  best?: GridBest[];
}

export interface HistoryEntry {
  sweepId: string;
  createdAt: string;
  baseline: string;
  variant: string;
  totalMean: number;
  totalStd: number;
}

export interface RenderOptions {
  color: boolean;
  /** `delta`: by Δ of `metric`, fastest first; `name`: alphabetical; `run`: as stored. The baseline always comes first. */
  sort: 'delta' | 'name' | 'run';
  /** Which Δ comes first in tables, is sorted by, and whose CI/verdict the table and forest plot show. */
  metric: Metric;
  /** The terminal table with every column, nothing shortened (lab report --wide); the other formats always have every column. */
  wide?: boolean;
  /** The columns the terminal table fits (default: DEFAULT_TABLE_WIDTH). */
  width?: number;
}

export const DEFAULT_RENDER_OPTIONS: RenderOptions = { color: false, sort: 'run', metric: 'total' };
