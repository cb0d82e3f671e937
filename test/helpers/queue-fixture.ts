/**
 * End-to-end queue tests: a git repository holding a copy of the project (the
 * coordinator's, and the workers' on this machine), lab processes started in
 * it, and reads of its results.db while they write.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { PROJECT_ROOT } from './cli.ts';

const COPIED = ['src', 'variants', 'package.json', 'tsconfig.json', 'bin', '.gitignore'];

// Git, here and in the lab processes the tests start, ignores the developer's global and system config.
export const ENV: NodeJS.ProcessEnv = Object.fromEntries(
  Object.entries({
    ...process.env,
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
    // A killed worker's job goes back to the queue within seconds instead of the default half minute.
    LAB_QUEUE_LOCK_MS: '2000',
    LAB_QUEUE_STALLED_MS: '1000',
    FORCE_COLOR: '0',
  }).filter(([k]) => !['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY', 'GIT_COMMON_DIR', 'NODE_TEST_CONTEXT'].includes(k)),
);

export function g(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

export interface QueueFixture {
  base: string;
  repo: string;
  db: string;
}

/** A repository with the project committed once on main, node_modules linked. */
export function queueFixture(): QueueFixture {
  const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'lab-queue-')));
  const repo = path.join(base, 'repo');
  fs.mkdirSync(repo);
  for (const name of COPIED) fs.cpSync(path.join(PROJECT_ROOT, name), path.join(repo, name), { recursive: true });
  fs.symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(repo, 'node_modules'), 'dir');
  g(repo, 'init', '-q', '-b', 'main');
  g(repo, 'config', 'user.name', 'Lab Test');
  g(repo, 'config', 'user.email', 'lab@example.com');
  g(repo, 'add', '-A');
  g(repo, 'commit', '-q', '-m', 'the project');
  return { base, repo, db: path.join(base, 'results.db') };
}

export interface Ran {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface Started {
  child: ChildProcess;
  done: Promise<Ran>;
  output: () => string;
}

const children = new Set<ChildProcess>();

/** Starts `lab ...args` in the fixture's repository. */
export function startLab(fx: QueueFixture, args: string[]): Started {
  const child = spawn(process.execPath, [path.join(fx.repo, 'bin', 'lab.js'), ...args], { cwd: fx.repo, env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const done = new Promise<Ran>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      children.delete(child);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return { child, done, output: () => `${stdout}\n${stderr}` };
}

/** Every lab process a test started and left running (a failed test's workers) is stopped. */
export function stopAll(): void {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
}

/** Waits for `fn` to return something truthy, polling; fails after `timeoutMs` saying what it waited for. */
export async function until<T>(what: string, fn: () => T | null | undefined | false, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface StoredRow {
  sweepId: string;
  variant: string;
  process: number;
  round: number;
  superseded: number;
  sampleKey: string | null;
  device: string | null;
}

/** The samples stored so far (none while there is no database yet). */
export function storedSamples(db: string): StoredRow[] {
  if (!fs.existsSync(db)) return [];
  const conn = new Database(db, { readonly: true, fileMustExist: true });
  conn.pragma('busy_timeout = 5000');
  try {
    return conn
      .prepare(
        `SELECT s.sweep_id AS sweepId, v.name AS variant, s.process AS process, s.round AS round, s.superseded AS superseded, s.sample_key AS sampleKey, s.device AS device
         FROM samples s JOIN variants v ON v.id = s.variant_id ORDER BY s.id`,
      )
      .all() as StoredRow[];
  } catch {
    return []; // the schema is still being created
  } finally {
    conn.close();
  }
}

export function sweepRows(db: string): { id: string; status: string }[] {
  if (!fs.existsSync(db)) return [];
  const conn = new Database(db, { readonly: true, fileMustExist: true });
  try {
    return conn.prepare('SELECT id, status FROM sweeps').all() as { id: string; status: string }[];
  } catch {
    return [];
  } finally {
    conn.close();
  }
}

/**
 * Counted samples per (process, variant, round): a queued sweep must count each exactly once. Returns the
 * offending keys (empty: exact) and how many there are in all.
 */
export function countsOf(rows: readonly StoredRow[]): { total: number; wrong: string[] } {
  const n = new Map<string, number>();
  for (const r of rows.filter((r) => !r.superseded)) n.set(`p${r.process}.${r.variant}.r${r.round}`, (n.get(`p${r.process}.${r.variant}.r${r.round}`) ?? 0) + 1);
  return { total: n.size, wrong: [...n].filter(([, c]) => c !== 1).map(([k, c]) => `${k} x${c}`) };
}

export function labBranches(repo: string): string[] {
  return g(repo, 'for-each-ref', '--format=%(refname:short)', 'refs/heads/lab/').split('\n').filter(Boolean);
}
