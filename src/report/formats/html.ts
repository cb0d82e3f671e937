/**
 * `--format html`: one self-contained page (no network: no external scripts,
 * fonts, stylesheets or images) with the delta table and hand-written inline
 * SVG charts: per-phase sample distributions, a forest plot of Δ % with its
 * 95% CI, and, when there is history, each variant's total mean across sweeps.
 * Every string that reaches the page goes through `escapeHtml`.
 */
import { METRICS } from '../../sweep/result.ts';
import type { Metric, SweepResult, VariantResult, Verdict } from '../../sweep/result.ts';
import {
  baselineEntry, baselineLabel, changedSlots, ciText, fixed, isNum, METRIC_LABEL, NOISY_MARKER, orderedVariants, pClause, pText, signed,
  verdictOf,
} from '../common.ts';
import { buildTableModel } from '../table-model.ts';
import type { Exporter } from '../exporter.ts';
import type { RenderOptions, ReportInput } from '../report-input.ts';

export function escapeHtml(value: unknown): string {
  return String(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const esc = escapeHtml;

const COLORS = {
  faster: '#1a7f37',
  slower: '#cf222e',
  neutral: '#6e7781',
  baseline: '#0969da',
  grid: '#d0d7de',
  axis: '#57606a',
  text: '#1f2328',
  box: '#ddf4ff',
} as const;

const SERIES = ['#0969da', '#bf3989', '#1a7f37', '#9a6700', '#8250df', '#cf222e', '#1b7c83', '#bc4c00', '#57606a', '#4d2d00'];

function verdictColor(v: Verdict | undefined): string {
  return v === 'faster' ? COLORS.faster : v === 'slower' ? COLORS.slower : COLORS.neutral;
}

function verdictClass(v: Verdict | undefined): string {
  return v === 'faster' ? 'v-faster' : v === 'slower' ? 'v-slower' : v === 'no significant change' ? 'v-same' : '';
}

/** Coordinates, rounded so the SVG stays small and deterministic. */
function c(x: number): string {
  return String(Math.round(x * 10) / 10);
}

function truncate(s: string, max: number): string {
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

function tickDigits(ticks: number[]): number {
  if (ticks.length < 2) return 3;
  const step = Math.abs(ticks[1]! - ticks[0]!);
  return Math.max(0, Math.min(6, -Math.floor(Math.log10(step) + 1e-9)));
}

/** Linear-interpolated quantile (type 7) of sorted values. */
function quantile(sorted: number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

function padDomain(lo: number, hi: number, frac: number): [number, number] {
  if (!isNum(lo) || !isNum(hi)) return [0, 1];
  if (hi - lo <= 0) {
    const pad = Math.abs(lo) * 0.01 || 0.001;
    return [lo - pad, hi + pad];
  }
  const pad = (hi - lo) * frac;
  return [lo - pad, hi + pad];
}

function scale(domain: [number, number], range: [number, number]): (x: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  return (x) => r0 + ((x - d0) / (d1 - d0)) * (r1 - r0);
}

function svgOpen(width: number, height: number, label: string): string {
  return `<svg viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${esc(label)}" font-family="system-ui, -apple-system, 'Segoe UI', sans-serif" font-size="12">`;
}

function emptyChart(label: string, message: string): string {
  return `${svgOpen(960, 60, label)}<text x="480" y="34" text-anchor="middle" fill="${COLORS.axis}">${esc(message)}</text></svg>`;
}

function xAxis(ticks: number[], x: (v: number) => number, y: number, top: number, digits: number, unit: string): string {
  const parts: string[] = [];
  for (const t of ticks) {
    parts.push(`<line x1="${c(x(t))}" x2="${c(x(t))}" y1="${c(top)}" y2="${c(y)}" stroke="${COLORS.grid}" stroke-width="1"/>`);
    parts.push(`<text x="${c(x(t))}" y="${c(y + 16)}" text-anchor="middle" fill="${COLORS.axis}">${esc(t.toFixed(digits))}${esc(unit)}</text>`);
  }
  return parts.join('');
}

function rowLabel(name: string, x: number, y: number, bold: boolean): string {
  return `<text x="${c(x)}" y="${c(y + 4)}" text-anchor="end" fill="${COLORS.text}"${bold ? ' font-weight="600"' : ''}><title>${esc(name)}</title>${esc(truncate(name, 30))}</text>`;
}

interface Row {
  name: string;
  isBaseline: boolean;
  variant: VariantResult | undefined;
}

function rowsOf(result: SweepResult, options: RenderOptions): Row[] {
  const base = result.variants.find((v) => v.name === result.baseline);
  return [
    { name: result.baseline, isBaseline: true, variant: base },
    ...orderedVariants(result, options).map((v) => ({ name: v.name, isBaseline: false, variant: v })),
  ];
}

/** Strip + box plot of one phase's raw samples, one row per variant. */
function distributionChart(input: ReportInput, rows: Row[], metric: Metric): string {
  const label = `${METRIC_LABEL[metric]} time per run, by variant`;
  const data = rows.map((r) => {
    const raw = input.samples[r.name]?.[metric] ?? [];
    const samples = raw.filter(isNum);
    return { ...r, samples, sorted: [...samples].sort((a, b) => a - b), summary: r.variant?.[metric] };
  });
  const all = data.flatMap((d) => [
    ...d.samples,
    ...(d.summary && isNum(d.summary.min) ? [d.summary.min] : []),
    ...(d.summary && isNum(d.summary.max) ? [d.summary.max] : []),
  ]);
  if (all.length === 0) return emptyChart(label, `no ${metric} samples to plot`);

  const width = 960;
  const left = 230;
  const right = 30;
  const top = 16;
  const rowH = 36;
  const plotBottom = top + rows.length * rowH;
  const height = plotBottom + 34;
  const domain = padDomain(Math.min(...all), Math.max(...all), 0.06);
  const x = scale(domain, [left, width - right]);
  const ticks = niceTicks(domain[0], domain[1], 6);
  const parts: string[] = [svgOpen(width, height, label)];

  data.forEach((d, i) => {
    if (i % 2 === 1) parts.push(`<rect x="0" y="${c(top + i * rowH)}" width="${width}" height="${rowH}" fill="#f6f8fa"/>`);
  });
  parts.push(xAxis(ticks, x, plotBottom, top, tickDigits(ticks), ' s'));

  const baseMedian = data[0]?.sorted.length ? quantile(data[0].sorted, 0.5) : data[0]?.summary?.median;
  if (isNum(baseMedian)) {
    parts.push(
      `<line x1="${c(x(baseMedian))}" x2="${c(x(baseMedian))}" y1="${c(top)}" y2="${c(plotBottom)}" stroke="${COLORS.baseline}" stroke-dasharray="4 3" stroke-width="1.2"><title>baseline median ${esc(fixed(baseMedian))} s</title></line>`,
    );
  }

  data.forEach((d, i) => {
    const cy = top + i * rowH + rowH / 2;
    parts.push(rowLabel(d.name, left - 10, cy, d.isBaseline));
    const color = d.isBaseline ? COLORS.baseline : verdictColor(d.variant ? verdictOf(d.variant, metric) : undefined);
    if (d.sorted.length > 0) {
      const s = d.sorted;
      const q1 = quantile(s, 0.25);
      const med = quantile(s, 0.5);
      const q3 = quantile(s, 0.75);
      const lo = s[0]!;
      const hi = s[s.length - 1]!;
      const summary = `${d.name} ${metric}: n=${s.length}, median ${fixed(med)} s, IQR ${fixed(q1)}–${fixed(q3)} s, range ${fixed(lo)}–${fixed(hi)} s`;
      parts.push(`<g><title>${esc(summary)}</title>`);
      parts.push(`<line x1="${c(x(lo))}" x2="${c(x(hi))}" y1="${c(cy)}" y2="${c(cy)}" stroke="${COLORS.axis}" stroke-width="1"/>`);
      parts.push(`<line x1="${c(x(lo))}" x2="${c(x(lo))}" y1="${c(cy - 6)}" y2="${c(cy + 6)}" stroke="${COLORS.axis}"/>`);
      parts.push(`<line x1="${c(x(hi))}" x2="${c(x(hi))}" y1="${c(cy - 6)}" y2="${c(cy + 6)}" stroke="${COLORS.axis}"/>`);
      parts.push(
        `<rect x="${c(x(q1))}" y="${c(cy - 9)}" width="${c(Math.max(1, x(q3) - x(q1)))}" height="18" fill="${COLORS.box}" stroke="${color}" stroke-width="1.2" rx="2"/>`,
      );
      parts.push(`<line x1="${c(x(med))}" x2="${c(x(med))}" y1="${c(cy - 9)}" y2="${c(cy + 9)}" stroke="${color}" stroke-width="2.5"/>`);
      parts.push('</g>');
      d.samples.forEach((v, j) => {
        // Deterministic jitter, so the same input always renders the same page.
        const jitter = ((((i + 1) * 7919 + (j + 1) * 104729) % 17) / 16 - 0.5) * 14;
        parts.push(
          `<circle cx="${c(x(v))}" cy="${c(cy + jitter)}" r="3" fill="${color}" fill-opacity="0.55" stroke="${color}" stroke-width="0.6"><title>${esc(`${d.name} run ${j + 1}: ${v.toFixed(4)} s`)}</title></circle>`,
        );
      });
    } else if (d.summary && isNum(d.summary.min) && isNum(d.summary.max)) {
      // No raw samples stored: draw the summary's range and median instead.
      const m = d.summary;
      parts.push(`<g><title>${esc(`${d.name} ${metric}: summary only (no raw samples), median ${fixed(m.median)} s, range ${fixed(m.min)}–${fixed(m.max)} s`)}</title>`);
      parts.push(`<line x1="${c(x(m.min))}" x2="${c(x(m.max))}" y1="${c(cy)}" y2="${c(cy)}" stroke="${color}" stroke-width="2" stroke-dasharray="3 2"/>`);
      if (isNum(m.median)) parts.push(`<circle cx="${c(x(m.median))}" cy="${c(cy)}" r="4" fill="${color}"/>`);
      parts.push('</g>');
    } else {
      parts.push(`<text x="${c(left + 6)}" y="${c(cy + 4)}" fill="${COLORS.axis}" font-style="italic">no samples</text>`);
    }
  });
  parts.push(`<line x1="${left}" x2="${width - right}" y1="${c(plotBottom)}" y2="${c(plotBottom)}" stroke="${COLORS.axis}"/>`);
  parts.push('</svg>');
  return parts.join('');
}

/** Δ % of `metric` per variant with its 95% CI, around a zero line. */
function forestChart(result: SweepResult, options: RenderOptions): string {
  const metric = options.metric;
  const label = `Δ ${metric} % vs baseline with 95% CI`;
  const rows = orderedVariants(result, options)
    .map((v) => ({ v, d: v.delta?.[metric] }))
    .filter((r) => r.d && isNum(r.d.pct));
  if (rows.length === 0) {
    const why = result.variants.some((v) => v.name !== result.baseline)
      ? `no deltas: baseline ${result.baseline} has no samples`
      : 'only the baseline was measured: no deltas';
    return emptyChart(label, why);
  }
  const width = 960;
  const left = 230;
  const right = 220;
  const top = 30;
  const rowH = 32;
  const plotBottom = top + rows.length * rowH;
  const height = plotBottom + 34;
  const values = rows.flatMap(({ d }) => [d!.pct, ...(isNum(d!.ciLow) ? [d!.ciLow] : []), ...(isNum(d!.ciHigh) ? [d!.ciHigh] : [])]);
  const domain = padDomain(Math.min(0, ...values), Math.max(0, ...values), 0.08);
  const x = scale(domain, [left, width - right]);
  const ticks = niceTicks(domain[0], domain[1], 6);
  const parts: string[] = [svgOpen(width, height, label)];
  rows.forEach((_, i) => {
    if (i % 2 === 1) parts.push(`<rect x="0" y="${c(top + i * rowH)}" width="${width}" height="${rowH}" fill="#f6f8fa"/>`);
  });
  parts.push(xAxis(ticks, x, plotBottom, top, tickDigits(ticks), '%'));
  parts.push(`<line x1="${c(x(0))}" x2="${c(x(0))}" y1="${c(top - 8)}" y2="${c(plotBottom)}" stroke="${COLORS.text}" stroke-width="1.5"/>`);
  parts.push(`<text x="${c(x(0) - 6)}" y="${c(top - 12)}" text-anchor="end" fill="${COLORS.faster}">← faster</text>`);
  parts.push(`<text x="${c(x(0) + 6)}" y="${c(top - 12)}" fill="${COLORS.slower}">slower →</text>`);
  rows.forEach(({ v, d }, i) => {
    const cy = top + i * rowH + rowH / 2;
    const delta = d!;
    const color = verdictColor(delta.verdict);
    const tip = `${v.name}: Δ ${metric} ${signed(delta.pct, 2)}% (${signed(delta.abs, 3)} s), 95% CI ${ciText(delta)}, ${pClause(delta)}, ${delta.verdict}`;
    parts.push(rowLabel(v.name, left - 10, cy, false));
    parts.push(`<g><title>${esc(tip)}</title>`);
    if (isNum(delta.ciLow) && isNum(delta.ciHigh)) {
      parts.push(`<line x1="${c(x(delta.ciLow))}" x2="${c(x(delta.ciHigh))}" y1="${c(cy)}" y2="${c(cy)}" stroke="${color}" stroke-width="2"/>`);
      for (const e of [delta.ciLow, delta.ciHigh]) {
        parts.push(`<line x1="${c(x(e))}" x2="${c(x(e))}" y1="${c(cy - 6)}" y2="${c(cy + 6)}" stroke="${color}" stroke-width="2"/>`);
      }
    }
    const px = x(delta.pct);
    parts.push(`<rect x="${c(px - 5)}" y="${c(cy - 5)}" width="10" height="10" fill="${color}" transform="rotate(45 ${c(px)} ${c(cy)})"/>`);
    parts.push('</g>');
    parts.push(`<text x="${c(width - right + 12)}" y="${c(cy + 4)}" fill="${color}">${esc(`${signed(delta.pct, 2)}% ${ciText(delta)}`)}</text>`);
  });
  parts.push(`<line x1="${left}" x2="${width - right}" y1="${c(plotBottom)}" y2="${c(plotBottom)}" stroke="${COLORS.axis}"/>`);
  parts.push('</svg>');
  return parts.join('');
}

interface HistoryPoint {
  sweepId: string;
  createdAt: string;
  baseline: string;
  variant: string;
  mean: number;
  std: number;
}

/** Each variant's total mean across earlier sweeps and this one. */
function historyChart(input: ReportInput, rows: Row[]): string {
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

function tableHtml(result: SweepResult, options: RenderOptions): string {
  const model = buildTableModel(result, options);
  const out: string[] = ['<div class="scroll"><table class="delta">'];
  out.push(`<thead><tr>${model.headers.map((h, i) => `<th${model.align[i] === 'right' ? ' class="num"' : ''}>${esc(h)}</th>`).join('')}</tr></thead><tbody>`);
  for (const row of model.rows) {
    out.push(`<tr${row.isBaseline ? ' class="baseline"' : ''}>`);
    row.cells.forEach((cell, i) => {
      const classes = [cell.numeric ? 'num' : '', verdictClass(cell.verdict)].filter(Boolean).join(' ');
      const marker = cell.noisy ? ` <span class="noisy" title="${esc(`noisy: ${cell.noisy}`)}">${NOISY_MARKER}</span>` : '';
      const tag = i === 0 ? 'th scope="row"' : 'td';
      out.push(`<${tag}${classes ? ` class="${classes}"` : ''}>${esc(cell.text)}${marker}</${i === 0 ? 'th' : 'td'}>`);
    });
    out.push('</tr>');
  }
  out.push('</tbody></table></div>');
  if (model.footnotes.length > 0) {
    out.push('<ul class="footnotes">');
    for (const f of model.footnotes) {
      const marker = f.marker === '-' ? '' : `<span class="marker">${esc(f.marker)}</span> `;
      out.push(`<li>${marker}${esc(f.text)}</li>`);
    }
    out.push('</ul>');
  }
  return out.join('');
}

function slotsHtml(result: SweepResult, rows: Row[]): string {
  const baseRaw = result.variants.find((v) => v.name === result.baseline);
  const baseSlots = baseRaw?.slots ?? {};
  const items = rows
    .filter((r) => r.variant)
    .map((r) => {
      const v = r.variant!;
      const slots = r.isBaseline || !baseRaw ? v.slots ?? {} : changedSlots(v, baseSlots);
      const text = Object.entries(slots)
        .map(([k, impl]) => `${k}=${impl}`)
        .join(', ');
      const what = r.isBaseline ? 'baseline slots' : baseRaw ? 'changes' : 'slots';
      return `<li><strong>${esc(v.name)}</strong> — ${what}: <code>${esc(text || 'none')}</code>${v.commit ? ` · commit <code>${esc(v.commit.slice(0, 12))}</code>` : ''}</li>`;
    });
  return items.length ? `<ul class="slots">${items.join('')}</ul>` : '';
}

const CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; padding: 20px 24px 48px; font: 14px/1.45 system-ui, -apple-system, 'Segoe UI', sans-serif; color: #1f2328; background: #fff; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 1px solid #d0d7de; }
h3 { font-size: 14px; margin: 16px 0 4px; color: #57606a; }
code { font: 12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: #f6f8fa; padding: 1px 4px; border-radius: 4px; }
.meta { color: #57606a; margin: 0; }
.scroll { overflow-x: auto; }
table.delta { border-collapse: collapse; font-variant-numeric: tabular-nums; font-size: 13px; }
table.delta th, table.delta td { padding: 5px 8px; border-bottom: 1px solid #d0d7de; text-align: left; white-space: nowrap; }
table.delta thead th { white-space: normal; vertical-align: bottom; }
table.delta thead th { background: #f6f8fa; font-weight: 600; }
table.delta .num { text-align: right; }
table.delta tr.baseline { background: #ddf4ff; }
table.delta tbody th { font-weight: 500; }
.v-faster { color: #1a7f37; font-weight: 600; }
.v-slower { color: #cf222e; font-weight: 600; }
.v-same { color: #6e7781; }
.noisy { color: #9a6700; font-weight: 700; cursor: help; }
.footnotes { color: #57606a; padding-left: 18px; margin: 8px 0; }
.footnotes .marker { font-weight: 700; color: #9a6700; }
figure { margin: 8px 0 16px; }
figure svg { max-width: 100%; height: auto; display: block; }
figcaption { color: #57606a; font-size: 12px; margin-top: 2px; }
.slots { padding-left: 18px; }
dl.env { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0; }
dl.env dt { color: #57606a; }
dl.env dd { margin: 0; }
`;

export function renderHtml(input: ReportInput, options: RenderOptions): string {
  const { result } = input;
  const { sweep } = result;
  const env = sweep.environment;
  const settings = sweep.settings;
  const rows = rowsOf(result, options);
  const ns = [...new Set(result.variants.map((v) => v.n))];
  const nText = ns.length === 1 ? `n=${ns[0]}` : ns.length === 0 ? `n=${settings.runs} planned` : `n=${ns.join('/')}`;
  const base = baselineEntry(result);

  const body: string[] = [];
  body.push(`<header><h1>Sweep <code>${esc(sweep.id)}</code></h1>`);
  body.push(
    `<p class="meta">${esc(`baseline ${baselineLabel(result)} · ${settings.model} · ${env.backend || settings.backend} / ${env.device} · prompt ${settings.promptLen} + gen ${settings.genLen} tokens · ${nText} per variant, warm-up ${settings.warmup} · ${sweep.status} · ${sweep.createdAt}`)}</p></header>`,
  );
  if (!base) body.push(`<p class="v-slower">${esc(`The baseline ${result.baseline} has no samples, so no deltas could be computed.`)}</p>`);

  body.push('<section><h2>Delta table</h2>');
  body.push(tableHtml(result, options));
  body.push(slotsHtml(result, rows));
  body.push('</section>');

  body.push(`<section><h2>${esc(`Δ ${options.metric} % vs baseline (95% CI)`)}</h2><figure>`);
  body.push(forestChart(result, options));
  body.push(`<figcaption>${esc('Diamond: observed Δ; whiskers: 95% confidence interval; an interval crossing the zero line is not a significant change.')}</figcaption></figure></section>`);

  body.push('<section><h2>Distributions of the raw samples</h2>');
  for (const m of METRICS) {
    body.push(`<figure><h3>${esc(METRIC_LABEL[m])}</h3>`);
    body.push(distributionChart(input, rows, m));
    body.push(`<figcaption>${esc('Dots: individual runs; box: interquartile range with median; whiskers: min–max; dashed line: baseline median.')}</figcaption></figure>`);
  }
  body.push('</section>');

  if (input.history.length > 0) {
    body.push('<section><h2>History: total mean across sweeps</h2><figure>');
    body.push(historyChart(input, rows));
    body.push(`<figcaption>${esc('Points: total mean per sweep (bars: ± std); hover a point or sweep label for its baseline.')}</figcaption></figure></section>`);
  }

  const gib = isNum(env.totalMemoryBytes) ? `${(env.totalMemoryBytes / 1024 ** 3).toFixed(1)} GiB` : '—';
  const envRows: [string, string][] = [
    ['Command', env.commandLine],
    ['CPU', `${env.cpuModel} (${env.cpuCores} cores)`],
    ['Memory', gib],
    ['OS', env.os],
    ['Node / TF.js', `${env.nodeVersion} / ${env.tfjsVersion}`],
    ['Git', env.gitSha ? `${env.gitSha}${env.gitDirty ? ' (dirty)' : ''}` : 'not recorded'],
    ...(env.sourceTree ? ([['Source tree', env.sourceTree]] as [string, string][]) : []),
    ['Lab', env.labVersion],
    ['Seed', String(settings.seed)],
    ...(isNum(settings.noiseThresholdPct) ? ([['Noise threshold', `|Δ| ≤ ${settings.noiseThresholdPct}%`]] as [string, string][]) : []),
    ...(settings.correction === 'holm' ? ([['Correction', 'Holm (family-wise error rate ≤ 0.05 per metric)']] as [string, string][]) : []),
  ];
  body.push('<section><h2>Environment</h2><dl class="env">');
  for (const [k, v] of envRows) body.push(`<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`);
  body.push('</dl></section>');

  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(`Lab report — sweep ${sweep.id}`)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    body.join('\n'),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

export const htmlExporter: Exporter = {
  format: 'html',
  extension: 'html',
  render: renderHtml,
};
