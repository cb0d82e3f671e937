/**
 * lab tune <variant> --param ...: the grid measured as a sweep (workers,
 * paired rounds, the database) whose looks after the first measure only the
 * points still in the race (halving.ts), until one is left, the rest are
 * within the noise threshold of it, or the budget ends.
 */
import { ResultsDb } from '../db/results-db.ts';
import { LabError } from '../errors.ts';
import { alphaPerLook } from '../stats/sequential.ts';
import type { Progress } from '../sweep/progress.ts';
import { runSweep } from '../sweep/runner.ts';
import { measuringKindOf, resolveSweep, type SweepRequest } from '../sweep/settings.ts';
import { defaultRuns } from '../sweep/defaults.ts';
import type { Variant } from '../variants.ts';
import { halve } from './halving.ts';
import { summarizeTune, type TuneSummary } from './summary.ts';

export interface TuneRun {
  root: string;
  dbPath: string;
  registry: readonly Variant[];
  variant: string;
  /** --param flags. */
  params: string[];
  /** The rest of the sweep's settings (runs: the first look's). */
  request: Omit<SweepRequest, 'variants' | 'params' | 'untilResolved'>;
  keepBranches: boolean;
  commandLine: string;
  progress: Progress;
  noWait: boolean;
}

/** Without a budget, the search may take each point this many times its first look's runs. */
const DEFAULT_RUNS_FACTOR = 4;

export async function runTune(run: TuneRun): Promise<TuneSummary> {
  if (run.params.length === 0) {
    const first = Object.entries(run.registry.find((v) => v.name === run.variant)?.params ?? {})[0];
    const example = first ? `--param ${first[0]}=${first[1].values.slice(0, 3).join(',')}` : '--param name=v1,v2';
    throw new LabError('lab tune needs a grid to search: --param name=v1,v2,...', `e.g. lab tune ${run.variant} ${example}`);
  }
  const measuring = run.request.measuring ?? (await measuringKindOf(run.request, run.root));
  const firstRuns = run.request.runs ?? defaultRuns(measuring);
  const budgeted = run.request.maxRuns !== undefined || run.request.maxTime !== undefined;
  const resolved = resolveSweep(
    { ...run.request, measuring, variants: [run.variant], params: run.params, untilResolved: true, ...(budgeted ? {} : { maxRuns: firstRuns * DEFAULT_RUNS_FACTOR }) },
    run.registry,
    run.root,
  );
  if (resolved.variants[1]?.name !== run.variant && resolved.variants.some((v) => v.name === run.variant)) {
    throw new LabError(`--baseline ${run.variant} is the variant being tuned`, 'measure the grid against another baseline, e.g. --baseline baseline');
  }
  if (resolved.variants.length < 3) throw new LabError(`the grid of ${run.variant} is its defaults alone: there is nothing to search`, 'give a parameter a value other than its default');
  const { settings } = resolved;
  const tune = { variant: resolved.variants[1]!.name, budgetS: settings.untilResolved?.maxTimeS ?? null, rungs: [] as { runs: number; points: string[] }[], dropped: [] as { point: string; rung: number }[] };
  settings.purpose = 'tune';
  settings.tune = tune;
  let racing = resolved.variants.slice(1).map((v) => v.name);
  const outcome = await runSweep({
    root: run.root,
    dbPath: run.dbPath,
    resolved,
    keepBranches: run.keepBranches,
    commandLine: run.commandLine,
    progress: run.progress,
    noWait: run.noWait,
    nextActive: (stored, completed, looks) => {
      const alpha = alphaPerLook(looks, 0.05)[completed]!;
      const decision = halve(stored.samples, racing, { stat: settings.stat ?? 'robust', alpha, noiseThresholdPct: settings.noiseThresholdPct });
      tune.rungs.push({ runs: looks[completed]!, points: [...racing] });
      for (const d of decision.dropped) tune.dropped.push({ point: d.point, rung: completed });
      if (decision.dropped.length) run.progress.info(`  dropped (significantly slower than ${decision.best}): ${decision.dropped.map((d) => `${d.point} ${d.vsBest.pct >= 0 ? '+' : ''}${d.vsBest.pct.toFixed(1)}%`).join(', ')}`);
      racing = decision.keep;
      if (racing.length <= 1) return { active: [], why: 'points in the race' };
      if (decision.settled) {
        run.progress.info(`  the ${racing.length} points left are within ${settings.noiseThresholdPct}% of ${decision.best}: stopping`);
        return { active: [], why: 'points in the race' };
      }
      return { active: racing, why: 'points in the race' };
    },
  });
  const db = ResultsDb.open(run.dbPath);
  try {
    const stored = db.getSweep(outcome.sweepId);
    // The rung the search ended on (the budget, one point left, or all within the threshold), stored with the rest.
    const runsNow = Math.min(...racing.map((p) => stored.samples.filter((s) => s.variant === p && !s.superseded).length));
    if (tune.rungs.at(-1)?.runs !== runsNow) tune.rungs.push({ runs: runsNow, points: [...racing] });
    db.updateSettings(outcome.sweepId, { ...stored.settings, tune });
    return summarizeTune(db.getSweep(outcome.sweepId));
  } finally {
    db.close();
  }
}
