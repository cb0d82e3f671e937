/**
 * A grid's charts: for each metric and each parameter, the points' Δ % vs the
 * baseline with their 95% CIs against that parameter's values, one series per
 * setting of the grid's other parameters (a line through its points), the
 * zero line (the baseline) and a dashed line at the grid variant's defaults.
 */
import type { Metric, SweepResult, VariantResult } from '../../../sweep/result.ts';
import { ciText, isNum, METRIC_LABEL, pClause, signed } from '../../common.ts';
import { paramText, pointSuffix, type ParamValue } from '../../params.ts';
import { c, COLORS, esc, niceTicks, padDomain, scale, SERIES, svgOpen, tickDigits, truncate } from './svg.ts';

/** The metrics a grid is charted on: total first, then the two phases. */
const GRID_METRICS: Metric[] = ['total', 'prefill', 'generation'];

const WIDTH = 460;
const PLOT_HEIGHT = 200;
const MARGIN = { left: 56, right: 16, top: 16, bottom: 40 };
const LEGEND_ROW_HEIGHT = 18;
/** How far apart (as a share of a value's band) the series' points stand, so that their CIs do not overlap. */
const DODGE_SHARE = 0.5;

interface Series {
  label: string;
  /** Per value of the charted parameter: the point measured there, if any. */
  points: (VariantResult | undefined)[];
}

/** The grid's points, one series per combination of the other parameters' values. */
function seriesOf(points: VariantResult[], grid: Record<string, ParamValue[]>, param: string): Series[] {
  const others = Object.keys(grid).filter((p) => p !== param);
  const combos: Record<string, ParamValue>[] = others.reduce<Record<string, ParamValue>[]>((acc, p) => acc.flatMap((combo) => grid[p]!.map((value) => ({ ...combo, [p]: value }))), [{}]);
  const same = (v: VariantResult, name: string, value: ParamValue) => paramText(v.params?.[name]) === paramText(value);
  return combos
    .map((combo) => ({
      label: others.length ? others.map((p) => `${p}=${paramText(combo[p])}`).join(', ') : 'points',
      points: grid[param]!.map((value) => points.find((v) => same(v, param, value) && others.every((p) => same(v, p, combo[p]!)))),
    }))
    .filter((s) => s.points.some((p) => p !== undefined));
}

/** One parameter's chart of one metric. */
function paramChart(result: SweepResult, variant: string, grid: Record<string, ParamValue[]>, param: string, metric: Metric): string {
  const points = result.variants.filter((v) => pointSuffix(v.name, variant) !== undefined);
  const series = seriesOf(points, grid, param);
  const values = grid[param]!;
  const defaults = result.variants.find((v) => v.name === variant)?.delta?.[metric];
  const deltas = series.flatMap((s) => s.points.map((p) => p?.delta?.[metric]).filter((d) => d && isNum(d.pct)));
  const ys = [0, ...deltas.flatMap((d) => [d!.pct, d!.ciLow, d!.ciHigh].filter(isNum)), ...(defaults && isNum(defaults.pct) ? [defaults.pct] : [])];
  const domain = padDomain(Math.min(...ys), Math.max(...ys), 0.08);
  const plotBottom = MARGIN.top + PLOT_HEIGHT;
  const legendTop = plotBottom + MARGIN.bottom;
  const height = legendTop + series.length * LEGEND_ROW_HEIGHT + 6;
  const y = scale(domain, [plotBottom, MARGIN.top]);
  const band = (WIDTH - MARGIN.left - MARGIN.right) / values.length;
  const xOf = (i: number, k: number) => MARGIN.left + band * (i + 0.5) + (series.length > 1 ? ((k / (series.length - 1)) - 0.5) * band * DODGE_SHARE : 0);
  const label = `Δ ${metric} % vs baseline by ${param} (${variant})`;
  const parts: string[] = [svgOpen(WIDTH, height, label)];

  const ticks = niceTicks(domain[0], domain[1], 5);
  const digits = tickDigits(ticks);
  for (const t of ticks) {
    parts.push(`<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${c(y(t))}" y2="${c(y(t))}" stroke="${COLORS.grid}"/>`);
    parts.push(`<text x="${MARGIN.left - 6}" y="${c(y(t) + 4)}" text-anchor="end" fill="${COLORS.axis}">${esc(t.toFixed(digits))}%</text>`);
  }
  parts.push(`<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${c(y(0))}" y2="${c(y(0))}" stroke="${COLORS.text}" stroke-width="1.2"><title>the baseline (Δ 0%)</title></line>`);
  if (defaults && isNum(defaults.pct)) {
    parts.push(
      `<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${c(y(defaults.pct))}" y2="${c(y(defaults.pct))}" stroke="${COLORS.baseline}" stroke-dasharray="5 3"><title>${esc(`${variant} at its defaults: ${signed(defaults.pct, 2)}% ${ciText(defaults)}`)}</title></line>`,
    );
  }
  values.forEach((value, i) => {
    parts.push(`<text x="${c(MARGIN.left + band * (i + 0.5))}" y="${c(plotBottom + 16)}" text-anchor="middle" fill="${COLORS.text}">${esc(truncate(paramText(value), 14))}</text>`);
  });
  parts.push(`<text x="${c(MARGIN.left + (WIDTH - MARGIN.left - MARGIN.right) / 2)}" y="${c(plotBottom + 32)}" text-anchor="middle" fill="${COLORS.axis}">${esc(param)}</text>`);

  series.forEach((s, k) => {
    const color = SERIES[k % SERIES.length]!;
    const drawn = s.points.map((p, i) => ({ p, d: p?.delta?.[metric], x: xOf(i, k) })).filter((e) => e.p && e.d && isNum(e.d.pct));
    if (drawn.length > 1) parts.push(`<polyline points="${drawn.map((e) => `${c(e.x)},${c(y(e.d!.pct))}`).join(' ')}" fill="none" stroke="${color}" stroke-width="1.5" stroke-opacity="0.7"/>`);
    for (const { p, d, x } of drawn) {
      parts.push(`<g><title>${esc(`${p!.name}: Δ ${metric} ${signed(d!.pct, 2)}%, 95% CI ${ciText(d)}, ${pClause(d)}, ${d!.verdict}`)}</title>`);
      if (isNum(d!.ciLow) && isNum(d!.ciHigh)) parts.push(`<line x1="${c(x)}" x2="${c(x)}" y1="${c(y(d!.ciLow))}" y2="${c(y(d!.ciHigh))}" stroke="${color}" stroke-width="2"/>`);
      parts.push(`<circle cx="${c(x)}" cy="${c(y(d!.pct))}" r="4" fill="${color}" stroke="#fff" stroke-width="1"/></g>`);
    }
    const ly = legendTop + k * LEGEND_ROW_HEIGHT;
    parts.push(`<rect x="${MARGIN.left}" y="${c(ly - 9)}" width="12" height="12" rx="2" fill="${color}"/>`);
    parts.push(`<text x="${MARGIN.left + 18}" y="${c(ly + 1)}" fill="${COLORS.text}">${esc(truncate(s.label, 60))}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}

/** The grid sections of the page: per grid variant and metric, one small chart per parameter (empty without a grid). */
export function gridSections(result: SweepResult): string {
  const out: string[] = [];
  for (const [variant, grid] of Object.entries(result.sweep.settings.grid ?? {})) {
    const params = Object.keys(grid);
    if (params.length === 0 || !result.variants.some((v) => pointSuffix(v.name, variant) !== undefined && v.delta)) continue;
    out.push(`<section><h2>${esc(`Grid of ${variant}: Δ % vs baseline by parameter (95% CI)`)}</h2>`);
    for (const metric of GRID_METRICS) {
      out.push(`<h3>${esc(METRIC_LABEL[metric])}</h3><div class="grid-charts">`);
      for (const param of params) out.push(`<figure>${paramChart(result, variant, grid, param, metric)}</figure>`);
      out.push('</div>');
    }
    out.push(`<p class="caption">${esc(`Dots: a point's Δ vs the baseline; bars: its 95% CI; one colour per setting of the other parameters; solid line: the baseline; dashed: ${variant} at its defaults.`)}</p></section>`);
  }
  return out.join('\n');
}
