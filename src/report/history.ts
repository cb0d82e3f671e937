/**
 * `lab history`: one metric across sweeps, oldest first. Every number comes
 * from each sweep's own SweepResult (buildSweepResult): the Δ% and verdict are
 * against the baseline *that sweep* ran with, which after `lab baseline
 * promote` is not the seed's, so every row says which baseline it was.
 */
import Table from 'cli-table3';
import { slotsText } from '../baseline/origin.ts';
import type { ResultsDb } from '../db/results-db.ts';
import { LabError } from '../errors.ts';
import type { Metric, SweepResult, SweepStatus, Verdict } from '../sweep/result.ts';
import { buildSweepResult } from '../sweep/summarize.ts';
import { fixed, isNum, pText, signed } from './common.ts';

/** The baseline a sweep compared against. */
export interface SweepBaseline {
  /** The baseline variant's name in that sweep. */
  name: string;
  /** The variant it was promoted from; null for the seed's baseline or when unknown. */
  promotedFrom: string | null;
  /** Where it differs from the seed's baseline (empty: the seed's). */
  changedSlots: Record<string, string>;
}

export interface MetricHistoryRow {
  sweepId: string;
  createdAt: string;
  status: SweepStatus;
  baseline: SweepBaseline;
  variant: string;
  isBaseline: boolean;
  n: number;
  /** Seconds; null without samples (std: with fewer than 2). */
  mean: number | null;
  std: number | null;
  /** Against that sweep's baseline; null on the baseline's own row and where no delta could be computed. */
  deltaPct: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  p: number | null;
  verdict: Verdict | null;
}

export interface MetricHistory {
  metric: Metric;
  /** The variant asked for; null: every variant. */
  variant: string | null;
  rows: MetricHistoryRow[];
}

function num(x: number | null | undefined): number | null {
  return isNum(x) ? x : null;
}

export function sweepBaseline(result: SweepResult): SweepBaseline {
  return {
    name: result.baseline,
    promotedFrom: result.baselineOrigin?.promotedFrom ?? null,
    changedSlots: result.baselineOrigin?.changedSlots ?? {},
  };
}

/** `baseline`, or `baseline (= batched-attention: attentionCore=batched)` for a promoted one. */
export function sweepBaselineText(b: SweepBaseline): string {
  const changed = slotsText(b.changedSlots);
  if (!changed || b.name !== 'baseline') return b.name;
  return b.promotedFrom ? `${b.name} (= ${b.promotedFrom}: ${changed})` : `${b.name} (= ${changed})`;
}

function rowsOf(result: SweepResult, metric: Metric): MetricHistoryRow[] {
  const baseline = sweepBaseline(result);
  return result.variants.map((v) => {
    const isBaseline = v.name === result.baseline;
    const s = v[metric];
    const d = isBaseline ? undefined : v.delta?.[metric];
    return {
      sweepId: result.sweep.id,
      createdAt: result.sweep.createdAt,
      status: result.sweep.status,
      baseline,
      variant: v.name,
      isBaseline,
      n: v.n,
      mean: v.n > 0 ? num(s.mean) : null,
      std: v.n > 1 ? num(s.std) : null,
      deltaPct: num(d?.pct),
      ciLow: num(d?.ciLow),
      ciHigh: num(d?.ciHigh),
      p: num(d?.p),
      verdict: d?.verdict ?? null,
    };
  });
}

/**
 * `metric` of `variant` (or of every variant) in every sweep of the database
 * that measured it, oldest sweep first. LabError for an empty database and for
 * a variant no sweep recorded a sample of.
 */
export function metricHistory(db: ResultsDb, options: { variant?: string; metric: Metric }): MetricHistory {
  const sweeps = [...db.listSweeps()].reverse();
  if (sweeps.length === 0) throw new LabError(`no sweeps in ${db.path}`, 'run lab sweep first');
  const all: MetricHistoryRow[] = [];
  for (const row of sweeps) all.push(...rowsOf(buildSweepResult(db.getSweep(row.id)), options.metric));
  if (options.variant === undefined) return { metric: options.metric, variant: null, rows: all };
  const rows = all.filter((r) => r.variant === options.variant && r.n > 0);
  if (rows.length === 0) {
    const measured = [...new Set(all.filter((r) => r.n > 0).map((r) => r.variant))].sort();
    throw new LabError(
      `variant ${options.variant} was never measured in ${db.path}`,
      measured.length ? `measured variants: ${measured.join(', ')}` : 'no variant has samples yet: run lab sweep',
    );
  }
  return { metric: options.metric, variant: options.variant, rows };
}

function dateText(iso: string): string {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(iso) ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : iso;
}

function verdictText(r: MetricHistoryRow): string {
  if (r.isBaseline) return 'baseline';
  if (r.n === 0) return 'no samples';
  return r.verdict ?? 'no delta';
}

/** The history as a plain-text table (UTC dates), with a line naming the metric. */
export function renderMetricHistory(history: MetricHistory): string {
  const perVariant = history.variant === null;
  const head = ['Sweep', 'Date (UTC)', 'Baseline', ...(perVariant ? ['Variant'] : []), 'n', `${history.metric} (s)`, `Δ ${history.metric} %`, '95% CI Δ %', 'p', 'Verdict'];
  const table = new Table({
    head,
    style: { head: [], border: [] },
    colAligns: head.map((h) => (['n', `${history.metric} (s)`, `Δ ${history.metric} %`, '95% CI Δ %', 'p'].includes(h) ? 'right' : 'left')),
  });
  for (const r of history.rows) {
    const sweep = r.status === 'completed' ? r.sweepId : `${r.sweepId} (${r.status})`;
    const mean = r.mean === null ? '—' : `${fixed(r.mean)} ± ${fixed(r.std)}`;
    const ci = r.ciLow === null || r.ciHigh === null ? '—' : `[${signed(r.ciLow, 2)}, ${signed(r.ciHigh, 2)}]`;
    table.push([
      sweep,
      dateText(r.createdAt),
      sweepBaselineText(r.baseline),
      ...(perVariant ? [r.variant] : []),
      String(r.n),
      mean,
      r.isBaseline ? '' : signed(r.deltaPct, 2),
      r.isBaseline ? '' : ci,
      r.isBaseline ? '' : pText(r.p),
      verdictText(r),
    ]);
  }
  const what = history.variant === null ? 'every variant' : history.variant;
  return `${what}: ${history.metric} time per sweep, oldest first; Δ against the baseline each sweep ran with\n${table.toString()}\n`;
}
