/**
 * Opening a store: the checks before anything is created, the connection, the
 * schema checks and the migrations, for a SQLite file and for a PostgreSQL URL.
 * Every refusal is a LabError raised before anything is written.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { LabError } from '../errors.ts';
import type { Connection } from './connection.ts';
import { redactUrl } from './connection.ts';
import { PgConnection } from './pg-connection.ts';
import { checkSchemaVersion, migrate, readSchemaVersion } from './schema.ts';
import { SqliteConnection, sqliteCode } from './sqlite-connection.ts';

/** Milliseconds a connection waits for another's lock before failing with SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 5000;

const MOVE_ASIDE_HINT = 'move it aside or use --db to choose another path';

function errnoCode(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : undefined;
}

/** Checks, before anything is created, that `file` can be opened for writing. */
function preflightWritable(file: string): void {
  const dir = path.dirname(path.resolve(file));
  let dirStat: fs.Stats;
  try {
    dirStat = fs.statSync(dir);
  } catch {
    throw new LabError(`cannot create results database ${file}: directory ${dir} does not exist`, 'create the directory or use --db to choose another path');
  }
  if (!dirStat.isDirectory()) {
    throw new LabError(`cannot create results database ${file}: ${dir} is not a directory`, 'use --db to choose another path');
  }
  let fileStat: fs.Stats | undefined;
  try {
    fileStat = fs.statSync(file);
  } catch (e) {
    if (errnoCode(e) !== 'ENOENT') throw e;
  }
  if (fileStat?.isDirectory()) {
    throw new LabError(`${file} is a directory, not a lab results database`, 'use --db to choose a file path');
  }
  // WAL mode needs to create PATH-wal and PATH-shm beside the database.
  try {
    fs.accessSync(dir, fs.constants.W_OK | fs.constants.X_OK);
    if (fileStat) fs.accessSync(file, fs.constants.R_OK | fs.constants.W_OK);
  } catch {
    const what = fileStat ? `${file} or its directory` : `directory ${dir}`;
    throw new LabError(`cannot write results database ${file}: ${what} is not writable`, 'fix its permissions or use --db to choose another path');
  }
}

/** Opens (creating it unless readonly) the SQLite results database at `file`, in WAL mode, migrated. */
export function openSqlite(file: string, readonly: boolean, now: () => Date): Connection {
  if (readonly) {
    if (!fs.existsSync(file)) {
      throw new LabError(`no results database at ${file}`, 'run `lab sweep` first, or use --db to point at one');
    }
  } else {
    preflightWritable(file);
  }

  const existed = fs.existsSync(file);
  let raw: Database.Database;
  try {
    raw = new Database(file, { readonly, fileMustExist: readonly });
  } catch (e) {
    const code = sqliteCode(e);
    if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_READONLY' || code === 'SQLITE_PERM') {
      throw new LabError(`cannot open results database ${file} (${code})`, 'check the path and its permissions, or use --db');
    }
    throw e;
  }
  const db = new SqliteConnection(raw);
  try {
    // Connection settings only; none of these writes to the file.
    raw.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    raw.pragma('foreign_keys = ON');
    let version: number | null;
    try {
      version = readSchemaVersion(db);
    } catch (e) {
      const code = sqliteCode(e);
      if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
        throw new LabError(`${file} is not a lab results database (corrupt or another file)`, MOVE_ASIDE_HINT);
      }
      throw e;
    }
    checkSchemaVersion(db, version, file, readonly, MOVE_ASIDE_HINT);
    if (!readonly) {
      const mode = raw.pragma('journal_mode', { simple: true }) as string;
      if (mode.toLowerCase() !== 'wal') raw.pragma('journal_mode = WAL');
      migrate(db, now);
    }
  } catch (e) {
    db.close();
    // A database this call created and could not set up is worthless: leave no trace.
    if (!existed) for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
    throw e;
  }
  return db;
}

/**
 * Connects to the PostgreSQL database at `url` and, unless readonly, brings its
 * schema up to date. The database itself must exist (createdb); an unreachable
 * server, a refused login or a missing database is a LabError naming the
 * address (never the password), before anything is written.
 */
export function openPostgres(url: string, readonly: boolean, now: () => Date): Connection {
  const db = PgConnection.connect(url, { readonly });
  try {
    checkSchemaVersion(db, readSchemaVersion(db), redactUrl(url), readonly, 'use --db to choose another database, or create an empty one for the lab');
    if (!readonly) migrate(db, now);
  } catch (e) {
    db.close();
    throw e;
  }
  return db;
}
