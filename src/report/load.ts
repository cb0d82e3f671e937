import { LabError } from '../errors.ts';
import type { ResultsDb } from '../db/results-db.ts';
import { buildSweepResult, samplesByVariant, type JudgeOptions } from '../sweep/summarize.ts';
import { bestOfGrids } from './best.ts';
import { baselineLabel } from './common.ts';
import type { HistoryEntry, ReportInput } from './report-input.ts';
import type { SweepResult } from '../sweep/result.ts';

/** The sweep a report is about: the one named, or the latest. */
export function pickSweepId(db: ResultsDb, requested: string | undefined): string {
  if (requested) return requested;
  const latest = db.latestSweepId();
  if (!latest) throw new LabError(`no sweeps in ${db.path}`, 'run lab sweep first');
  return latest;
}

/** What a report adds on request. */
export interface ReportExtras {
  /** Each grid's best point against its defaults (lab report --best); throws a LabError for a sweep without grids or points. */
  best?: boolean;
}

/**
 * Everything a report renders: the sweep's result (judged as `judge` says, else as it was run), its raw samples,
 * its variants' history across earlier sweeps, and the `extras` asked for.
 */
export function loadReportInput(db: ResultsDb, sweepId: string, judge: JudgeOptions = {}, extras: ReportExtras = {}): ReportInput {
  const stored = db.getSweep(sweepId);
  const result = withCalibration(db, buildSweepResult(stored, judge));
  const names = new Set(stored.variants.map((v) => v.name));
  const history: HistoryEntry[] = [];
  for (const row of [...db.listSweeps()].reverse()) {
    if (row.createdAt > stored.createdAt) continue;
    const earlier = row.id === stored.id ? result : buildSweepResult(db.getSweep(row.id));
    for (const v of earlier.variants) {
      if (!names.has(v.name) || v.n === 0) continue;
      history.push({ sweepId: row.id, createdAt: row.createdAt, baseline: baselineLabel(earlier), variant: v.name, totalMean: v.total.mean, totalStd: v.total.std });
    }
  }
  return { result, samples: samplesByVariant(stored), history, ...(extras.best ? { best: bestOfGrids(stored, result) } : {}) };
}

/** The result with the latest calibration of the machine and backend it ran on, named in its notes. */
function withCalibration(db: ResultsDb, result: SweepResult): SweepResult {
  const env = result.sweep.environment;
  if (!env.hostname) return result;
  const c = db.latestCalibration(env.hostname, env.backend, env.device);
  if (!c) return result;
  const line =
    `calibration ${c.id} of this machine (${c.machine}, ${c.backend}, ${c.createdAt.slice(0, 16).replace('T', ' ')} UTC): ` +
    `${c.falseVerdicts} false verdict${c.falseVerdicts === 1 ? '' : 's'} in ${c.sweeps} A/A sweeps (95% CI ${(c.rateCiLow * 100).toFixed(1)}-${(c.rateCiHigh * 100).toFixed(1)}%), ` +
    `pair noise ${c.noisePct.toFixed(2)}%${c.resolvablePct !== null ? `, resolves ${c.resolvablePct.toFixed(2)}% at the default runs` : ''}`;
  return {
    ...result,
    notes: [...result.notes, line],
    calibration: {
      id: c.id, createdAt: c.createdAt, sweeps: c.sweeps, falseVerdicts: c.falseVerdicts, falseVerdictRate: c.falseVerdictRate,
      ciLow: c.rateCiLow, ciHigh: c.rateCiHigh, noisePct: c.noisePct, resolvablePct: c.resolvablePct, resolvableBudgetPct: c.resolvableBudgetPct,
    },
  };
}
