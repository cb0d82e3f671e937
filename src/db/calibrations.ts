/** The `calibrations` table (migration 6): SQL for `lab calibrate`'s results, used by ResultsDb only. */
import type { Connection } from './connection.ts';

export interface CalibrationRecord {
  /** The machine's identity: host name (calibrations are matched to sweeps by it, backend and device). */
  machine: string;
  backend: string;
  device: string;
  model: string;
  sweeps: number;
  falseVerdicts: number;
  falseVerdictRate: number;
  rateCiLow: number;
  rateCiHigh: number;
  noisePct: number;
  resolvablePct: number | null;
  resolvableBudgetPct: number | null;
  sweepIds: string[];
  /** The whole CalibrationResult (src/calibrate/types.ts). */
  result: unknown;
}

export interface StoredCalibration extends CalibrationRecord {
  id: number;
  createdAt: string;
}

interface CalibrationDbRow {
  id: number;
  created_at: string;
  machine: string;
  backend: string;
  device: string;
  model: string;
  sweeps: number;
  false_verdicts: number;
  false_verdict_rate: number;
  rate_ci_low: number;
  rate_ci_high: number;
  noise_pct: number;
  resolvable_pct: number | null;
  resolvable_budget_pct: number | null;
  sweep_ids_json: string;
  result_json: string;
}

export function insertCalibration(db: Connection, createdAt: string, c: CalibrationRecord): number {
  const info = db
    .prepare(
      `INSERT INTO calibrations (created_at, machine, backend, device, model, sweeps, false_verdicts, false_verdict_rate, rate_ci_low,
         rate_ci_high, noise_pct, resolvable_pct, resolvable_budget_pct, sweep_ids_json, result_json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      createdAt, c.machine, c.backend, c.device, c.model, c.sweeps, c.falseVerdicts, c.falseVerdictRate, c.rateCiLow,
      c.rateCiHigh, c.noisePct, c.resolvablePct, c.resolvableBudgetPct, JSON.stringify(c.sweepIds), JSON.stringify(c.result),
    );
  return Number(info.lastInsertRowid);
}

export function selectLatestCalibration(db: Connection, machine: string, backend: string, device: string): StoredCalibration | null {
  const row = db
    .prepare('SELECT * FROM calibrations WHERE machine = ? AND backend = ? AND device = ? ORDER BY created_at DESC, id DESC LIMIT 1')
    .get(machine, backend, device) as CalibrationDbRow | undefined;
  if (!row) return null;
  return {
    id: row.id,
    createdAt: row.created_at,
    machine: row.machine,
    backend: row.backend,
    device: row.device,
    model: row.model,
    sweeps: row.sweeps,
    falseVerdicts: row.false_verdicts,
    falseVerdictRate: row.false_verdict_rate,
    rateCiLow: row.rate_ci_low,
    rateCiHigh: row.rate_ci_high,
    noisePct: row.noise_pct,
    resolvablePct: row.resolvable_pct,
    resolvableBudgetPct: row.resolvable_budget_pct,
    sweepIds: JSON.parse(row.sweep_ids_json) as string[],
    result: JSON.parse(row.result_json) as unknown,
  };
}
