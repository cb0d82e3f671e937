import Table from 'cli-table3';

/** A cli-table3 table with colour only on a terminal, so piped output stays plain text. */
export function newTable(head: string[], color = Boolean(process.stdout.isTTY)): Table.Table {
  return new Table({ head, style: color ? {} : { head: [], border: [] } });
}
