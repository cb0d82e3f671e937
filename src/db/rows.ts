/** The rows ResultsDb reads, as the database holds them, and their mapping to the records of types.ts. */
import type { Environment, SweepSettings, SweepStatus } from '../sweep/result.ts';
import type { ProfileResult } from '../profile/types.ts';
import type { SampleRecord, StoredProfile, SweepRow } from './types.ts';

export interface ProfileDbRow {
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

export interface SweepDbRow {
  id: string;
  created_at: string;
  finished_at: string | null;
  status: string;
  baseline: string;
  settings_json: string;
  environment_json: string;
}

export interface VariantDbRow {
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

export interface MeasurementDbRow {
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

export const SWEEP_SELECT = `
  SELECT s.id, s.created_at, s.finished_at, s.status, s.baseline, s.settings_json,
         e.json AS environment_json
  FROM sweeps s JOIN environments e ON e.id = s.environment_id`;

export const MEASUREMENT_SELECT = (table: 'samples' | 'warmups'): string => `
  SELECT v.name AS variant, m.round, m.prefill_s, m.generation_s, m.total_s,
         m.prefill_tokens_per_s, m.generation_tokens_per_s, m.peak_memory_bytes,
         m.harness_s, m.commit_sha, m.process, m.block, m.foreign_cpu_s, m.foreign_load, m.load_flagged, m.superseded, m.grid_block, m.device, m.sample_key, m.recorded_at
  FROM ${table} m JOIN variants v ON v.id = m.variant_id
  WHERE m.sweep_id = ?
  ORDER BY m.id`;

export function parseJson<T>(text: string): T {
  return JSON.parse(text) as T;
}

export function toMeasurement(row: MeasurementDbRow): SampleRecord & { variant: string; recordedAt: string } {
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

export function toSweepRow(row: SweepDbRow): SweepRow {
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

export function toProfile(row: ProfileDbRow): StoredProfile {
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
