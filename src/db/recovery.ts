/** Crash recovery's SQL: sweeps left 'running' by a process that is gone. Used by ResultsDb only. */
import type { Environment } from '../sweep/result.ts';
import type { Connection } from './connection.ts';
import { parseJson } from './rows.ts';

/**
 * Marks every sweep still 'running' whose id is not in `live` as interrupted;
 * returns their ids, sorted. finished_at becomes the last sign of life: its
 * newest sample or warm-up, else its created_at. One statement, so a
 * concurrent writer or reader sees it whole.
 */
export function markStaleRunningInterrupted(db: Connection, live: string[]): string[] {
  const last = (table: string): string => `(SELECT max(recorded_at) FROM ${table} WHERE sweep_id = sweeps.id)`;
  const rows = db
    .prepare(
      `UPDATE sweeps SET status = 'interrupted',
         finished_at = coalesce(
           CASE WHEN ${last('samples')} >= coalesce(${last('warmups')}, '') THEN ${last('samples')} ELSE ${last('warmups')} END,
           created_at)
       WHERE status = 'running'${live.length ? ` AND id NOT IN (${live.map(() => '?').join(', ')})` : ''}
       RETURNING id`,
    )
    .all(...live) as { id: string }[];
  return rows.map((r) => r.id).sort();
}

/**
 * Marks interrupted every running sweep whose owning process is not alive. A
 * pid means something only on its own machine: a SQLite file is taken as one
 * machine's, while on a PostgreSQL store, shared by machines, only the sweeps
 * of `host` (their environment's hostname) are judged; the others are left to
 * their machines.
 */
export function recoverDeadSweeps(db: Connection, isAlive: (pid: number) => boolean, host: string): string[] {
  const running = db
    .prepare(`SELECT s.id, s.owner_pid, e.json AS environment_json FROM sweeps s JOIN environments e ON e.id = s.environment_id WHERE s.status = 'running'`)
    .all() as { id: string; owner_pid: number | null; environment_json: string }[];
  const judged = (r: (typeof running)[number]): boolean => db.dialect === 'sqlite' || parseJson<Environment>(r.environment_json).hostname === host;
  const live = running.filter((r) => !judged(r) || (r.owner_pid !== null && isAlive(r.owner_pid))).map((r) => r.id);
  return running.length === live.length ? [] : markStaleRunningInterrupted(db, live);
}
