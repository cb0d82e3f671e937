/**
 * The schema's life on either database: its version, the migrations that bring
 * it up to date, the open-time checks of what a store holds, and the
 * table-by-table description the README includes.
 */
import { LabError } from '../errors.ts';
import type { Connection } from './connection.ts';
import { POSTGRES_BOOTSTRAP, migrationToPostgres } from './dialect.ts';
import { CURRENT_SCHEMA_VERSION, MIGRATIONS, TABLE_NOTES } from './migrations.ts';

/** The database's schema version: 0 for an empty database, null when it has tables that are not ours. */
export function readSchemaVersion(db: Connection): number | null {
  const tables = db.tableNames();
  if (tables.includes('schema_version')) {
    const row = db.prepare('SELECT max(version) AS v FROM schema_version').get() as { v: number | null };
    return row.v ?? 0;
  }
  return tables.length === 0 ? 0 : null;
}

/**
 * Refuses (LabError, before anything is written) a store that is not ours, is
 * newer than this lab, or, opened read-only, is empty or older. `name` is its
 * path or redacted URL; `kind` what a foreign one is ("a SQLite database").
 */
export function checkSchemaVersion(db: Connection, version: number | null, name: string, readonly: boolean, hint: string): void {
  if (version === null) {
    const tables = db.tableNames();
    const shown = tables.slice(0, 5).join(', ') + (tables.length > 5 ? ', ...' : '');
    const kind = db.dialect === 'sqlite' ? 'a SQLite database' : 'a PostgreSQL database';
    throw new LabError(`${name} is ${kind} but not a lab results database (no schema_version; tables: ${shown})`, hint);
  }
  if (version > CURRENT_SCHEMA_VERSION) {
    throw new LabError(
      `${name} was written by a newer lab (schema v${version}, this lab knows up to v${CURRENT_SCHEMA_VERSION})`,
      'upgrade the lab or use --db to choose another path',
    );
  }
  if (!readonly) return;
  if (version === 0) {
    throw new LabError(`${name} is an empty database, not a lab results database yet`, 'run `lab sweep` first, or use --db');
  }
  if (version < CURRENT_SCHEMA_VERSION) {
    throw new LabError(
      `${name} has schema v${version}, older than this lab's v${CURRENT_SCHEMA_VERSION}, and was opened read-only`,
      'run a writing command such as `lab sweep` once to upgrade it',
    );
  }
}

/** A migration's script as `db` runs it: SQLite's as written, PostgreSQL's translated (dialect.ts). */
export function migrationScript(db: Connection, up: string): string {
  return db.dialect === 'sqlite' ? up : POSTGRES_BOOTSTRAP + migrationToPostgres(up);
}

/**
 * Applies pending migrations, each in its own write transaction that re-checks
 * the version after taking the migration lock (SQLite: BEGIN IMMEDIATE;
 * PostgreSQL: an advisory lock), so concurrent openers apply each once. An
 * up-to-date database takes no lock, so opening never waits on a sweep.
 */
export function migrate(db: Connection, now: () => Date): void {
  const current = readSchemaVersion(db) ?? 0;
  for (const m of MIGRATIONS) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.lockForMigration();
      const version = readSchemaVersion(db) ?? 0;
      if (version >= m.version) return;
      db.exec(migrationScript(db, m.up));
      db.prepare('INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)').run(m.version, m.description, now().toISOString());
    }, 'write');
  }
}

/**
 * A human-readable description of a database's schema: each table with its
 * columns (type as declared, nullability, default, foreign keys) and indexes,
 * read from the database's own catalog (SQLite's pragmas, PostgreSQL's
 * pg_catalog), so one text is true of both. The README includes its output.
 */
export function describeConnection(db: Connection): string {
  const lines: string[] = [];
  const version = readSchemaVersion(db);
  if (version !== null) lines.push(`schema version ${version}`);
  for (const table of db.tableNames()) {
    lines.push('', `${table}${TABLE_NOTES[table] ? ` -- ${TABLE_NOTES[table]}` : ''}`);
    const shape = db.describeTable(table);
    const singleFks = new Map<string, string>();
    const compositeFks: string[] = [];
    for (const fk of shape.foreignKeys) {
      const onDelete = fk.onDelete ? ` on delete ${fk.onDelete}` : '';
      if (fk.columns.length === 1) singleFks.set(fk.columns[0]!, `-> ${fk.table}(${fk.to[0]})${onDelete}`);
      else compositeFks.push(`(${fk.columns.join(', ')}) -> ${fk.table}(${fk.to.join(', ')})${onDelete}`);
    }
    const width = Math.max(...shape.columns.map((c) => c.name.length));
    for (const c of shape.columns) {
      const notes = [c.pk ? 'primary key' : c.notnull ? 'not null' : 'null'];
      if (c.default !== null) notes.push(`default ${c.default}`);
      const fk = singleFks.get(c.name);
      if (fk) notes.push(fk);
      lines.push(`  ${c.name.padEnd(width)}  ${c.type.padEnd(7)}  ${notes.join(', ')}`);
    }
    for (const fk of compositeFks) lines.push(`  foreign key ${fk}`);
    for (const ix of shape.indexes) {
      lines.push(`  ${ix.unique ? 'unique' : 'index'} (${ix.columns.join(', ')})${ix.where ? ` where ${ix.where}` : ''}`);
    }
  }
  return lines.join('\n').trimStart() + '\n';
}
