/**
 * The PostgreSQL connection: ResultsDb's SQLite SQL, translated (dialect.ts),
 * run through the synchronous bridge (pg-bridge.ts) on one `pg` client.
 */
import { LabError } from '../errors.ts';
import type { ConstraintKind, Connection, RunResult, Statement, TableShape, TransactionMode } from './connection.ts';
import { parsePgUrl, redactUrl } from './connection.ts';
import { declaredDefault, declaredPredicate, declaredType, statementToPostgres } from './dialect.ts';
import { PgBridge, PgError, type QueryResult } from './pg-bridge.ts';

/** Milliseconds to wait for PostgreSQL to accept the connection. */
export const CONNECT_TIMEOUT_MS = 10_000;

/** The advisory lock openers take while migrating, so that two never migrate at once. */
const MIGRATION_LOCK = 17_003_001;

const ON_DELETE: Readonly<Record<string, string | null>> = { a: null, r: 'restrict', c: 'cascade', n: 'set null', d: 'set default' };

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'ENOENT']);

/** user@host:port/db of a URL, never its password. */
function addressOf(url: string): string {
  const a = parsePgUrl(url);
  if (!a) return redactUrl(url);
  return `${a.user ? `${a.user}@` : ''}${a.host}:${a.port ?? '5432'}/${a.database}`;
}

/** Why a connection failed, as one LabError that names the address and says what to check. */
function connectError(url: string, e: unknown): LabError {
  const at = `PostgreSQL at ${addressOf(url)}`;
  const code = e instanceof PgError ? e.code : null;
  const codes = [code, ...(e instanceof PgError ? (e.errors ?? []) : [])];
  const unreachable = codes.find((c) => c !== null && UNREACHABLE.has(c));
  if (unreachable || (e instanceof Error && /timeout|terminated unexpectedly/i.test(e.message))) {
    return new LabError(
      `cannot reach ${at} (${unreachable ?? 'connection timed out'})`,
      'check that PostgreSQL runs there and listens on that host and port (pg_isready -h HOST -p PORT), or use --db to choose another store',
    );
  }
  const a = parsePgUrl(url);
  const parts = { host: a?.host ?? 'HOST', port: a?.port ?? '5432', user: a?.user ?? 'USER', db: a?.database ?? '' };
  if (code === '28P01' || code === '28000') {
    // The server's reason (e.g. 'role "x" does not exist') names the user, never a password.
    const reason = e instanceof Error ? e.message : 'authentication failed';
    return new LabError(`${at} refused the login: ${reason}`, "check the user and password in --db (or PGPASSWORD, ~/.pgpass) and the server's pg_hba.conf");
  }
  if (code === '3D000') {
    const db = parts.db || 'the database';
    return new LabError(`${at}: database ${db} does not exist`, `create it first: createdb -h ${parts.host} -p ${parts.port} -U ${parts.user} ${db}`);
  }
  const reason = e instanceof Error ? e.message.replace(/postgres(ql)?:\/\/\S*/gi, (m) => redactUrl(m)) : String(e);
  return new LabError(`cannot open ${at}: ${reason}`, 'check the URL given to --db: postgres://USER@HOST:PORT/DATABASE');
}

export class PgConnection implements Connection {
  readonly dialect = 'postgres' as const;
  private readonly bridge: PgBridge;
  private readonly statements = new Map<string, string>();
  private depth = 0;
  private closed = false;

  private constructor(bridge: PgBridge) {
    this.bridge = bridge;
  }

  /** Connects, or throws a LabError naming the address (never the password); nothing is written either way. */
  static connect(url: string, options: { readonly: boolean }): PgConnection {
    if (!parsePgUrl(url)) {
      throw new LabError(`not a PostgreSQL URL: ${redactUrl(url)}`, 'give --db as postgres://USER@HOST:PORT/DATABASE');
    }
    const bridge = new PgBridge();
    try {
      bridge.connect(url, CONNECT_TIMEOUT_MS);
      // Times are text, so only messages depend on these; a read-only store refuses every write.
      bridge.query(`SET client_min_messages = warning${options.readonly ? '; SET default_transaction_read_only = on' : ''}`);
    } catch (e) {
      bridge.end();
      throw connectError(url, e);
    }
    return new PgConnection(bridge);
  }

  get open(): boolean {
    return !this.closed;
  }

  private query(text: string, values?: unknown[]): QueryResult {
    return this.bridge.query(text, values);
  }

  prepare(sql: string): Statement {
    let text = this.statements.get(sql);
    if (text === undefined) {
      text = statementToPostgres(sql);
      this.statements.set(sql, text);
    }
    const t = text;
    return {
      run: (...params: unknown[]): RunResult => {
        const r = this.query(t, params);
        const id = r.rows[0]?.['id'];
        return { changes: r.rowCount, lastInsertRowid: typeof id === 'number' ? id : null };
      },
      get: (...params: unknown[]): unknown => this.query(t, params).rows[0],
      all: (...params: unknown[]): unknown[] => this.query(t, params).rows,
    };
  }

  exec(sql: string): void {
    this.query(sql);
  }

  transaction<T>(fn: () => T, mode?: TransactionMode): T {
    const savepoint = this.depth > 0 ? `lab_sp_${this.depth}` : null;
    this.query(savepoint ? `SAVEPOINT ${savepoint}` : mode === 'snapshot' ? 'BEGIN ISOLATION LEVEL REPEATABLE READ' : 'BEGIN');
    this.depth++;
    try {
      const result = fn();
      this.query(savepoint ? `RELEASE SAVEPOINT ${savepoint}` : 'COMMIT');
      return result;
    } catch (e) {
      try {
        this.query(savepoint ? `ROLLBACK TO SAVEPOINT ${savepoint}` : 'ROLLBACK');
      } catch {
        // the connection itself failed: PostgreSQL rolls the transaction back
      }
      throw e;
    } finally {
      this.depth--;
    }
  }

  lockForMigration(): void {
    this.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
  }

  tableNames(): string[] {
    return this.query(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') ORDER BY c.oid`,
    ).rows.map((r) => String(r['name']));
  }

  describeTable(table: string): TableShape {
    const rel = `"${table.replace(/"/g, '""')}"`;
    const columns = this.query(
      `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS notnull,
              pg_get_expr(d.adbin, d.adrelid) AS dflt,
              coalesce(a.attnum = ANY (pk.conkey), false) AS pk
       FROM pg_attribute a
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
       LEFT JOIN pg_constraint pk ON pk.conrelid = a.attrelid AND pk.contype = 'p'
       WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped
       ORDER BY a.attnum`,
      [rel],
    ).rows;
    const names = (rel: string, keys: string) =>
      `(SELECT array_agg(at.attname::text ORDER BY k.ord) FROM unnest(${keys}) WITH ORDINALITY AS k(num, ord)
         JOIN pg_attribute at ON at.attrelid = ${rel} AND at.attnum = k.num)`;
    const fks = this.query(
      `SELECT con.confrelid::regclass::text AS ref, con.confdeltype AS on_delete,
              ${names('con.conrelid', 'con.conkey')} AS cols, ${names('con.confrelid', 'con.confkey')} AS refcols
       FROM pg_constraint con WHERE con.conrelid = $1::regclass AND con.contype = 'f' ORDER BY con.oid`,
      [rel],
    ).rows;
    const indexes = this.query(
      `SELECT i.indisunique AS is_unique, pg_get_expr(i.indpred, i.indrelid) AS pred,
              ${names('i.indrelid', 'i.indkey::int2[]')} AS cols
       FROM pg_index i WHERE i.indrelid = $1::regclass AND NOT i.indisprimary ORDER BY i.indexrelid`,
      [rel],
    ).rows;
    return {
      columns: columns.map((c) => ({
        name: String(c['name']),
        type: declaredType(String(c['type'])),
        notnull: c['notnull'] === true,
        default: declaredDefault((c['dflt'] as string | null) ?? null),
        pk: c['pk'] === true,
      })),
      foreignKeys: fks.map((f) => ({
        columns: f['cols'] as string[],
        table: String(f['ref']),
        to: f['refcols'] as string[],
        onDelete: ON_DELETE[String(f['on_delete'])] ?? null,
      })),
      indexes: indexes.map((ix) => ({
        unique: ix['is_unique'] === true,
        columns: ix['cols'] as string[],
        where: ix['pred'] ? declaredPredicate(String(ix['pred'])) : null,
      })),
    };
  }

  constraintOf(e: unknown): ConstraintKind | undefined {
    if (!(e instanceof PgError)) return undefined;
    switch (e.code) {
      case '23505':
        return e.constraint?.endsWith('_pkey') ? 'primarykey' : 'unique';
      case '23503':
        return 'foreignkey';
      case '23514':
        return 'check';
      case '23502':
        return 'notnull';
      default:
        return undefined;
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.bridge.end();
  }
}
