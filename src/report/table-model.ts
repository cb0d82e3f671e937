/**
 * The delta table every tabular format draws (table, md, html): its columns,
 * one row per variant (baseline first) and the footnotes. Two layouts: `wide`
 * has every column (Markdown and HTML always draw it, the terminal with
 * --wide); `compact` keeps what a reader needs to judge a variant (n, the
 * metric's time, its Δ % with the CI, the verdict) so that the terminal table
 * fits a terminal. Parameters (VariantResult.params) are columns after the
 * name in both. Every number comes straight from the SweepResult.
 */
import { METRICS } from '../sweep/result.ts';
import type { Metric, SweepResult, VariantResult, Verdict } from '../sweep/result.ts';
import {
  baselineCellText, baselineEntry, ciText, deltaMetricOrder, isNum, METRIC_LABEL, meanStd, notesOf, orderedVariants, pText, signed, verdictOf,
} from './common.ts';
import { constantParams, isNumericParam, paramNames, paramText, pointSuffix, varyingParamNames } from './params.ts';
import type { RenderOptions } from './report-input.ts';

export interface TableCell {
  text: string;
  /** A shorter text with the same meaning, which the terminal table shows when the full one does not fit. */
  short?: string;
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

export type TableLayout = 'wide' | 'compact';

export interface TableModel {
  headers: string[];
  /** Per column: numbers right, text left. */
  align: ('left' | 'right')[];
  /** Columns 1..paramColumns are parameters. */
  paramColumns: number;
  rows: TableRow[];
  footnotes: Footnote[];
}

export type TableModelOptions = Pick<RenderOptions, 'sort' | 'metric'> & { layout?: TableLayout };

/** The verdict as the compact table writes it. */
const SHORT_VERDICT: Partial<Record<Verdict, string>> = { 'no significant change': 'no sig. change' };

interface Column {
  header: string;
  align: 'left' | 'right';
  /** The cell of a variant row; the baseline row asks with `isBaseline`. */
  cell: (v: VariantResult | undefined, isBaseline: boolean) => TableCell;
}

/** A metric's mean ± std, marked when it is noisy. */
function summaryCell(v: VariantResult | undefined, m: Metric): TableCell {
  const s = v?.[m];
  const cell: TableCell = { text: meanStd(s), numeric: true };
  if (s?.noisy) cell.noisy = s.noisy;
  return cell;
}

const blank: TableCell = { text: '', numeric: true };

/** The last cell: the verdict, or why there is none. */
function verdictCell(v: VariantResult | undefined, isBaseline: boolean, metric: Metric, hasBase: boolean): TableCell {
  if (isBaseline) return { text: hasBase ? 'baseline' : 'no samples' };
  const verdict = v ? verdictOf(v, metric) : undefined;
  const text = verdict ?? (v && v.n > 0 ? 'no delta' : 'no samples');
  const short = verdict ? SHORT_VERDICT[verdict] : undefined;
  return { text, ...(short ? { short } : {}), ...(verdict ? { verdict } : {}) };
}

function paramColumn(name: string, numeric: boolean): Column {
  return { header: name, align: numeric ? 'right' : 'left', cell: (v) => ({ text: paramText(v?.params?.[name]), numeric }) };
}

/** Every column, as the table was before it had to fit a terminal. */
function wideColumns(result: SweepResult, metric: Metric): Column[] {
  const [first, ...others] = deltaMetricOrder(metric) as [Metric, ...Metric[]];
  // A robust comparison shows the means' Δ% beside its own, so that a tail that moves the means is visible.
  // (A pool over devices has no means' Δ: its devices' are in the per-device section.)
  const showMeans = result.variants.some((v) => {
    const method = v.delta?.[first]?.method;
    return method !== undefined && method !== 'random-effects' && !method.startsWith('welch');
  });
  const delta = (v: VariantResult | undefined, base: boolean, text: (d: NonNullable<VariantResult['delta']>) => TableCell): TableCell =>
    base ? blank : v?.delta ? text(v.delta) : { text: '—', numeric: true };
  return [
    ...METRICS.map((m): Column => ({ header: `${METRIC_LABEL[m]} (s)`, align: 'right', cell: (v) => summaryCell(v, m) })),
    { header: `Δ ${first} (s)`, align: 'right', cell: (v, b) => delta(v, b, (d) => ({ text: signed(d[first]?.abs, 3), verdict: d[first]?.verdict, numeric: true })) },
    { header: `Δ ${first} %`, align: 'right', cell: (v, b) => delta(v, b, (d) => ({ text: signed(d[first]?.pct, 2), verdict: d[first]?.verdict, numeric: true })) },
    ...(showMeans ? [{ header: `Δ ${first} % of means`, align: 'right', cell: (v, b) => delta(v, b, (d) => ({ text: signed(d[first]?.meanPct, 2), numeric: true })) } satisfies Column] : []),
    ...others.map((m): Column => ({ header: `Δ ${m} %`, align: 'right', cell: (v, b) => delta(v, b, (d) => ({ text: signed(d[m]?.pct, 2), verdict: d[m]?.verdict, numeric: true })) })),
    { header: `95% CI Δ ${first} %`, align: 'right', cell: (v, b) => delta(v, b, (d) => ({ text: ciText(d[first]), verdict: d[first]?.verdict, numeric: true })) },
  ];
}

/** What a reader needs to judge a variant: its runs, the metric's time, its Δ % with the 95% CI. */
function compactColumns(metric: Metric): Column[] {
  return [
    { header: 'n', align: 'right', cell: (v) => ({ text: v ? String(v.n) : '0', numeric: true }) },
    { header: `${METRIC_LABEL[metric]} (s)`, align: 'right', cell: (v) => summaryCell(v, metric) },
    {
      header: `Δ ${metric} % [95% CI]`,
      align: 'right',
      cell: (v, base) => {
        if (base) return blank;
        const d = v?.delta?.[metric];
        return d && isNum(d.pct) ? { text: `${signed(d.pct, 2)} ${ciText(d)}`, verdict: d.verdict, numeric: true } : { text: '—', numeric: true };
      },
    },
  ];
}

/** The table every tabular format draws: baseline first, then the variants in order. */
export function buildTableModel(result: SweepResult, options: TableModelOptions): TableModel {
  const metric = options.metric;
  const layout = options.layout ?? 'wide';
  const ordered = orderedVariants(result, options);
  const base = baselineEntry(result);
  // The compact table shows only the parameters that tell its rows apart; the others are one footnote.
  const params = layout === 'compact' ? varyingParamNames(result.variants) : paramNames(result.variants);
  const columns: Column[] = [
    ...params.map((name) => paramColumn(name, isNumericParam(result.variants, name))),
    ...(layout === 'compact' ? compactColumns(metric) : wideColumns(result, metric)),
  ];
  const verdictHeader = metric === 'total' ? 'Verdict' : `Verdict (${metric})`;
  const headers = ['Variant', ...columns.map((c) => c.header), verdictHeader];
  const align: TableModel['align'] = ['left', ...columns.map((c) => c.align), 'left'];

  const footnotes: Footnote[] = [];
  const rows: TableRow[] = [];
  const rowOf = (name: string, v: VariantResult | undefined, isBaseline: boolean): TableRow => {
    // The baseline's verdict cell says `baseline`, so its name can do without saying it again.
    const nameCell: TableCell = isBaseline ? { text: baselineCellText(result), short: result.baseline } : { text: name };
    // A grid point's parameters are its columns, so its name can do without them.
    const suffix = v?.pointOf ? pointSuffix(name, v.pointOf) : undefined;
    if (!isBaseline && suffix && params.length > 0) nameCell.short = `${v!.pointOf}@…`;
    return { name, isBaseline, variant: v, cells: [nameCell, ...columns.map((c) => c.cell(v, isBaseline)), verdictCell(v, isBaseline, metric, Boolean(base))] };
  };

  const noisyFootnotes = (v: VariantResult): void => {
    for (const m of METRICS) {
      const reason = v[m]?.noisy;
      if (reason) footnotes.push({ marker: '*', text: `${v.name} ${m} is noisy: ${reason}` });
    }
  };

  rows.push(rowOf(result.baseline, base, true));
  if (base) {
    noisyFootnotes(base);
  } else if (!notesOf(result).some((n) => n.includes(result.baseline))) {
    // A note from the sweep that already explains the missing baseline replaces ours.
    footnotes.push({ marker: '!', text: `baseline ${result.baseline} has no samples: deltas cannot be computed` });
  }
  for (const note of notesOf(result)) footnotes.push({ marker: '!', text: note });

  for (const v of ordered) {
    rows.push(rowOf(v.name, v, false));
    noisyFootnotes(v);
    if (v.n === 0) footnotes.push({ marker: '!', text: `${v.name} has no samples` });
  }
  if (layout === 'compact') {
    const same = constantParams(result.variants);
    if (same.length > 0) footnotes.push({ marker: '-', text: `every variant with parameters ran at ${same.join(', ')}` });
  }

  const first = deltaMetricOrder(metric)[0]!;
  for (const v of ordered) {
    const seq = v.sequential;
    if (seq) {
      const how = seq.resolved ? `resolved at look ${seq.look} of ${seq.looks}` : `unresolved at look ${seq.look} of ${seq.looks} (the budget ended)`;
      footnotes.push({ marker: '-', text: `${v.name}: ${how}, after ${seq.runs} runs (that look's alpha ${pText(seq.alpha)})` });
    }
  }
  for (const v of ordered) {
    const df = v.delta?.[first];
    if (verdictOf(v, metric) === 'no significant change' && df?.resolved) {
      footnotes.push({ marker: '-', text: `${v.name}: no change beyond ±${result.sweep.settings.noiseThresholdPct}% (its CI ${ciText(df)} lies inside the noise threshold)` });
    } else if (verdictOf(v, metric) === 'no significant change' && df && isNum(df.runsToResolve) && !v.sequential) {
      const what = first === 'total' ? 'a Δ' : `a Δ ${first}`;
      footnotes.push({ marker: '-', text: `${v.name}: ~${df.runsToResolve} runs would resolve ${what} of ${signed(df.pct, 2)}%` });
    }
  }

  return { headers, align, paramColumns: params.length, rows, footnotes };
}
