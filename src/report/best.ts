/**
 * lab report --best: for each grid of a sweep, the point with the lowest total
 * time, and how much faster it is than the variant at its defaults. The
 * choice uses the result's own Δ total against the baseline; the comparison
 * with the defaults is new, so it is computed here from the two variants'
 * stored samples: the unpaired Hodges-Lehmann shift of log time with the
 * rank-sum test (the two were never measured next to each other), or, when
 * the sweep spread its runs over worker processes, one estimate per process
 * and Student's t over them (processes as the unit, as the sweep's own
 * comparisons do). In a sweep over several devices, that comparison on each
 * device alone, pooled by random effects (as the sweep's own deltas are,
 * src/sweep/judge-devices.ts). Pure given the stored sweep and its result.
 */
import type { StoredSweep } from '../db/results-db.ts';
import { LabError } from '../errors.ts';
import { logDifferences, normalQuantile, processLevelShift, randomEffects, rankSumShift, shiftPct, type LogShift, type Study } from '../stats.ts';
import { countedSamples, METRIC_OF_SAMPLE } from '../sweep/judge.ts';
import { deviceOf, devicesOf } from '../sweep/judge-devices.ts';
import type { SweepResult, VariantResult } from '../sweep/result.ts';
import { isNum, pText, signed } from './common.ts';
import { pointSuffix, type ParamValue } from './params.ts';
import { summarizeTune } from '../tune/summary.ts';

/** The confidence level of the comparison with the defaults. */
const ALPHA = 0.05;

export interface GridBest {
  /** The grid variant: a key of settings.grid, or the parametrized variant a group of points is a setting of. */
  variant: string;
  /** Its points with a Δ against the baseline, the defaults aside. */
  points: number;
  /** The point (or the defaults) with the lowest Δ total against the sweep's baseline. */
  best: string;
  params: Record<string, ParamValue>;
  /** That Δ total %, as the sweep's result judged it (0 for the baseline itself). */
  vsBaselinePct: number;
  /** The variant at its defaults (named `variant`), or null when the sweep has no samples of it. */
  defaults: string | null;
  /** The best point's Δ total against the defaults; null when it is the defaults or either side has too few samples. */
  vsDefaults: {
    pct: number;
    ciLow: number;
    ciHigh: number;
    p: number;
    /**
     * 'hodges-lehmann' (unpaired rank-sum), 'process-t' (one estimate per worker process), 'random-effects'
     * (pooled over devices), or, on a lab tune sweep, the method of the tune's own last comparison.
     */
    method: LogShift['method'] | 'random-effects' | string;
    /** Samples of the best point and of the defaults. */
    n: { best: number; defaults: number };
  } | null;
  /** What the reader should know about vsDefaults: why it is missing, or that it spans memory blocks. */
  note?: string;
}

interface GridGroup {
  variant: string;
  members: VariantResult[];
}

/** The sweep's grids: settings.grid's variants with their points; without a grid, the points and presets of each parametrized variant. */
function gridGroups(result: SweepResult): GridGroup[] {
  const grid = result.sweep.settings.grid;
  if (grid && Object.keys(grid).length > 0) {
    return Object.keys(grid).map((variant) => ({ variant, members: result.variants.filter((v) => v.name === variant || pointSuffix(v.name, variant) !== undefined) }));
  }
  const owners: string[] = [];
  for (const v of result.variants) if (v.pointOf && !owners.includes(v.pointOf)) owners.push(v.pointOf);
  return owners.map((variant) => ({ variant, members: result.variants.filter((v) => v.name === variant || v.pointOf === variant) }));
}

/** A member's Δ total % against the baseline: the baseline's own is 0 by definition. */
function pctVsBaseline(result: SweepResult, v: VariantResult): number | undefined {
  if (v.name === result.baseline) return v.n > 0 ? 0 : undefined;
  const pct = v.delta?.total?.pct;
  return isNum(pct) ? pct : undefined;
}

/** Log shift of `candidate`'s total against `reference`'s: per process when the runs were spread over processes. */
function totalShift(reference: StoredSweep['samples'], candidate: StoredSweep['samples'], perProcess: boolean): LogShift {
  const total = METRIC_OF_SAMPLE.total;
  if (perProcess) {
    const processes = [...new Set(reference.map((s) => s.process))].filter((p) => p !== null && candidate.some((s) => s.process === p));
    const estimates = processes.map((p) => logDifferences(reference.filter((s) => s.process === p).map(total), candidate.filter((s) => s.process === p).map(total)).estimate);
    if (estimates.length >= 2) return processLevelShift(estimates, ALPHA);
  }
  return rankSumShift(reference.map(total), candidate.map(total), ALPHA);
}

type Shift = Omit<LogShift, 'method' | 'n'> & { method: LogShift['method'] | 'random-effects' };

/**
 * The shift in a sweep over several devices: per device where both sides have 2 samples, pooled (one device: its
 * own); null when no device has. Each device's variance is the one its CI implies, as in judge-devices.ts.
 */
function shiftOverDevices(stored: StoredSweep, ref: StoredSweep['samples'], own: StoredSweep['samples'], perProcess: boolean): Shift | null {
  const env = stored.environment.device;
  const shifts = devicesOf([...ref, ...own], env).flatMap((device) => {
    const r = ref.filter((s) => deviceOf(s, env) === device);
    const c = own.filter((s) => deviceOf(s, env) === device);
    return r.length >= 2 && c.length >= 2 ? [totalShift(r, c, perProcess)] : [];
  });
  if (shifts.length <= 1) return shifts[0] ?? null;
  const z = normalQuantile(1 - ALPHA / 2);
  const studies: Study[] = shifts.map((x) => ({ estimate: x.estimate, variance: Math.max((x.high - x.low) / (2 * z), 1e-6) ** 2 }));
  const pooled = randomEffects(studies, { alpha: ALPHA });
  return { estimate: pooled.estimate, low: pooled.ciLow, high: pooled.ciHigh, p: pooled.p, method: 'random-effects' };
}

function compareWithDefaults(stored: StoredSweep, best: VariantResult, defaults: VariantResult): Pick<GridBest, 'vsDefaults' | 'note'> {
  const counted = countedSamples(stored);
  const own = counted.filter((s) => s.variant === best.name);
  const ref = counted.filter((s) => s.variant === defaults.name);
  if (own.length < 2 || ref.length < 2) {
    return { vsDefaults: null, note: `too few samples to compare with its defaults (${own.length} and ${ref.length}; 2 a side needed)` };
  }
  const perProcess = (stored.settings.processes ?? 1) > 1;
  const overDevices = devicesOf(counted, stored.environment.device).length >= 2;
  const shift: Shift | null = overDevices ? shiftOverDevices(stored, ref, own, perProcess) : totalShift(ref, own, perProcess);
  if (!shift) return { vsDefaults: null, note: 'no device measured both it and its defaults twice: samples of different devices are not compared' };
  const vsDefaults = { pct: shiftPct(shift.estimate), ciLow: shiftPct(shift.low), ciHigh: shiftPct(shift.high), p: shift.p, method: shift.method, n: { best: own.length, defaults: ref.length } };
  const blocks = [best.gridBlock, defaults.gridBlock];
  if (blocks.every((b) => b !== undefined) && blocks[0] !== blocks[1]) {
    return { vsDefaults, note: `measured in memory blocks ${blocks[0]} and ${blocks[1]}: the comparison spans the time between them` };
  }
  return { vsDefaults };
}

/**
 * Each grid's best point against its defaults. Throws a LabError when the
 * sweep has no grid and no points, or no point has a Δ against the baseline.
 */
export function bestOfGrids(stored: StoredSweep, result: SweepResult): GridBest[] {
  const groups = gridGroups(result).filter((g) => g.members.length > 0);
  if (groups.length === 0) {
    throw new LabError(`sweep ${result.sweep.id} has no grid and no points of a parametrized variant: --best has nothing to choose from`, 'run a grid, e.g. lab sweep wgsl-recorded-step --param keysPerSplit=8,16,32');
  }
  const out: GridBest[] = [];
  for (const g of groups) {
    const scored = g.members.map((v) => ({ v, pct: pctVsBaseline(result, v) })).filter((s): s is { v: VariantResult; pct: number } => s.pct !== undefined);
    if (scored.length === 0) continue;
    // Ties keep the run order: the first point measured wins.
    const winner = scored.reduce((a, b) => (b.pct < a.pct ? b : a));
    const defaults = g.members.find((v) => v.name === g.variant && v.n > 0);
    const points = scored.filter((s) => s.v.name !== g.variant).length;
    if (stored.settings.tune?.variant === g.variant && defaults) {
      out.push(tuneBest(stored, result, g.variant, points));
      continue;
    }
    const entry: GridBest = { variant: g.variant, points, best: winner.v.name, params: winner.v.params ?? {}, vsBaselinePct: winner.pct, defaults: defaults?.name ?? null, vsDefaults: null };
    if (!defaults) entry.note = 'its defaults were not measured';
    else if (defaults !== winner.v) Object.assign(entry, compareWithDefaults(stored, winner.v, defaults));
    out.push(entry);
  }
  if (out.length === 0) {
    throw new LabError(`no point of ${groups.map((g) => g.variant).join(', ')} has a Δ against the baseline ${result.baseline}`, 'the baseline needs at least 2 samples; lab report shows what is missing');
  }
  return out;
}

/**
 * A lab tune sweep's best point is the search's own answer (its survivors judged on every sample, compared with
 * the defaults as the search compares), so that lab tune, lab report --best and lab show never disagree.
 */
function tuneBest(stored: StoredSweep, result: SweepResult, variant: string, points: number): GridBest {
  const t = summarizeTune(stored);
  const best = t.best.name;
  const d = t.vsDefaults;
  const counted = countedSamples(stored);
  const n = (name: string) => counted.filter((s) => s.variant === name).length;
  const winner = result.variants.find((v) => v.name === best);
  const vsBaselinePct = (winner && pctVsBaseline(result, winner)) ?? NaN;
  return {
    variant,
    points,
    best,
    params: t.best.params,
    vsBaselinePct,
    defaults: variant,
    vsDefaults: best === variant ? null : { pct: d.pct, ciLow: d.ciLow, ciHigh: d.ciHigh, p: d.p, method: d.method ?? 'welch', n: { best: n(best), defaults: n(variant) } },
    note: 'the tune search\'s best',
  };
}

/**
 * `best of wgsl-recorded-step (12 points): @keysPerSplit=8,tiling=paired, -3.10% [-3.80, -2.40] vs its defaults
 * (p=0.002); -5.16% vs the baseline`.
 */
export function bestLine(b: GridBest): string {
  const name = b.best === b.variant ? 'its defaults' : pointSuffix(b.best, b.variant) ?? b.best;
  const head = `best of ${b.variant} (${b.points} point${b.points === 1 ? '' : 's'}): ${name}`;
  const vsBaseline = `${signed(b.vsBaselinePct, 2)}% vs the baseline`;
  const note = b.note ? ` (${b.note})` : '';
  if (!b.vsDefaults) return `${head}, ${vsBaseline}${note}`;
  const d = b.vsDefaults;
  return `${head}, ${signed(d.pct, 2)}% [${signed(d.ciLow, 2)}, ${signed(d.ciHigh, 2)}] vs its defaults (p=${pText(d.p)}); ${vsBaseline}${note}`;
}
