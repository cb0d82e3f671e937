/** The SQLite connection (better-sqlite3): ResultsDb's SQL runs as written. */
import Database from 'better-sqlite3';
import type { ConstraintKind, Connection, RunResult, Statement, TableShape, TransactionMode } from './connection.ts';

export function sqliteCode(e: unknown): string | undefined {
  return e instanceof Database.SqliteError ? e.code : undefined;
}

const CONSTRAINT_CODES: Readonly<Record<string, ConstraintKind>> = {
  SQLITE_CONSTRAINT_PRIMARYKEY: 'primarykey',
  SQLITE_CONSTRAINT_UNIQUE: 'unique',
  SQLITE_CONSTRAINT_FOREIGNKEY: 'foreignkey',
  SQLITE_CONSTRAINT_CHECK: 'check',
  SQLITE_CONSTRAINT_NOTNULL: 'notnull',
};

export class SqliteConnection implements Connection {
  readonly dialect = 'sqlite' as const;
  /** The better-sqlite3 handle, for the SQLite-only settings (pragmas) made at open. */
  readonly raw: Database.Database;

  constructor(raw: Database.Database) {
    this.raw = raw;
  }

  get open(): boolean {
    return this.raw.open;
  }

  prepare(sql: string): Statement {
    const stmt = this.raw.prepare(sql);
    const reader = stmt.reader;
    return {
      run: (...params: unknown[]): RunResult => {
        const info = stmt.run(...params);
        return { changes: info.changes, lastInsertRowid: info.changes > 0 ? Number(info.lastInsertRowid) : null };
      },
      // RETURNING makes a writing statement a reader; plain writes have no rows to get.
      get: (...params: unknown[]): unknown => (reader ? stmt.get(...params) : (stmt.run(...params), undefined)),
      all: (...params: unknown[]): unknown[] => (reader ? stmt.all(...params) : (stmt.run(...params), [])),
    };
  }

  exec(sql: string): void {
    this.raw.exec(sql);
  }

  transaction<T>(fn: () => T, mode?: TransactionMode): T {
    const tx = this.raw.transaction(fn);
    return mode === 'write' ? tx.immediate() : tx.deferred();
  }

  lockForMigration(): void {
    // BEGIN IMMEDIATE already holds the one write lock.
  }

  tableNames(): string[] {
    return (
      this.raw
        .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid`)
        .all() as { name: string }[]
    ).map((r) => r.name);
  }

  describeTable(table: string): TableShape {
    const db = this.raw;
    const quoted = JSON.stringify(table);
    const cols = db.pragma(`table_info(${quoted})`) as { name: string; type: string; notnull: number; dflt_value: string | null; pk: number }[];
    const fks = db.pragma(`foreign_key_list(${quoted})`) as { id: number; seq: number; table: string; from: string; to: string; on_delete: string }[];
    const groups = new Map<number, typeof fks>();
    for (const fk of fks) groups.set(fk.id, [...(groups.get(fk.id) ?? []), fk]);
    // SQLite numbers a table's foreign keys last-declared first.
    const foreignKeys = [...groups.values()].reverse().map((group) => {
      group.sort((a, b) => a.seq - b.seq);
      const first = group[0]!;
      return {
        columns: group.map((f) => f.from),
        table: first.table,
        to: group.map((f) => f.to),
        onDelete: first.on_delete !== 'NO ACTION' ? first.on_delete.toLowerCase() : null,
      };
    });
    const list = db.pragma(`index_list(${quoted})`) as { name: string; unique: number; origin: string; partial: number }[];
    const indexes = [...list]
      .reverse()
      .filter((ix) => ix.origin !== 'pk')
      .map((ix) => ({
        unique: ix.unique === 1,
        columns: (db.pragma(`index_info(${JSON.stringify(ix.name)})`) as { name: string }[]).map((r) => r.name),
        where: ix.partial ? this.partialWhere(ix.name) : null,
      }));
    return {
      columns: cols.map((c) => ({ name: c.name, type: c.type || 'ANY', notnull: c.notnull === 1, default: c.dflt_value, pk: c.pk > 0 })),
      foreignKeys,
      indexes,
    };
  }

  private partialWhere(indexName: string): string | null {
    const row = this.raw.prepare(`SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?`).get(indexName) as { sql: string | null } | undefined;
    const match = row?.sql?.match(/\bWHERE\b(.*)$/is);
    return match ? match[1]!.trim() : null;
  }

  constraintOf(e: unknown): ConstraintKind | undefined {
    const code = sqliteCode(e);
    return code ? CONSTRAINT_CODES[code] : undefined;
  }

  close(): void {
    if (this.raw.open) this.raw.close();
  }
}
