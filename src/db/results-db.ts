/**
 * The results store: the one module callers open, write and read it through.
 * `--db PATH` is a SQLite file (results.db, the default), `--db postgres://...`
 * a PostgreSQL database shared by several machines; both run the same SQL and
 * migrations behind one Connection (connection.ts). Every sample is committed
 * as it lands, so a crash loses at most the sample in flight; readers (`lab
 * report`) read while a sweep writes (SQLite in WAL mode; PostgreSQL's MVCC).
 * The SQL lives beside it, a module per job: a sweep's writes (sweep-writes.ts)
 * and reads (sweep-reads.ts), baselines and profiles, calibrations, recovery.
 */
import os from 'node:os';
import type Database from 'better-sqlite3';
import { processIsAlive } from '../processes.ts';
import type { Environment, SweepSettings, SweepStatus } from '../sweep/result.ts';
import { insertBaseline, insertProfile, selectBaselineHistory, selectLatestProfile } from './baselines-profiles.ts';
import { insertCalibration, selectLatestCalibration, type CalibrationRecord, type StoredCalibration } from './calibrations.ts';
import { type Connection, isPostgresUrl, redactUrl } from './connection.ts';
import { openPostgres, openSqlite } from './open.ts';
import { markStaleRunningInterrupted, recoverDeadSweeps } from './recovery.ts';
import { describeConnection, readSchemaVersion } from './schema.ts';
import { SqliteConnection } from './sqlite-connection.ts';
import { getSweep, latestSweepId, listSweeps } from './sweep-reads.ts';
import { addVariant, createSweep, finishSweep, insertMeasurement, reopenSweep, setVariantCommit, setVariantStartup, supersedeSamples, updateSettings } from './sweep-writes.ts';
import type { BaselineEntry, OpenOptions, ProfileRecord, SampleRecord, StoredProfile, StoredSweep, SweepRow, VariantRecord } from './types.ts';

export type { CalibrationRecord, StoredCalibration } from './calibrations.ts';
export type { BaselineEntry, OpenOptions, ProfileRecord, SampleRecord, StoredProfile, StoredSweep, SweepRow, VariantRecord } from './types.ts';
export type { Connection } from './connection.ts';
export { displayDbName, isPostgresUrl } from './connection.ts';
export { CURRENT_SCHEMA_VERSION } from './migrations.ts';
export { BUSY_TIMEOUT_MS } from './open.ts';

export class ResultsDb {
  /** The SQLite file's path, or the PostgreSQL URL without its password: what messages name the store by. */
  readonly path: string;
  readonly readonly: boolean;
  private readonly db: Connection;
  private readonly now: () => Date;

  private constructor(name: string, db: Connection, readonly: boolean, now: () => Date) {
    this.path = name;
    this.db = db;
    this.readonly = readonly;
    this.now = now;
  }

  /**
   * Opens the results store at `target` (a SQLite file, created unless
   * readonly; or a postgres:// URL) and brings its schema up to
   * CURRENT_SCHEMA_VERSION. Every refusal is a LabError raised before anything
   * is written.
   */
  static open(target: string, options: OpenOptions = {}): ResultsDb {
    const readonly = options.readonly ?? false;
    const now = options.now ?? (() => new Date());
    if (isPostgresUrl(target)) return new ResultsDb(redactUrl(target), openPostgres(target, readonly, now), readonly, now);
    return new ResultsDb(target, openSqlite(target, readonly, now), readonly, now);
  }

  /** 'sqlite' or 'postgres'. */
  get dialect(): Connection['dialect'] {
    return this.db.dialect;
  }

  /** The highest migration applied to this database. */
  schemaVersion(): number {
    return readSchemaVersion(this.db) ?? 0;
  }

  /** Records a new sweep, status 'running', with its environment. */
  createSweep(sweep: { id: string; createdAt: string; environment: Environment; settings: SweepSettings }): void {
    createSweep(this.db, this.path, sweep);
  }

  /** Adds a variant, with its parameter values, to a sweep (one transaction: a reader sees it whole or not at all). */
  addVariant(sweepId: string, variant: VariantRecord): void {
    addVariant(this.db, this.path, sweepId, variant);
  }

  /** Records the experiment commit (and branch) a variant's samples run from. */
  setVariantCommit(sweepId: string, name: string, commitSha: string, branch: string | null): void {
    setVariantCommit(this.db, this.path, sweepId, name, commitSha, branch);
  }

  /** Records a variant's start-up cost: spawn to ready (startupS), of which building the weights (loadS). */
  setVariantStartup(sweepId: string, name: string, startupS: number, loadS: number): void {
    setVariantStartup(this.db, this.path, sweepId, name, startupS, loadS);
  }

  /** Commits one timed sample at once (its own implicit transaction); returns its id. */
  addSample(sweepId: string, variantName: string, sample: SampleRecord): number {
    return insertMeasurement(this.db, this.path, this.now, 'samples', sweepId, variantName, sample);
  }

  /** Marks samples replaced by a re-run of their block: kept as the record, left out of the statistics. */
  supersedeSamples(sweepId: string, ids: readonly number[]): void {
    supersedeSamples(this.db, sweepId, ids);
  }

  /** Replaces a sweep's stored settings (an --until-resolved sweep records its budget in runs once it is known). */
  updateSettings(sweepId: string, settings: SweepSettings): void {
    updateSettings(this.db, this.path, sweepId, settings);
  }

  /** Commits one warm-up run at once; warm-ups live apart from samples. */
  addWarmup(sweepId: string, variantName: string, sample: SampleRecord): void {
    insertMeasurement(this.db, this.path, this.now, 'warmups', sweepId, variantName, sample);
  }

  /** Ends a sweep with a final status (not 'running') and sets finished_at to now. */
  finishSweep(sweepId: string, status: SweepStatus): void {
    finishSweep(this.db, this.path, this.now, sweepId, status);
  }

  /** lab sweep --resume: a sweep whose coordinator died is running again, owned by this process. */
  reopenSweep(sweepId: string, ownerPid: number = process.pid): void {
    reopenSweep(this.db, this.path, sweepId, ownerPid);
  }

  /**
   * Marks every sweep still 'running' whose id is not in `live` as
   * interrupted; returns their ids (for crash recovery). finished_at becomes
   * the last sign of life: its newest sample or warm-up, else its created_at.
   */
  markStaleRunningInterrupted(live: string[] = []): string[] {
    return markStaleRunningInterrupted(this.db, live);
  }

  /**
   * Crash recovery: marks interrupted every sweep still 'running' whose owning
   * process (same machine) is gone, e.g. after a SIGKILL or a power cut. On a
   * shared PostgreSQL store only this host's sweeps (see recovery.ts).
   */
  recoverDeadSweeps(isAlive: (pid: number) => boolean = processIsAlive, host: string = os.hostname()): string[] {
    return recoverDeadSweeps(this.db, isAlive, host);
  }

  /** Every sweep, newest first. */
  listSweeps(): SweepRow[] {
    return listSweeps(this.db);
  }

  latestSweepId(): string | null {
    return latestSweepId(this.db);
  }

  /** A sweep with its variants, samples and warm-ups, each in the order they were recorded. */
  getSweep(id: string): StoredSweep {
    return getSweep(this.db, this.path, id);
  }

  /** Appends to the baseline history (`lab baseline promote` / `lab baseline reset`). */
  recordBaseline(entry: { variant: string; slots: Record<string, string>; sourceSweepId: string | null; reset: boolean }): void {
    insertBaseline(this.db, this.now().toISOString(), entry);
  }

  /** The baseline history, oldest first; the last entry is the current baseline. */
  baselineHistory(): BaselineEntry[] {
    return selectBaselineHistory(this.db);
  }

  /** The current baseline (last history entry), or null when none was ever promoted. */
  currentBaseline(): BaselineEntry | null {
    return this.baselineHistory().at(-1) ?? null;
  }

  /** Stores one `lab profile` result, created_at now; returns its id. */
  addProfile(p: ProfileRecord): number {
    return insertProfile(this.db, this.now().toISOString(), p);
  }

  /** The newest stored profile (of `variant`, when given), or null. */
  latestProfile(variant?: string): StoredProfile | null {
    return selectLatestProfile(this.db, variant);
  }

  /** Stores one `lab calibrate` result, created_at now; returns its id. */
  addCalibration(c: CalibrationRecord): number {
    return insertCalibration(this.db, this.now().toISOString(), c);
  }

  /** The newest calibration of a machine and backend (and device), or null. */
  latestCalibration(machine: string, backend: string, device: string): StoredCalibration | null {
    return selectLatestCalibration(this.db, machine, backend, device);
  }

  /** The table-by-table description of this database's schema (see describeSchema). */
  describeSchema(): string {
    return describeConnection(this.db);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

/**
 * A human-readable description of a database's schema: each table with its
 * columns (type, constraints, foreign keys) and indexes, the same text for a
 * SQLite file and a PostgreSQL database. The README includes its output.
 */
export function describeSchema(db: ResultsDb | Connection | Database.Database): string {
  if (db instanceof ResultsDb) return db.describeSchema();
  if ('dialect' in db) return describeConnection(db);
  return describeConnection(new SqliteConnection(db));
}
