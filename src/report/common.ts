/**
 * What the tabular formats (table, md, html) share: number formatting, the
 * variant order, the column model and the footnotes. Every number shown comes
 * straight from the SweepResult; nothing here does statistics.
 */
import { slotsText } from '../baseline-origin.ts';
import { isPerformedByExecution } from '../model/slots.ts';
import { METRICS } from '../sweep/result.ts';
import type { DeltaSummary, Metric, MetricSummary, SweepResult, VariantResult, Verdict } from '../sweep/result.ts';
import type { RenderOptions } from './report-input.ts';

/** A finite number, or false for null / NaN / Infinity (JSON turns NaN into null). */
export function isNum(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

/** `0.277`; an em dash for a missing number. */
export function fixed(x: number | null | undefined, digits = 3): string {
  return isNum(x) ? normalizeZero(x.toFixed(digits)) : '—';
}

/** `+0.006`, `-5.16`; zero (after rounding) has no sign. */
export function signed(x: number | null | undefined, digits: number): string {
  if (!isNum(x)) return '—';
  const s = normalizeZero(x.toFixed(digits));
  return Number(s) > 0 ? `+${s}` : s;
}

function normalizeZero(s: string): string {
  return Number(s) === 0 ? s.replace(/^-/, '') : s;
}

/** `0.277 ± 0.006` (seconds, as the seed writes them). */
export function meanStd(m: MetricSummary | undefined): string {
  if (!m || !isNum(m.mean)) return '—';
  return `${fixed(m.mean)} ± ${fixed(m.std)}`;
}

/** `[-6.10, -4.22]`: the 95% CI of a Δ %. */
export function ciText(d: DeltaSummary | undefined): string {
  if (!d || !isNum(d.ciLow) || !isNum(d.ciHigh)) return '—';
  return `[${signed(d.ciLow, 2)}, ${signed(d.ciHigh, 2)}]`;
}

/** `0.0012`, `0.31`, `<0.0001`. */
export function pText(p: number | null | undefined): string {
  if (!isNum(p)) return '—';
  if (p < 0.0001) return '<0.0001';
  return String(Number(p.toPrecision(2)));
}

/** `p=0.012`, or with a correction the p the verdict was judged on: `p=0.036 (Holm; unadjusted 0.012)`. */
export function pClause(d: { p: number; pAdjusted?: number } | undefined): string {
  if (!d) return 'p=—';
  if (!isNum(d.pAdjusted)) return `p=${pText(d.p)}`;
  return `p=${pText(d.pAdjusted)} (Holm; unadjusted ${pText(d.p)})`;
}

/** `-0.045 s (-5.16%)` */
export function deltaText(d: DeltaSummary | undefined): string {
  if (!d || !isNum(d.abs)) return '—';
  return `${signed(d.abs, 3)} s (${signed(d.pct, 2)}%)`;
}

export const METRIC_LABEL: Record<Metric, string> = { prefill: 'Prefill', generation: 'Generation', total: 'Total' };

/**
 * The baseline's name, with what it stands for when it is not the seed's:
 * `baseline (= batched-attention)`, or the changed slots when the variant it
 * was promoted from is unknown.
 */
export function baselineLabel(result: SweepResult): string {
  const origin = result.baselineOrigin;
  if (!origin) return result.baseline;
  return `${result.baseline} (= ${origin.promotedFrom ?? slotsText(origin.changedSlots)})`;
}

/** The baseline's first table cell: `prefill-scan (baseline)`, or `baseline (= batched-attention)` for a promoted one. */
function baselineCellText(result: SweepResult): string {
  return result.baselineOrigin ? baselineLabel(result) : `${result.baseline} (baseline)`;
}

/** The baseline's own entry when it has samples, else undefined. */
export function baselineEntry(result: SweepResult): VariantResult | undefined {
  const b = result.variants.find((v) => v.name === result.baseline);
  return b && b.n > 0 ? b : undefined;
}

/** The variants other than the baseline, in `options.sort` order. */
export function orderedVariants(result: SweepResult, options: Pick<RenderOptions, 'sort' | 'metric'>): VariantResult[] {
  const rest = result.variants.filter((v) => v.name !== result.baseline);
  if (options.sort === 'name') {
    return [...rest].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
  if (options.sort === 'delta') {
    const key = (v: VariantResult): number => {
      const pct = v.delta?.[options.metric]?.pct;
      return isNum(pct) ? pct : Number.POSITIVE_INFINITY;
    };
    // Array.prototype.sort is stable: equal keys keep run order.
    return [...rest].sort((a, b) => {
      const ka = key(a);
      const kb = key(b);
      return ka === kb ? 0 : ka < kb ? -1 : 1;
    });
  }
  return rest;
}

/** The verdict about `metric`: the variant's own (about total) or its delta's. */
export function verdictOf(v: VariantResult, metric: Metric = 'total'): Verdict | undefined {
  if (metric === 'total') return v.verdict ?? v.delta?.total?.verdict;
  return v.delta?.[metric]?.verdict;
}

/** total first, then generation, prefill; with `metric` moved to the front. */
export function deltaMetricOrder(metric: Metric): Metric[] {
  const base: Metric[] = ['total', 'generation', 'prefill'];
  return [metric, ...base.filter((m) => m !== metric)];
}

export interface TableCell {
  text: string;
  /** Colours the cell: faster green, slower red, no significant change dim. */
  verdict?: Verdict;
  /** The reason, when the metric is flagged noisy (the cell gets a marker). */
  noisy?: string;
  numeric?: boolean;
}

export interface TableRow {
  name: string;
  isBaseline: boolean;
  variant: VariantResult | undefined;
  cells: TableCell[];
}

export interface Footnote {
  /** `*` for noisy metrics, `-` for runs-to-resolve hints, `!` for missing data. */
  marker: '*' | '-' | '!';
  text: string;
}

export interface TableModel {
  headers: string[];
  rows: TableRow[];
  footnotes: Footnote[];
}

export const NOISY_MARKER = '*';

/** The table every tabular format draws: baseline first, then the variants in order. */
export function buildTableModel(result: SweepResult, options: Pick<RenderOptions, 'sort' | 'metric'>): TableModel {
  const metric = options.metric;
  const [first, ...others] = deltaMetricOrder(metric);
  // A robust comparison shows the means' Δ% beside its own, so that a tail that moves the means is visible.
  const showMeans = result.variants.some((v) => v.delta?.[first!]?.method !== undefined && !String(v.delta[first!].method).startsWith('welch'));
  const headers = [
    'Variant',
    'Prefill (s)',
    'Generation (s)',
    'Total (s)',
    `Δ ${first!} (s)`,
    `Δ ${first!} %`,
    ...(showMeans ? [`Δ ${first!} % of means`] : []),
    ...others.map((m) => `Δ ${m} %`),
    `95% CI Δ ${first!} %`,
    metric === 'total' ? 'Verdict' : `Verdict (${metric})`,
  ];

  const footnotes: Footnote[] = [];
  const base = baselineEntry(result);
  const rows: TableRow[] = [];

  const summaryCells = (v: VariantResult | undefined): TableCell[] =>
    METRICS.map((m) => {
      const s = v?.[m];
      const cell: TableCell = { text: meanStd(s), numeric: true };
      if (s?.noisy) cell.noisy = s.noisy;
      return cell;
    });

  const noisyFootnotes = (v: VariantResult): void => {
    for (const m of METRICS) {
      const reason = v[m]?.noisy;
      if (reason) footnotes.push({ marker: '*', text: `${v.name} ${m} is noisy: ${reason}` });
    }
  };

  const empty = (n: number): TableCell[] => Array.from({ length: n }, () => ({ text: '', numeric: true }));

  if (base) {
    rows.push({ name: base.name, isBaseline: true, variant: base, cells: [{ text: baselineCellText(result) }, ...summaryCells(base), ...empty(showMeans ? 6 : 5), { text: 'baseline' }] });
    noisyFootnotes(base);
  } else {
    rows.push({
      name: result.baseline,
      isBaseline: true,
      variant: undefined,
      cells: [{ text: baselineCellText(result) }, ...summaryCells(undefined), ...empty(showMeans ? 6 : 5), { text: 'no samples' }],
    });
    // A note from the sweep that already explains the missing baseline replaces ours.
    if (!notesOf(result).some((n) => n.includes(result.baseline))) {
      footnotes.push({ marker: '!', text: `baseline ${result.baseline} has no samples: deltas cannot be computed` });
    }
  }
  for (const note of notesOf(result)) footnotes.push({ marker: '!', text: note });

  for (const v of orderedVariants(result, options)) {
    const d = v.delta;
    const df = d?.[first!];
    const verdict = verdictOf(v, metric);
    const cells: TableCell[] = [
      { text: v.name },
      ...summaryCells(v),
      { text: signed(df?.abs, 3), verdict: df?.verdict, numeric: true },
      { text: signed(df?.pct, 2), verdict: df?.verdict, numeric: true },
      ...(showMeans ? [{ text: signed(df?.meanPct, 2), numeric: true }] : []),
      ...others.map((m): TableCell => ({ text: signed(d?.[m]?.pct, 2), verdict: d?.[m]?.verdict, numeric: true })),
      { text: ciText(df), verdict: df?.verdict, numeric: true },
      { text: verdict ?? (v.n > 0 ? 'no delta' : 'no samples'), verdict },
    ];
    rows.push({ name: v.name, isBaseline: false, variant: v, cells });
    noisyFootnotes(v);
    if (v.n === 0) footnotes.push({ marker: '!', text: `${v.name} has no samples` });
  }

  for (const v of orderedVariants(result, options)) {
    const seq = v.sequential;
    if (seq) {
      const how = seq.resolved ? `resolved at look ${seq.look} of ${seq.looks}` : `unresolved at look ${seq.look} of ${seq.looks} (the budget ended)`;
      footnotes.push({ marker: '-', text: `${v.name}: ${how}, after ${seq.runs} runs (that look's alpha ${pText(seq.alpha)})` });
    }
  }
  for (const v of orderedVariants(result, options)) {
    const df = v.delta?.[first!];
    if (verdictOf(v, metric) === 'no significant change' && df?.resolved) {
      footnotes.push({ marker: '-', text: `${v.name}: no change beyond ±${result.sweep.settings.noiseThresholdPct}% (its CI ${ciText(df)} lies inside the noise threshold)` });
    } else if (verdictOf(v, metric) === 'no significant change' && df && isNum(df.runsToResolve) && !v.sequential) {
      const what = first === 'total' ? 'a Δ' : `a Δ ${first}`;
      footnotes.push({ marker: '-', text: `${v.name}: ~${df.runsToResolve} runs would resolve ${what} of ${signed(df.pct, 2)}%` });
    }
  }

  return { headers, rows, footnotes };
}

/**
 * Slot name -> implementation, for the slots where `v` differs from `base`.
 * A slot both executions perform themselves (`in X` on either side) follows
 * the execution's change, which is listed already.
 */
export function changedSlots(v: VariantResult, base: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [slot, impl] of Object.entries(v.slots ?? {})) {
    const baseImpl = base[slot];
    if (baseImpl === impl || (baseImpl !== undefined && isPerformedByExecution(baseImpl) && isPerformedByExecution(impl))) continue;
    out[slot] = impl;
  }
  return out;
}

/** The result's notes (absent in results written before the field existed). */
export function notesOf(result: SweepResult): string[] {
  return Array.isArray(result.notes) ? result.notes.filter((n) => typeof n === 'string' && n.length > 0) : [];
}

/** A factorial sweep's effects on `metric` as table rows: term, kind, Δ%, CI, p (empty without effects). */
export function effectRows(result: SweepResult, metric: Metric): { headers: string[]; rows: string[][] } {
  const effects = (result.effects ?? []).filter((e) => e.metric === metric);
  return {
    headers: ['Effect', 'Kind', `Δ ${metric} %`, `95% CI Δ ${metric} %`, 'p', 'Rounds'],
    rows: effects.map((e) => [e.term, e.kind, signed(e.pct, 2), `[${signed(e.ciLow, 2)}, ${signed(e.ciHigh, 2)}]`, pText(e.p), String(e.rounds)]),
  };
}
