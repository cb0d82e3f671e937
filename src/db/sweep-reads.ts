/**
 * Reading sweeps back: the list of them, the latest, and one whole (variants, samples, warm-ups) in one
 * consistent snapshot. SQL for ResultsDb only; `dbName` is the store's path or redacted URL, which messages name it by.
 */
import { LabError } from '../errors.ts';
import type { Connection } from './connection.ts';
import { MEASUREMENT_SELECT, SWEEP_SELECT, parseJson, toMeasurement, toSweepRow, type MeasurementDbRow, type SweepDbRow, type VariantDbRow } from './rows.ts';
import type { StoredSweep, SweepRow, VariantRecord } from './types.ts';

/** Every sweep, newest first. */
export function listSweeps(db: Connection): SweepRow[] {
  const rows = db.prepare(`${SWEEP_SELECT} ORDER BY s.created_at DESC, s.id DESC`).all() as SweepDbRow[];
  return rows.map(toSweepRow);
}

export function latestSweepId(db: Connection): string | null {
  // A calibration's A/A sweeps are its own record, not the sweep a user means by "the latest".
  const row = db
    .prepare("SELECT id FROM sweeps WHERE coalesce(json_extract(settings_json, '$.purpose'), '') <> 'calibration' ORDER BY created_at DESC, id DESC LIMIT 1")
    .get() as { id: string } | undefined;
  return row?.id ?? null;
}

/** A variant's parameter values and what it is a point of, as VariantRecord holds them (absent when it has none). */
function paramsOf(db: Connection, variantId: number, pointOf: string | null): Pick<VariantRecord, 'params' | 'pointOf'> {
  const rows = db.prepare('SELECT name, value_json FROM variant_params WHERE variant_id = ? ORDER BY rowid').all(variantId) as { name: string; value_json: string }[];
  return {
    ...(rows.length ? { params: Object.fromEntries(rows.map((r) => [r.name, parseJson<number | string | boolean>(r.value_json)])) } : {}),
    ...(pointOf ? { pointOf } : {}),
  };
}

/** A sweep with its variants, samples and warm-ups, each in the order they were recorded. */
export function getSweep(db: Connection, dbName: string, id: string): StoredSweep {
  // One read transaction: a consistent snapshot while a sweep keeps writing.
  return db.transaction((): StoredSweep => {
    const row = db.prepare(`${SWEEP_SELECT} WHERE s.id = ?`).get(id) as SweepDbRow | undefined;
    if (!row) throw new LabError(`no sweep ${id} in ${dbName}`, '`lab history` lists the sweep ids it holds');
    const variants = (
      db
        .prepare(`SELECT id, name, description, is_baseline, slots_json, commit_sha, branch, startup_s, load_s, point_of FROM variants WHERE sweep_id = ? ORDER BY id`)
        .all(id) as VariantDbRow[]
    ).map((v) => ({
      ...paramsOf(db, v.id, v.point_of),
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
    const samples = (db.prepare(MEASUREMENT_SELECT('samples')).all(id) as MeasurementDbRow[]).map(toMeasurement);
    const warmups = (db.prepare(MEASUREMENT_SELECT('warmups')).all(id) as MeasurementDbRow[]).map((r) => {
      const { recordedAt: _recordedAt, ...rest } = toMeasurement(r);
      return rest;
    });
    return { ...toSweepRow(row), variants, samples, warmups };
  }, 'snapshot');
}
