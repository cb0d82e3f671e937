/**
 * The SQLite store: the store's contract (store-contract.ts) on results.db files, and what only a file has
 * (WAL mode, a file that is not a database, its folder and permissions).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { CURRENT_SCHEMA_VERSION, ResultsDb } from '../../src/db/results-db.ts';
import { SqliteConnection } from '../../src/db/sqlite-connection.ts';
import { assertLabError, storeContract } from './store-contract.ts';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'lab-results-db-'));
}

function tempDbPath(): string {
  return path.join(tempDir(), 'results.db');
}

/** Everything about a file and its directory that a refused open must leave alone. */
function snapshot(file: string): { bytes: Buffer; mtimeMs: number; entries: string[] } {
  return {
    bytes: fs.readFileSync(file),
    mtimeMs: fs.statSync(file).mtimeMs,
    entries: fs.readdirSync(path.dirname(file)).sort(),
  };
}

storeContract({
  name: 'SQLite',
  fresh: tempDbPath,
  raw(file) {
    const raw = new Database(file);
    raw.pragma('foreign_keys = ON');
    return new SqliteConnection(raw);
  },
  displayName: (file) => file,
});

test('a fresh SQLite database is in WAL mode', () => {
  const file = tempDbPath();
  ResultsDb.open(file).close();
  const raw = new Database(file, { readonly: true });
  assert.equal(raw.pragma('journal_mode', { simple: true }), 'wal');
  raw.close();
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
