/**
 * The one interface ResultsDb talks to a database through: prepared statements
 * (run / get / all), scripts, transactions and the catalog reads the open-time
 * checks and describeSchema need. Two implementations: SQLite (better-sqlite3,
 * sqlite-connection.ts) and PostgreSQL (pg behind a synchronous bridge,
 * pg-connection.ts). ResultsDb's SQL is SQLite's; the PostgreSQL connection
 * translates it (dialect.ts).
 */

export interface RunResult {
  /** Rows inserted, updated or deleted. */
  changes: number;
  /** The id of the row an INSERT made; null when it made none (e.g. ON CONFLICT DO NOTHING). */
  lastInsertRowid: number | null;
}

export interface Statement {
  run(...params: unknown[]): RunResult;
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}

/**
 * 'write': the transaction will write; it takes SQLite's write lock at once (BEGIN IMMEDIATE).
 * 'snapshot': a read that sees one consistent state while others write.
 */
export type TransactionMode = 'write' | 'snapshot';

/** Which constraint a failed write broke, in either database. */
export type ConstraintKind = 'primarykey' | 'unique' | 'foreignkey' | 'check' | 'notnull';

/** One table as describeSchema prints it; both connections read their own catalog into it. */
export interface TableShape {
  /** In declaration order. type is as declared in the migrations (INTEGER, REAL, TEXT). */
  columns: { name: string; type: string; notnull: boolean; default: string | null; pk: boolean }[];
  /** In declaration order; columns and to have one entry each for a one-column key. */
  foreignKeys: { columns: string[]; table: string; to: string[]; onDelete: string | null }[];
  /** Every index but the primary key's, in creation order (UNIQUE constraints first, with their table). */
  indexes: { unique: boolean; columns: string[]; where: string | null }[];
}

export interface Connection {
  readonly dialect: 'sqlite' | 'postgres';
  readonly open: boolean;
  prepare(sql: string): Statement;
  /** Runs a script of several statements, no parameters. */
  exec(sql: string): void;
  /** Runs fn in one transaction (nested calls join the outer one); commits on return, rolls back on a throw. */
  transaction<T>(fn: () => T, mode?: TransactionMode): T;
  /** Inside a migration's transaction: waits until no other opener is migrating (SQLite: the write lock does it). */
  lockForMigration(): void;
  /** The database's own tables, in creation order. */
  tableNames(): string[];
  describeTable(table: string): TableShape;
  /** The constraint `e` says a write broke, or undefined when it is no constraint error. */
  constraintOf(e: unknown): ConstraintKind | undefined;
  close(): void;
}

/** `--db postgres://...` or `postgresql://...` names a PostgreSQL database; anything else is a SQLite file. */
export function isPostgresUrl(target: string): boolean {
  return /^postgres(ql)?:\/\//i.test(target);
}

/** The parts of a PostgreSQL URL that messages may show: everything but the password. */
export interface PgAddress {
  protocol: string;
  user: string | null;
  /** A host name, or the unix socket folder of ?host=/path. */
  host: string;
  port: string | null;
  database: string;
}

/** Parses postgres://[user[:password]@][host][:port][/database][?host=/socket/dir...]; null when it is no URL. */
export function parsePgUrl(target: string): PgAddress | null {
  let u: URL;
  try {
    u = new URL(target);
  } catch {
    // An empty host (a unix socket, given as ?host=/path) is valid to libpq and pg, not to WHATWG URL.
    try {
      u = new URL(target.replace(/^(postgres(?:ql)?:\/\/(?:[^/@]*@)?)(?=[/?]|$)/i, '$1socket.invalid'));
    } catch {
      return null;
    }
  }
  const socket = u.searchParams.get('host');
  const hostname = u.hostname === 'socket.invalid' ? '' : u.hostname;
  return {
    protocol: u.protocol,
    user: u.username ? decodeURIComponent(u.username) : null,
    host: socket ?? (hostname || 'localhost'),
    port: u.port || u.searchParams.get('port') || null,
    database: decodeURIComponent(u.pathname.replace(/^\//, '')),
  };
}

/**
 * A PostgreSQL URL without its password (postgres://user@host:port/db), for
 * every message: a password never reaches the terminal or a log.
 */
export function redactUrl(target: string): string {
  if (!isPostgresUrl(target)) return target;
  const a = parsePgUrl(target);
  // Unparseable: drop everything up to the last "@" of the authority, where a password would be.
  if (!a) return target.replace(/^(postgres(?:ql)?:\/\/)[^/]*@/i, '$1***@');
  return `${a.protocol}//${a.user ? `${a.user}@` : ''}${a.host}${a.port ? `:${a.port}` : ''}/${a.database}`;
}

/** How a command names its --db in messages: a file's path, or a URL without its password. */
export function displayDbName(target: string): string {
  return redactUrl(target);
}
