/**
 * What the report formats share: number formatting, the variant order, the
 * verdicts and the result's notes (the table they draw is table-model.ts).
 * Every number shown comes straight from the SweepResult; nothing here does
 * statistics.
 */
import { slotsText } from '../baseline/origin.ts';
import { isPerformedByExecution } from '../model/slots.ts';
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

/** `-0.045 s (-5.16%)`; `-4.85%` for a Δ pooled over devices, which has no seconds. */
export function deltaText(d: DeltaSummary | undefined): string {
  if (d && !isNum(d.abs) && isNum(d.pct)) return `${signed(d.pct, 2)}%`;
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
export function baselineCellText(result: SweepResult): string {
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

/** The mark a noisy metric's cell carries; its footnote says why. */
export const NOISY_MARKER = '*';

/** `a`, `a and b`, `a, b and c`: items in a sentence. */
export function listInProse(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
