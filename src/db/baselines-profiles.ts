/** The `baselines` (migration 2) and `profiles` (migration 4) tables: SQL for ResultsDb only. */
import type { Connection } from './connection.ts';
import { parseJson, toProfile, type ProfileDbRow } from './rows.ts';
import type { BaselineEntry, ProfileRecord, StoredProfile } from './types.ts';

export function insertBaseline(
  db: Connection,
  promotedAt: string,
  entry: { variant: string; slots: Record<string, string>; sourceSweepId: string | null; reset: boolean },
): void {
  db.prepare('INSERT INTO baselines (promoted_at, variant, slots_json, source_sweep_id, reset) VALUES (?, ?, ?, ?, ?)').run(
    promotedAt,
    entry.variant,
    JSON.stringify(entry.slots),
    entry.sourceSweepId,
    entry.reset ? 1 : 0,
  );
}

export function selectBaselineHistory(db: Connection): BaselineEntry[] {
  const rows = db.prepare('SELECT promoted_at, variant, slots_json, source_sweep_id, reset FROM baselines ORDER BY id').all() as {
    promoted_at: string;
    variant: string;
    slots_json: string;
    source_sweep_id: string | null;
    reset: number;
  }[];
  return rows.map((r) => ({
    promotedAt: r.promoted_at,
    variant: r.variant,
    slots: parseJson<Record<string, string>>(r.slots_json),
    sourceSweepId: r.source_sweep_id,
    reset: r.reset === 1,
  }));
}

export function insertProfile(db: Connection, createdAt: string, p: ProfileRecord): number {
  const info = db
    .prepare(
      `INSERT INTO profiles (created_at, variant, slots_json, model, backend, device, prompt_len, gen_len, environment_json, result_json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(createdAt, p.variant, JSON.stringify(p.slots), p.model, p.backend, p.device, p.promptLen, p.genLen, JSON.stringify(p.environment), JSON.stringify(p.result));
  return Number(info.lastInsertRowid);
}

export function selectLatestProfile(db: Connection, variant?: string): StoredProfile | null {
  const row = (
    variant === undefined
      ? db.prepare('SELECT * FROM profiles ORDER BY created_at DESC, id DESC LIMIT 1').get()
      : db.prepare('SELECT * FROM profiles WHERE variant = ? ORDER BY created_at DESC, id DESC LIMIT 1').get(variant)
  ) as ProfileDbRow | undefined;
  return row ? toProfile(row) : null;
}
