/**
 * The PostgreSQL store (`--db postgres://...`): the store's contract (store-contract.ts) on databases of a
 * throw-away cluster (test/helpers/postgres.ts), several processes writing one database at once, a sweep and
 * its report end to end through the CLI, and the bad input: an unreachable server, a refused login, a missing
 * database, a bad URL; each one line naming the address, never the password, exit 2, nothing written.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import net from 'node:net';
import { after, before, test } from 'node:test';
import { redactUrl } from '../../src/db/connection.ts';
import { MIGRATIONS } from '../../src/db/migrations.ts';
import { PgConnection } from '../../src/db/pg-connection.ts';
import { ResultsDb } from '../../src/db/results-db.ts';
import type { SweepResult } from '../../src/sweep/result.ts';
import { isOneLineUserError, PROJECT_ROOT, runLab } from '../helpers/cli.ts';
import { copyProject } from '../helpers/project-copy.ts';
import { startPostgres, type PostgresCluster } from '../helpers/postgres.ts';
import { assertLabError, createSweep, environment, settings, storeContract } from './store-contract.ts';

let cluster: PostgresCluster;
let databases = 0;

before(async () => {
  cluster = await startPostgres();
});
after(() => cluster?.stop());

function freshDatabase(): string {
  return cluster.createDatabase(`lab_${++databases}`);
}

storeContract({
  name: 'PostgreSQL',
  fresh: freshDatabase,
  raw: (url) => PgConnection.connect(url, { readonly: false }),
  displayName: redactUrl,
});

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function databaseNames(): string[] {
  return cluster.psql('postgres', 'SELECT datname FROM pg_database ORDER BY datname').split('\n');
}

test('PostgreSQL: an unreachable server is one LabError naming the address, never the password', async () => {
  const port = await closedPort();
  const url = `postgres://lab:s3cret-pw@127.0.0.1:${port}/lab`;
  for (const readonly of [false, true]) {
    const e = assertLabError(() => ResultsDb.open(url, { readonly }), new RegExp(`^cannot reach PostgreSQL at lab@127\\.0\\.0\\.1:${port}/lab \\(ECONNREFUSED\\)$`), /PostgreSQL runs there|--db/);
    assert.doesNotMatch(e.oneLine(), /s3cret/);
  }
  assert.equal(redactUrl(url), `postgres://lab@127.0.0.1:${port}/lab`);
});

test('PostgreSQL: a refused login, a missing database and a bad URL are LabErrors that say what to check, and create nothing', () => {
  const before = databaseNames();
  const base = cluster.url('postgres');
  const noRole = base.replace('postgres@', 'nobody:hunter22@');
  const refused = assertLabError(() => ResultsDb.open(noRole), /^PostgreSQL at nobody@127\.0\.0\.1:\d+\/postgres refused the login: role "nobody" does not exist$/, /user and password/);
  assert.doesNotMatch(refused.oneLine(), /hunter22/);
  const missing = assertLabError(() => ResultsDb.open(cluster.url('no_such_db')), /database no_such_db does not exist/, /createdb -h 127\.0\.0\.1 -p \d+ -U postgres no_such_db/);
  assert.match(missing.message, /^PostgreSQL at postgres@127\.0\.0\.1:\d+\/no_such_db/);
  const bad = assertLabError(() => ResultsDb.open('postgres://u:pw@[not-a-host/lab'), /^not a PostgreSQL URL: /, /postgres:\/\/USER@HOST:PORT\/DATABASE/);
  assert.doesNotMatch(bad.oneLine(), /:pw@/);
  assert.deepEqual(databaseNames(), before);
});

test('PostgreSQL: several processes open, migrate and write one new database at once; each sample lands once', async () => {
  const url = freshDatabase();
  const writers = ['w1', 'w2', 'w3'].map(
    (id) =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'test/db/concurrent-writer.ts', url, id, '15'], { cwd: PROJECT_ROOT });
        let stderr = '';
        child.stderr.on('data', (d) => (stderr += String(d)));
        child.on('close', (code) => resolve({ code, stderr }));
      }),
  );
  for (const w of await Promise.all(writers)) assert.equal(w.code, 0, w.stderr);
  const db = ResultsDb.open(url, { readonly: true });
  assert.equal(db.schemaVersion(), MIGRATIONS.length);
  assert.deepEqual(db.listSweeps().map((s) => s.id).sort(), ['w1', 'w2', 'w3']);
  for (const id of ['w1', 'w2', 'w3']) {
    const sweep = db.getSweep(id);
    assert.equal(sweep.status, 'completed');
    assert.equal(sweep.samples.length, 30, `${id}: 15 per variant, the keyed ones once`);
  }
  db.close();
  assert.equal(cluster.psql(url.split('/').at(-1)!, 'SELECT count(*) FROM schema_version'), String(MIGRATIONS.length), 'each migration applied once');
});

test('PostgreSQL: lab sweep stores a sweep there and lab report, show and history read it back', () => {
  const url = freshDatabase();
  const tiny = ['--model', 'tiny', '--warmup', '1', '--prompt-len', '4', '--gen-len', '4', '--no-git', '--quiet', '--backend', 'cpu', '--runs', '3'];
  const sweep = runLab(['sweep', 'fused-qkv', ...tiny, '--db', url, '--json'], { timeoutMs: 120_000 });
  assert.equal(sweep.code, 0, sweep.stderr);
  const result = JSON.parse(sweep.stdout.trim().split('\n').at(-1)!) as SweepResult;
  assert.equal(result.sweep.status, 'completed');
  const report = runLab(['report', '--db', url, '--format', 'json']);
  assert.equal(report.code, 0, report.stderr);
  const reported = JSON.parse(report.stdout) as SweepResult;
  assert.equal(reported.sweep.id, result.sweep.id);
  assert.deepEqual(reported.variants.map((v) => [v.name, v.n]), [['baseline', 3], ['fused-qkv', 3]]);
  const db = ResultsDb.open(url, { readonly: true });
  const stored = db.getSweep(result.sweep.id);
  db.close();
  // A warm-up per variant in each of the 3 worker processes (on a CPU backend, one process per run).
  assert.equal(stored.warmups.length, 6);
  assert.equal(stored.samples.filter((s) => !s.superseded).length, 6);
  const show = runLab(['show', result.sweep.id, '--db', url]);
  assert.equal(show.code, 0, show.stderr);
  assert.match(show.stdout, /fused-qkv/);
});

test('PostgreSQL: lab sweep and lab report on an unreachable server: one line naming the address, exit 2, no password', async () => {
  const port = await closedPort();
  const url = `postgresql://lab:s3cret-pw@127.0.0.1:${port}/lab`;
  for (const args of [
    ['sweep', 'fused-qkv', '--model', 'tiny', '--no-git', '--quiet', '--backend', 'cpu', '--runs', '2', '--db', url],
    ['report', '--db', url],
    ['history', '--db', url],
  ]) {
    const run = runLab(args);
    assert.ok(isOneLineUserError(run), `${args[0]}: ${run.stderr}`);
    assert.match(run.stderr, new RegExp(`cannot reach PostgreSQL at lab@127\\.0\\.0\\.1:${port}/lab`));
    assert.doesNotMatch(run.stdout + run.stderr, /s3cret/);
  }
});

test("PostgreSQL: crash recovery marks only this host's dead sweeps: another machine's running sweep is left to it", () => {
  const db = ResultsDb.open(freshDatabase());
  for (const [id, hostname] of [['mine', 'this-host'], ['theirs', 'other-host']] as const) {
    db.createSweep({ id, createdAt: '2026-11-25T06:00:00.000Z', environment: { ...environment, hostname }, settings: settings() });
  }
  // Every pid is dead as seen from here; only this host's sweep can be judged by it.
  assert.deepEqual(db.recoverDeadSweeps(() => false, 'this-host'), ['mine']);
  assert.equal(db.getSweep('theirs').status, 'running');
  assert.deepEqual(db.recoverDeadSweeps(() => false, 'this-host'), []);
  db.close();
});

test('PostgreSQL: a sweep in a git repository whose store is unreachable makes no branch, no worktree, no commit', async () => {
  const repo = copyProject();
  const env = { GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0' };
  const git = (...args: string[]): string => execFileSync('git', args, { cwd: repo, env: { ...process.env, ...env }, encoding: 'utf8' });
  git('init', '-q', '-b', 'main');
  git('-c', 'user.name=Lab Test', '-c', 'user.email=lab@example.com', 'add', '-A');
  git('-c', 'user.name=Lab Test', '-c', 'user.email=lab@example.com', 'commit', '-q', '-m', 'the project');
  const refsBefore = git('for-each-ref');
  const statusBefore = git('status', '--porcelain');
  const port = await closedPort();
  const run = runLab(['sweep', 'fused-qkv', '--model', 'tiny', '--runs', '2', '--warmup', '0', '--quiet', '--db', `postgres://lab:pw@127.0.0.1:${port}/lab`], {
    root: repo,
    env,
  });
  assert.ok(isOneLineUserError(run), run.stderr);
  assert.match(run.stderr, /cannot reach PostgreSQL at lab@127\.0\.0\.1/);
  assert.equal(git('for-each-ref'), refsBefore, 'no lab branch');
  assert.equal(git('status', '--porcelain'), statusBefore);
  assert.equal(fs.existsSync(path.join(repo, '.git', 'lab', 'worktrees')), false);
  fs.rmSync(repo, { recursive: true, force: true });
});

test('PostgreSQL: a URL naming a unix socket (?host=/folder) opens the store, and messages name the socket', () => {
  const tcp = freshDatabase();
  const name = tcp.split('/').at(-1)!;
  const url = `postgres://postgres@/${name}?host=${cluster.socketDir}&port=${cluster.port}`;
  const db = ResultsDb.open(url);
  assert.equal(db.path, `postgres://postgres@${cluster.socketDir}:${cluster.port}/${name}`);
  createSweep(db, 's1', '2026-11-25T06:00:00.000Z');
  db.close();
  const viaTcp = ResultsDb.open(tcp, { readonly: true });
  assert.deepEqual(viaTcp.listSweeps().map((s) => s.id), ['s1']);
  viaTcp.close();
  assertLabError(() => ResultsDb.open(`postgres://postgres@/${name}?host=${cluster.socketDir}/nowhere`), /^cannot reach PostgreSQL at postgres@.*\/nowhere:5432\//);
});
