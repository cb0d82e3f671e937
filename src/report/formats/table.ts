/**
 * `--format table`: the delta table for a terminal, drawn with cli-table3. It
 * fits the terminal's width (RenderOptions.width, default 120 columns): the
 * compact columns, shortened names, wrapped notes; `wide` draws every column
 * and writes every line whole.
 */
import Table from 'cli-table3';
import type { Verdict } from '../../sweep/result.ts';
import { bestLine } from '../best.ts';
import { effectRows, NOISY_MARKER } from '../common.ts';
import { buildTableModel, type TableCell, type TableModel } from '../table-model.ts';
import { devicesTableLines } from './table-devices.ts';
import { fitTable } from './table-fit.ts';
import { wrapText } from './terminal-text.ts';
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

/** The width a table fits when the caller names none: a common wide terminal. */
export const DEFAULT_TABLE_WIDTH = 120;

function withMarker(text: string, cell: TableCell): string {
  return cell.noisy ? `${text} ${NOISY_MARKER}` : text;
}

/** `text` (a table without rules between rows) with a rule under its `headerLines` header lines, drawn like its top border. */
function withHeaderRule(text: string, headerLines: number): string {
  const lines = text.split('\n');
  const rule = lines[0]!.replace('┌', '├').replace('┐', '┤').replace(/┬/g, '┼');
  return [...lines.slice(0, 1 + headerLines), rule, ...lines.slice(1 + headerLines)].join('\n');
}

/** The delta table as cli-table3 draws it, fitted to `width` unless `wide`. */
function deltaTable(model: TableModel, options: RenderOptions, width: number): { text: string; namesShortened: boolean } {
  const cells = model.rows.map((r) => r.cells.map((c) => ({ text: withMarker(c.text, c), ...(c.short ? { short: withMarker(c.short, c) } : {}) })));
  const fitted = options.wide
    ? { header: model.headers, rows: cells.map((r) => r.map((c) => c.text)), namesShortened: false }
    : fitTable(model.headers, cells, model.paramColumns, width);
  // The compact table draws no rule between rows (a grid's points then fit a terminal's height too), only under
  // the header; not when cells wrap, whose rows need the rules to be told apart.
  const wrapped = 'wrapWidths' in fitted && fitted.wrapWidths !== undefined;
  const compact = !options.wide && !wrapped;
  const table = new Table({
    head: fitted.header.map((h) => paint(h, ANSI.bold, options.color)),
    // Colours come only from our own ANSI codes, never from cli-table3's defaults.
    style: { head: [], border: [] },
    colAligns: model.align,
    ...(compact ? { chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' } } : {}),
    ...('wrapWidths' in fitted && fitted.wrapWidths ? { colWidths: fitted.wrapWidths.map((w) => w + 2), wordWrap: true, wrapOnWordBoundary: false } : {}),
  });
  model.rows.forEach((row, r) => {
    table.push(row.cells.map((c, i) => paint(fitted.rows[r]![i]!, verdictColor(c.verdict), options.color)));
  });
  const text = table.toString();
  return { text: compact ? withHeaderRule(text, Math.max(...fitted.header.map((h) => h.split('\n').length))) : text, namesShortened: fitted.namesShortened };
}

export function renderTable(input: ReportInput, options: RenderOptions): string {
  const width = options.width ?? DEFAULT_TABLE_WIDTH;
  // A line of prose wraps to the table's width; with --wide nothing is cut or wrapped.
  const wrap = (line: string): string[] => (options.wide ? [line] : wrapText(line, width));
  const model = buildTableModel(input.result, { ...options, layout: options.wide ? 'wide' : 'compact' });
  const table = deltaTable(model, options, width);
  const lines = [table.text];
  for (const f of model.footnotes) lines.push(...wrap(`${f.marker} ${f.text}`));
  if (table.namesShortened) lines.push(...wrap(`- names shortened to fit ${width} columns (…): lab report --wide prints them whole, with every column`));
  for (const best of input.best ?? []) lines.push(...wrap(bestLine(best)));
  lines.push(...devicesTableLines(input, options, width, (text, verdict) => paint(text, verdictColor(verdict), options.color), (text) => paint(text, ANSI.bold, options.color)));
  const effects = effectRows(input.result, options.metric);
  if (effects.rows.length > 0) {
    const t = new Table({ head: effects.headers.map((h) => paint(h, ANSI.bold, options.color)), style: { head: [], border: [] }, colAligns: ['left', 'left', 'right', 'right', 'right', 'right'] });
    for (const row of effects.rows) t.push(row);
    lines.push('', ...wrap(`factorial effects on log ${options.metric} time (an interaction a×b: how much slower a+b is than a and b alone multiply to)`), t.toString());
  }
  return lines.join('\n') + '\n';
}

export const tableExporter: Exporter = {
  format: 'table',
  extension: 'txt',
  render: renderTable,
};
