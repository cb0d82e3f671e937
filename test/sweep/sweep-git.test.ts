/**
 * End to end: real `lab sweep` runs (the CLI as a child process) in real git repositories built in temp folders
 * from a copy of this project. Each test checks the user's checkout is left exactly as it was
 * (checkoutFingerprint), what the experiment commits hold, what results.db records, and that nothing is left
 * behind (worktrees, lock file, worker processes), including after Ctrl-C and SIGKILL.
 *
 * Every fixture is <base>/repo with its results database at <base>/results.db, outside the repository: a
 * database inside the working tree would itself change the checkout's fingerprint.
 */
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { ResultsDb } from '../../src/db/results-db.ts';
import { checkoutFingerprint } from '../../src/git/experiment-git.ts';
import type { SweepResult } from '../../src/sweep/result.ts';
import { renderShow, showSweep, type ShownSweep } from '../../src/sweep/show.ts';

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const COPIED = ['src', 'variants', 'package.json', 'tsconfig.json', 'bin', '.gitignore'];

// Git, here and in the lab processes the tests start, ignores the developer's global and system config.
process.env.GIT_CONFIG_GLOBAL = '/dev/null';
process.env.GIT_CONFIG_NOSYSTEM = '1';
const ENV: NodeJS.ProcessEnv = Object.fromEntries(
  Object.entries({ ...process.env, GIT_TERMINAL_PROMPT: '0' }).filter(
    ([k]) => !['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY', 'GIT_COMMON_DIR', 'NODE_TEST_CONTEXT'].includes(k),
  ),
);

/** Small and short: each variant's worker takes about a second to start; the measuring itself is negligible. */
const tiny = (runs = 2) => ['--model', 'tiny', '--runs', String(runs), '--warmup', '0', '--prompt-len', '4', '--gen-len', '4'];
const TINY = tiny();
const PAIR = ['baseline', 'batched-attention'];

function g(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

const tempDirs: string[] = [];
function tmpDir(prefix: string): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  tempDirs.push(dir);
  return dir;
}

/** The project's sources, with node_modules linked to this checkout's (it is in .gitignore). */
function copyProject(dest: string): void {
  fs.mkdirSync(dest, { recursive: true });
  for (const name of COPIED) fs.cpSync(path.join(PROJECT_ROOT, name), path.join(dest, name), { recursive: true });
  fs.symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(dest, 'node_modules'), 'dir');
}

let template: string | undefined;
/** A copy of the project committed once on main; every test copies it. */
function templateRepo(): string {
  if (!template) {
    template = path.join(tmpDir('lab-sweep-git-template-'), 'repo');
    copyProject(template);
    g(template, 'init', '-q', '-b', 'main');
    g(template, 'config', 'user.name', 'Lab Test');
    g(template, 'config', 'user.email', 'lab@example.com');
    g(template, 'add', '-A');
    g(template, 'commit', '-q', '-m', 'the project');
  }
  return template;
}

interface Fixture {
  base: string;
  repo: string;
  db: string;
}

/** 'commit': a repository with one commit; 'plain': the project without .git; 'init': git init, no commit. */
function fixture(kind: 'commit' | 'plain' | 'init' = 'commit'): Fixture {
  const base = tmpDir('lab-sweep-git-');
  const repo = path.join(base, 'repo');
  if (kind === 'commit') {
    fs.cpSync(templateRepo(), repo, { recursive: true, verbatimSymlinks: true });
    // The copy's index holds the template's stat data: refresh it now, so only the lab could change it later.
    g(repo, 'status', '--porcelain');
  } else {
    copyProject(repo);
    if (kind === 'init') {
      g(repo, 'init', '-q', '-b', 'main');
      g(repo, 'config', 'user.name', 'Lab Test');
      g(repo, 'config', 'user.email', 'lab@example.com');
    }
  }
  return { base, repo, db: path.join(base, 'results.db') };
}

interface Ran {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

const children = new Set<ChildProcess>();

/** detached: its own process group. closeStderr: the reader of its stderr goes away at once, as `2>&1 | head -1` would. */
function startLab(fx: Fixture, args: string[], options: { detached?: boolean; closeStderr?: boolean } = {}): { child: ChildProcess; done: Promise<Ran> } {
  const child = spawn(process.execPath, [path.join(fx.repo, 'bin', 'lab.js'), ...args], {
    cwd: fx.repo,
    env: ENV,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.detached ?? false,
  });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
  if (options.closeStderr) child.stderr!.destroy();
  else child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const done = new Promise<Ran>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      children.delete(child);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return { child, done };
}

function lab(fx: Fixture, ...args: string[]): Promise<Ran> {
  return startLab(fx, args).done;
}

function describeRun(r: Ran): string {
  return `exit ${r.code ?? r.signal}\n--- stdout\n${r.stdout.slice(-2000)}\n--- stderr\n${r.stderr.slice(-3000)}`;
}

/** A sweep that must succeed; its --json result. */
async function sweep(fx: Fixture, variants: string[], ...extra: string[]): Promise<SweepResult> {
  const r = await lab(fx, 'sweep', ...variants, ...TINY, '--db', fx.db, '--quiet', '--json', ...extra);
  assert.equal(r.code, 0, describeRun(r));
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as SweepResult;
}

/** A command that must fail as a user error: exit 2 and exactly one line on stderr, matching `pattern`. */
async function assertUserError(fx: Fixture, args: string[], pattern: RegExp): Promise<string> {
  const r = await lab(fx, ...args);
  assert.equal(r.code, 2, describeRun(r));
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `expected one line on stderr:\n${r.stderr}`);
  assert.match(lines[0]!, /^error: /);
  assert.match(lines[0]!, pattern);
  assert.equal(r.stdout, '');
  return lines[0]!;
}

function labBranches(repo: string): Map<string, string> {
  const out = g(repo, 'for-each-ref', '--format=%(refname:short) %(objectname)', 'refs/heads/lab/');
  return new Map(out.split('\n').filter(Boolean).map((l) => l.split(' ') as [string, string]));
}

/** Nothing of a sweep's machinery is left: one worktree (the user's), no lab worktree directories, no lock file. */
function assertNoLeftovers(fx: Fixture): void {
  const worktrees = g(fx.repo, 'worktree', 'list', '--porcelain').split('\n').filter((l) => l.startsWith('worktree '));
  assert.deepEqual(worktrees, [`worktree ${fx.repo}`]);
  const labWorktrees = path.join(fx.repo, '.git', 'lab', 'worktrees');
  assert.deepEqual(fs.existsSync(labWorktrees) ? fs.readdirSync(labWorktrees) : [], []);
  assert.equal(fs.existsSync(path.join(fx.repo, '.git', 'lab', 'lock.json')), false, 'the lock file is left behind');
  assert.equal(fs.existsSync(path.join(fx.repo, '.git', 'worktrees')), false, 'git still records a worktree');
  assert.deepEqual(processesUnder(fx.base), [], 'lab processes are left running');
}

/** Pids of live processes whose command line mentions `dir` (the CLI and its workers all do). */
function processesUnder(dir: string): number[] {
  const pids: number[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      const cmdline = fs.readFileSync(`/proc/${name}/cmdline`, 'utf8');
      const state = fs.readFileSync(`/proc/${name}/stat`, 'utf8').split(') ')[1]?.[0];
      if (cmdline.includes(dir) && state !== 'Z') pids.push(Number(name));
    } catch {
      /* gone meanwhile */
    }
  }
  return pids;
}

function storedSweep(db: string, id: string): ReturnType<ResultsDb['getSweep']> {
  const rdb = ResultsDb.open(db, { readonly: true });
  try {
    return rdb.getSweep(id);
  } finally {
    rdb.close();
  }
}

/** Reads a database another process is writing; null while it does not exist or has no sweep yet. */
function peek(db: string): { sweepId: string; samples: number } | null {
  if (!fs.existsSync(db)) return null;
  let conn: Database.Database | undefined;
  try {
    conn = new Database(db, { readonly: true, fileMustExist: true });
    const sweep = conn.prepare('SELECT id FROM sweeps ORDER BY created_at DESC LIMIT 1').get() as { id: string } | undefined;
    if (!sweep) return null;
    const { n } = conn.prepare('SELECT count(*) AS n FROM samples WHERE sweep_id = ?').get(sweep.id) as { n: number };
    return { sweepId: sweep.id, samples: n };
  } catch {
    return null; // not created or migrated yet
  } finally {
    conn?.close();
  }
}

async function until<T>(what: string, fn: () => T | null | undefined | false, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface ExperimentRecord {
  sweepId: string;
  variant: string;
  slots: Record<string, string>;
  baseline: string;
  settings: { runs: number; warmup: number; model: string; promptLen: number; genLen: number; seed: number; git: boolean };
  userHead: string;
  userBranch: string | null;
  includesUncommittedChanges: boolean;
  reproduce: string;
}

/**
 * Every variant ran from its own experiment commit, child of `head`, holding experiments/<sweep>/<variant>.json,
 * whose record reproduces the settings; every sample in results.db carries that commit. Returns the records.
 */
function assertExperimentCommits(fx: Fixture, result: SweepResult, head: string, branches: 'kept' | 'deleted'): Map<string, { commit: string; record: ExperimentRecord }> {
  const id = result.sweep.id;
  const stored = storedSweep(fx.db, id);
  assert.equal(stored.status, 'completed');
  const existing = labBranches(fx.repo);
  const out = new Map<string, { commit: string; record: ExperimentRecord }>();
  for (const v of result.variants) {
    const commit = v.commit;
    assert.ok(commit && /^[0-9a-f]{40}$/.test(commit), `${v.name} has no experiment commit`);
    assert.equal(g(fx.repo, 'rev-parse', `${commit}^`).trim(), head, `${v.name}'s commit is not a child of the user's HEAD`);
    const branch = `lab/${id}/${v.name}`;
    if (branches === 'kept') assert.equal(existing.get(branch), commit, `branch ${branch} should point at ${commit}`);
    else assert.equal(existing.has(branch), false, `branch ${branch} should be deleted`);

    const record = JSON.parse(g(fx.repo, 'show', `${commit}:experiments/${id}/${v.name}.json`)) as ExperimentRecord;
    assert.equal(record.sweepId, id);
    assert.equal(record.variant, v.name);
    assert.equal(record.userHead, head);
    assert.deepEqual(record.slots, v.slots);
    assert.equal(record.baseline, 'baseline');
    const s = record.settings;
    assert.deepEqual([s.runs, s.warmup, s.model, s.promptLen, s.genLen, s.seed, s.git], [2, 0, 'tiny', 4, 4, 1, true]);
    for (const flag of ['--no-git', '--runs 2', '--warmup 0', '--model tiny', '--backend auto', '--prompt-len 4', '--gen-len 4', '--seed 1']) {
      assert.ok(record.reproduce.includes(flag), `reproduce lacks ${flag}: ${record.reproduce}`);
    }
    assert.ok(record.reproduce.includes(` ${branch} `), `reproduce should check out ${branch}: ${record.reproduce}`);
    const others = result.variants.filter((x) => x.name !== 'baseline').map((x) => x.name);
    assert.ok(record.reproduce.includes(`npx lab sweep ${others.join(' ')} --no-git`), `reproduce should measure ${others.join(' ')}: ${record.reproduce}`);

    const row = stored.variants.find((x) => x.name === v.name)!;
    assert.equal(row.commitSha, commit);
    assert.equal(row.branch, branch);
    // Samples a re-run under foreign load replaced stay as the record; the ones that count: a run per round, and
    // for the baseline a run per block (a baseline run flanked by two variants, or next to a lone one).
    const samples = stored.samples.filter((x) => x.variant === v.name && !x.superseded);
    const partners = stored.variants.length - 1;
    assert.equal(samples.length, v.name === 'baseline' ? 2 * Math.ceil(partners / 2) : 2);
    for (const sample of samples) assert.equal(sample.commitSha, commit, `a sample of ${v.name} lacks its commit`);
    out.set(v.name, { commit, record });
  }
  return out;
}

after(async () => {
  for (const child of children) child.kill('SIGKILL');
  for (const dir of tempDirs) {
    for (const pid of processesUnder(dir)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

// Three at a time on a two-core machine: every test also waits on git and on process start-ups, and no test
// asserts a timing. The longest (signals, then sweeps) come first; the quick refusals fill in at the end.
describe('lab sweep in a real git repository', { concurrency: 3 }, () => {
  test('after a SIGKILL mid-run, the next lab command removes the worktrees, says so, and marks the sweep interrupted; lab show of an unknown sweep is one line', async () => {
    const fx = fixture();
    const before = await checkoutFingerprint(fx.repo);
    const { child, done } = startLab(fx, ['sweep', ...PAIR, ...tiny(1000), '--db', fx.db, '--quiet'], { detached: true });
    try {
      const seen = await until('a first sample', () => {
        if (child.exitCode !== null) throw new Error(`the sweep ended before it was killed (exit ${child.exitCode})`);
        const p = peek(fx.db);
        return p && p.samples >= 1 ? p : null;
      });
      process.kill(child.pid!, 'SIGKILL');
      const r = await done;
      assert.equal(r.signal, 'SIGKILL');
      assert.equal(fs.readdirSync(path.join(fx.repo, '.git', 'lab', 'worktrees')).length, 2, 'the killed sweep had two worktrees');
      // Its workers notice the closed IPC channel and leave by themselves.
      await until('the orphaned workers to exit', () => processesUnder(fx.base).length === 0, 10_000);

      const shown = await lab(fx, 'show', seen.sweepId, '--db', fx.db, '--json');
      assert.equal(shown.code, 0, describeRun(shown));
      const recovered = shown.stderr.trim().split('\n');
      assert.ok(recovered.length >= 3 && recovered.every((l) => l.startsWith('lab: recovered: ')), shown.stderr);
      assert.equal(recovered.filter((l) => /removed leftover worktree .*\.git\/lab\/worktrees\//.test(l)).length, 2, shown.stderr);
      assert.ok(recovered.some((l) => l.includes(`sweep ${seen.sweepId} lost its process and is now marked interrupted`)), shown.stderr);
      const info = JSON.parse(shown.stdout) as ShownSweep;
      assert.equal(info.status, 'interrupted');
      assert.ok(info.variants.every((v) => v.branchExists === true && v.reproduce !== null));
      assert.ok(info.variants.reduce((n, v) => n + v.samples, 0) >= 1);

      assert.equal(storedSweep(fx.db, seen.sweepId).status, 'interrupted');
      assertNoLeftovers(fx);
      assert.equal(await checkoutFingerprint(fx.repo), before);
      // Recovery is done once: the next command has nothing to recover, so an unknown sweep is its only line.
      await assertUserError(fx, ['show', 'no-such-sweep', '--db', fx.db], new RegExp(`no sweep no-such-sweep in .*the latest: ${seen.sweepId}`));
    } finally {
      try {
        process.kill(-child.pid!, 'SIGKILL'); // any worker that did not leave
      } catch {
        /* none left */
      }
    }
  });

  test('Ctrl-C mid-run exits 130, keeps the samples so far (marked interrupted) and leaves no worktree, worker or change behind', async () => {
    const fx = fixture();
    const before = await checkoutFingerprint(fx.repo);
    // Its own process group, signalled as a whole, as a terminal's Ctrl-C does (the workers get SIGINT too).
    const { child, done } = startLab(fx, ['sweep', ...PAIR, ...tiny(1000), '--db', fx.db, '--quiet'], { detached: true });
    const seen = await until('a first sample', () => {
      if (child.exitCode !== null) throw new Error(`the sweep ended before it was interrupted (exit ${child.exitCode})`);
      const p = peek(fx.db);
      return p && p.samples >= 1 ? p : null;
    });
    process.kill(-child.pid!, 'SIGINT');
    const r = await done;
    assert.equal(r.code, 130, describeRun(r));
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0]!, new RegExp(`sweep ${seen.sweepId} interrupted by SIGINT`));

    const stored = storedSweep(fx.db, seen.sweepId);
    assert.equal(stored.status, 'interrupted');
    assert.ok(stored.finishedAt);
    assert.ok(stored.samples.length >= 1 && stored.samples.length < 2000, `${stored.samples.length} samples`);
    const branches = labBranches(fx.repo);
    for (const v of stored.variants) assert.equal(branches.get(v.branch!), v.commitSha, 'an interrupted sweep keeps its branches as the record');
    for (const s of stored.samples) assert.equal(s.commitSha, stored.variants.find((v) => v.name === s.variant)!.commitSha);
    assertNoLeftovers(fx);
    assert.equal(await checkoutFingerprint(fx.repo), before);
  });

  test('a clean checkout is left identical; each variant ran from its kept experiment branch; lab show tells how to reproduce it', async () => {
    const fx = fixture();
    const head = g(fx.repo, 'rev-parse', 'HEAD').trim();
    const before = await checkoutFingerprint(fx.repo);
    const result = await sweep(fx, PAIR);
    assert.equal(await checkoutFingerprint(fx.repo), before);
    assertNoLeftovers(fx);
    const commits = assertExperimentCommits(fx, result, head, 'kept');
    for (const { record } of commits.values()) {
      assert.equal(record.includesUncommittedChanges, false);
      assert.equal(record.userBranch, 'main');
    }
    // Both commits hold the same code: the checkout at HEAD, plus their own record.
    const files = (c: string) => g(fx.repo, 'ls-tree', '-r', '--name-only', c).split('\n').filter((f) => f && !f.startsWith('experiments/'));
    assert.deepEqual(files(commits.get('baseline')!.commit), g(fx.repo, 'ls-tree', '-r', '--name-only', 'HEAD').split('\n').filter(Boolean));

    const r = await lab(fx, 'show', result.sweep.id, '--db', fx.db, '--json');
    assert.equal(r.code, 0, describeRun(r));
    assert.equal(r.stderr, '');
    const shown = JSON.parse(r.stdout) as ShownSweep;
    assert.equal(shown.id, result.sweep.id);
    assert.equal(shown.status, 'completed');
    assert.ok(shown.finishedAt);
    assert.match(shown.summary, /model tiny/);
    assert.deepEqual(shown.variants.map((v) => v.name), PAIR);
    for (const v of shown.variants) {
      const { commit, record } = commits.get(v.name)!;
      assert.equal(v.branch, `lab/${result.sweep.id}/${v.name}`);
      assert.equal(v.branchExists, true);
      assert.equal(v.commit, commit);
      assert.equal(v.shortCommit, commit.slice(0, v.shortCommit!.length));
      assert.equal(v.samples, 2);
      assert.equal(v.showRecord, `git show ${v.shortCommit}:experiments/${result.sweep.id}/${v.name}.json`);
      assert.equal(v.reproduce, record.reproduce);
      assert.deepEqual(v.notes, []);
    }
    const text = renderShow(await showSweep({ root: fx.repo, dbPath: fx.db, sweepId: result.sweep.id }));
    assert.match(text, new RegExp(`lab/${result.sweep.id}/batched-attention \\(exists\\)`));
    assert.match(text, /reproduce {2}git worktree add /);
    // The code the sweep ran, by content: here the tree of HEAD, which lab show names.
    assert.equal(result.sweep.environment.sourceTree, g(fx.repo, 'rev-parse', 'HEAD^{tree}').trim());
    assert.equal(shown.sourceTree, result.sweep.environment.sourceTree);
    assert.deepEqual(shown.sourceCommits, [head]);
    assert.match(text, new RegExp(`source {4}tree ${shown.sourceTree!.slice(0, 10)}: the code of commit ${head.slice(0, 10)}`));
    assert.equal(await checkoutFingerprint(fx.repo), before);
  });

  test('a dirty checkout with a new untracked variant: the commit holds its working-tree content, and the checkout stays dirty as it was', async () => {
    const fx = fixture();
    const head = g(fx.repo, 'rev-parse', 'HEAD').trim();
    const created = await lab(fx, 'variant', 'new', 'my-test', '--description', 'the baseline under another name');
    assert.equal(created.code, 0, describeRun(created));
    // A local edit on top of the template, so the commit must hold what is on disk, not what any index holds.
    fs.appendFileSync(path.join(fx.repo, 'variants', 'my-test.ts'), '// edited, never added\n');
    assert.match(g(fx.repo, 'status', '--porcelain'), /^ M variants\/index\.ts\n\?\? variants\/my-test\.ts\n$/);
    const before = await checkoutFingerprint(fx.repo);

    // In-process: the git path (commit, worktree, code loaded from it) is the same; worker processes are covered above.
    const result = await sweep(fx, ['baseline', 'my-test'], '--in-process');
    assert.equal(await checkoutFingerprint(fx.repo), before);
    assertNoLeftovers(fx);
    const commits = assertExperimentCommits(fx, result, head, 'kept');
    for (const [name, { commit, record }] of commits) {
      assert.equal(record.includesUncommittedChanges, true, name);
      for (const file of ['variants/my-test.ts', 'variants/index.ts']) {
        assert.equal(g(fx.repo, 'show', `${commit}:${file}`), fs.readFileSync(path.join(fx.repo, file), 'utf8'), `${file} in ${name}'s commit`);
      }
    }
    assert.match(g(fx.repo, 'status', '--porcelain'), /^ M variants\/index\.ts\n\?\? variants\/my-test\.ts\n$/);
  });

  test('staged changes (further edited in the work tree) are committed with the work-tree content and stay staged; --no-keep-branches leaves no lab branch', async () => {
    const fx = fixture();
    const head = g(fx.repo, 'rev-parse', 'HEAD').trim();
    const variantFile = path.join(fx.repo, 'variants', 'batched-attention.ts');
    fs.appendFileSync(variantFile, '// staged\n');
    fs.writeFileSync(path.join(fx.repo, 'NOTES.md'), 'a new staged file\n');
    g(fx.repo, 'add', 'variants/batched-attention.ts', 'NOTES.md');
    fs.appendFileSync(variantFile, '// then edited\n');
    const stagedBlob = g(fx.repo, 'rev-parse', ':variants/batched-attention.ts').trim();
    const before = await checkoutFingerprint(fx.repo);

    const result = await sweep(fx, PAIR, '--no-keep-branches', '--in-process');
    assert.equal(await checkoutFingerprint(fx.repo), before);
    assertNoLeftovers(fx);
    assert.deepEqual([...labBranches(fx.repo).keys()], []);
    const commits = assertExperimentCommits(fx, result, head, 'deleted');
    const commit = commits.get('batched-attention')!.commit;
    assert.equal(g(fx.repo, 'show', `${commit}:variants/batched-attention.ts`), fs.readFileSync(variantFile, 'utf8'));
    assert.equal(g(fx.repo, 'show', `${commit}:NOTES.md`), 'a new staged file\n');
    assert.equal(g(fx.repo, 'rev-parse', ':variants/batched-attention.ts').trim(), stagedBlob, 'the staged content changed');
    assert.equal(g(fx.repo, 'status', '--porcelain'), 'A  NOTES.md\nMM variants/batched-attention.ts\n');
  });

  test('a detached HEAD is the experiments\' parent and stays detached (with the sweep\'s stderr reader gone, as in `lab sweep 2>&1 | head -1`)', async () => {
    const fx = fixture();
    fs.writeFileSync(path.join(fx.repo, 'NOTES.md'), 'second commit\n');
    g(fx.repo, 'add', 'NOTES.md');
    g(fx.repo, 'commit', '-q', '-m', 'second');
    g(fx.repo, 'checkout', '-q', '--detach', 'HEAD~1');
    const head = g(fx.repo, 'rev-parse', 'HEAD').trim();
    const before = await checkoutFingerprint(fx.repo);

    // Not --quiet: its progress lines go to a pipe nobody reads any more (EPIPE), which must not stop it half-way.
    const r = await startLab(fx, ['sweep', ...PAIR, ...TINY, '--db', fx.db, '--json'], { closeStderr: true }).done;
    assert.equal(r.code, 0, describeRun(r));
    const result = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as SweepResult;
    assert.equal(await checkoutFingerprint(fx.repo), before);
    assertNoLeftovers(fx);
    const commits = assertExperimentCommits(fx, result, head, 'kept');
    for (const { record } of commits.values()) assert.equal(record.userBranch, null);
    assert.throws(() => g(fx.repo, 'symbolic-ref', '-q', 'HEAD'), 'HEAD should still be detached');
    assert.equal(g(fx.repo, 'rev-parse', 'main~1').trim(), head);
  });

  test('outside a git repository, lab sweep says to use --no-git, and --no-git then runs from the working tree', async () => {
    const fx = fixture('plain');
    const before = await checkoutFingerprint(fx.repo);
    await assertUserError(fx, ['sweep', ...PAIR, ...TINY, '--db', fx.db, '--quiet'], /is not inside a git working tree.*--no-git/);
    assert.equal(fs.existsSync(fx.db), false);
    assert.equal(await checkoutFingerprint(fx.repo), before);

    const result = await sweep(fx, PAIR, '--no-git', '--in-process');
    assert.equal(result.sweep.settings.git, false);
    assert.ok(result.variants.every((v) => v.commit === null && v.n === 2));
    const shown = await showSweep({ root: fx.repo, dbPath: fx.db, sweepId: result.sweep.id });
    assert.match(shown.summary, /from the working tree \(--no-git\)/);
    for (const v of shown.variants) {
      assert.deepEqual([v.branch, v.commit, v.branchExists, v.showRecord, v.reproduce, v.samples], [null, null, null, null, null, 2]);
      assert.match(v.notes.join('\n'), /--no-git/);
    }
    assert.equal(fs.existsSync(path.join(fx.repo, '.git')), false);
    assert.equal(await checkoutFingerprint(fx.repo), before);
    assert.deepEqual(processesUnder(fx.base), []);
  });

  /** A sweep refused before it writes anything: one line, exit 2, the checkout, branches and database untouched. */
  async function assertRefused(fx: Fixture, pattern: RegExp): Promise<void> {
    const before = await checkoutFingerprint(fx.repo);
    const refsBefore = fs.existsSync(path.join(fx.repo, '.git')) ? g(fx.repo, 'for-each-ref') : '';
    await assertUserError(fx, ['sweep', ...PAIR, ...TINY, '--db', fx.db, '--quiet'], pattern);
    assert.equal(fs.existsSync(fx.db), false, 'results.db was created');
    assert.equal(await checkoutFingerprint(fx.repo), before);
    assert.equal(g(fx.repo, 'for-each-ref'), refsBefore);
    assert.equal(fs.existsSync(path.join(fx.repo, '.git', 'lab', 'worktrees')), false);
  }

  /** main and side each add NOTES.md with different content. */
  function conflictingBranches(fx: Fixture): void {
    g(fx.repo, 'checkout', '-q', '-b', 'side');
    fs.writeFileSync(path.join(fx.repo, 'NOTES.md'), 'side\n');
    g(fx.repo, 'add', 'NOTES.md');
    g(fx.repo, 'commit', '-q', '-m', 'side');
    g(fx.repo, 'checkout', '-q', 'main');
    fs.writeFileSync(path.join(fx.repo, 'NOTES.md'), 'main\n');
    g(fx.repo, 'add', 'NOTES.md');
    g(fx.repo, 'commit', '-q', '-m', 'main');
  }

  test('a merge in progress is refused', async () => {
    const fx = fixture();
    conflictingBranches(fx);
    assert.throws(() => g(fx.repo, 'merge', 'side'));
    assert.ok(fs.existsSync(path.join(fx.repo, '.git', 'MERGE_HEAD')));
    await assertRefused(fx, /a merge is in progress/);
  });

  test('a rebase in progress is refused', async () => {
    const fx = fixture();
    conflictingBranches(fx);
    g(fx.repo, 'checkout', '-q', 'side');
    assert.throws(() => g(fx.repo, 'rebase', 'main'));
    assert.ok(fs.existsSync(path.join(fx.repo, '.git', 'rebase-merge')) || fs.existsSync(path.join(fx.repo, '.git', 'rebase-apply')));
    await assertRefused(fx, /a rebase.* is in progress/);
  });

  test('a locked index is refused', async () => {
    const fx = fixture();
    fs.writeFileSync(path.join(fx.repo, '.git', 'index.lock'), '');
    await assertRefused(fx, /index .* is locked/);
  });

  test('a repository with no commits is refused', async () => {
    const fx = fixture('init');
    await assertRefused(fx, /has no commits yet/);
  });
  test('a grid: every point is a variant with its own branch, commit, samples and parameter values; in memory blocks each has baseline samples of its own', async () => {
    const fx = fixture();
    const before = await checkoutFingerprint(fx.repo);
    const result = await sweep(fx, ['kv-cache'], '--param', 'allocation=chunked,preallocated', '--param', 'growBy=16,32', '--block-size', '2', '--processes', '1');
    const points = ['kv-cache@allocation=chunked,growBy=16', 'kv-cache@allocation=chunked,growBy=32', 'kv-cache@allocation=preallocated,growBy=16', 'kv-cache@allocation=preallocated,growBy=32'];
    assert.deepEqual(result.variants.map((v) => v.name), ['baseline', 'kv-cache', ...points]);
    assert.deepEqual(result.sweep.settings.grid, { 'kv-cache': { allocation: ['chunked', 'preallocated'], growBy: [16, 32] } });
    assert.deepEqual(result.sweep.settings.gridBlocks, [['kv-cache', points[0]], [points[1], points[2]], [points[3]]]);
    const branches = labBranches(fx.repo);
    for (const v of result.variants) {
      assert.ok(branches.has(`lab/${result.sweep.id}/${v.name}`), `no branch for ${v.name}`);
      assert.equal(v.n, v.name === 'baseline' ? 6 : 2);
    }
    const point = result.variants.find((v) => v.name === points[1])!;
    assert.deepEqual(point.params, { layout: 'heads-first', allocation: 'chunked', growBy: 32 });
    assert.equal(point.pointOf, 'kv-cache');
    assert.equal(point.slots.kvCache, 'chunked-hsd-32');
    assert.equal(point.gridBlock, 1);
    // The baseline ran in each of the three blocks; every point is judged against its own block's two.
    const stored = ResultsDb.open(fx.db, { readonly: true });
    try {
      const samples = stored.getSweep(result.sweep.id).samples.filter((s) => !s.superseded);
      assert.deepEqual([0, 1, 2].map((b) => samples.filter((s) => s.variant === 'baseline' && s.gridBlock === b).length), [2, 2, 2]);
      assert.ok(samples.filter((s) => s.variant === points[3]).every((s) => s.gridBlock === 2));
    } finally {
      stored.close();
    }
    assert.equal(await checkoutFingerprint(fx.repo), before);
    assertNoLeftovers(fx);
  });

  test('bad grids are one line, exit 2, and leave no branch and no sweep', async () => {
    const fx = fixture();
    await assertUserError(fx, ['sweep', 'kv-cache', '--param', 'nope=1', ...TINY, '--db', fx.db], /kv-cache has no parameter "nope"; its parameters: layout, allocation, growBy/);
    await assertUserError(fx, ['sweep', 'kv-cache', '--param', 'growBy=7', ...TINY, '--db', fx.db], /growBy=7 is outside its domain/);
    await assertUserError(fx, ['sweep', 'fused-qkv', '--param', 'a=1', ...TINY, '--db', fx.db], /fused-qkv has no parameters/);
    await assertUserError(fx, ['sweep', 'kv-cache', 'fused-qkv', '--param', 'growBy=8', ...TINY, '--db', fx.db], /grid of one variant/);
    await assertUserError(fx, ['sweep', 'kv-cache', '--param', 'growBy=8,16', '--max-points', '1', ...TINY, '--db', fx.db], /the grid has 2 points, more than 1/);
    assert.deepEqual([...labBranches(fx.repo).keys()], []);
    assert.equal(fs.existsSync(fx.db), false);
  });
});
