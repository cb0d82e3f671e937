/**
 * The terminal's per-device section of a sweep over several devices
 * (src/report/devices-section.ts): a cli-table3 table, each variant's device
 * rows and its pooled row, fitted to the terminal's width by cutting the
 * variant and device names in the middle (the widest first) unless `wide`.
 */
import Table from 'cli-table3';
import type { Verdict } from '../../sweep/result.ts';
import { deviceSection } from '../devices-section.ts';
import type { RenderOptions, ReportInput } from '../report-input.ts';
import { tableWidth } from './table-fit.ts';
import { truncateMiddle, visibleWidth, wrapText } from './terminal-text.ts';

/** The narrowest a variant or device name is cut to. */
const MIN_NAME_WIDTH = 10;

type Paint = (text: string, verdict: Verdict | undefined) => string;

/** The section's lines (none for a sweep on one device). `paint` colours a cell by its verdict; `bold` the header. */
export function devicesTableLines(input: ReportInput, options: RenderOptions, width: number, paint: Paint, bold: (text: string) => string): string[] {
  const section = deviceSection(input.result, options);
  if (!section) return [];
  const rows = section.rows.map((r) => [...r.cells]);
  const widths = section.headers.map((h, c) => Math.max(visibleWidth(h), ...rows.map((r) => visibleWidth(r[c]!))));
  let cut = false;
  while (!options.wide && tableWidth(widths) > width) {
    const c = widths[0]! >= widths[1]! ? 0 : 1;
    if (widths[c]! <= MIN_NAME_WIDTH) break;
    widths[c] = widths[c]! - 1;
    cut = true;
  }
  if (cut) for (const r of rows) for (const c of [0, 1]) r[c] = truncateMiddle(r[c]!, widths[c]!);
  const table = new Table({
    head: section.headers.map(bold),
    style: { head: [], border: [] },
    colAligns: section.headers.map((_, i) => (i < 2 ? 'left' : 'right')),
    // No rule between rows, as the compact delta table: a variant's name on its first row only groups its rows.
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  section.rows.forEach((row, i) => {
    const cells = rows[i]!.map((text, c) => (c >= 4 && c !== 5 ? paint(text, row.verdict) : text));
    if (i > 0 && section.rows[i - 1]!.variant === row.variant) cells[0] = '';
    table.push(cells);
  });
  const lines = table.toString().split('\n');
  const rule = lines[0]!.replace('┌', '├').replace('┐', '┤').replace(/┬/g, '┼');
  const wrap = (line: string): string[] => (options.wide ? [line] : wrapText(line, width));
  return ['', ...wrap(section.title), lines[0]!, lines[1]!, rule, ...lines.slice(2), ...(cut ? wrap(`- names shortened to fit ${width} columns (…): lab report --wide prints them whole`) : [])];
}
