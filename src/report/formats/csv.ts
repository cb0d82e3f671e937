/**
 * `--format csv`: one row per variant and metric, RFC 4180 (CRLF line ends,
 * fields with commas, quotes or line breaks quoted, quotes doubled). Numbers
 * are written as JavaScript's shortest round-trip form, so they parse back to
 * exactly the JSON's values; a missing number (or NaN) is an empty field.
 * Variants with parameters add one column per parameter (`param_NAME`) after
 * the fixed ones, empty where a variant lacks it.
 */
import { METRICS, type VariantResult } from '../../sweep/result.ts';
import { hasDevices } from '../devices-section.ts';
import type { Exporter } from '../exporter.ts';
import { paramNames } from '../params.ts';
import type { RenderOptions, ReportInput } from '../report-input.ts';

export const CSV_COLUMNS = [
  'sweep_id', 'variant', 'is_baseline', 'metric', 'n', 'mean_s', 'std_s', 'median_s', 'min_s', 'max_s', 'cv',
  'delta_s', 'delta_pct', 'ci_low_pct', 'ci_high_pct', 'p', 'verdict', 'p_adjusted', 'method', 'mean_delta_pct', 'resolved', 'runs_to_verdict',
] as const;

/**
 * A sweep over several devices adds these columns after the parameters: on a variant's own rows (whose Δ columns
 * are the pool's) the pool's heterogeneity, and one more row per device with that device's Δ, n and weight.
 */
export const CSV_DEVICE_COLUMNS = ['device', 'baseline_n', 'weight_pct', 'i2_pct', 'tau2', 'q', 'q_p', 'k_devices'] as const;

type Field = string | number | boolean | null | undefined;

/** A variant's per-device rows of `metric`: the fixed columns' summary cells empty, the device's Δ in the Δ ones. */
function deviceRows(sweepId: string, v: VariantResult, metric: (typeof METRICS)[number], params: string[]): Field[][] {
  return (v.devices ?? []).filter((d) => d.metric === metric).map((d) => [
    sweepId, v.name, false, metric, d.n, undefined, undefined, undefined, undefined, undefined, undefined,
    undefined, d.pct, d.ciLow, d.ciHigh, d.p, d.verdict, undefined, d.method, undefined, undefined, undefined,
    ...params.map(() => undefined),
    d.device, d.baselineN, d.weightPct, undefined, undefined, undefined, undefined, undefined,
  ]);
}

export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function renderCsv(input: ReportInput, _options?: RenderOptions): string {
  const { result } = input;
  const params = paramNames(result.variants);
  const devices = hasDevices(result);
  const lines: string[] = [[...CSV_COLUMNS, ...params.map((name) => csvField(`param_${name}`)), ...(devices ? CSV_DEVICE_COLUMNS : [])].join(',')];
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
      if (devices) {
        const pool = isBaseline ? undefined : v.pooled?.find((p) => p.metric === metric);
        row.push(undefined, undefined, undefined, pool?.i2, pool?.tau2, pool?.q, pool?.qP, pool?.k);
      }
      lines.push(row.map(csvField).join(','));
      if (devices && !isBaseline) for (const r of deviceRows(result.sweep.id, v, metric, params)) lines.push(r.map(csvField).join(','));
    }
  }
  return lines.join('\r\n') + '\r\n';
}

export const csvExporter: Exporter = {
  format: 'csv',
  extension: 'csv',
  render: renderCsv,
};
