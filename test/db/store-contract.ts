/**
 * The results store's contract: test bodies that hold for every store behind
 * ResultsDb. results-db.test.ts runs them on SQLite files, and
 * results-db-postgres.test.ts on databases of a throw-away PostgreSQL cluster.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import type { Connection } from '../../src/db/connection.ts';
import { MIGRATIONS } from '../../src/db/migrations.ts';
import { CURRENT_SCHEMA_VERSION, ResultsDb, describeSchema, type SampleRecord, type VariantRecord } from '../../src/db/results-db.ts';
import { migrationScript } from '../../src/db/schema.ts';
import type { LabError } from '../../src/errors.ts';
import type { Environment, SweepSettings } from '../../src/sweep/result.ts';
import { assertLabError as assertThrowsLabError } from '../helpers/assert-lab-error.ts';
import { ENVIRONMENT } from '../helpers/results-fixture.ts';

export interface StoreUnderTest {
  /** 'SQLite' or 'PostgreSQL', for test names. */
  name: string;
  /** The --db target of a fresh, empty store. */
  fresh(): string;
  /** A connection to the store that bypasses ResultsDb (foreign keys on), for what the schema itself must refuse. */
  raw(target: string): Connection;
  /** How ResultsDb names the store in messages (a path, or the URL without its password). */
  displayName(target: string): string;
}

/** A clock that ticks one second per call, from a fixed start. */
export function tickingClock(start = Date.parse('2026-11-25T06:30:00.000Z')): () => Date {
  let t = start;
  return () => new Date((t += 1000));
}

export const environment: Environment = { ...ENVIRONMENT, device: 'cpu', commandLine: 'lab sweep --runs 2' };

export function settings(overrides: Partial<SweepSettings> = {}): SweepSettings {
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

export function sample(round: number, base = 1): SampleRecord {
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

export const baselineVariant: VariantRecord = {
  name: 'baseline',
  description: 'the reference forward pass',
  isBaseline: true,
  slots: { attention: 'reference', mlp: 'reference' },
  commitSha: null,
  branch: null,
};

export const fusedVariant: VariantRecord = {
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

export function createSweep(db: ResultsDb, id: string, createdAt: string): void {
  db.createSweep({ id, createdAt, environment, settings: settings() });
  db.addVariant(id, baselineVariant);
  db.addVariant(id, fusedVariant);
}

/** A LabError matching `message` (and `hint`), on one line. */
export function assertLabError(fn: () => unknown, message: RegExp, hint?: RegExp): LabError {
  const caught = assertThrowsLabError(fn, message);
  assert.doesNotMatch(caught.oneLine(), /\n/, 'LabError must be one line');
  if (hint) assert.match(caught.hint, hint);
  return caught;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Runs `fn` with a raw connection to `target`, closing it after. */
function withRaw<T>(store: StoreUnderTest, target: string, fn: (raw: Connection) => T): T {
  const raw = store.raw(target);
  try {
    return fn(raw);
  } finally {
    raw.close();
  }
}

/** Registers the contract's tests, each on fresh stores of `store`. */
export function storeContract(store: StoreUnderTest): void {
  const t = (name: string, fn: () => void): void => void test(`${store.name}: ${name}`, fn);

  t('a fresh store is migrated to CURRENT_SCHEMA_VERSION, one schema_version row per migration', () => {
    const target = store.fresh();
    const db = ResultsDb.open(target);
    assert.equal(db.path, store.displayName(target));
    assert.equal(db.schemaVersion(), CURRENT_SCHEMA_VERSION);
    assert.equal(CURRENT_SCHEMA_VERSION, MIGRATIONS.length);
    db.close();
    withRaw(store, target, (raw) => {
      const versions = raw.prepare('SELECT version, description, applied_at FROM schema_version ORDER BY version').all() as { version: number; applied_at: string }[];
      assert.deepEqual(versions.map((v) => v.version), MIGRATIONS.map((m) => m.version));
      for (const v of versions) assert.ok(!Number.isNaN(Date.parse(v.applied_at)));
      const tables = raw.tableNames();
      for (const name of ['schema_version', 'environments', 'sweeps', 'variants', 'variant_params', 'samples', 'warmups', 'baselines', 'profiles', 'calibrations']) {
        assert.ok(tables.includes(name), `missing table ${name}`);
      }
    });
  });

  t('reopening an up-to-date store applies nothing and keeps its data', () => {
    const target = store.fresh();
    const first = ResultsDb.open(target);
    createSweep(first, 's1', '2026-11-25T06:30:00.000Z');
    first.close();
    const second = ResultsDb.open(target);
    assert.equal(second.schemaVersion(), CURRENT_SCHEMA_VERSION);
    assert.deepEqual(second.listSweeps().map((s) => s.id), ['s1']);
    second.close();
    const n = withRaw(store, target, (raw) => (raw.prepare('SELECT count(*) AS n FROM schema_version').get() as { n: number }).n);
    assert.equal(n, MIGRATIONS.length);
  });

  t('migration by migration: a store at each schema version is upgraded to the current one, the same schema as a fresh one', () => {
    const freshTarget = store.fresh();
    const fresh = ResultsDb.open(freshTarget);
    const expected = fresh.describeSchema();
    fresh.close();
    for (const m of MIGRATIONS) {
      const target = store.fresh();
      withRaw(store, target, (raw) => {
        for (const applied of MIGRATIONS.slice(0, m.version)) {
          raw.transaction(() => {
            raw.exec(migrationScript(raw, applied.up));
            raw.prepare('INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)').run(applied.version, applied.description, '2026-01-01T00:00:00.000Z');
          }, 'write');
        }
      });
      if (m.version < CURRENT_SCHEMA_VERSION) {
        // Read-only opens never migrate, so they refuse an old schema.
        assertLabError(() => ResultsDb.open(target, { readonly: true }), new RegExp(`schema v${m.version}, older than`), /lab sweep/);
      }
      const db = ResultsDb.open(target);
      assert.equal(db.schemaVersion(), CURRENT_SCHEMA_VERSION, `from v${m.version}`);
      assert.equal(db.describeSchema(), expected, `upgraded from v${m.version}`);
      createSweep(db, 's1', '2026-11-25T06:30:00.000Z');
      db.addSample('s1', 'fused-mlp', sample(0));
      assert.equal(db.getSweep('s1').samples.length, 1);
      db.close();
    }
  });

  t('a sweep round-trips: variants, samples and warm-ups come back as they went in, warm-ups apart', () => {
    const db = ResultsDb.open(store.fresh(), { now: tickingClock() });
    const id = '20261125-063012-ab12';
    const sweepSettings = settings({ experiment: 'fuse-mlp' });
    db.createSweep({ id, createdAt: '2026-11-25T06:30:12.000Z', environment, settings: sweepSettings });
    db.addVariant(id, baselineVariant);
    db.addVariant(id, fusedVariant);
    db.setVariantCommit(id, 'fused-mlp', 'deadbeef', 'lab/fused-mlp');
    db.addWarmup(id, 'baseline', sample(0));
    db.addWarmup(id, 'fused-mlp', sample(0, 0.5));
    const inserted: { variant: string; s: SampleRecord }[] = [];
    const ids: number[] = [];
    for (let round = 0; round < 2; round++) {
      for (const [variant, base] of [['baseline', 1], ['fused-mlp', 0.5]] as const) {
        ids.push(db.addSample(id, variant, sample(round, base)));
        inserted.push({ variant, s: sample(round, base) });
      }
    }
    assert.ok(ids.every((i) => Number.isInteger(i)) && new Set(ids).size === ids.length, 'addSample returns each sample its own id');
    const before = db.getSweep(id);
    assert.equal(before.status, 'running');
    assert.equal(before.finishedAt, null);

    db.setVariantStartup(id, 'fused-mlp', 1.25, 0.5);
    db.supersedeSamples(id, [ids[0]!]);
    db.updateSettings(id, { ...sweepSettings, runs: 3 });
    db.finishSweep(id, 'completed');
    const stored = db.getSweep(id);
    assert.equal(stored.id, id);
    assert.equal(stored.createdAt, '2026-11-25T06:30:12.000Z');
    assert.equal(stored.status, 'completed');
    assert.ok(stored.finishedAt !== null && stored.finishedAt > stored.samples.at(-1)!.recordedAt);
    assert.equal(stored.baseline, 'baseline');
    assert.deepEqual(stored.settings, { ...sweepSettings, runs: 3 });
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
      inserted.map(({ variant, s }, i) => ({ variant, ...s, superseded: i === 0 })),
    );
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

  t('listSweeps is newest first and latestSweepId names the newest that is not a calibration', () => {
    const db = ResultsDb.open(store.fresh());
    assert.equal(db.latestSweepId(), null);
    assert.deepEqual(db.listSweeps(), []);
    createSweep(db, 'b', '2026-11-25T07:00:00.000Z');
    createSweep(db, 'a', '2026-11-25T06:00:00.000Z');
    createSweep(db, 'c', '2026-11-25T08:00:00.000Z');
    db.createSweep({ id: 'cal', createdAt: '2026-11-25T09:00:00.000Z', environment, settings: { ...settings(), purpose: 'calibration' } as SweepSettings });
    assert.deepEqual(db.listSweeps().map((s) => s.id), ['cal', 'c', 'b', 'a']);
    assert.equal(db.latestSweepId(), 'c');
    db.close();
  });

  t('a reader sees committed rows, not a writer\'s open transaction, and does not wait for it', () => {
    const target = store.fresh();
    const writer = ResultsDb.open(target);
    createSweep(writer, 'committed', '2026-11-25T06:00:00.000Z');
    writer.addSample('committed', 'baseline', sample(0));
    const raw = store.raw(target);
    raw.exec(raw.dialect === 'sqlite' ? 'BEGIN IMMEDIATE' : 'BEGIN');
    raw.exec(`INSERT INTO environments (lab_version, backend, device, tfjs_version, node_version, cpu_model, cpu_cores, total_memory_bytes, os, command_line, json)
              VALUES ('0', 'cpu', 'cpu', '4', 'v20', 'x', 1, 1, 'linux', 'lab', '{}')`);
    raw.exec(`INSERT INTO sweeps (id, created_at, environment_id, baseline, model, backend, prompt_len, gen_len, runs, warmup, seed, settings_json)
              VALUES ('uncommitted', '2026-11-25T09:00:00.000Z', (SELECT max(id) FROM environments), 'baseline', 'tiny', 'cpu', 1, 1, 1, 0, 0, '{}')`);
    const started = Date.now();
    const reader = ResultsDb.open(target, { readonly: true });
    assert.deepEqual(reader.listSweeps().map((s) => s.id), ['committed']);
    assert.equal(reader.getSweep('committed').samples.length, 1);
    // A second read-write opener (e.g. another `lab report`) must not block either.
    const other = ResultsDb.open(target);
    assert.equal(other.latestSweepId(), 'committed');
    assert.ok(Date.now() - started < 2000, 'reads waited for the writer');
    raw.exec('COMMIT');
    raw.close();
    assert.deepEqual(reader.listSweeps().map((s) => s.id), ['uncommitted', 'committed']);
    reader.close();
    other.close();
    writer.close();
  });

  t('markStaleRunningInterrupted marks running sweeps that are not live, and only those', () => {
    const db = ResultsDb.open(store.fresh(), { now: tickingClock() });
    createSweep(db, 'stale-with-samples', '2026-11-25T06:00:00.000Z');
    db.addWarmup('stale-with-samples', 'baseline', sample(0));
    db.addSample('stale-with-samples', 'baseline', sample(0));
    createSweep(db, 'stale-warmup-only', '2026-11-25T06:01:00.000Z');
    db.addWarmup('stale-warmup-only', 'baseline', sample(0));
    createSweep(db, 'stale-empty', '2026-11-25T06:10:00.000Z');
    createSweep(db, 'live', '2026-11-25T06:20:00.000Z');
    createSweep(db, 'done', '2026-11-25T06:05:00.000Z');
    db.finishSweep('done', 'completed');
    const doneBefore = db.getSweep('done');

    assert.deepEqual(db.markStaleRunningInterrupted(['live']), ['stale-empty', 'stale-warmup-only', 'stale-with-samples']);
    const withSamples = db.getSweep('stale-with-samples');
    assert.equal(withSamples.status, 'interrupted');
    assert.equal(withSamples.finishedAt, withSamples.samples[0]!.recordedAt, 'finished_at is the last sign of life');
    assert.equal(withSamples.samples.length, 1, 'its samples are kept');
    const warmupOnly = db.getSweep('stale-warmup-only');
    assert.ok(warmupOnly.finishedAt! > withSamples.finishedAt!, 'a warm-up is a sign of life too');
    const empty = db.getSweep('stale-empty');
    assert.equal(empty.status, 'interrupted');
    assert.equal(empty.finishedAt, empty.createdAt);
    assert.equal(db.getSweep('live').status, 'running');
    assert.deepEqual(db.getSweep('done'), doneBefore);
    assert.deepEqual(db.markStaleRunningInterrupted(['live']), []);
    assert.deepEqual(db.recoverDeadSweeps(() => true), []);
    assert.deepEqual(db.markStaleRunningInterrupted(), ['live']);
    db.close();
  });

  t('a store written by a newer lab is refused, read-write and read-only, and left unchanged', () => {
    const target = store.fresh();
    ResultsDb.open(target).close();
    withRaw(store, target, (raw) =>
      raw.prepare('INSERT INTO schema_version VALUES (?, ?, ?)').run(CURRENT_SCHEMA_VERSION + 7, 'from the future', '2030-01-01T00:00:00.000Z'),
    );
    for (const readonly of [false, true]) {
      assertLabError(
        () => ResultsDb.open(target, { readonly }),
        new RegExp(`^${escape(store.displayName(target))} was written by a newer lab \\(schema v${CURRENT_SCHEMA_VERSION + 7}, this lab knows up to v${CURRENT_SCHEMA_VERSION}\\)$`),
        /upgrade the lab|--db/,
      );
    }
    const n = withRaw(store, target, (raw) => (raw.prepare('SELECT count(*) AS n FROM schema_version').get() as { n: number }).n);
    assert.equal(n, MIGRATIONS.length + 1);
  });

  t('a store with other tables and no schema_version is refused and left unchanged', () => {
    const target = store.fresh();
    withRaw(store, target, (raw) => raw.exec('CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)'));
    assertLabError(() => ResultsDb.open(target), /not a lab results database.*customers/, /--db/);
    assert.deepEqual(withRaw(store, target, (raw) => raw.tableNames()), ['customers']);
  });

  t('an empty store opened read-only is refused and left empty', () => {
    const target = store.fresh();
    if (store.name === 'SQLite') fs.writeFileSync(target, '');
    assertLabError(() => ResultsDb.open(target, { readonly: true }), /is an empty database/, /lab sweep/);
    assert.deepEqual(withRaw(store, target, (raw) => raw.tableNames()), []);
  });

  t('a read-only store reads but cannot write', () => {
    const target = store.fresh();
    const w = ResultsDb.open(target);
    createSweep(w, 's1', '2026-11-25T06:00:00.000Z');
    w.close();
    const r = ResultsDb.open(target, { readonly: true });
    assert.equal(r.latestSweepId(), 's1');
    assert.throws(() => r.finishSweep('s1', 'failed'), /readonly|read-only/i);
    assert.equal(r.getSweep('s1').status, 'running');
    r.close();
  });

  t('an unknown sweep id is a LabError naming the id and the store', () => {
    const target = store.fresh();
    const db = ResultsDb.open(target);
    createSweep(db, 's1', '2026-11-25T06:00:00.000Z');
    const e = assertLabError(() => db.getSweep('20990101-000000-zzzz'), new RegExp(`^no sweep 20990101-000000-zzzz in ${escape(store.displayName(target))}$`));
    assert.match(e.hint, /lab history/);
    db.close();
  });

  t('foreign keys are enforced: rows for unknown sweeps or variants are refused and nothing is written', () => {
    const target = store.fresh();
    const db = ResultsDb.open(target);
    createSweep(db, 's1', '2026-11-25T06:00:00.000Z');
    createSweep(db, 's2', '2026-11-25T07:00:00.000Z');
    db.addSample('s1', 'baseline', sample(0));
    assert.throws(() => db.addVariant('no-such-sweep', fusedVariant), /no sweep no-such-sweep/);
    assert.throws(() => db.addSample('s1', 'no-such-variant', sample(1)), /no variant no-such-variant in sweep s1/);
    assert.throws(() => db.addWarmup('no-such-sweep', 'baseline', sample(0)), /no variant baseline in sweep no-such-sweep/);
    assert.throws(() => db.setVariantCommit('s1', 'no-such-variant', 'abc', null), /no variant/);
    assert.throws(() => db.setVariantStartup('s1', 'no-such-variant', 1, 1), /no variant/);
    assert.throws(() => db.finishSweep('no-such-sweep', 'completed'), /no sweep/);
    assert.throws(() => db.updateSettings('no-such-sweep', settings()), /no sweep/);
    assert.throws(() => db.addVariant('s1', { ...fusedVariant, name: 'second-baseline', isBaseline: true }), /baseline/);
    assert.throws(() => db.addVariant('s1', fusedVariant), /already has a variant/);
    assert.throws(() => db.createSweep({ id: 's1', createdAt: 'x', environment, settings: settings() }), /already exists/);
    // A variant refused with its parameters leaves none of them behind.
    assert.throws(() => db.addVariant('s1', { ...fusedVariant, name: 'baseline' }), /already has a variant/);

    const s1Baseline = db.getSweep('s1').variants[0]!.id;
    withRaw(store, target, (raw) => {
      // The schema itself refuses a sample whose variant belongs to another sweep.
      assert.throws(
        () =>
          raw
            .prepare(
              `INSERT INTO samples (sweep_id, variant_id, round, prefill_s, generation_s, total_s, prefill_tokens_per_s,
                 generation_tokens_per_s, peak_memory_bytes, harness_s, recorded_at)
               VALUES ('s2', ?, 0, 1, 1, 1, 1, 1, 1, 1, 'now')`,
            )
            .run(s1Baseline),
        (e: unknown) => raw.constraintOf(e) === 'foreignkey',
      );
      // ... and a JSON column that is not JSON.
      assert.throws(() => raw.prepare(`UPDATE sweeps SET settings_json = '{not json' WHERE id = 's1'`).run(), (e: unknown) => raw.constraintOf(e) === 'check');
      const counts = raw
        .prepare(
          `SELECT (SELECT count(*) FROM sweeps) AS sweeps, (SELECT count(*) FROM environments) AS environments,
                  (SELECT count(*) FROM variants) AS variants, (SELECT count(*) FROM samples) AS samples,
                  (SELECT count(*) FROM warmups) AS warmups, (SELECT count(*) FROM variant_params) AS params`,
        )
        .get();
      assert.deepEqual(counts, { sweeps: 2, environments: 2, variants: 4, samples: 1, warmups: 0, params: 6 });
    });
    const s1 = db.getSweep('s1');
    assert.equal(s1.samples.length, 1);
    assert.deepEqual(s1.variants.map((v) => [v.name, v.commitSha]), [['baseline', null], ['fused-mlp', null]]);
    db.close();
  });

  t('deleting a sweep cascades to its variants, samples and warm-ups', () => {
    const target = store.fresh();
    const db = ResultsDb.open(target);
    createSweep(db, 's1', '2026-11-25T06:00:00.000Z');
    db.addSample('s1', 'baseline', sample(0));
    db.addWarmup('s1', 'fused-mlp', sample(0));
    db.recordBaseline({ variant: 'fused-mlp', slots: fusedVariant.slots, sourceSweepId: 's1', reset: false });
    const counts = withRaw(store, target, (raw) => {
      raw.prepare('DELETE FROM sweeps WHERE id = ?').run('s1');
      return raw
        .prepare(
          `SELECT (SELECT count(*) FROM variants) AS variants, (SELECT count(*) FROM samples) AS samples,
                  (SELECT count(*) FROM warmups) AS warmups, (SELECT count(*) FROM variant_params) AS params`,
        )
        .get();
    });
    assert.deepEqual(counts, { variants: 0, samples: 0, warmups: 0, params: 0 });
    assert.equal(db.baselineHistory()[0]!.sourceSweepId, null, 'baseline history outlives its source sweep');
    db.close();
  });

  t('baseline history records promotions and resets, oldest first', () => {
    const db = ResultsDb.open(store.fresh(), { now: tickingClock() });
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

  t('profiles and calibrations round-trip; the newest comes back', () => {
    const db = ResultsDb.open(store.fresh(), { now: tickingClock() });
    const profile = { variant: 'fused-mlp', slots: fusedVariant.slots, model: 'tiny', backend: 'cpu', device: 'cpu', promptLen: 4, genLen: 4, environment, result: { phases: [] } as never };
    const first = db.addProfile(profile);
    const second = db.addProfile({ ...profile, variant: 'baseline', slots: baselineVariant.slots });
    assert.ok(second > first);
    const { createdAt: firstAt, ...stored } = db.latestProfile('fused-mlp')!;
    assert.deepEqual(stored, { ...profile, id: first });
    assert.equal(db.latestProfile()?.id, second);
    assert.ok(db.latestProfile()!.createdAt > firstAt, 'created_at is the clock at insert');
    assert.equal(db.latestProfile('nothing'), null);
    const calibration = {
      machine: 'host', backend: 'cpu', device: 'cpu', model: 'tiny', sweeps: 4, falseVerdicts: 1, falseVerdictRate: 0.25, rateCiLow: 0.01,
      rateCiHigh: 0.8, noisePct: 2.5, resolvablePct: null, resolvableBudgetPct: 3.5, sweepIds: ['a', 'b'], result: { any: 'thing' },
    };
    const id = db.addCalibration(calibration);
    const { createdAt, ...storedCalibration } = db.latestCalibration('host', 'cpu', 'cpu')!;
    assert.deepEqual(storedCalibration, { ...calibration, id });
    assert.ok(createdAt > firstAt);
    assert.equal(db.latestCalibration('host', 'cpu', 'webgpu'), null);
    db.close();
  });

  t('describeSchema lists every table with its columns', () => {
    const db = ResultsDb.open(store.fresh());
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

  t("the README's results.db section is the schema this code creates", () => {
    const db = ResultsDb.open(store.fresh());
    try {
      const readme = fs.readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
      const block = /```\n(schema version \d+[\s\S]*?)\n```/.exec(readme)?.[1];
      assert.ok(block, 'README.md has a schema block');
      assert.equal(block, db.describeSchema().trimEnd(), 'README.md: paste the output of describeSchema() into its results.db section');
    } finally {
      db.close();
    }
  });

  t('a keyed sample delivered twice lands once, with its device; unkeyed samples are never merged', () => {
    const db = ResultsDb.open(store.fresh());
    createSweep(db, 's1', '2026-11-25T06:00:00.000Z');
    const first = db.addSample('s1', 'baseline', { ...sample(0), sampleKey: 'b0:a0:p0:r0:i0', device: 'gpu-1' });
    const again = db.addSample('s1', 'baseline', { ...sample(0), totalS: 99, sampleKey: 'b0:a0:p0:r0:i0', device: 'gpu-2' });
    assert.equal(again, first);
    db.addWarmup('s1', 'baseline', { ...sample(0), sampleKey: 'w0' });
    db.addWarmup('s1', 'baseline', { ...sample(0), sampleKey: 'w0' });
    db.addSample('s1', 'baseline', sample(1));
    db.addSample('s1', 'baseline', sample(1));
    const stored = db.getSweep('s1');
    assert.equal(stored.samples.length, 3);
    assert.equal(stored.warmups.length, 1);
    assert.equal(stored.samples[0]!.device, 'gpu-1');
    assert.notEqual(stored.samples[0]!.totalS, 99, 'the first delivery stands');
    assert.equal(stored.samples[1]!.device, 'NVIDIA H200 #1');
    db.close();
  });
}
