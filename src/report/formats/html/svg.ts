/**
 * The HTML report's drawing kit: escaping, colours, scales, axes and the
 * small SVG pieces every chart shares. Coordinates are rounded so that the
 * same input always renders the same page.
 */
import type { Verdict } from '../../../sweep/result.ts';
import { isNum } from '../../common.ts';

export function escapeHtml(value: unknown): string {
  return String(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export const esc = escapeHtml;

export const COLORS = {
  faster: '#1a7f37',
  slower: '#cf222e',
  neutral: '#6e7781',
  baseline: '#0969da',
  grid: '#d0d7de',
  axis: '#57606a',
  text: '#1f2328',
  box: '#ddf4ff',
} as const;

export const SERIES = ['#0969da', '#bf3989', '#1a7f37', '#9a6700', '#8250df', '#cf222e', '#1b7c83', '#bc4c00', '#57606a', '#4d2d00'];

export function verdictColor(v: Verdict | undefined): string {
  return v === 'faster' ? COLORS.faster : v === 'slower' ? COLORS.slower : COLORS.neutral;
}

export function verdictClass(v: Verdict | undefined): string {
  return v === 'faster' ? 'v-faster' : v === 'slower' ? 'v-slower' : v === 'no significant change' ? 'v-same' : '';
}

/** Coordinates, rounded so the SVG stays small and deterministic. */
export function c(x: number): string {
  return String(Math.round(x * 10) / 10);
}

export function truncate(s: string, max: number): string {
  const chars = [...s];
  return chars.length <= max ? s : `${chars.slice(0, max - 1).join('')}…`;
}

/** Around `count` round tick values covering [min, max]. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / mag;
  const step = (norm >= 5 ? 10 : norm >= 2 ? 5 : norm >= 1.5 ? 2 : 1) * mag;
  const ticks: number[] = [];
  for (let t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step) {
    ticks.push(Number(t.toFixed(12)));
  }
  return ticks;
}

export function tickDigits(ticks: number[]): number {
  if (ticks.length < 2) return 3;
  const step = Math.abs(ticks[1]! - ticks[0]!);
  return Math.max(0, Math.min(6, -Math.floor(Math.log10(step) + 1e-9)));
}

/** Linear-interpolated quantile (type 7) of sorted values. */
export function quantile(sorted: number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export function padDomain(lo: number, hi: number, frac: number): [number, number] {
  if (!isNum(lo) || !isNum(hi)) return [0, 1];
  if (hi - lo <= 0) {
    const pad = Math.abs(lo) * 0.01 || 0.001;
    return [lo - pad, hi + pad];
  }
  const pad = (hi - lo) * frac;
  return [lo - pad, hi + pad];
}

export function scale(domain: [number, number], range: [number, number]): (x: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  return (x) => r0 + ((x - d0) / (d1 - d0)) * (r1 - r0);
}

export function svgOpen(width: number, height: number, label: string): string {
  return `<svg viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${esc(label)}" font-family="system-ui, -apple-system, 'Segoe UI', sans-serif" font-size="12">`;
}

export function emptyChart(label: string, message: string): string {
  return `${svgOpen(960, 60, label)}<text x="480" y="34" text-anchor="middle" fill="${COLORS.axis}">${esc(message)}</text></svg>`;
}

export function xAxis(ticks: number[], x: (v: number) => number, y: number, top: number, digits: number, unit: string): string {
  const parts: string[] = [];
  for (const t of ticks) {
    parts.push(`<line x1="${c(x(t))}" x2="${c(x(t))}" y1="${c(top)}" y2="${c(y)}" stroke="${COLORS.grid}" stroke-width="1"/>`);
    parts.push(`<text x="${c(x(t))}" y="${c(y + 16)}" text-anchor="middle" fill="${COLORS.axis}">${esc(t.toFixed(digits))}${esc(unit)}</text>`);
  }
  return parts.join('');
}

export function rowLabel(name: string, x: number, y: number, bold: boolean): string {
  return `<text x="${c(x)}" y="${c(y + 4)}" text-anchor="end" fill="${COLORS.text}"${bold ? ' font-weight="600"' : ''}><title>${esc(name)}</title>${esc(truncate(name, 30))}</text>`;
}
