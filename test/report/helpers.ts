/** Small parsers the report tests share. */

/** The data rows of a cli-table3 table (header included), as trimmed cells. */
export function tableRows(text: string): string[][] {
  return text
    .split('\n')
    .filter((l) => l.startsWith('│'))
    .map((l) => l.split('│').slice(1, -1).map((c) => c.trim()));
}

/** Variant names in table order (header skipped, ` (baseline)` stripped). */
export function tableOrder(text: string): string[] {
  return tableRows(text)
    .slice(1)
    .map((r) => r[0]!.replace(/ \(baseline\)$/, ''));
}

/** The rows of a GitHub Markdown table, as trimmed cells (separator row dropped). */
export function markdownRows(text: string): string[][] {
  return text
    .split('\n')
    .filter((l) => l.startsWith('| ') && !/^\| :?---/.test(l))
    .map((l) => l.slice(2, -2).split(/(?<!\\)\|/).map((c) => c.trim()));
}

/** An RFC 4180 parser: quoted fields, doubled quotes, CRLF or LF record ends. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i += 1;
        continue;
      }
      field += ch;
      i += 1;
      continue;
    }
    if (ch === '"') {
      if (field !== '') throw new Error(`stray quote at ${i}`);
      quoted = true;
    } else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 1;
    } else if (ch === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += ch;
    }
    i += 1;
  }
  if (quoted) throw new Error('unterminated quoted field');
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
