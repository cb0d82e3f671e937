/** The history chart: each variant's total mean across earlier sweeps and this one. */
import { fixed, isNum } from '../../common.ts';
import type { ReportInput } from '../../report-input.ts';
import type { Row } from './charts.ts';
import { c, COLORS, emptyChart, esc, niceTicks, padDomain, scale, SERIES, svgOpen, tickDigits, truncate } from './svg.ts';

interface HistoryPoint {
  sweepId: string;
  createdAt: string;
  baseline: string;
  variant: string;
  mean: number;
  std: number;
}

/** Each variant's total mean across earlier sweeps and this one. */
export function historyChart(input: ReportInput, rows: Row[]): string {
  const { result } = input;
  const points: HistoryPoint[] = input.history
    .filter((h) => h.sweepId !== result.sweep.id && isNum(h.totalMean))
    .map((h) => ({ sweepId: h.sweepId, createdAt: h.createdAt, baseline: h.baseline, variant: h.variant, mean: h.totalMean, std: h.totalStd }));
  for (const v of result.variants) {
    if (v.n > 0 && isNum(v.total?.mean)) {
      points.push({ sweepId: result.sweep.id, createdAt: result.sweep.createdAt, baseline: result.baseline, variant: v.name, mean: v.total.mean, std: v.total.std });
    }
  }
  const label = 'Total mean per sweep, by variant';
  const sweeps: { id: string; createdAt: string; baselines: Set<string> }[] = [];
  for (const p of points) {
    let s = sweeps.find((x) => x.id === p.sweepId);
    if (!s) {
      s = { id: p.sweepId, createdAt: p.createdAt, baselines: new Set() };
      sweeps.push(s);
    }
    s.baselines.add(p.baseline);
  }
  const names: string[] = [];
  for (const r of rows) if (points.some((p) => p.variant === r.name)) names.push(r.name);
  for (const p of points) if (!names.includes(p.variant)) names.push(p.variant);
  if (points.length === 0) return emptyChart(label, 'no history');

  const width = 960;
  const left = 70;
  const right = 30;
  const top = 16;
  const plotH = 300;
  const plotBottom = top + plotH;
  const legendTop = plotBottom + 64;
  const legendCols = 3;
  const legendRowH = 20;
  const height = legendTop + Math.ceil(names.length / legendCols) * legendRowH + 10;
  const ys = points.flatMap((p) => [p.mean - (isNum(p.std) ? p.std : 0), p.mean + (isNum(p.std) ? p.std : 0)]);
  const domain = padDomain(Math.min(...ys), Math.max(...ys), 0.08);
  const y = scale(domain, [plotBottom, top]);
  const span = width - left - right;
  const inset = Math.min(100, span / 4);
  const xOf = (i: number): number => (sweeps.length === 1 ? left + span / 2 : left + inset + (i * (span - 2 * inset)) / (sweeps.length - 1));
  const ticks = niceTicks(domain[0], domain[1], 6);
  const digits = tickDigits(ticks);
  const parts: string[] = [svgOpen(width, height, label)];

  for (const t of ticks) {
    parts.push(`<line x1="${left}" x2="${width - right}" y1="${c(y(t))}" y2="${c(y(t))}" stroke="${COLORS.grid}"/>`);
    parts.push(`<text x="${left - 8}" y="${c(y(t) + 4)}" text-anchor="end" fill="${COLORS.axis}">${esc(t.toFixed(digits))} s</text>`);
  }
  sweeps.forEach((s, i) => {
    const baselines = [...s.baselines].join(', ');
    parts.push(`<line x1="${c(xOf(i))}" x2="${c(xOf(i))}" y1="${top}" y2="${c(plotBottom)}" stroke="${COLORS.grid}" stroke-dasharray="2 3"/>`);
    parts.push(
      `<text x="${c(xOf(i))}" y="${c(plotBottom + 18)}" text-anchor="middle" fill="${COLORS.text}"><title>${esc(`sweep ${s.id} (${s.createdAt}), baseline ${baselines}`)}</title>${esc(truncate(s.id, 16))}</text>`,
    );
    parts.push(
      `<text x="${c(xOf(i))}" y="${c(plotBottom + 34)}" text-anchor="middle" fill="${COLORS.axis}"><title>${esc(`baseline ${baselines}`)}</title>${esc(`${s.createdAt.slice(0, 10)} · base ${truncate(baselines, 14)}`)}</text>`,
    );
  });
  parts.push(`<line x1="${left}" x2="${width - right}" y1="${c(plotBottom)}" y2="${c(plotBottom)}" stroke="${COLORS.axis}"/>`);
  parts.push(`<line x1="${left}" x2="${left}" y1="${top}" y2="${c(plotBottom)}" stroke="${COLORS.axis}"/>`);

  names.forEach((name, k) => {
    const color = SERIES[k % SERIES.length]!;
    const own = sweeps
      .map((s, i) => ({ i, p: points.find((p) => p.sweepId === s.id && p.variant === name) }))
      .filter((e): e is { i: number; p: HistoryPoint } => e.p !== undefined);
    parts.push(`<g><title>${esc(name)}</title>`);
    if (own.length > 1) {
      parts.push(`<polyline points="${own.map((e) => `${c(xOf(e.i))},${c(y(e.p.mean))}`).join(' ')}" fill="none" stroke="${color}" stroke-width="2"/>`);
    }
    parts.push('</g>');
    for (const { i, p } of own) {
      const tip = `${name} in sweep ${p.sweepId} (${p.createdAt}): total ${fixed(p.mean)} ± ${fixed(p.std)} s, baseline ${p.baseline}`;
      parts.push(`<g><title>${esc(tip)}</title>`);
      if (isNum(p.std) && p.std > 0) {
        parts.push(`<line x1="${c(xOf(i))}" x2="${c(xOf(i))}" y1="${c(y(p.mean - p.std))}" y2="${c(y(p.mean + p.std))}" stroke="${color}" stroke-opacity="0.5" stroke-width="1.5"/>`);
      }
      parts.push(`<circle cx="${c(xOf(i))}" cy="${c(y(p.mean))}" r="4.5" fill="${color}" stroke="#fff" stroke-width="1"/>`);
      parts.push('</g>');
    }
  });

  names.forEach((name, k) => {
    const color = SERIES[k % SERIES.length]!;
    const lx = left + (k % legendCols) * ((width - left - right) / legendCols);
    const ly = legendTop + Math.floor(k / legendCols) * legendRowH;
    parts.push(`<rect x="${c(lx)}" y="${c(ly - 9)}" width="12" height="12" rx="2" fill="${color}"/>`);
    parts.push(`<text x="${c(lx + 18)}" y="${c(ly + 1)}" fill="${COLORS.text}"><title>${esc(name)}</title>${esc(truncate(name, 38))}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}
