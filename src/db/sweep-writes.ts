/**
 * Writing a sweep's rows as it runs: the sweep with its environment, its variants with their parameters,
 * every sample and warm-up as it lands, and the sweep's end (or reopening). SQL for ResultsDb only;
 * `dbName` is the store's path or redacted URL, which messages name it by.
 */
import type { Environment, SweepSettings, SweepStatus } from '../sweep/result.ts';
import type { Connection } from './connection.ts';
import type { SampleRecord, VariantRecord } from './types.ts';

/** Records a new sweep, status 'running', with its environment. */
export function createSweep(db: Connection, dbName: string, sweep: { id: string; createdAt: string; environment: Environment; settings: SweepSettings }): void {
  const { id, createdAt, environment: env, settings: s } = sweep;
  try {
    db.transaction(() => {
      const envId = db
        .prepare(
          `INSERT INTO environments (lab_version, git_sha, git_dirty, backend, device, tfjs_version, node_version,
             cpu_model, cpu_cores, total_memory_bytes, os, command_line, json)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          env.labVersion, env.gitSha, env.gitDirty === null ? null : env.gitDirty ? 1 : 0, env.backend, env.device, env.tfjsVersion,
          env.nodeVersion, env.cpuModel, env.cpuCores, env.totalMemoryBytes, env.os, env.commandLine, JSON.stringify(env),
        ).lastInsertRowid;
      db
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
    if (db.constraintOf(e) === 'primarykey') throw new Error(`sweep ${id} already exists in ${dbName}`, { cause: e });
    throw e;
  }
}

/** Adds a variant, with its parameter values, to a sweep (one transaction: a reader sees it whole or not at all). */
export function addVariant(db: Connection, dbName: string, sweepId: string, variant: VariantRecord): void {
  try {
    db.transaction(() => {
      const id = db
        .prepare(
          `INSERT INTO variants (sweep_id, name, description, is_baseline, slots_json, commit_sha, branch, point_of)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          sweepId, variant.name, variant.description, variant.isBaseline ? 1 : 0, JSON.stringify(variant.slots), variant.commitSha,
          variant.branch, variant.pointOf ?? null,
        ).lastInsertRowid;
      const param = db.prepare('INSERT INTO variant_params (variant_id, name, value_json) VALUES (?, ?, ?)');
      for (const [name, value] of Object.entries(variant.params ?? {})) param.run(id, name, JSON.stringify(value));
    }, 'write');
  } catch (e) {
    const kind = db.constraintOf(e);
    if (kind === 'foreignkey') throw new Error(`cannot add variant ${variant.name}: no sweep ${sweepId} in ${dbName}`, { cause: e });
    if (kind === 'unique') {
      throw new Error(`cannot add variant ${variant.name} to sweep ${sweepId}: it already has a variant of that name, or already has a baseline`, {
        cause: e,
      });
    }
    throw e;
  }
}

/** Records the experiment commit (and branch) a variant's samples run from. */
export function setVariantCommit(db: Connection, dbName: string, sweepId: string, name: string, commitSha: string, branch: string | null): void {
  const info = db.prepare('UPDATE variants SET commit_sha = ?, branch = ? WHERE sweep_id = ? AND name = ?').run(commitSha, branch, sweepId, name);
  if (info.changes === 0) throw new Error(`no variant ${name} in sweep ${sweepId} in ${dbName}`);
}

/** Records a variant's start-up cost: spawn to ready (startupS), of which building the weights (loadS). */
export function setVariantStartup(db: Connection, dbName: string, sweepId: string, name: string, startupS: number, loadS: number): void {
  const info = db.prepare('UPDATE variants SET startup_s = ?, load_s = ? WHERE sweep_id = ? AND name = ?').run(startupS, loadS, sweepId, name);
  if (info.changes === 0) throw new Error(`no variant ${name} in sweep ${sweepId} in ${dbName}`);
}

/** Marks samples replaced by a re-run of their block: kept as the record, left out of the statistics. */
export function supersedeSamples(db: Connection, sweepId: string, ids: readonly number[]): void {
  const mark = db.prepare('UPDATE samples SET superseded = 1 WHERE sweep_id = ? AND id = ?');
  db.transaction(() => {
    for (const id of ids) mark.run(sweepId, id);
  }, 'write');
}

/** Replaces a sweep's stored settings (an --until-resolved sweep records its budget in runs once it is known). */
export function updateSettings(db: Connection, dbName: string, sweepId: string, settings: SweepSettings): void {
  const info = db.prepare('UPDATE sweeps SET settings_json = ? WHERE id = ?').run(JSON.stringify(settings), sweepId);
  if (info.changes === 0) throw new Error(`no sweep ${sweepId} in ${dbName}`);
}

/** Commits one sample or warm-up into `table`; a redelivery under the same sample key keeps the first. Returns its id. */
export function insertMeasurement(db: Connection, dbName: string, now: () => Date, table: 'samples' | 'warmups', sweepId: string, variantName: string, m: SampleRecord): number {
  const variant = db.prepare('SELECT id FROM variants WHERE sweep_id = ? AND name = ?').get(sweepId, variantName) as { id: number } | undefined;
  if (!variant) {
    throw new Error(`cannot record a ${table === 'samples' ? 'sample' : 'warm-up'}: no variant ${variantName} in sweep ${sweepId} in ${dbName}`);
  }
  const info = db
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
      m.superseded ? 1 : 0, m.gridBlock ?? null, m.device ?? null, m.sampleKey ?? null, now().toISOString(),
    );
  if (info.changes === 0 || info.lastInsertRowid === null) {
    // Delivered before under the same key: the first delivery stands.
    const first = db.prepare(`SELECT id FROM ${table} WHERE sweep_id = ? AND sample_key = ?`).get(sweepId, m.sampleKey) as { id: number };
    return first.id;
  }
  return info.lastInsertRowid;
}

/** Ends a sweep with a final status (not 'running') and sets finished_at to now. */
export function finishSweep(db: Connection, dbName: string, now: () => Date, sweepId: string, status: SweepStatus): void {
  if (status === 'running') throw new Error(`finishSweep(${sweepId}): status must not be 'running'`);
  const info = db.prepare('UPDATE sweeps SET status = ?, finished_at = ? WHERE id = ?').run(status, now().toISOString(), sweepId);
  if (info.changes === 0) throw new Error(`no sweep ${sweepId} in ${dbName}`);
}

/** lab sweep --resume: a sweep whose coordinator died is running again, owned by this process. */
export function reopenSweep(db: Connection, dbName: string, sweepId: string, ownerPid: number): void {
  const info = db.prepare(`UPDATE sweeps SET status = 'running', finished_at = NULL, owner_pid = ? WHERE id = ?`).run(ownerPid, sweepId);
  if (info.changes === 0) throw new Error(`no sweep ${sweepId} in ${dbName}`);
}
