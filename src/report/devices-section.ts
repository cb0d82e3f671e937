/**
 * The per-device section every format draws for a sweep over several devices
 * (VariantResult.devices / pooled): per variant, one row per device (its Δ
 * against that device's baseline, its weight in the pool) and the pooled row
 * (the verdict's Δ, p, I², τ²). Absent for a sweep on one device, whose
 * reports stay as they were. Every number comes straight from the SweepResult.
 */
import type { DeviceDelta, Metric, PooledDelta, SweepResult, VariantResult, Verdict } from '../sweep/result.ts';
import { isNum, orderedVariants, pText, signed } from './common.ts';
import type { RenderOptions } from './report-input.ts';

export interface DeviceSectionRow {
  variant: string;
  /** The device, or `pooled (k=N)`. */
  device: string;
  pooled: boolean;
  cells: string[];
  verdict: Verdict | undefined;
  /** The numbers behind the cells, for charts. */
  pct: number;
  ciLow: number;
  ciHigh: number;
  weightPct: number | null;
}

export interface DeviceSection {
  title: string;
  headers: string[];
  /** Columns 0 and 1 (variant, device) are text, the rest numbers. */
  rows: DeviceSectionRow[];
  /** How the pool was made, in a sentence. */
  method: string;
}

const POOL_METHOD: Record<PooledDelta['method'], string> = {
  'dl-hksj': 'DerSimonian-Laird τ², Hartung-Knapp-Sidik-Jonkman 95% CI',
  'dl-wald': 'DerSimonian-Laird τ², Wald 95% CI',
  single: 'one device: its own Δ',
};

/** Whether the result is of a sweep over several devices (some variant has per-device deltas). */
export function hasDevices(result: SweepResult): boolean {
  return result.variants.some((v) => (v.devices?.length ?? 0) > 0);
}

function ciPct(low: number, high: number): string {
  return isNum(low) && isNum(high) ? `[${signed(low, 2)}, ${signed(high, 2)}]` : '—';
}

/** `0.0024`, `2.4e-5`: τ² of a log ratio is small; two significant digits. */
export function tau2Text(tau2: number): string {
  if (!isNum(tau2)) return '—';
  if (tau2 === 0) return '0';
  return tau2 >= 0.001 ? String(Number(tau2.toPrecision(2))) : tau2.toExponential(1);
}

function deviceRow(v: VariantResult, d: DeviceDelta): DeviceSectionRow {
  return {
    variant: v.name, device: d.device, pooled: false, verdict: d.verdict, pct: d.pct, ciLow: d.ciLow, ciHigh: d.ciHigh, weightPct: d.weightPct,
    cells: [v.name, d.device, String(d.n), String(d.baselineN), `${signed(d.pct, 2)} ${ciPct(d.ciLow, d.ciHigh)}`, d.weightPct === null ? '—' : `${d.weightPct.toFixed(0)}%`, pText(d.p), '', ''],
  };
}

function pooledRow(v: VariantResult, p: PooledDelta, verdict: Verdict | undefined): DeviceSectionRow {
  const device = `pooled (k=${p.k})`;
  return {
    variant: v.name, device, pooled: true, verdict, pct: p.pct, ciLow: p.ciLow, ciHigh: p.ciHigh, weightPct: null,
    cells: [v.name, device, '', '', `${signed(p.pct, 2)} ${ciPct(p.ciLow, p.ciHigh)}`, '', pText(p.p), p.k > 1 ? `${p.i2.toFixed(0)}%` : '—', p.k > 1 ? tau2Text(p.tau2) : '—'],
  };
}

/** The section for `options.metric`, or null for a sweep on one device. */
export function deviceSection(result: SweepResult, options: Pick<RenderOptions, 'sort' | 'metric'>): DeviceSection | null {
  if (!hasDevices(result)) return null;
  const metric: Metric = options.metric;
  const rows: DeviceSectionRow[] = [];
  const methods = new Set<PooledDelta['method']>();
  for (const v of orderedVariants(result, options)) {
    const devices = (v.devices ?? []).filter((d) => d.metric === metric);
    const pooled = v.pooled?.find((p) => p.metric === metric);
    if (devices.length === 0) continue;
    rows.push(...devices.map((d) => deviceRow(v, d)));
    if (pooled) {
      rows.push(pooledRow(v, pooled, v.delta?.[metric]?.verdict));
      if (pooled.k > 1) methods.add(pooled.method);
    }
  }
  const method = methods.size > 0 ? [...methods].map((m) => POOL_METHOD[m]).join('; ') : POOL_METHOD.single;
  return {
    title: `Δ ${metric} % per device, each against the baseline on the same device, and pooled over devices (random effects: ${method})`,
    headers: ['Variant', 'Device', 'n', 'Base n', `Δ ${metric} % [95% CI]`, 'Weight', 'p', 'I²', 'τ²'],
    rows,
    method,
  };
}
