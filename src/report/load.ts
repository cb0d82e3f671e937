import { LabError } from '../errors.ts';
import type { ResultsDb } from '../db/results-db.ts';
import { buildSweepResult, samplesByVariant, type JudgeOptions } from '../sweep/summarize.ts';
import { baselineLabel } from './common.ts';
import type { HistoryEntry, ReportInput } from './report-input.ts';

/** The sweep a report is about: the one named, or the latest. */
export function pickSweepId(db: ResultsDb, requested: string | undefined): string {
  if (requested) return requested;
  const latest = db.latestSweepId();
  if (!latest) throw new LabError(`no sweeps in ${db.path}`, 'run lab sweep first');
  return latest;
}

/**
 * Everything a report renders: the sweep's result (judged as `judge` says, else as it was run), its raw samples,
 * and its variants' history across earlier sweeps.
 */
export function loadReportInput(db: ResultsDb, sweepId: string, judge: JudgeOptions = {}): ReportInput {
  const stored = db.getSweep(sweepId);
  const result = buildSweepResult(stored, judge);
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
  return { result, samples: samplesByVariant(stored), history };
}
