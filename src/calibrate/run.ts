/**
 * `lab calibrate`: K A/A sweeps of the baseline against an identical copy on
 * this machine and backend. Each is a real sweep (workers, paired rounds,
 * foreign load, the lock), stored in results.db as a calibration sweep; the
 * share of them that call the copy faster or slower is the machine's
 * empirical false-verdict rate, which should be at most alpha.
 */
import os from 'node:os';
import { ResultsDb } from '../db/results-db.ts';
import { median } from '../stats/descriptive.ts';
import { clopperPearson } from '../stats/proportion.ts';
import { logRatios, robustScale } from '../stats/robust.ts';
import { pairsOf, countedSamples } from '../sweep/judge.ts';
import type { Progress } from '../sweep/progress.ts';
import { runSweep } from '../sweep/runner.ts';
import { measuringKindOf, resolveSweep, type SweepRequest } from '../sweep/settings.ts';
import { AA_COPY_NAME, type Variant } from '../variants.ts';
import { resolvableAtBudgetPct, resolvablePct } from './resolvable.ts';

export interface CalibrationRun {
  root: string;
  dbPath: string;
  registry: readonly Variant[];
  request: SweepRequest;
  sweeps: number;
  /** The --until-resolved budget the resolvable change is given for. */
  maxRuns: number;
  commandLine: string;
  progress: Progress;
  noWait: boolean;
}

export interface CalibrationSweep {
  sweepId: string;
  pct: number;
  ciLow: number;
  ciHigh: number;
  p: number;
  verdict: string;
  /** Robust scale of the sweep's paired log ratios of total time, percent. */
  noisePct: number;
  /** Samples its foreign-load check flagged. */
  flagged: number;
}

export interface CalibrationResult {
  machine: string;
  backend: string;
  device: string;
  model: string;
  runs: number;
  stat: string;
  sweeps: number;
  falseVerdicts: number;
  falseVerdictRate: number;
  /** 95% Clopper-Pearson interval of the rate. */
  ciLow: number;
  ciHigh: number;
  /** The median over the sweeps of the paired log ratios' robust scale, percent: the noise a pair sees. */
  noisePct: number;
  /** The smallest change resolved with 80% power at the default runs, and at the --until-resolved budget. */
  resolvable: { runs: number; pct: number };
  resolvableAtBudget: { maxRuns: number; pct: number };
  perSweep: CalibrationSweep[];
  sweepIds: string[];
  id?: number;
}

export async function runCalibration(run: CalibrationRun): Promise<CalibrationResult> {
  const perSweep: CalibrationSweep[] = [];
  let backend = '';
  let device = '';
  const request: SweepRequest = { ...run.request, measuring: run.request.measuring ?? (await measuringKindOf(run.request, run.root)) };
  const resolvedFirst = resolveSweep({ ...request, aaCopy: true, git: false }, run.registry, run.root);
  const settings = resolvedFirst.settings;
  for (let i = 0; i < run.sweeps; i++) {
    // Another seed each time: another round order (and weights), so the sweeps are independent draws.
    const resolved = resolveSweep({ ...request, seed: (request.seed ?? settings.seed) + i, aaCopy: true, git: false }, run.registry, run.root);
    const outcome = await runSweep({ root: run.root, dbPath: run.dbPath, resolved, keepBranches: false, commandLine: run.commandLine, progress: run.progress, noWait: run.noWait });
    const copy = outcome.result.variants.find((v) => v.name === AA_COPY_NAME)!;
    const d = copy.delta!.total;
    const db = ResultsDb.open(run.dbPath, { readonly: true });
    const stored = db.getSweep(outcome.sweepId);
    db.close();
    const counted = countedSamples(stored);
    const pairs = pairsOf(counted, settings.baseline, AA_COPY_NAME);
    const noise = robustScale(logRatios(pairs.map((p) => p.baseline.totalS), pairs.map((p) => p.candidate.totalS)));
    backend = outcome.result.sweep.environment.backend;
    device = outcome.result.sweep.environment.device;
    perSweep.push({ sweepId: outcome.sweepId, pct: d.pct, ciLow: d.ciLow, ciHigh: d.ciHigh, p: d.p, verdict: d.verdict, noisePct: Math.expm1(noise) * 100, flagged: stored.samples.filter((s) => s.loadFlagged).length });
    run.progress.info(`A/A sweep ${i + 1}/${run.sweeps} (${outcome.sweepId}): Δ total ${d.pct.toFixed(2)}% [${d.ciLow.toFixed(2)}, ${d.ciHigh.toFixed(2)}], p=${d.p.toPrecision(2)}, ${d.verdict}`);
  }
  const falseVerdicts = perSweep.filter((s) => s.verdict !== 'no significant change').length;
  const ci = clopperPearson(falseVerdicts, run.sweeps);
  const noisePct = median(perSweep.map((s) => s.noisePct));
  const sigma = Math.log1p(noisePct / 100);
  const result: CalibrationResult = {
    machine: os.hostname(),
    backend,
    device,
    model: settings.model,
    runs: settings.runs,
    stat: settings.stat ?? 'robust',
    sweeps: run.sweeps,
    falseVerdicts,
    falseVerdictRate: falseVerdicts / run.sweeps,
    ciLow: ci.low,
    ciHigh: ci.high,
    noisePct,
    resolvable: { runs: settings.runs, pct: resolvablePct(sigma, settings.runs, 0.05, settings.noiseThresholdPct) },
    resolvableAtBudget: { maxRuns: run.maxRuns, pct: resolvableAtBudgetPct(sigma, settings.runs, run.maxRuns, 0.05, settings.noiseThresholdPct) },
    perSweep,
    sweepIds: perSweep.map((s) => s.sweepId),
  };
  const db = ResultsDb.open(run.dbPath);
  try {
    result.id = db.addCalibration({
      machine: result.machine, backend, device, model: result.model, sweeps: result.sweeps, falseVerdicts, falseVerdictRate: result.falseVerdictRate,
      rateCiLow: ci.low, rateCiHigh: ci.high, noisePct, resolvablePct: result.resolvable.pct, resolvableBudgetPct: result.resolvableAtBudget.pct,
      sweepIds: result.sweepIds, result,
    });
  } finally {
    db.close();
  }
  return result;
}

/** The calibration in one line, as reports name it. */
export function calibrationLine(c: Pick<CalibrationResult, 'falseVerdicts' | 'sweeps' | 'ciLow' | 'ciHigh' | 'noisePct' | 'resolvable' | 'resolvableAtBudget' | 'backend' | 'machine'> & { createdAt?: string }): string {
  const when = c.createdAt ? ` of ${c.createdAt.slice(0, 16).replace('T', ' ')} UTC` : '';
  return (
    `calibration${when} (${c.machine}, ${c.backend}): ${c.falseVerdicts} false verdict${c.falseVerdicts === 1 ? '' : 's'} in ${c.sweeps} A/A sweeps ` +
    `(95% CI ${(c.ciLow * 100).toFixed(1)}-${(c.ciHigh * 100).toFixed(1)}%), pair noise ${c.noisePct.toFixed(2)}%, ` +
    `resolves ${c.resolvable.pct.toFixed(2)}% at n=${c.resolvable.runs} and ${c.resolvableAtBudget.pct.toFixed(2)}% within --max-runs ${c.resolvableAtBudget.maxRuns}`
  );
}
