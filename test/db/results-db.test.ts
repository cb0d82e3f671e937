import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { LabError } from '../../src/errors.ts';
import { MIGRATIONS } from '../../src/db/migrations.ts';
import {
  CURRENT_SCHEMA_VERSION,
  ResultsDb,
  describeSchema,
  type SampleRecord,
  type VariantRecord,
} from '../../src/db/results-db.ts';
import type { Environment, SweepSettings } from '../../src/sweep/result.ts';
import { assertLabError as assertThrowsLabError } from '../helpers/assert-lab-error.ts';
import { ENVIRONMENT } from '../helpers/results-fixture.ts';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'lab-results-db-'));
}

function tempDbPath(): string {
  return path.join(tempDir(), 'results.db');
}

/** A clock that ticks one second per call, from a fixed start. */
function tickingClock(start = Date.parse('2026-11-25T06:30:00.000Z')): () => Date {
  let t = start;
  return () => new Date((t += 1000));
}

const environment: Environment = { ...ENVIRONMENT, device: 'cpu', commandLine: 'lab sweep --runs 2' };

function settings(overrides: Partial<SweepSettings> = {}): SweepSettings {
  return {
    noiseThresholdPct: 1,
    git: true,
    model: 'tiny',
    modelConfig: { layers: 2, hidden: 64 },
    backend: 'cpu',
    promptLen: 16,
    genLen: 8,
    runs: 2,
    warmup: 1,
    seed: 42,
    inProcess: false,
    variants: ['baseline', 'fused-mlp'],
    baseline: 'baseline',
    experiment: null,
    ...overrides,
  };
}

function sample(round: number, base = 1): SampleRecord {
  return {
    round,
    prefillS: 0.25 * base,
    generationS: 0.75 * base,
    totalS: 1.0 * base,
    prefillTokensPerS: 64 / base,
    generationTokensPerS: 10.5 / base,
    peakMemoryBytes: 123_456_789,
    harnessS: 0.125,
    commitSha: base === 1 ? null : 'deadbeef',
    process: round % 2,
    block: round,
    foreignCpuS: 0.01 * round,
    foreignLoad: 0.02 * round,
    loadFlagged: round === 1,
    superseded: false,
    gridBlock: round % 3 === 2 ? 1 : null,
    device: round === 1 ? 'NVIDIA H200 #1' : null,
    sampleKey: null,
  };
}

const baselineVariant: VariantRecord = {
  name: 'baseline',
  description: 'the reference forward pass',
  isBaseline: true,
  slots: { attention: 'reference', mlp: 'reference' },
  commitSha: null,
  branch: null,
};

const fusedVariant: VariantRecord = {
  name: 'fused-mlp',
  description: 'fuses gate and up projections',
  isBaseline: false,
  slots: { attention: 'reference', mlp: 'fused' },
  commitSha: null,
  branch: null,
  // Parameter values come back typed, in the order they went in.
  params: { rows: 8, layout: 'paired', folded: true },
  pointOf: 'fused',
};

function createSweep(db: ResultsDb, id: string, createdAt: string): void {
  db.createSweep({ id, createdAt, environment, settings: settings() });
  db.addVariant(id, baselineVariant);
  db.addVariant(id, fusedVariant);
}

/** Everything about a file and its directory that a refused open must leave alone. */
function snapshot(file: string): { bytes: Buffer; mtimeMs: number; entries: string[] } {
  return {
    bytes: fs.readFileSync(file),
    mtimeMs: fs.statSync(file).mtimeMs,
    entries: fs.readdirSync(path.dirname(file)).sort(),
  };
}

/** A LabError matching `message` (and `hint`), on one line. */
function assertLabError(fn: () => unknown, message: RegExp, hint?: RegExp): LabError {
  const caught = assertThrowsLabError(fn, message);
  assert.doesNotMatch(caught.oneLine(), /\n/, 'LabError must be one line');
  if (hint) assert.match(caught.hint, hint);
  return caught;
}

test('a fresh database is created, migrated to CURRENT_SCHEMA_VERSION and in WAL mode', () => {
  const file = tempDbPath();
  const db = ResultsDb.open(file);
  assert.equal(db.path, file);
  assert.equal(db.schemaVersion(), CURRENT_SCHEMA_VERSION);
  assert.equal(CURRENT_SCHEMA_VERSION, MIGRATIONS.length);
  db.close();

  const raw = new Database(file, { readonly: true });
  assert.equal(raw.pragma('journal_mode', { simple: true }), 'wal');
  const versions = raw.prepare('SELECT version, description, applied_at FROM schema_version ORDER BY version').all() as {
    version: number;
    description: string;
    applied_at: string;
  }[];
  assert.deepEqual(
    versions.map((v) => v.version),
    MIGRATIONS.map((m) => m.version),
  );
  for (const v of versions) assert.ok(!Number.isNaN(Date.parse(v.applied_at)));
  const tables = (raw.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map(
    (r) => r.name,
  );
  for (const t of ['schema_version', 'environments', 'sweeps', 'variants', 'samples', 'warmups', 'baselines']) {
    assert.ok(tables.includes(t), `missing table ${t}`);
  }
  raw.close();
});

test('reopening an up-to-date database applies nothing and keeps its data', () => {
  const file = tempDbPath();
  const first = ResultsDb.open(file);
  createSweep(first, 's1', '2026-11-25T06:30:00.000Z');
  first.close();

  const second = ResultsDb.open(file);
  assert.equal(second.schemaVersion(), CURRENT_SCHEMA_VERSION);
  assert.deepEqual(
    second.listSweeps().map((s) => s.id),
    ['s1'],
  );
  second.close();

  const raw = new Database(file, { readonly: true });
  assert.equal((raw.prepare('SELECT count(*) AS n FROM schema_version').get() as { n: number }).n, MIGRATIONS.length);
  raw.close();
});

test('a database at schema v1 is upgraded to the current version, keeping its sweeps', () => {
  const file = tempDbPath();
  const raw = new Database(file);
  raw.pragma('journal_mode = WAL');
  raw.exec(MIGRATIONS[0]!.up);
  raw.prepare('INSERT INTO schema_version VALUES (1, ?, ?)').run(MIGRATIONS[0]!.description, '2026-01-01T00:00:00.000Z');
  raw.close();

  // Read-only opens never migrate, so they refuse an old schema.
  assertLabError(() => ResultsDb.open(file, { readonly: true }), /schema v1, older than/, /lab sweep/);

  const db = ResultsDb.open(file);
  assert.equal(db.schemaVersion(), CURRENT_SCHEMA_VERSION);
  assert.deepEqual(db.baselineHistory(), []);
  db.close();
  const upgraded = new Database(file, { readonly: true });
  for (const table of ['samples', 'warmups']) {
    const columns = (upgraded.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
    assert.ok(columns.includes('process'), `${table} gained the process column`);
  }
  upgraded.close();
});

test('a sweep round-trips: variants, samples and warm-ups come back as they went in, warm-ups apart', () => {
  const file = tempDbPath();
  const db = ResultsDb.open(file, { now: tickingClock() });
  const sweepSettings = settings({ experiment: 'fuse-mlp' });
  db.createSweep({ id: '20261125-063012-ab12', createdAt: '2026-11-25T06:30:12.000Z', environment, settings: sweepSettings });
  db.addVariant('20261125-063012-ab12', baselineVariant);
  db.addVariant('20261125-063012-ab12', fusedVariant);
  db.setVariantCommit('20261125-063012-ab12', 'fused-mlp', 'deadbeef', 'lab/fused-mlp');

  db.addWarmup('20261125-063012-ab12', 'baseline', sample(0));
  db.addWarmup('20261125-063012-ab12', 'fused-mlp', sample(0, 0.5));
  const inserted: { variant: string; s: SampleRecord }[] = [];
  for (let round = 0; round < 2; round++) {
    for (const [variant, base] of [['baseline', 1], ['fused-mlp', 0.5]] as const) {
      db.addSample('20261125-063012-ab12', variant, sample(round, base));
      inserted.push({ variant, s: sample(round, base) });
    }
  }
  const before = db.getSweep('20261125-063012-ab12');
  assert.equal(before.status, 'running');
  assert.equal(before.finishedAt, null);

  db.setVariantStartup('20261125-063012-ab12', 'fused-mlp', 1.25, 0.5);
  db.finishSweep('20261125-063012-ab12', 'completed');
  const stored = db.getSweep('20261125-063012-ab12');

  assert.equal(stored.id, '20261125-063012-ab12');
  assert.equal(stored.createdAt, '2026-11-25T06:30:12.000Z');
  assert.equal(stored.status, 'completed');
  assert.ok(stored.finishedAt !== null && stored.finishedAt > stored.samples.at(-1)!.recordedAt);
  assert.equal(stored.baseline, 'baseline');
  assert.deepEqual(stored.settings, sweepSettings);
  assert.deepEqual(stored.environment, environment);
  assert.deepEqual(
    stored.variants.map(({ id: _id, ...v }) => v),
    [
      { ...baselineVariant, startupS: null, loadS: null },
      { ...fusedVariant, commitSha: 'deadbeef', branch: 'lab/fused-mlp', startupS: 1.25, loadS: 0.5 },
    ],
  );
  assert.ok(stored.variants.every((v) => Number.isInteger(v.id)));
  assert.deepEqual(
    stored.samples.map(({ recordedAt: _r, ...s }) => s),
    inserted.map(({ variant, s }) => ({ variant, ...s })),
  );
  // recorded_at is the clock at insert, strictly increasing with the ticking clock
  const times = stored.samples.map((s) => s.recordedAt);
  assert.deepEqual([...times].sort(), times);
  assert.equal(new Set(times).size, times.length);
  assert.deepEqual(stored.warmups, [
    { variant: 'baseline', ...sample(0) },
    { variant: 'fused-mlp', ...sample(0, 0.5) },
  ]);

  const rows = db.listSweeps();
  assert.equal(rows.length, 1);
  const { variants: _v, samples: _s, warmups: _w, ...row } = stored;
  assert.deepEqual(rows[0], row);
  db.close();
});

test('listSweeps is newest first and latestSweepId names the newest', () => {
  const db = ResultsDb.open(tempDbPath());
  assert.equal(db.latestSweepId(), null);
  assert.deepEqual(db.listSweeps(), []);
  createSweep(db, 'b', '2026-11-25T07:00:00.000Z');
  createSweep(db, 'a', '2026-11-25T06:00:00.000Z');
  createSweep(db, 'c', '2026-11-25T08:00:00.000Z');
  assert.deepEqual(
    db.listSweeps().map((s) => s.id),
    ['c', 'b', 'a'],
  );
  assert.equal(db.latestSweepId(), 'c');
  db.close();
});

test('a second connection reads while the first holds an open write transaction (WAL)', () => {
  const file = tempDbPath();
  const writer = ResultsDb.open(file);
  createSweep(writer, 'committed', '2026-11-25T06:00:00.000Z');
  writer.addSample('committed', 'baseline', sample(0));

  // Hold a write transaction open on another connection, as a sweep mid-write would.
  const raw = new Database(file);
  raw.pragma('foreign_keys = ON');
  raw.exec('BEGIN IMMEDIATE');
  raw.exec(`INSERT INTO environments (lab_version, backend, device, tfjs_version, node_version, cpu_model, cpu_cores,
              total_memory_bytes, os, command_line, json)
            VALUES ('0', 'cpu', 'cpu', '4', 'v20', 'x', 1, 1, 'linux', 'lab', '{}')`);
  raw.exec(`INSERT INTO sweeps (id, created_at, environment_id, baseline, model, backend, prompt_len, gen_len, runs,
              warmup, seed, settings_json)
            VALUES ('uncommitted', '2026-11-25T09:00:00.000Z', last_insert_rowid(), 'baseline', 'tiny', 'cpu', 1, 1, 1,
              0, 0, '{}')`);

  const started = Date.now();
  const reader = ResultsDb.open(file, { readonly: true });
  assert.deepEqual(
    reader.listSweeps().map((s) => s.id),
    ['committed'],
  );
  assert.equal(reader.getSweep('committed').samples.length, 1);
  // A second read-write opener (e.g. another `lab report`) must not block either.
  const other = ResultsDb.open(file);
  assert.equal(other.latestSweepId(), 'committed');
  assert.ok(Date.now() - started < 2000, 'reads waited for the writer');

  raw.exec('COMMIT');
  raw.close();
  assert.deepEqual(
    reader.listSweeps().map((s) => s.id),
    ['uncommitted', 'committed'],
  );
  reader.close();
  other.close();
  writer.close();
});

test('markStaleRunningInterrupted marks running sweeps that are not live, and only those', () => {
  const db = ResultsDb.open(tempDbPath(), { now: tickingClock() });
  createSweep(db, 'stale-with-samples', '2026-11-25T06:00:00.000Z');
  db.addWarmup('stale-with-samples', 'baseline', sample(0));
  db.addSample('stale-with-samples', 'baseline', sample(0));
  createSweep(db, 'stale-empty', '2026-11-25T06:10:00.000Z');
  createSweep(db, 'live', '2026-11-25T06:20:00.000Z');
  createSweep(db, 'done', '2026-11-25T06:05:00.000Z');
  db.finishSweep('done', 'completed');
  const doneBefore = db.getSweep('done');

  assert.deepEqual(db.markStaleRunningInterrupted(['live']), ['stale-empty', 'stale-with-samples']);

  const withSamples = db.getSweep('stale-with-samples');
  assert.equal(withSamples.status, 'interrupted');
  assert.equal(withSamples.finishedAt, withSamples.samples[0]!.recordedAt, 'finished_at is the last sign of life');
  assert.equal(withSamples.samples.length, 1, 'its samples are kept');
  const empty = db.getSweep('stale-empty');
  assert.equal(empty.status, 'interrupted');
  assert.equal(empty.finishedAt, empty.createdAt);
  assert.equal(db.getSweep('live').status, 'running');
  assert.deepEqual(db.getSweep('done'), doneBefore);

  assert.deepEqual(db.markStaleRunningInterrupted(['live']), []);
  assert.deepEqual(db.markStaleRunningInterrupted(), ['live']);
  db.close();
});

test('a database written by a newer lab is refused and left byte-for-byte unchanged', () => {
  const file = tempDbPath();
  ResultsDb.open(file).close();
  const raw = new Database(file);
  raw.prepare('INSERT INTO schema_version VALUES (?, ?, ?)').run(CURRENT_SCHEMA_VERSION + 7, 'from the future', '2030-01-01T00:00:00.000Z');
  raw.close();
  const before = snapshot(file);

  // Read-write first: it must leave the directory exactly as it was.
  for (const readonly of [false, true]) {
    assertLabError(
      () => ResultsDb.open(file, { readonly }),
      new RegExp(
        `^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} was written by a newer lab \\(schema v${CURRENT_SCHEMA_VERSION + 7}, this lab knows up to v${CURRENT_SCHEMA_VERSION}\\)$`,
      ),
      /upgrade the lab|--db/,
    );
    if (!readonly) assert.deepEqual(snapshot(file), before);
  }
  // A read-only SQLite connection to a WAL database leaves empty -wal/-shm
  // files behind (it may not delete them); the database itself is untouched.
  const after = snapshot(file);
  assert.deepEqual(after.bytes, before.bytes);
  assert.equal(after.mtimeMs, before.mtimeMs);
  for (const extra of after.entries.filter((e) => !before.entries.includes(e))) {
    assert.match(extra, /-(wal|shm)$/);
  }
  if (fs.existsSync(`${file}-wal`)) assert.equal(fs.statSync(`${file}-wal`).size, 0);
});

test('a file that is not a SQLite database is refused and left unchanged', () => {
  const file = tempDbPath();
  fs.writeFileSync(file, 'model,prefill_s\ntiny,0.25\n'.repeat(200));
  const before = snapshot(file);
  for (const readonly of [false, true]) {
    assertLabError(
      () => ResultsDb.open(file, { readonly }),
      /is not a lab results database \(corrupt or another file\)/,
      /move it aside|--db/,
    );
  }
  assert.deepEqual(snapshot(file), before);
});

test('a SQLite database with other tables and no schema_version is refused and left unchanged', () => {
  const file = tempDbPath();
  const raw = new Database(file);
  raw.exec('CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)');
  raw.close();
  const before = snapshot(file);
  assertLabError(() => ResultsDb.open(file), /not a lab results database.*customers/, /--db/);
  assert.deepEqual(snapshot(file), before);
});

test('a missing or unwritable directory is refused and nothing is created', () => {
  const missing = path.join(tempDir(), 'no', 'such', 'results.db');
  assertLabError(() => ResultsDb.open(missing), /directory .* does not exist/, /--db/);
  assert.equal(fs.existsSync(path.dirname(missing)), false);

  const dir = tempDir();
  fs.chmodSync(dir, 0o500);
  let canWriteAnyway = false;
  try {
    fs.writeFileSync(path.join(dir, 'probe'), '');
    canWriteAnyway = true; // running as root: permissions do not stop us
    fs.rmSync(path.join(dir, 'probe'));
  } catch {
    // expected for an ordinary user
  }
  if (!canWriteAnyway) {
    const file = path.join(dir, 'results.db');
    assertLabError(() => ResultsDb.open(file), /not writable/, /permissions|--db/);
    assert.deepEqual(fs.readdirSync(dir), []);
  }
  fs.chmodSync(dir, 0o700);

  if (process.platform === 'linux') {
    // Not even root can create files in /proc.
    const file = '/proc/lab-results-test.db';
    assertLabError(() => ResultsDb.open(file), /cannot (open|write|create) results database/, /--db/);
    assert.equal(fs.existsSync(file), false);
  }
});

test('a read-only open of a missing file is refused and creates nothing', () => {
  const file = tempDbPath();
  assertLabError(() => ResultsDb.open(file, { readonly: true }), /^no results database at .*results\.db$/, /lab sweep/);
  assert.equal(fs.existsSync(file), false);
});

test('a read-only connection reads but cannot write', () => {
  const file = tempDbPath();
  const w = ResultsDb.open(file);
  createSweep(w, 's1', '2026-11-25T06:00:00.000Z');
  w.close();
  const r = ResultsDb.open(file, { readonly: true });
  assert.equal(r.latestSweepId(), 's1');
  assert.throws(() => r.finishSweep('s1', 'failed'), /readonly/i);
  assert.equal(r.getSweep('s1').status, 'running');
  r.close();
});

test('an unknown sweep id is a LabError naming the id and the database', () => {
  const file = tempDbPath();
  const db = ResultsDb.open(file);
  createSweep(db, 's1', '2026-11-25T06:00:00.000Z');
  const e = assertLabError(() => db.getSweep('20990101-000000-zzzz'), /^no sweep 20990101-000000-zzzz in .*results\.db$/);
  assert.match(e.hint, /lab history/);
  db.close();
});

test('foreign keys are enforced: rows for unknown sweeps or variants are refused and nothing is written', () => {
  const file = tempDbPath();
  const db = ResultsDb.open(file);
  createSweep(db, 's1', '2026-11-25T06:00:00.000Z');
  createSweep(db, 's2', '2026-11-25T07:00:00.000Z');
  db.addSample('s1', 'baseline', sample(0));

  assert.throws(() => db.addVariant('no-such-sweep', fusedVariant), /no sweep no-such-sweep/);
  assert.throws(() => db.addSample('s1', 'no-such-variant', sample(1)), /no variant no-such-variant in sweep s1/);
  assert.throws(() => db.addWarmup('no-such-sweep', 'baseline', sample(0)), /no variant baseline in sweep no-such-sweep/);
  assert.throws(() => db.setVariantCommit('s1', 'no-such-variant', 'abc', null), /no variant/);
  assert.throws(() => db.finishSweep('no-such-sweep', 'completed'), /no sweep/);
  assert.throws(() => db.addVariant('s1', { ...fusedVariant, name: 'second-baseline', isBaseline: true }), /baseline/);
  assert.throws(() => db.addVariant('s1', fusedVariant), /already has a variant/);
  assert.throws(() => db.createSweep({ id: 's1', createdAt: 'x', environment, settings: settings() }), /already exists/);

  // The schema itself refuses a sample whose variant belongs to another sweep.
  const raw = new Database(file);
  raw.pragma('foreign_keys = ON');
  const s1Baseline = db.getSweep('s1').variants[0]!.id;
  assert.throws(
    () =>
      raw
        .prepare(
          `INSERT INTO samples (sweep_id, variant_id, round, prefill_s, generation_s, total_s, prefill_tokens_per_s,
             generation_tokens_per_s, peak_memory_bytes, harness_s, recorded_at)
           VALUES ('s2', ?, 0, 1, 1, 1, 1, 1, 1, 1, 'now')`,
        )
        .run(s1Baseline),
    /FOREIGN KEY constraint failed/,
  );
  const counts = raw
    .prepare(
      `SELECT (SELECT count(*) FROM sweeps) AS sweeps, (SELECT count(*) FROM environments) AS environments,
              (SELECT count(*) FROM variants) AS variants, (SELECT count(*) FROM samples) AS samples,
              (SELECT count(*) FROM warmups) AS warmups`,
    )
    .get();
  assert.deepEqual(counts, { sweeps: 2, environments: 2, variants: 4, samples: 1, warmups: 0 });
  raw.close();

  const s1 = db.getSweep('s1');
  assert.equal(s1.samples.length, 1);
  assert.deepEqual(
    s1.variants.map((v) => [v.name, v.commitSha]),
    [
      ['baseline', null],
      ['fused-mlp', null],
    ],
  );
  db.close();
});

test('deleting a sweep cascades to its variants, samples and warm-ups', () => {
  const file = tempDbPath();
  const db = ResultsDb.open(file);
  createSweep(db, 's1', '2026-11-25T06:00:00.000Z');
  db.addSample('s1', 'baseline', sample(0));
  db.addWarmup('s1', 'fused-mlp', sample(0));
  db.recordBaseline({ variant: 'fused-mlp', slots: fusedVariant.slots, sourceSweepId: 's1', reset: false });
  const raw = new Database(file);
  raw.pragma('foreign_keys = ON');
  raw.prepare('DELETE FROM sweeps WHERE id = ?').run('s1');
  const counts = raw
    .prepare(
      `SELECT (SELECT count(*) FROM variants) AS variants, (SELECT count(*) FROM samples) AS samples,
              (SELECT count(*) FROM warmups) AS warmups`,
    )
    .get();
  raw.close();
  assert.deepEqual(counts, { variants: 0, samples: 0, warmups: 0 });
  assert.equal(db.baselineHistory()[0]!.sourceSweepId, null, 'baseline history outlives its source sweep');
  db.close();
});

test('baseline history records promotions and resets, oldest first', () => {
  const db = ResultsDb.open(tempDbPath(), { now: tickingClock() });
  createSweep(db, 's1', '2026-11-25T06:00:00.000Z');
  assert.deepEqual(db.baselineHistory(), []);
  assert.equal(db.currentBaseline(), null);
  db.recordBaseline({ variant: 'fused-mlp', slots: fusedVariant.slots, sourceSweepId: 's1', reset: false });
  db.recordBaseline({ variant: 'baseline', slots: baselineVariant.slots, sourceSweepId: null, reset: true });
  const history = db.baselineHistory();
  assert.deepEqual(
    history.map(({ promotedAt: _p, ...h }) => h),
    [
      { variant: 'fused-mlp', slots: fusedVariant.slots, sourceSweepId: 's1', reset: false },
      { variant: 'baseline', slots: baselineVariant.slots, sourceSweepId: null, reset: true },
    ],
  );
  assert.ok(history[0]!.promotedAt < history[1]!.promotedAt);
  assert.deepEqual(db.currentBaseline(), history[1]);
  db.close();
});

test('describeSchema lists every table with its columns', () => {
  const db = ResultsDb.open(tempDbPath());
  const text = describeSchema(db);
  assert.match(text, new RegExp(`^schema version ${CURRENT_SCHEMA_VERSION}\n`));
  for (const [table, column] of [
    ['environments', 'total_memory_bytes'],
    ['sweeps', 'settings_json'],
    ['variants', 'slots_json'],
    ['samples', 'harness_s'],
    ['warmups', 'peak_memory_bytes'],
    ['baselines', 'source_sweep_id'],
  ]) {
    assert.match(text, new RegExp(`^${table}\\b`, 'm'));
    assert.match(text, new RegExp(`^  ${column}\\s`, 'm'));
  }
  assert.match(text, /-> sweeps\(id\) on delete cascade/);
  db.close();
});

test("the README's results.db section is the schema this code creates", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-schema-'));
  const db = ResultsDb.open(path.join(dir, 'results.db'));
  try {
    const readme = fs.readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const block = /```\n(schema version \d+[\s\S]*?)\n```/.exec(readme)?.[1];
    assert.ok(block, 'README.md has a schema block');
    assert.equal(block, db.describeSchema().trimEnd(), 'README.md: paste the output of describeSchema() into its results.db section');
  } finally {
    db.close();
  }
});

test('a keyed sample delivered twice lands once, with its device; unkeyed samples are never merged', () => {
  const file = tempDbPath();
  const db = ResultsDb.open(file);
  createSweep(db, 's1', '2026-11-25T06:00:00.000Z');
  const first = db.addSample('s1', 'baseline', { ...sample(0), sampleKey: 'b0:a0:p0:r0:i0', device: 'gpu-1' });
  const again = db.addSample('s1', 'baseline', { ...sample(0), totalS: 99, sampleKey: 'b0:a0:p0:r0:i0', device: 'gpu-2' });
  assert.equal(again, first);
  db.addSample('s1', 'baseline', sample(1));
  db.addSample('s1', 'baseline', sample(1));
  const stored = db.getSweep('s1').samples;
  assert.equal(stored.length, 3);
  assert.equal(stored[0]!.device, 'gpu-1');
  assert.notEqual(stored[0]!.totalS, 99, 'the first delivery stands');
  assert.equal(stored[1]!.device, 'NVIDIA H200 #1');
  db.close();
});
