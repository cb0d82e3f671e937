/** `--format table`: the delta table for a terminal, drawn with cli-table3. */
import Table from 'cli-table3';
import type { Verdict } from '../../sweep/result.ts';
import { buildTableModel, effectRows, NOISY_MARKER } from '../common.ts';
import type { TableCell } from '../common.ts';
import type { Exporter } from '../exporter.ts';
import type { RenderOptions, ReportInput } from '../report-input.ts';

export const ANSI = {
  green: '\u001b[32m',
  red: '\u001b[31m',
  dim: '\u001b[2m',
  bold: '\u001b[1m',
  reset: '\u001b[0m',
} as const;

export function verdictColor(verdict: Verdict | undefined): string {
  switch (verdict) {
    case 'faster':
      return ANSI.green;
    case 'slower':
      return ANSI.red;
    case 'no significant change':
      return ANSI.dim;
    default:
      return '';
  }
}

function paint(text: string, code: string, color: boolean): string {
  return color && code && text ? `${code}${text}${ANSI.reset}` : text;
}

function cellText(cell: TableCell, color: boolean): string {
  const text = cell.noisy ? `${cell.text} ${NOISY_MARKER}` : cell.text;
  return paint(text, verdictColor(cell.verdict), color);
}

export function renderTable(input: ReportInput, options: RenderOptions): string {
  const model = buildTableModel(input.result, options);
  const table = new Table({
    head: model.headers.map((h) => paint(h, ANSI.bold, options.color)),
    // Colours come only from our own ANSI codes, never from cli-table3's defaults.
    style: { head: [], border: [] },
    colAligns: model.headers.map((_, i) => (i === 0 || i === model.headers.length - 1 ? 'left' : 'right')),
  });
  for (const row of model.rows) {
    table.push(row.cells.map((c) => cellText(c, options.color)));
  }
  const lines = [table.toString()];
  for (const f of model.footnotes) {
    lines.push(`${f.marker} ${f.text}`);
  }
  const effects = effectRows(input.result, options.metric);
  if (effects.rows.length > 0) {
    const t = new Table({ head: effects.headers.map((h) => paint(h, ANSI.bold, options.color)), style: { head: [], border: [] }, colAligns: ['left', 'left', 'right', 'right', 'right', 'right'] });
    for (const row of effects.rows) t.push(row);
    lines.push('', `factorial effects on log ${options.metric} time (an interaction a×b: how much slower a+b is than a and b alone multiply to)`, t.toString());
  }
  return lines.join('\n') + '\n';
}

export const tableExporter: Exporter = {
  format: 'table',
  extension: 'txt',
  render: renderTable,
};
