/**
 * `--format csv`: one row per variant and metric, RFC 4180 (CRLF line ends,
 * fields with commas, quotes or line breaks quoted, quotes doubled). Numbers
 * are written as JavaScript's shortest round-trip form, so they parse back to
 * exactly the JSON's values; a missing number (or NaN) is an empty field.
 * Variants with parameters add one column per parameter (`param_NAME`) after
 * the fixed ones, empty where a variant lacks it.
 */
import { METRICS } from '../../sweep/result.ts';
import type { Exporter } from '../exporter.ts';
import { paramNames } from '../params.ts';
import type { RenderOptions, ReportInput } from '../report-input.ts';

export const CSV_COLUMNS = [
  'sweep_id', 'variant', 'is_baseline', 'metric', 'n', 'mean_s', 'std_s', 'median_s', 'min_s', 'max_s', 'cv',
  'delta_s', 'delta_pct', 'ci_low_pct', 'ci_high_pct', 'p', 'verdict', 'p_adjusted', 'method', 'mean_delta_pct', 'resolved', 'runs_to_verdict',
] as const;

export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function renderCsv(input: ReportInput, _options?: RenderOptions): string {
  const { result } = input;
  const params = paramNames(result.variants);
  const lines: string[] = [[...CSV_COLUMNS, ...params.map((name) => csvField(`param_${name}`))].join(',')];
  for (const v of result.variants) {
    const isBaseline = v.name === result.baseline;
    for (const metric of METRICS) {
      const s = v[metric];
      const d = isBaseline ? undefined : v.delta?.[metric];
      const row = [
        result.sweep.id, v.name, isBaseline, metric, s?.n ?? v.n, s?.mean, s?.std, s?.median, s?.min, s?.max, s?.cv,
        d?.abs, d?.pct, d?.ciLow, d?.ciHigh, d?.p, d?.verdict, d?.pAdjusted, d?.method, d?.meanPct, d?.resolved, isBaseline ? undefined : v.sequential?.runs,
        ...params.map((name) => v.params?.[name]),
      ];
      lines.push(row.map(csvField).join(','));
    }
  }
  return lines.join('\r\n') + '\r\n';
}

export const csvExporter: Exporter = {
  format: 'csv',
  extension: 'csv',
  render: renderCsv,
};
