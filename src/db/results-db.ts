/**
 * The results store: the one module callers open, write and read it through.
 * `--db PATH` is a SQLite file (results.db, the default), `--db postgres://...`
 * a PostgreSQL database shared by several machines; both run the same SQL and
 * migrations behind one Connection (connection.ts). Every sample is committed
 * as it lands, so a crash loses at most the sample in flight; readers (`lab
 * report`) read while a sweep writes (SQLite in WAL mode; PostgreSQL's MVCC).
 */
import os from 'node:os';
import type Database from 'better-sqlite3';
import { LabError } from '../errors.ts';
import { processIsAlive } from '../processes.ts';
import type { Environment, SweepSettings, SweepStatus } from '../sweep/result.ts';
import { insertBaseline, insertProfile, selectBaselineHistory, selectLatestProfile } from './baselines-profiles.ts';
import { insertCalibration, selectLatestCalibration, type CalibrationRecord, type StoredCalibration } from './calibrations.ts';
import { type Connection, isPostgresUrl, redactUrl } from './connection.ts';
import { openPostgres, openSqlite } from './open.ts';
import { MEASUREMENT_SELECT, SWEEP_SELECT, parseJson, toMeasurement, toSweepRow, type MeasurementDbRow, type SweepDbRow, type VariantDbRow } from './rows.ts';
import { markStaleRunningInterrupted, recoverDeadSweeps } from './recovery.ts';
import { describeConnection, readSchemaVersion } from './schema.ts';
import { SqliteConnection } from './sqlite-connection.ts';
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
    const { id, createdAt, environment: env, settings: s } = sweep;
    try {
      this.db.transaction(() => {
        const envId = this.db
          .prepare(
            `INSERT INTO environments (lab_version, git_sha, git_dirty, backend, device, tfjs_version, node_version,
               cpu_model, cpu_cores, total_memory_bytes, os, command_line, json)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            env.labVersion, env.gitSha, env.gitDirty === null ? null : env.gitDirty ? 1 : 0, env.backend, env.device, env.tfjsVersion,
            env.nodeVersion, env.cpuModel, env.cpuCores, env.totalMemoryBytes, env.os, env.commandLine, JSON.stringify(env),
          ).lastInsertRowid;
        this.db
          .prepare(
            `INSERT INTO sweeps (id, created_at, status, environment_id, baseline, model, backend, prompt_len, gen_len,
               runs, warmup, seed, experiment, settings_json, owner_pid)
             VALUES (?, ?, 'running', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            id, createdAt, envId, s.baseline, s.model, s.backend, s.promptLen, s.genLen, s.runs, s.warmup, s.seed, s.experiment,
            JSON.stringify(s), process.pid,
          );
      }, 'write');
    } catch (e) {
      if (this.db.constraintOf(e) === 'primarykey') throw new Error(`sweep ${id} already exists in ${this.path}`, { cause: e });
      throw e;
    }
  }

  /** Adds a variant, with its parameter values, to a sweep (one transaction: a reader sees it whole or not at all). */
  addVariant(sweepId: string, variant: VariantRecord): void {
    try {
      this.db.transaction(() => {
        const id = this.db
          .prepare(
            `INSERT INTO variants (sweep_id, name, description, is_baseline, slots_json, commit_sha, branch, point_of)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            sweepId, variant.name, variant.description, variant.isBaseline ? 1 : 0, JSON.stringify(variant.slots), variant.commitSha,
            variant.branch, variant.pointOf ?? null,
          ).lastInsertRowid;
        const param = this.db.prepare('INSERT INTO variant_params (variant_id, name, value_json) VALUES (?, ?, ?)');
        for (const [name, value] of Object.entries(variant.params ?? {})) param.run(id, name, JSON.stringify(value));
      }, 'write');
    } catch (e) {
      const kind = this.db.constraintOf(e);
      if (kind === 'foreignkey') throw new Error(`cannot add variant ${variant.name}: no sweep ${sweepId} in ${this.path}`, { cause: e });
      if (kind === 'unique') {
        throw new Error(`cannot add variant ${variant.name} to sweep ${sweepId}: it already has a variant of that name, or already has a baseline`, {
          cause: e,
        });
      }
      throw e;
    }
  }

  /** Records the experiment commit (and branch) a variant's samples run from. */
  setVariantCommit(sweepId: string, name: string, commitSha: string, branch: string | null): void {
    const info = this.db.prepare('UPDATE variants SET commit_sha = ?, branch = ? WHERE sweep_id = ? AND name = ?').run(commitSha, branch, sweepId, name);
    if (info.changes === 0) throw new Error(`no variant ${name} in sweep ${sweepId} in ${this.path}`);
  }

  /** Records a variant's start-up cost: spawn to ready (startupS), of which building the weights (loadS). */
  setVariantStartup(sweepId: string, name: string, startupS: number, loadS: number): void {
    const info = this.db.prepare('UPDATE variants SET startup_s = ?, load_s = ? WHERE sweep_id = ? AND name = ?').run(startupS, loadS, sweepId, name);
    if (info.changes === 0) throw new Error(`no variant ${name} in sweep ${sweepId} in ${this.path}`);
  }

  /** Commits one timed sample at once (its own implicit transaction); returns its id. */
  addSample(sweepId: string, variantName: string, sample: SampleRecord): number {
    return this.insertMeasurement('samples', sweepId, variantName, sample);
  }

  /** Marks samples replaced by a re-run of their block: kept as the record, left out of the statistics. */
  supersedeSamples(sweepId: string, ids: readonly number[]): void {
    const mark = this.db.prepare('UPDATE samples SET superseded = 1 WHERE sweep_id = ? AND id = ?');
    this.db.transaction(() => {
      for (const id of ids) mark.run(sweepId, id);
    }, 'write');
  }

  /** Replaces a sweep's stored settings (an --until-resolved sweep records its budget in runs once it is known). */
  updateSettings(sweepId: string, settings: SweepSettings): void {
    const info = this.db.prepare('UPDATE sweeps SET settings_json = ? WHERE id = ?').run(JSON.stringify(settings), sweepId);
    if (info.changes === 0) throw new Error(`no sweep ${sweepId} in ${this.path}`);
  }

  /** Commits one warm-up run at once; warm-ups live apart from samples. */
  addWarmup(sweepId: string, variantName: string, sample: SampleRecord): void {
    this.insertMeasurement('warmups', sweepId, variantName, sample);
  }

  private insertMeasurement(table: 'samples' | 'warmups', sweepId: string, variantName: string, m: SampleRecord): number {
    const variant = this.db.prepare('SELECT id FROM variants WHERE sweep_id = ? AND name = ?').get(sweepId, variantName) as { id: number } | undefined;
    if (!variant) {
      throw new Error(`cannot record a ${table === 'samples' ? 'sample' : 'warm-up'}: no variant ${variantName} in sweep ${sweepId} in ${this.path}`);
    }
    const info = this.db
      .prepare(
        `INSERT INTO ${table} (sweep_id, variant_id, round, prefill_s, generation_s, total_s, prefill_tokens_per_s,
           generation_tokens_per_s, peak_memory_bytes, harness_s, commit_sha, process, block, foreign_cpu_s, foreign_load,
           load_flagged, superseded, grid_block, device, sample_key, recorded_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (sweep_id, sample_key) WHERE sample_key IS NOT NULL DO NOTHING`,
      )
      .run(
        sweepId, variant.id, m.round, m.prefillS, m.generationS, m.totalS, m.prefillTokensPerS, m.generationTokensPerS, m.peakMemoryBytes,
        m.harnessS, m.commitSha, m.process, m.block ?? null, m.foreignCpuS ?? null, m.foreignLoad ?? null, m.loadFlagged ? 1 : 0,
        m.superseded ? 1 : 0, m.gridBlock ?? null, m.device ?? null, m.sampleKey ?? null, this.now().toISOString(),
      );
    if (info.changes === 0 || info.lastInsertRowid === null) {
      // Delivered before under the same key: the first delivery stands.
      const first = this.db.prepare(`SELECT id FROM ${table} WHERE sweep_id = ? AND sample_key = ?`).get(sweepId, m.sampleKey) as { id: number };
      return first.id;
    }
    return info.lastInsertRowid;
  }

  /** Ends a sweep with a final status (not 'running') and sets finished_at to now. */
  finishSweep(sweepId: string, status: SweepStatus): void {
    if (status === 'running') throw new Error(`finishSweep(${sweepId}): status must not be 'running'`);
    const info = this.db.prepare('UPDATE sweeps SET status = ?, finished_at = ? WHERE id = ?').run(status, this.now().toISOString(), sweepId);
    if (info.changes === 0) throw new Error(`no sweep ${sweepId} in ${this.path}`);
  }

  /** lab sweep --resume: a sweep whose coordinator died is running again, owned by this process. */
  reopenSweep(sweepId: string, ownerPid: number = process.pid): void {
    const info = this.db.prepare(`UPDATE sweeps SET status = 'running', finished_at = NULL, owner_pid = ? WHERE id = ?`).run(ownerPid, sweepId);
    if (info.changes === 0) throw new Error(`no sweep ${sweepId} in ${this.path}`);
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
    const rows = this.db.prepare(`${SWEEP_SELECT} ORDER BY s.created_at DESC, s.id DESC`).all() as SweepDbRow[];
    return rows.map(toSweepRow);
  }

  latestSweepId(): string | null {
    // A calibration's A/A sweeps are its own record, not the sweep a user means by "the latest".
    const row = this.db
      .prepare("SELECT id FROM sweeps WHERE coalesce(json_extract(settings_json, '$.purpose'), '') <> 'calibration' ORDER BY created_at DESC, id DESC LIMIT 1")
      .get() as { id: string } | undefined;
    return row?.id ?? null;
  }

  /** A variant's parameter values and what it is a point of, as VariantRecord holds them (absent when it has none). */
  private paramsOf(variantId: number, pointOf: string | null): Pick<VariantRecord, 'params' | 'pointOf'> {
    const rows = this.db.prepare('SELECT name, value_json FROM variant_params WHERE variant_id = ? ORDER BY rowid').all(variantId) as { name: string; value_json: string }[];
    return {
      ...(rows.length ? { params: Object.fromEntries(rows.map((r) => [r.name, parseJson<number | string | boolean>(r.value_json)])) } : {}),
      ...(pointOf ? { pointOf } : {}),
    };
  }

  /** A sweep with its variants, samples and warm-ups, each in the order they were recorded. */
  getSweep(id: string): StoredSweep {
    // One read transaction: a consistent snapshot while a sweep keeps writing.
    return this.db.transaction((): StoredSweep => {
      const row = this.db.prepare(`${SWEEP_SELECT} WHERE s.id = ?`).get(id) as SweepDbRow | undefined;
      if (!row) throw new LabError(`no sweep ${id} in ${this.path}`, '`lab history` lists the sweep ids it holds');
      const variants = (
        this.db
          .prepare(`SELECT id, name, description, is_baseline, slots_json, commit_sha, branch, startup_s, load_s, point_of FROM variants WHERE sweep_id = ? ORDER BY id`)
          .all(id) as VariantDbRow[]
      ).map((v) => ({
        ...this.paramsOf(v.id, v.point_of),
        id: v.id,
        name: v.name,
        description: v.description,
        isBaseline: v.is_baseline === 1,
        slots: parseJson<Record<string, string>>(v.slots_json),
        commitSha: v.commit_sha,
        branch: v.branch,
        startupS: v.startup_s,
        loadS: v.load_s,
      }));
      const samples = (this.db.prepare(MEASUREMENT_SELECT('samples')).all(id) as MeasurementDbRow[]).map(toMeasurement);
      const warmups = (this.db.prepare(MEASUREMENT_SELECT('warmups')).all(id) as MeasurementDbRow[]).map((r) => {
        const { recordedAt: _recordedAt, ...rest } = toMeasurement(r);
        return rest;
      });
      return { ...toSweepRow(row), variants, samples, warmups };
    }, 'snapshot');
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
