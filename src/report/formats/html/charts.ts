/** The per-variant charts: each phase's sample distributions, and the forest plot of Δ % with its CI. */
import type { Metric, SweepResult, VariantResult } from '../../../sweep/result.ts';
import { ciText, fixed, isNum, METRIC_LABEL, orderedVariants, pClause, signed, verdictOf } from '../../common.ts';
import type { RenderOptions, ReportInput } from '../../report-input.ts';
import { c, COLORS, emptyChart, esc, niceTicks, padDomain, quantile, rowLabel, scale, svgOpen, tickDigits, verdictColor, xAxis } from './svg.ts';

export interface Row {
  name: string;
  isBaseline: boolean;
  variant: VariantResult | undefined;
}

export function rowsOf(result: SweepResult, options: RenderOptions): Row[] {
  const base = result.variants.find((v) => v.name === result.baseline);
  return [
    { name: result.baseline, isBaseline: true, variant: base },
    ...orderedVariants(result, options).map((v) => ({ name: v.name, isBaseline: false, variant: v })),
  ];
}

/** Strip + box plot of one phase's raw samples, one row per variant. */
export function distributionChart(input: ReportInput, rows: Row[], metric: Metric): string {
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
export function forestChart(result: SweepResult, options: RenderOptions): string {
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
    const tip = `${v.name}: Δ ${metric} ${signed(delta.pct, 2)}%${isNum(delta.abs) ? ` (${signed(delta.abs, 3)} s)` : ''}, 95% CI ${ciText(delta)}, ${pClause(delta)}, ${delta.verdict}`;
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
