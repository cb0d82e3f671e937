/**
 * The HTML page's section for a sweep over several devices: a forest plot
 * (per variant, each device's Δ % with its 95% CI as a square sized by its
 * weight in the pool, then the pooled Δ as a diamond spanning its CI) and
 * the same numbers as a table. Empty for a sweep on one device.
 */
import { deviceSection, type DeviceSection } from '../../devices-section.ts';
import type { RenderOptions, ReportInput } from '../../report-input.ts';
import { isNum, signed } from '../../common.ts';
import { c, COLORS, esc, niceTicks, padDomain, rowLabel, scale, svgOpen, tickDigits, verdictClass, verdictColor, xAxis } from './svg.ts';

function forest(section: DeviceSection): string {
  const rows = section.rows.filter((r) => isNum(r.pct));
  const width = 960;
  const left = 300;
  const right = 200;
  const top = 30;
  const rowH = 26;
  const plotBottom = top + rows.length * rowH;
  const values = rows.flatMap((r) => [r.pct, ...(isNum(r.ciLow) ? [r.ciLow] : []), ...(isNum(r.ciHigh) ? [r.ciHigh] : [])]);
  const domain = padDomain(Math.min(0, ...values), Math.max(0, ...values), 0.08);
  const x = scale(domain, [left, width - right]);
  const ticks = niceTicks(domain[0], domain[1], 6);
  const parts: string[] = [svgOpen(width, plotBottom + 34, section.title)];
  parts.push(xAxis(ticks, x, plotBottom, top, tickDigits(ticks), '%'));
  parts.push(`<line x1="${c(x(0))}" x2="${c(x(0))}" y1="${c(top - 8)}" y2="${c(plotBottom)}" stroke="${COLORS.text}" stroke-width="1.5"/>`);
  rows.forEach((r, i) => {
    const cy = top + i * rowH + rowH / 2;
    const color = verdictColor(r.verdict);
    const first = i === 0 || rows[i - 1]!.variant !== r.variant;
    parts.push(rowLabel(first ? `${r.variant} · ${r.device}` : r.device, left - 10, cy, r.pooled));
    const tip = `${r.variant} on ${r.device}: ${signed(r.pct, 2)}% [${signed(r.ciLow, 2)}, ${signed(r.ciHigh, 2)}]`;
    parts.push(`<g><title>${esc(tip)}</title>`);
    const hasCi = isNum(r.ciLow) && isNum(r.ciHigh);
    if (r.pooled && hasCi) {
      // The pooled Δ: a diamond as wide as its CI, as forest plots draw a pooled estimate.
      const pts = [[x(r.ciLow), cy], [x(r.pct), cy - 7], [x(r.ciHigh), cy], [x(r.pct), cy + 7]].map(([a, b]) => `${c(a!)},${c(b!)}`).join(' ');
      parts.push(`<polygon points="${pts}" fill="${color}"/>`);
    } else {
      if (hasCi) parts.push(`<line x1="${c(x(r.ciLow))}" x2="${c(x(r.ciHigh))}" y1="${c(cy)}" y2="${c(cy)}" stroke="${color}" stroke-width="2"/>`);
      // The square's area follows the device's weight in the pool.
      const side = 4 + 8 * Math.sqrt((r.weightPct ?? 25) / 100);
      parts.push(`<rect x="${c(x(r.pct) - side / 2)}" y="${c(cy - side / 2)}" width="${c(side)}" height="${c(side)}" fill="${color}"/>`);
    }
    parts.push('</g>');
    parts.push(`<text x="${c(width - right + 12)}" y="${c(cy + 4)}" fill="${color}">${esc(r.cells[4]!)}</text>`);
  });
  parts.push(`<line x1="${left}" x2="${width - right}" y1="${c(plotBottom)}" y2="${c(plotBottom)}" stroke="${COLORS.axis}"/>`);
  parts.push('</svg>');
  return parts.join('');
}

function listing(section: DeviceSection): string {
  const out = ['<div class="scroll"><table class="delta devices">'];
  out.push(`<thead><tr>${section.headers.map((h, i) => `<th${i >= 2 ? ' class="num"' : ''}>${esc(h)}</th>`).join('')}</tr></thead><tbody>`);
  for (const row of section.rows) {
    const cells = row.cells.map((text, i) => {
      const classes = [i >= 2 ? 'num' : '', i === 4 || i === 6 ? verdictClass(row.verdict) : ''].filter(Boolean).join(' ');
      return `<td${classes ? ` class="${classes}"` : ''}>${row.pooled && i === 1 ? `<strong>${esc(text)}</strong>` : esc(text)}</td>`;
    });
    out.push(`<tr>${cells.join('')}</tr>`);
  }
  out.push('</tbody></table></div>');
  return out.join('');
}

/** The section, or '' for a sweep on one device. */
export function devicesSectionHtml(input: ReportInput, options: RenderOptions): string {
  const section = deviceSection(input.result, options);
  if (!section) return '';
  return [
    `<section><h2>${esc(`Δ ${options.metric} % per device and pooled`)}</h2><p class="caption">${esc(section.title)}.</p><figure>`,
    forest(section),
    `<figcaption>${esc('Squares: each device against its own baseline samples (area: weight in the pool), with the 95% CI; diamond: the pooled Δ across its 95% CI. Samples of different devices are never compared.')}</figcaption></figure>`,
    listing(section),
    '</section>',
  ].join('');
}
