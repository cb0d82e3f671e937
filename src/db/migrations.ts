/**
 * The results database's schema, as numbered migrations. `ResultsDb.open`
 * applies every migration newer than the database's `schema_version`, each in
 * its own transaction, and records it there.
 *
 * Rules: never edit or renumber a migration that has shipped; add a new one.
 * Versions start at 1 and go up by one. Tables are STRICT (column types are
 * enforced). Times are ISO-8601 UTC text (`Date.prototype.toISOString`), so
 * they sort as text. Durations are seconds (REAL), memory is bytes (INTEGER).
 */

export interface Migration {
  version: number;
  description: string;
  /** SQL run as one script, inside the migration's transaction. */
  up: string;
}

/** Sample-shaped measurement columns, shared by `samples` and `warmups`. */
const MEASUREMENT_COLUMNS = `
  round                   INTEGER NOT NULL CHECK (round >= 0),
  prefill_s               REAL    NOT NULL CHECK (prefill_s >= 0),
  generation_s            REAL    NOT NULL CHECK (generation_s >= 0),
  total_s                 REAL    NOT NULL CHECK (total_s >= 0),
  prefill_tokens_per_s    REAL    NOT NULL CHECK (prefill_tokens_per_s >= 0),
  generation_tokens_per_s REAL    NOT NULL CHECK (generation_tokens_per_s >= 0),
  peak_memory_bytes       INTEGER NOT NULL CHECK (peak_memory_bytes >= 0),
  harness_s               REAL    NOT NULL CHECK (harness_s >= 0),
  commit_sha              TEXT,
  recorded_at             TEXT    NOT NULL`;

/** A table of measurements that belong to one variant of one sweep. */
function measurementTable(name: string): string {
  return `
CREATE TABLE ${name} (
  id         INTEGER PRIMARY KEY,
  sweep_id   TEXT    NOT NULL,
  variant_id INTEGER NOT NULL,${MEASUREMENT_COLUMNS},
  FOREIGN KEY (sweep_id) REFERENCES sweeps (id) ON DELETE CASCADE,
  -- the variant must belong to the same sweep as the sample
  FOREIGN KEY (sweep_id, variant_id) REFERENCES variants (sweep_id, id) ON DELETE CASCADE
) STRICT;
CREATE INDEX ${name}_by_sweep_variant ON ${name} (sweep_id, variant_id, round);
`;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'environments, sweeps, variants, samples, warmups',
    up: `
CREATE TABLE schema_version (
  version     INTEGER PRIMARY KEY,
  description TEXT NOT NULL,
  applied_at  TEXT NOT NULL
) STRICT;

CREATE TABLE environments (
  id                 INTEGER PRIMARY KEY,
  lab_version        TEXT    NOT NULL,
  git_sha            TEXT,
  git_dirty          INTEGER CHECK (git_dirty IN (0, 1)),
  backend            TEXT    NOT NULL,
  device             TEXT    NOT NULL,
  tfjs_version       TEXT    NOT NULL,
  node_version       TEXT    NOT NULL,
  cpu_model          TEXT    NOT NULL,
  cpu_cores          INTEGER NOT NULL CHECK (cpu_cores >= 0),
  total_memory_bytes INTEGER NOT NULL CHECK (total_memory_bytes >= 0),
  os                 TEXT    NOT NULL,
  command_line       TEXT    NOT NULL,
  json               TEXT    NOT NULL CHECK (json_valid(json))
) STRICT;

CREATE TABLE sweeps (
  id             TEXT    PRIMARY KEY NOT NULL CHECK (length(id) > 0),
  created_at     TEXT    NOT NULL,
  finished_at    TEXT,
  status         TEXT    NOT NULL DEFAULT 'running'
                 CHECK (status IN ('running', 'completed', 'interrupted', 'failed')),
  environment_id INTEGER NOT NULL REFERENCES environments (id),
  baseline       TEXT    NOT NULL,
  model          TEXT    NOT NULL,
  backend        TEXT    NOT NULL,
  prompt_len     INTEGER NOT NULL CHECK (prompt_len >= 0),
  gen_len        INTEGER NOT NULL CHECK (gen_len >= 0),
  runs           INTEGER NOT NULL CHECK (runs >= 0),
  warmup         INTEGER NOT NULL CHECK (warmup >= 0),
  seed           INTEGER NOT NULL,
  experiment     TEXT,
  settings_json  TEXT    NOT NULL CHECK (json_valid(settings_json)),
  -- a sweep has finished exactly when it is no longer running
  CHECK ((status = 'running') = (finished_at IS NULL))
) STRICT;
CREATE INDEX sweeps_by_created_at ON sweeps (created_at);
CREATE INDEX sweeps_by_status ON sweeps (status);
CREATE INDEX sweeps_by_environment ON sweeps (environment_id);

CREATE TABLE variants (
  id          INTEGER PRIMARY KEY,
  sweep_id    TEXT    NOT NULL REFERENCES sweeps (id) ON DELETE CASCADE,
  name        TEXT    NOT NULL CHECK (length(name) > 0),
  description TEXT    NOT NULL DEFAULT '',
  is_baseline INTEGER NOT NULL CHECK (is_baseline IN (0, 1)),
  slots_json  TEXT    NOT NULL CHECK (json_valid(slots_json)),
  commit_sha  TEXT,
  branch      TEXT,
  UNIQUE (sweep_id, name),
  UNIQUE (sweep_id, id)
) STRICT;
-- at most one baseline per sweep
CREATE UNIQUE INDEX variants_one_baseline_per_sweep ON variants (sweep_id) WHERE is_baseline = 1;
${measurementTable('samples')}${measurementTable('warmups')}`,
  },
  {
    version: 2,
    description: 'baselines: history of lab baseline promote/reset',
    up: `
CREATE TABLE baselines (
  id              INTEGER PRIMARY KEY,
  promoted_at     TEXT    NOT NULL,
  variant         TEXT    NOT NULL CHECK (length(variant) > 0),
  slots_json      TEXT    NOT NULL CHECK (json_valid(slots_json)),
  source_sweep_id TEXT    REFERENCES sweeps (id) ON DELETE SET NULL,
  reset           INTEGER NOT NULL DEFAULT 0 CHECK (reset IN (0, 1))
) STRICT;
CREATE INDEX baselines_by_promoted_at ON baselines (promoted_at);
`,
  },
  {
    version: 3,
    description: "each variant's start-up cost (process start + model build), kept apart from its samples; the pid that runs a sweep",
    up: `
ALTER TABLE sweeps ADD COLUMN owner_pid INTEGER;
ALTER TABLE variants ADD COLUMN startup_s REAL CHECK (startup_s IS NULL OR startup_s >= 0);
ALTER TABLE variants ADD COLUMN load_s REAL CHECK (load_s IS NULL OR load_s >= 0);
`,
  },
  {
    version: 4,
    description: 'profiles: `lab profile` results (time by model part and by kernel, per phase)',
    up: `
CREATE TABLE profiles (
  id               INTEGER PRIMARY KEY,
  created_at       TEXT    NOT NULL,
  variant          TEXT    NOT NULL CHECK (length(variant) > 0),
  slots_json       TEXT    NOT NULL CHECK (json_valid(slots_json)),
  model            TEXT    NOT NULL,
  backend          TEXT    NOT NULL,
  device           TEXT    NOT NULL,
  prompt_len       INTEGER NOT NULL CHECK (prompt_len > 0),
  gen_len          INTEGER NOT NULL CHECK (gen_len > 0),
  environment_json TEXT    NOT NULL CHECK (json_valid(environment_json)),
  result_json      TEXT    NOT NULL CHECK (json_valid(result_json))
) STRICT;
CREATE INDEX profiles_by_variant_created_at ON profiles (variant, created_at);
`,
  },
  {
    version: 5,
    description: 'which worker process (0, 1, ...) of its variant measured each sample and warm-up (lab sweep --processes); NULL before',
    up: `
ALTER TABLE samples ADD COLUMN process INTEGER CHECK (process IS NULL OR process >= 0);
ALTER TABLE warmups ADD COLUMN process INTEGER CHECK (process IS NULL OR process >= 0);
`,
  },
  {
    version: 6,
    description: 'paired rounds (samples.block), foreign load per sample and its re-runs, calibrations (`lab calibrate`)',
    up: `
${['samples', 'warmups'].map((t) => `
ALTER TABLE ${t} ADD COLUMN block INTEGER CHECK (block IS NULL OR block >= 0);
ALTER TABLE ${t} ADD COLUMN foreign_cpu_s REAL CHECK (foreign_cpu_s IS NULL OR foreign_cpu_s >= 0);
ALTER TABLE ${t} ADD COLUMN foreign_load REAL CHECK (foreign_load IS NULL OR foreign_load >= 0);
ALTER TABLE ${t} ADD COLUMN load_flagged INTEGER NOT NULL DEFAULT 0 CHECK (load_flagged IN (0, 1));
ALTER TABLE ${t} ADD COLUMN superseded INTEGER NOT NULL DEFAULT 0 CHECK (superseded IN (0, 1));`).join('')}
CREATE INDEX samples_by_sweep_block ON samples (sweep_id, block);

CREATE TABLE calibrations (
  id                   INTEGER PRIMARY KEY,
  created_at           TEXT    NOT NULL,
  machine              TEXT    NOT NULL CHECK (length(machine) > 0),
  backend              TEXT    NOT NULL,
  device               TEXT    NOT NULL,
  model                TEXT    NOT NULL,
  sweeps               INTEGER NOT NULL CHECK (sweeps >= 2),
  false_verdicts       INTEGER NOT NULL CHECK (false_verdicts >= 0 AND false_verdicts <= sweeps),
  false_verdict_rate   REAL    NOT NULL CHECK (false_verdict_rate >= 0 AND false_verdict_rate <= 1),
  rate_ci_low          REAL    NOT NULL,
  rate_ci_high         REAL    NOT NULL,
  noise_pct            REAL    NOT NULL CHECK (noise_pct >= 0),
  resolvable_pct       REAL,
  resolvable_budget_pct REAL,
  sweep_ids_json       TEXT    NOT NULL CHECK (json_valid(sweep_ids_json)),
  result_json          TEXT    NOT NULL CHECK (json_valid(result_json))
) STRICT;
CREATE INDEX calibrations_by_machine ON calibrations (machine, backend, device, created_at);
`,
  },
  {
    version: 7,
    description: "parameters: each variant's parameter values (variant_params) and the parametrized variant it is a point of; the memory block of a grid each sample was measured in",
    up: `
ALTER TABLE variants ADD COLUMN point_of TEXT CHECK (point_of IS NULL OR length(point_of) > 0);
CREATE TABLE variant_params (
  variant_id INTEGER NOT NULL REFERENCES variants(id) ON DELETE CASCADE,
  name       TEXT    NOT NULL CHECK (length(name) > 0),
  value_json TEXT    NOT NULL CHECK (json_valid(value_json)),
  PRIMARY KEY (variant_id, name)
) STRICT;
ALTER TABLE samples ADD COLUMN grid_block INTEGER CHECK (grid_block IS NULL OR grid_block >= 0);
ALTER TABLE warmups ADD COLUMN grid_block INTEGER CHECK (grid_block IS NULL OR grid_block >= 0);
`,
  },
  {
    version: 8,
    description: 'sweeps spread over devices: the device each sample ran on, and a key that makes a sample delivered twice land once',
    up: `
ALTER TABLE samples ADD COLUMN device TEXT CHECK (device IS NULL OR length(device) > 0);
ALTER TABLE warmups ADD COLUMN device TEXT CHECK (device IS NULL OR length(device) > 0);
ALTER TABLE samples ADD COLUMN sample_key TEXT CHECK (sample_key IS NULL OR length(sample_key) > 0);
ALTER TABLE warmups ADD COLUMN sample_key TEXT CHECK (sample_key IS NULL OR length(sample_key) > 0);
CREATE UNIQUE INDEX samples_by_key ON samples (sweep_id, sample_key) WHERE sample_key IS NOT NULL;
CREATE UNIQUE INDEX warmups_by_key ON warmups (sweep_id, sample_key) WHERE sample_key IS NOT NULL;
`,
  },
];

/** One line per table, printed by `describeSchema`. */
export const TABLE_NOTES: Readonly<Record<string, string>> = {
  schema_version: 'one row per applied migration',
  environments: 'the machine and software a sweep ran on; json holds the whole Environment',
  sweeps: 'one row per `lab sweep`; settings_json holds the whole SweepSettings',
  variants: 'the variants of a sweep; slots_json maps slot -> implementation; point_of names the parametrized variant a preset or grid point is a setting of',
  variant_params: "one row per parameter of a variant of a sweep: its value as JSON (a number, a string or a boolean)",
  samples: 'one timed run of one variant; committed as it lands',
  warmups: 'warm-up runs, same columns as samples, never mixed into them',
  baselines: 'history of `lab baseline promote` / `lab baseline reset`',
  profiles: 'one row per `lab profile`; result_json holds the whole ProfileResult (src/profile/types.ts)',
  calibrations: 'one row per `lab calibrate`: the false-verdict rate of its A/A sweeps on one machine and backend; result_json holds the whole CalibrationResult',
};

function checkNumbering(migrations: readonly Migration[]): number {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new Error(`migration at index ${i} has version ${m.version}; expected ${i + 1}`);
    }
  });
  return migrations.length;
}

/** The schema version this code writes and understands. */
export const CURRENT_SCHEMA_VERSION: number = checkNumbering(MIGRATIONS);
