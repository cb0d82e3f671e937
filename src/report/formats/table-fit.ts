/**
 * Fitting the delta table into a terminal's width: first the cells' shorter
 * texts (a grid point's name without the parameters its columns show, the
 * verdict abbreviated), then the names and the parameters' headers cut in the
 * middle, the widest first, and only then cells wrapped in narrower columns.
 * Works on plain text; colour comes after.
 */
import { splitWords, truncateMiddle, visibleWidth, wrapWords } from './terminal-text.ts';

/** The narrowest the name column is cut to: below it names stop telling variants apart. */
const MIN_NAME_WIDTH = 16;
/** The narrowest a parameter header is cut to, when even its words in lines do not fit. */
const MIN_PARAM_HEADER_WIDTH = 3;
/** The narrowest a column is wrapped to. */
const MIN_WRAP_WIDTH = 4;
/** What cli-table3 adds to a column's text: a space either side and the border on its right. */
const COLUMN_CHROME = 3;

export interface FitCell {
  text: string;
  short?: string;
}

export interface FittedTable {
  header: string[];
  rows: string[][];
  /** Content widths the table must wrap its cells to; absent when every cell fits on one line. */
  wrapWidths?: number[];
  /** Whether a name was shortened (a footnote then points to --wide). */
  namesShortened: boolean;
}

/** A cell's width: its longest line. */
function cellWidth(text: string): number {
  return Math.max(...text.split('\n').map(visibleWidth));
}

function contentWidths(header: readonly string[], rows: readonly string[][]): number[] {
  return header.map((h, c) => Math.max(cellWidth(h), ...rows.map((r) => cellWidth(r[c] ?? ''))));
}

/** A parameter's header in `width` columns: its camelCase words in lines (`keysPer` / `Split`), a word too long cut. */
function paramHeader(name: string, width: number): string {
  return wrapWords(splitWords(name), width).map((line) => truncateMiddle(line, width)).join('\n');
}

/** The table's width with these content widths, borders included. */
export function tableWidth(widths: readonly number[]): number {
  return 1 + widths.reduce((sum, w) => sum + w + COLUMN_CHROME, 0);
}

/** The header and rows as they fit in `maxWidth` columns (`paramColumns`: columns 1..n are parameters). */
export function fitTable(header: readonly string[], cells: readonly FitCell[][], paramColumns: number, maxWidth: number): FittedTable {
  const full = cells.map((r) => r.map((c) => c.text));
  if (tableWidth(contentWidths(header, full)) <= maxWidth) return { header: [...header], rows: full, namesShortened: false };

  const rows = cells.map((r) => r.map((c) => c.short ?? c.text));
  let namesShortened = cells.some((r) => r[0]?.short !== undefined && r[0].short !== r[0].text);
  let head = [...header];
  const widths = contentWidths(head, rows);
  if (tableWidth(widths) <= maxWidth) return { header: head, rows, namesShortened };

  // Give way one column at a time, always the widest of those that can: the names (down to a minimum) and the
  // parameters' headers (down to their values' width, in lines), so neither is cut to nothing while the other stays whole.
  const floor = widths.map((_, c) => {
    if (c === 0) return Math.min(widths[0]!, MIN_NAME_WIDTH);
    if (c <= paramColumns) return Math.max(MIN_PARAM_HEADER_WIDTH, ...rows.map((r) => visibleWidth(r[c] ?? '')));
    return widths[c]!;
  });
  while (tableWidth(widths) > maxWidth) {
    const shrinkable = widths.map((w, c) => (w > floor[c]! ? w : -1));
    const widest = shrinkable.indexOf(Math.max(...shrinkable));
    if (shrinkable[widest]! < 0) break;
    widths[widest] = widths[widest]! - 1;
  }
  for (const r of rows) {
    const cut = truncateMiddle(r[0]!, widths[0]!);
    if (cut !== r[0]) namesShortened = true;
    r[0] = cut;
  }
  head = head.map((h, c) => (c === 0 ? truncateMiddle(h, widths[0]!) : c <= paramColumns ? paramHeader(h, widths[c]!) : h));
  if (tableWidth(widths) <= maxWidth) return { header: head, rows, namesShortened };

  // Still too wide (many parameters): wrap the widest columns until it fits.
  const wrapWidths = [...widths];
  while (tableWidth(wrapWidths) > maxWidth) {
    const widest = wrapWidths.indexOf(Math.max(...wrapWidths));
    if (wrapWidths[widest]! <= MIN_WRAP_WIDTH) break;
    wrapWidths[widest] = wrapWidths[widest]! - 1;
  }
  return { header: head, rows, wrapWidths, namesShortened };
}
