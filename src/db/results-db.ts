/**
 * The results database (`results.db`): the one module that opens, migrates,
 * writes and reads it. Every sample is committed as it lands, so a crash loses
 * at most the sample in flight. The database runs in WAL mode so `lab report`
 * can read while a sweep writes.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { LabError } from '../errors.ts';
import { processIsAlive } from '../processes.ts';
import type { Environment, SweepSettings, SweepStatus } from '../sweep/result.ts';
import type { ProfileResult } from '../profile/types.ts';
import { CURRENT_SCHEMA_VERSION, MIGRATIONS, TABLE_NOTES } from './migrations.ts';
import { insertCalibration, selectLatestCalibration, type CalibrationRecord, type StoredCalibration } from './calibrations.ts';

export type { CalibrationRecord, StoredCalibration } from './calibrations.ts';

export { CURRENT_SCHEMA_VERSION } from './migrations.ts';

/** Milliseconds a connection waits for another's lock before failing with SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 5000;

export interface SampleRecord {
  round: number;
  prefillS: number;
  generationS: number;
  totalS: number;
  prefillTokensPerS: number;
  generationTokensPerS: number;
  peakMemoryBytes: number;
  harnessS: number;
  commitSha: string | null;
  /** The variant's worker process (0, 1, ...) that measured it; null in sweeps recorded before processes were. */
  process: number | null;
  /** The paired block it was measured in (its baseline partner shares it); null when unpaired or recorded before pairing. */
  block?: number | null;
  /** CPU seconds other processes took on the machine while it ran, and as average busy cores; null where unknown. */
  foreignCpuS?: number | null;
  foreignLoad?: number | null;
  /** Measured under foreign load above the sweep's threshold. */
  loadFlagged?: boolean;
  /** Replaced by a re-run of its block (it was flagged, or its partner was): kept as a record, left out of the statistics. */
  superseded?: boolean;
  /** A grid too big for the device at once runs in blocks, each with baseline samples of its own; null for one block. */
  gridBlock?: number | null;
  /** The device it ran on, when a sweep spreads over devices (lab worker); null: the sweep environment's device. */
  device?: string | null;
  /**
   * Names the sample within its sweep (e.g. block, attempt, process, round, index): a sample delivered twice
   * (a queue's at-least-once delivery) lands once. Null: not keyed.
   */
  sampleKey?: string | null;
}

export interface VariantRecord {
  name: string;
  description: string;
  isBaseline: boolean;
  slots: Record<string, string>;
  commitSha: string | null;
  branch: string | null;
  /** Every parameter's value it ran at; absent (or empty) for a variant without parameters. */
  params?: Record<string, number | string | boolean>;
  /** A preset or grid point: the parametrized variant it is a setting of. */
  pointOf?: string | null;
}

export interface SweepRow {
  id: string;
  createdAt: string;
  finishedAt: string | null;
  status: SweepStatus;
  baseline: string;
  settings: SweepSettings;
  environment: Environment;
}

export interface StoredSweep extends SweepRow {
  variants: (VariantRecord & { id: number; startupS: number | null; loadS: number | null })[];
  samples: (SampleRecord & { variant: string; recordedAt: string })[];
  warmups: (SampleRecord & { variant: string })[];
}

/** One `lab profile` run as stored in `profiles`. */
export interface ProfileRecord {
  variant: string;
  slots: Record<string, string>;
  model: string;
  backend: string;
  device: string;
  promptLen: number;
  genLen: number;
  environment: Environment;
  result: ProfileResult;
}

export interface StoredProfile extends ProfileRecord {
  id: number;
  createdAt: string;
}

interface ProfileDbRow {
  id: number;
  created_at: string;
  variant: string;
  slots_json: string;
  model: string;
  backend: string;
  device: string;
  prompt_len: number;
  gen_len: number;
  environment_json: string;
  result_json: string;
}

export interface BaselineEntry {
  promotedAt: string;
  variant: string;
  slots: Record<string, string>;
  sourceSweepId: string | null;
  reset: boolean;
}

export interface OpenOptions {
  /** Open for reading only: never creates, migrates or writes. */
  readonly?: boolean;
  /** Clock for recorded_at / finished_at / promoted_at / applied_at; for tests. */
  now?: () => Date;
}

type Connection = Database.Database;

interface SweepDbRow {
  id: string;
  created_at: string;
  finished_at: string | null;
  status: string;
  baseline: string;
  settings_json: string;
  environment_json: string;
}

interface VariantDbRow {
  id: number;
  name: string;
  description: string;
  is_baseline: number;
  slots_json: string;
  commit_sha: string | null;
  branch: string | null;
  startup_s: number | null;
  load_s: number | null;
  point_of: string | null;
}

interface MeasurementDbRow {
  variant: string;
  round: number;
  prefill_s: number;
  generation_s: number;
  total_s: number;
  prefill_tokens_per_s: number;
  generation_tokens_per_s: number;
  peak_memory_bytes: number;
  harness_s: number;
  commit_sha: string | null;
  process: number | null;
  block: number | null;
  foreign_cpu_s: number | null;
  foreign_load: number | null;
  load_flagged: number;
  superseded: number;
  grid_block: number | null;
  device: string | null;
  sample_key: string | null;
  recorded_at: string;
}

const SWEEP_SELECT = `
  SELECT s.id, s.created_at, s.finished_at, s.status, s.baseline, s.settings_json,
         e.json AS environment_json
  FROM sweeps s JOIN environments e ON e.id = s.environment_id`;

const MEASUREMENT_SELECT = (table: 'samples' | 'warmups'): string => `
  SELECT v.name AS variant, m.round, m.prefill_s, m.generation_s, m.total_s,
         m.prefill_tokens_per_s, m.generation_tokens_per_s, m.peak_memory_bytes,
         m.harness_s, m.commit_sha, m.process, m.block, m.foreign_cpu_s, m.foreign_load, m.load_flagged, m.superseded, m.grid_block, m.device, m.sample_key, m.recorded_at
  FROM ${table} m JOIN variants v ON v.id = m.variant_id
  WHERE m.sweep_id = ?
  ORDER BY m.id`;

const MOVE_ASIDE_HINT = 'move it aside or use --db to choose another path';

function sqliteCode(e: unknown): string | undefined {
  return e instanceof Database.SqliteError ? e.code : undefined;
}

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
    throw new LabError(
      `cannot create results database ${file}: directory ${dir} does not exist`,
      'create the directory or use --db to choose another path',
    );
  }
  if (!dirStat.isDirectory()) {
    throw new LabError(
      `cannot create results database ${file}: ${dir} is not a directory`,
      'use --db to choose another path',
    );
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
    throw new LabError(
      `cannot write results database ${file}: ${what} is not writable`,
      'fix its permissions or use --db to choose another path',
    );
  }
}

function tableNames(db: Connection): string[] {
  return (
    db
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid`)
      .all() as { name: string }[]
  ).map((r) => r.name);
}

/** The database's schema version: 0 for an empty database, null when it has tables that are not ours. */
function readSchemaVersion(db: Connection): number | null {
  const tables = tableNames(db);
  if (tables.includes('schema_version')) {
    const row = db.prepare('SELECT max(version) AS v FROM schema_version').get() as { v: number | null };
    return row.v ?? 0;
  }
  return tables.length === 0 ? 0 : null;
}

function parseJson<T>(text: string): T {
  return JSON.parse(text) as T;
}

function toMeasurement(row: MeasurementDbRow): SampleRecord & { variant: string; recordedAt: string } {
  return {
    variant: row.variant,
    round: row.round,
    prefillS: row.prefill_s,
    generationS: row.generation_s,
    totalS: row.total_s,
    prefillTokensPerS: row.prefill_tokens_per_s,
    generationTokensPerS: row.generation_tokens_per_s,
    peakMemoryBytes: row.peak_memory_bytes,
    harnessS: row.harness_s,
    commitSha: row.commit_sha,
    process: row.process,
    block: row.block,
    foreignCpuS: row.foreign_cpu_s,
    foreignLoad: row.foreign_load,
    loadFlagged: row.load_flagged === 1,
    superseded: row.superseded === 1,
    gridBlock: row.grid_block,
    device: row.device,
    sampleKey: row.sample_key,
    recordedAt: row.recorded_at,
  };
}

function toSweepRow(row: SweepDbRow): SweepRow {
  return {
    id: row.id,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
    status: row.status as SweepStatus,
    baseline: row.baseline,
    settings: parseJson<SweepSettings>(row.settings_json),
    environment: parseJson<Environment>(row.environment_json),
  };
}

export class ResultsDb {
  readonly path: string;
  readonly readonly: boolean;
  private readonly db: Connection;
  private readonly now: () => Date;

  private constructor(file: string, db: Connection, readonly: boolean, now: () => Date) {
    this.path = file;
    this.db = db;
    this.readonly = readonly;
    this.now = now;
  }

  /**
   * Opens (creating it unless readonly) the results database at `file` and
   * brings its schema up to CURRENT_SCHEMA_VERSION. Every refusal is a
   * LabError raised before anything is written.
   */
  static open(file: string, options: OpenOptions = {}): ResultsDb {
    const readonly = options.readonly ?? false;
    const now = options.now ?? (() => new Date());

    if (readonly) {
      if (!fs.existsSync(file)) {
        throw new LabError(`no results database at ${file}`, 'run `lab sweep` first, or use --db to point at one');
      }
    } else {
      preflightWritable(file);
    }

    const existed = fs.existsSync(file);
    let db: Connection;
    try {
      db = new Database(file, { readonly, fileMustExist: readonly });
    } catch (e) {
      const code = sqliteCode(e);
      if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_READONLY' || code === 'SQLITE_PERM') {
        throw new LabError(`cannot open results database ${file} (${code})`, 'check the path and its permissions, or use --db');
      }
      throw e;
    }

    try {
      // Connection settings only; none of these writes to the file.
      db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      db.pragma('foreign_keys = ON');

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
      if (version === null) {
        const tables = tableNames(db);
        const shown = tables.slice(0, 5).join(', ') + (tables.length > 5 ? ', ...' : '');
        throw new LabError(
          `${file} is a SQLite database but not a lab results database (no schema_version; tables: ${shown})`,
          MOVE_ASIDE_HINT,
        );
      }
      if (version > CURRENT_SCHEMA_VERSION) {
        throw new LabError(
          `${file} was written by a newer lab (schema v${version}, this lab knows up to v${CURRENT_SCHEMA_VERSION})`,
          'upgrade the lab or use --db to choose another path',
        );
      }

      if (readonly) {
        if (version === 0) {
          throw new LabError(`${file} is an empty database, not a lab results database yet`, 'run `lab sweep` first, or use --db');
        }
        if (version < CURRENT_SCHEMA_VERSION) {
          throw new LabError(
            `${file} has schema v${version}, older than this lab's v${CURRENT_SCHEMA_VERSION}, and was opened read-only`,
            'run a writing command such as `lab sweep` once to upgrade it',
          );
        }
      } else {
        const mode = db.pragma('journal_mode', { simple: true }) as string;
        if (mode.toLowerCase() !== 'wal') db.pragma('journal_mode = WAL');
        migrate(db, now);
      }
    } catch (e) {
      db.close();
      // A database this call created and could not set up is worthless: leave no trace.
      if (!existed) for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
      throw e;
    }
    return new ResultsDb(file, db, readonly, now);
  }

  /** The highest migration applied to this database. */
  schemaVersion(): number {
    return readSchemaVersion(this.db) ?? 0;
  }

  /** Records a new sweep, status 'running', with its environment. */
  createSweep(sweep: { id: string; createdAt: string; environment: Environment; settings: SweepSettings }): void {
    const { id, createdAt, environment: env, settings: s } = sweep;
    const insert = this.db.transaction(() => {
      const envId = this.db
        .prepare(
          `INSERT INTO environments (lab_version, git_sha, git_dirty, backend, device, tfjs_version, node_version,
             cpu_model, cpu_cores, total_memory_bytes, os, command_line, json)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          env.labVersion,
          env.gitSha,
          env.gitDirty === null ? null : env.gitDirty ? 1 : 0,
          env.backend,
          env.device,
          env.tfjsVersion,
          env.nodeVersion,
          env.cpuModel,
          env.cpuCores,
          env.totalMemoryBytes,
          env.os,
          env.commandLine,
          JSON.stringify(env),
        ).lastInsertRowid;
      this.db
        .prepare(
          `INSERT INTO sweeps (id, created_at, status, environment_id, baseline, model, backend, prompt_len, gen_len,
             runs, warmup, seed, experiment, settings_json, owner_pid)
           VALUES (?, ?, 'running', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          id,
          createdAt,
          envId,
          s.baseline,
          s.model,
          s.backend,
          s.promptLen,
          s.genLen,
          s.runs,
          s.warmup,
          s.seed,
          s.experiment,
          JSON.stringify(s),
          process.pid,
        );
    });
    try {
      insert.immediate();
    } catch (e) {
      if (sqliteCode(e) === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
        throw new Error(`sweep ${id} already exists in ${this.path}`, { cause: e });
      }
      throw e;
    }
  }

  addVariant(sweepId: string, variant: VariantRecord): void {
    try {
      this.db
        .prepare(
          `INSERT INTO variants (sweep_id, name, description, is_baseline, slots_json, commit_sha, branch, point_of)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          sweepId,
          variant.name,
          variant.description,
          variant.isBaseline ? 1 : 0,
          JSON.stringify(variant.slots),
          variant.commitSha,
          variant.branch,
          variant.pointOf ?? null,
        );
      const id = (this.db.prepare('SELECT id FROM variants WHERE sweep_id = ? AND name = ?').get(sweepId, variant.name) as { id: number }).id;
      const param = this.db.prepare('INSERT INTO variant_params (variant_id, name, value_json) VALUES (?, ?, ?)');
      for (const [name, value] of Object.entries(variant.params ?? {})) param.run(id, name, JSON.stringify(value));
    } catch (e) {
      const code = sqliteCode(e);
      if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
        throw new Error(`cannot add variant ${variant.name}: no sweep ${sweepId} in ${this.path}`, { cause: e });
      }
      if (code === 'SQLITE_CONSTRAINT_UNIQUE') {
        throw new Error(
          `cannot add variant ${variant.name} to sweep ${sweepId}: it already has a variant of that name, or already has a baseline`,
          { cause: e },
        );
      }
      throw e;
    }
  }

  /** Records the experiment commit (and branch) a variant's samples run from. */
  setVariantCommit(sweepId: string, name: string, commitSha: string, branch: string | null): void {
    const info = this.db
      .prepare('UPDATE variants SET commit_sha = ?, branch = ? WHERE sweep_id = ? AND name = ?')
      .run(commitSha, branch, sweepId, name);
    if (info.changes === 0) throw new Error(`no variant ${name} in sweep ${sweepId} in ${this.path}`);
  }

  /** Records a variant's start-up cost: spawn to ready (startupS), of which building the weights (loadS). */
  setVariantStartup(sweepId: string, name: string, startupS: number, loadS: number): void {
    const info = this.db
      .prepare('UPDATE variants SET startup_s = ?, load_s = ? WHERE sweep_id = ? AND name = ?')
      .run(startupS, loadS, sweepId, name);
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
    })();
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
    const variant = this.db
      .prepare('SELECT id FROM variants WHERE sweep_id = ? AND name = ?')
      .get(sweepId, variantName) as { id: number } | undefined;
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
        sweepId,
        variant.id,
        m.round,
        m.prefillS,
        m.generationS,
        m.totalS,
        m.prefillTokensPerS,
        m.generationTokensPerS,
        m.peakMemoryBytes,
        m.harnessS,
        m.commitSha,
        m.process,
        m.block ?? null,
        m.foreignCpuS ?? null,
        m.foreignLoad ?? null,
        m.loadFlagged ? 1 : 0,
        m.superseded ? 1 : 0,
        m.gridBlock ?? null,
        m.device ?? null,
        m.sampleKey ?? null,
        this.now().toISOString(),
      );
    if (info.changes === 0) {
      // Delivered before under the same key: the first delivery stands.
      const first = this.db.prepare(`SELECT id FROM ${table} WHERE sweep_id = ? AND sample_key = ?`).get(sweepId, m.sampleKey) as { id: number };
      return first.id;
    }
    return Number(info.lastInsertRowid);
  }

  /** Ends a sweep with a final status (not 'running') and sets finished_at to now. */
  finishSweep(sweepId: string, status: SweepStatus): void {
    if (status === 'running') throw new Error(`finishSweep(${sweepId}): status must not be 'running'`);
    const info = this.db
      .prepare('UPDATE sweeps SET status = ?, finished_at = ? WHERE id = ?')
      .run(status, this.now().toISOString(), sweepId);
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
    const rows = this.db
      .prepare(
        `UPDATE sweeps SET status = 'interrupted',
           finished_at = coalesce(nullif(max(
             coalesce((SELECT max(recorded_at) FROM samples WHERE sweep_id = sweeps.id), ''),
             coalesce((SELECT max(recorded_at) FROM warmups WHERE sweep_id = sweeps.id), '')
           ), ''), created_at)
         WHERE status = 'running' AND id NOT IN (SELECT value FROM json_each(?))
         RETURNING id`,
      )
      .all(JSON.stringify(live)) as { id: string }[];
    return rows.map((r) => r.id).sort();
  }

  /**
   * Crash recovery: marks interrupted every sweep still 'running' whose owning
   * process (same machine) is gone, e.g. after a SIGKILL or a power cut.
   */
  recoverDeadSweeps(isAlive: (pid: number) => boolean = processIsAlive): string[] {
    const running = this.db.prepare(`SELECT id, owner_pid FROM sweeps WHERE status = 'running'`).all() as { id: string; owner_pid: number | null }[];
    const live = running.filter((r) => r.owner_pid !== null && isAlive(r.owner_pid)).map((r) => r.id);
    return running.length === live.length ? [] : this.markStaleRunningInterrupted(live);
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
      .get() as
      | { id: string }
      | undefined;
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
    const read = this.db.transaction((): StoredSweep => {
      const row = this.db.prepare(`${SWEEP_SELECT} WHERE s.id = ?`).get(id) as SweepDbRow | undefined;
      if (!row) {
        throw new LabError(`no sweep ${id} in ${this.path}`, '`lab history` lists the sweep ids it holds');
      }
      const variants = (
        this.db
          .prepare(
            `SELECT id, name, description, is_baseline, slots_json, commit_sha, branch, startup_s, load_s, point_of
             FROM variants WHERE sweep_id = ? ORDER BY id`,
          )
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
    });
    // One read transaction: a consistent snapshot while a sweep keeps writing.
    return read.deferred();
  }

  /** Appends to the baseline history (`lab baseline promote` / `lab baseline reset`). */
  recordBaseline(entry: { variant: string; slots: Record<string, string>; sourceSweepId: string | null; reset: boolean }): void {
    this.db
      .prepare('INSERT INTO baselines (promoted_at, variant, slots_json, source_sweep_id, reset) VALUES (?, ?, ?, ?, ?)')
      .run(this.now().toISOString(), entry.variant, JSON.stringify(entry.slots), entry.sourceSweepId, entry.reset ? 1 : 0);
  }

  /** The baseline history, oldest first; the last entry is the current baseline. */
  baselineHistory(): BaselineEntry[] {
    const rows = this.db
      .prepare('SELECT promoted_at, variant, slots_json, source_sweep_id, reset FROM baselines ORDER BY id')
      .all() as { promoted_at: string; variant: string; slots_json: string; source_sweep_id: string | null; reset: number }[];
    return rows.map((r) => ({
      promotedAt: r.promoted_at,
      variant: r.variant,
      slots: parseJson<Record<string, string>>(r.slots_json),
      sourceSweepId: r.source_sweep_id,
      reset: r.reset === 1,
    }));
  }

  /** The current baseline (last history entry), or null when none was ever promoted. */
  currentBaseline(): BaselineEntry | null {
    return this.baselineHistory().at(-1) ?? null;
  }

  /** Stores one `lab profile` result, created_at now; returns its id. */
  addProfile(p: ProfileRecord): number {
    return Number(
      this.db
        .prepare(
          `INSERT INTO profiles (created_at, variant, slots_json, model, backend, device, prompt_len, gen_len, environment_json, result_json)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          this.now().toISOString(),
          p.variant,
          JSON.stringify(p.slots),
          p.model,
          p.backend,
          p.device,
          p.promptLen,
          p.genLen,
          JSON.stringify(p.environment),
          JSON.stringify(p.result),
        ).lastInsertRowid,
    );
  }

  /** The newest stored profile (of `variant`, when given), or null. */
  latestProfile(variant?: string): StoredProfile | null {
    const row = (
      variant === undefined
        ? this.db.prepare('SELECT * FROM profiles ORDER BY created_at DESC, id DESC LIMIT 1').get()
        : this.db.prepare('SELECT * FROM profiles WHERE variant = ? ORDER BY created_at DESC, id DESC LIMIT 1').get(variant)
    ) as ProfileDbRow | undefined;
    if (!row) return null;
    return {
      id: row.id,
      createdAt: row.created_at,
      variant: row.variant,
      slots: parseJson<Record<string, string>>(row.slots_json),
      model: row.model,
      backend: row.backend,
      device: row.device,
      promptLen: row.prompt_len,
      genLen: row.gen_len,
      environment: parseJson<Environment>(row.environment_json),
      result: parseJson<ProfileResult>(row.result_json),
    };
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
    return describeSchema(this.db);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

/**
 * Applies pending migrations, each in its own IMMEDIATE transaction (safe
 * against a concurrent opener, which re-checks the version inside it). An
 * up-to-date database takes no write lock, so opening never waits on a sweep.
 */
function migrate(db: Connection, now: () => Date): void {
  const current = readSchemaVersion(db) ?? 0;
  for (const m of MIGRATIONS) {
    if (m.version <= current) continue;
    const apply = db.transaction(() => {
      const version = readSchemaVersion(db) ?? 0;
      if (version >= m.version) return;
      db.exec(m.up);
      db.prepare('INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)').run(
        m.version,
        m.description,
        now().toISOString(),
      );
    });
    apply.immediate();
  }
}

/**
 * A human-readable description of a database's schema: each table with its
 * columns (type, constraints, foreign keys) and indexes, read from
 * sqlite_master and the table_info / foreign_key_list / index_list pragmas.
 * The README includes its output.
 */
export function describeSchema(db: ResultsDb | Connection): string {
  if (db instanceof ResultsDb) return db.describeSchema();
  const lines: string[] = [];
  const version = readSchemaVersion(db);
  if (version !== null) lines.push(`schema version ${version}`);
  for (const table of tableNames(db)) {
    lines.push('', `${table}${TABLE_NOTES[table] ? ` -- ${TABLE_NOTES[table]}` : ''}`);
    const cols = db.pragma(`table_info(${JSON.stringify(table)})`) as {
      name: string;
      type: string;
      notnull: number;
      dflt_value: string | null;
      pk: number;
    }[];
    const fks = db.pragma(`foreign_key_list(${JSON.stringify(table)})`) as {
      id: number;
      seq: number;
      table: string;
      from: string;
      to: string;
      on_delete: string;
    }[];
    const fkGroups = new Map<number, typeof fks>();
    for (const fk of fks) fkGroups.set(fk.id, [...(fkGroups.get(fk.id) ?? []), fk]);
    const singleFks = new Map<string, string>();
    const compositeFks: string[] = [];
    for (const group of [...fkGroups.values()].reverse()) {
      group.sort((a, b) => a.seq - b.seq);
      const first = group[0]!;
      const onDelete = first.on_delete !== 'NO ACTION' ? ` on delete ${first.on_delete.toLowerCase()}` : '';
      if (group.length === 1) {
        singleFks.set(first.from, `-> ${first.table}(${first.to})${onDelete}`);
      } else {
        compositeFks.push(
          `(${group.map((f) => f.from).join(', ')}) -> ${first.table}(${group.map((f) => f.to).join(', ')})${onDelete}`,
        );
      }
    }
    const width = Math.max(...cols.map((c) => c.name.length));
    for (const c of cols) {
      const notes: string[] = [];
      if (c.pk) notes.push('primary key');
      else if (c.notnull) notes.push('not null');
      else notes.push('null');
      if (c.dflt_value !== null) notes.push(`default ${c.dflt_value}`);
      const fk = singleFks.get(c.name);
      if (fk) notes.push(fk);
      lines.push(`  ${c.name.padEnd(width)}  ${(c.type || 'ANY').padEnd(7)}  ${notes.join(', ')}`);
    }
    for (const fk of compositeFks) lines.push(`  foreign key ${fk}`);
    const indexes = db.pragma(`index_list(${JSON.stringify(table)})`) as {
      name: string;
      unique: number;
      origin: string;
      partial: number;
    }[];
    for (const ix of [...indexes].reverse()) {
      if (ix.origin === 'pk') continue;
      const ixCols = (db.pragma(`index_info(${JSON.stringify(ix.name)})`) as { name: string }[]).map((r) => r.name);
      const kind = ix.unique ? 'unique' : 'index';
      const where = ix.partial ? partialWhere(db, ix.name) : '';
      lines.push(`  ${kind} (${ixCols.join(', ')})${where}`);
    }
  }
  return lines.join('\n').trimStart() + '\n';
}

function partialWhere(db: Connection, indexName: string): string {
  const row = db.prepare(`SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?`).get(indexName) as
    | { sql: string | null }
    | undefined;
  const match = row?.sql?.match(/\bWHERE\b(.*)$/is);
  return match ? ` where ${match[1]!.trim()}` : '';
}
