import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { LabError } from '../../src/errors.ts';
import {
  acquireSweepLock,
  addWorktree,
  assertBranchesFree,
  checkoutFingerprint,
  checkoutSnapshot,
  commitsWithTree,
  fingerprintOf,
  commitExperiment,
  deleteBranches,
  listExperimentBranches,
  preflight,
  recoverLeftovers,
  releaseSweepLock,
  removeWorktree,
  workTreeId,
} from '../../src/git/experiment-git.ts';

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MODULE_URL = pathToFileURL(path.join(PROJECT_ROOT, 'src/git/experiment-git.ts')).href;

// The module's git calls (and the tests' own) ignore the developer's global and system git config.
process.env.GIT_CONFIG_GLOBAL = '/dev/null';
process.env.GIT_CONFIG_NOSYSTEM = '1';

// Git run by the tests themselves, isolated from the developer's global config and from any GIT_DIR etc.
const GIT_ENV: NodeJS.ProcessEnv = Object.fromEntries(
  Object.entries({ ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0' }).filter(
    ([k]) => !['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY', 'GIT_COMMON_DIR'].includes(k),
  ),
);

function g(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: GIT_ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function write(root: string, rel: string, content: string): void {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), content);
}

function tmpDir(): string {
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'lab-git-')));
}

let template: string | undefined;

/**
 * A repo with one commit: tracked sources, a .gitignore hiding results.db and node_modules/, and those ignored
 * files present. Built once, then copied for each test (git spawns are the slow part of these tests).
 */
function makeRepo(): string {
  if (!template) {
    template = tmpDir();
    g(template, 'init', '-q', '-b', 'main');
    g(template, 'config', 'user.name', 'Lab Test');
    g(template, 'config', 'user.email', 'lab@example.com');
    write(template, '.gitignore', 'results.db\nnode_modules/\n');
    write(template, 'src/model.ts', 'export const layers = 2;\n');
    write(template, 'variants/baseline.ts', 'export const name = "baseline";\n');
    write(template, 'README.md', '# demo\n');
    g(template, 'add', '-A');
    g(template, 'commit', '-q', '-m', 'initial');
    write(template, 'results.db', 'sqlite-bytes');
    write(template, 'node_modules/fakepkg/index.js', 'module.exports = 42;\n');
  }
  const root = tmpDir();
  fs.cpSync(template, root, { recursive: true });
  return root;
}

process.on('exit', () => {
  if (template) cleanup(template);
});

function cleanup(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

const RECORD = (variant: string) => `${JSON.stringify({ sweep: 's1', variant, params: { fused: true } }, null, 2)}\n`;

/** commitExperiment + addWorktree + removeWorktree, asserting the user's checkout is untouched throughout. */
async function roundTrip(root: string, variant = 'v1'): Promise<{ commit: string; includedUncommitted: string[]; files: Map<string, string> }> {
  const before = await checkoutSnapshot(root, { mtimes: true });
  const fingerprint = fingerprintOf(before);
  const res = await commitExperiment(root, {
    branch: `lab/s1/${variant}`,
    message: `experiment s1/${variant}`,
    files: { [`experiments/s1/${variant}.json`]: RECORD(variant) },
  });
  const wt = await addWorktree(root, res.commit, `s1-${variant}`, { linkNodeModules: true });
  const files = new Map<string, string>();
  for (const f of g(wt, 'ls-files').split('\n').filter(Boolean)) files.set(f, fs.readFileSync(path.join(wt, f), 'utf8'));
  await removeWorktree(root, wt);
  const after = await checkoutSnapshot(root, { mtimes: true });
  assert.deepEqual(after, before, 'the round trip changed the checkout');
  assert.equal(fingerprintOf(after), fingerprint);
  assert.equal(fs.existsSync(wt), false);
  return { commit: res.commit, includedUncommitted: res.includedUncommitted, files };
}

async function assertLabError(p: Promise<unknown>, pattern: RegExp): Promise<LabError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof LabError, `expected a LabError, got ${String(e)}`);
    assert.match(e.message, pattern);
    assert.ok(e.hint.length > 0, 'a LabError should carry a hint');
    return e;
  }
  assert.fail(`expected a LabError matching ${pattern}`);
}

// Every test works in its own temporary repository, so they run concurrently (git spawns dominate the time).
describe('experiment git', { concurrency: true }, () => {
  test('a clean checkout is left identical by commit, worktree add and worktree remove', async () => {
    const root = makeRepo();
    try {
      const fp = await checkoutFingerprint(root);
      const { includedUncommitted, files } = await roundTrip(root);
      assert.deepEqual(includedUncommitted, []);
      assert.equal(files.get('experiments/s1/v1.json'), RECORD('v1'));
      assert.equal(await checkoutFingerprint(root), fp);
    } finally {
      cleanup(root);
    }
  });

  test("the working tree's id is the tree of the commit that holds exactly that code, whatever HEAD says, and finding it writes nothing", async () => {
    const root = makeRepo();
    const objectFiles = () => fs.readdirSync(path.join(root, '.git/objects'), { recursive: true }).length;
    try {
      assert.equal(await workTreeId(root), g(root, 'rev-parse', 'HEAD^{tree}').trim(), 'a clean checkout: the tree of HEAD (ignored files aside)');
      write(root, 'src/model.ts', 'export const layers = 4;\n');
      write(root, 'src/new.ts', 'export {};\n');
      const before = await checkoutSnapshot(root, { mtimes: true });
      const objects = objectFiles();
      const dirty = await workTreeId(root);
      assert.notEqual(dirty, g(root, 'rev-parse', 'HEAD^{tree}').trim());
      assert.deepEqual(await checkoutSnapshot(root, { mtimes: true }), before, 'the checkout is untouched');
      assert.equal(objectFiles(), objects, 'no object is written into the repository');
      assert.deepEqual(await commitsWithTree(root, dirty), []);
      // The same code committed later (here, or in the clone the files were copied from) has that tree.
      g(root, 'add', '-A');
      g(root, 'commit', '-q', '-m', 'layers 4');
      const head = g(root, 'rev-parse', 'HEAD').trim();
      assert.equal(g(root, 'rev-parse', 'HEAD^{tree}').trim(), dirty);
      assert.deepEqual(await commitsWithTree(root, dirty), [head]);
      assert.deepEqual(await commitsWithTree(root, 'not-a-tree'), []);
      assert.deepEqual(await commitsWithTree(os.tmpdir(), dirty), [], 'outside a repository: none');
    } finally {
      cleanup(root);
    }
  });

  test('a dirty checkout is committed as-is (new untracked and modified tracked files) and left untouched', async () => {
    const root = makeRepo();
    try {
      write(root, 'variants/new-variant.ts', 'export const name = "fused-attention";\n');
      write(root, 'src/model.ts', 'export const layers = 4; // modified\n');
      fs.rmSync(path.join(root, 'README.md'));
      const state = await preflight(root);
      assert.equal(state.dirty, true);
      const head = g(root, 'rev-parse', 'HEAD').trim();
      const fp = await checkoutFingerprint(root);

      const res = await commitExperiment(root, { branch: 'lab/s1/fused', message: 'experiment s1/fused', files: { 'experiments/s1/fused.json': RECORD('fused') } });
      assert.equal(await checkoutFingerprint(root), fp);
      assert.deepEqual(res.includedUncommitted, ['src/model.ts', 'variants/new-variant.ts']);
      assert.deepEqual(res.deletedUncommitted, ['README.md']);
      assert.equal(g(root, 'rev-parse', `${res.commit}^`).trim(), head, 'parent is HEAD');
      assert.equal(g(root, 'rev-parse', 'refs/heads/lab/s1/fused').trim(), res.commit);
      assert.equal(g(root, 'show', `${res.commit}:experiments/s1/fused.json`), RECORD('fused'));
      assert.equal(g(root, 'show', `${res.commit}:variants/new-variant.ts`), 'export const name = "fused-attention";\n');
      assert.equal(g(root, 'show', `${res.commit}:src/model.ts`), 'export const layers = 4; // modified\n');
      const tree = g(root, 'ls-tree', '-r', '--name-only', res.commit).split('\n').filter(Boolean).sort();
      assert.deepEqual(tree, ['.gitignore', 'experiments/s1/fused.json', 'src/model.ts', 'variants/baseline.ts', 'variants/new-variant.ts']);
      assert.ok(!tree.includes('results.db') && !tree.some((f) => f.startsWith('node_modules/')), 'ignored files stay out');
      assert.equal(g(root, 'log', '-1', '--format=%s', res.commit).trim(), 'experiment s1/fused');

      // The worktree holds exactly that commit's files, with node_modules linked to the checkout's.
      const wt = await addWorktree(root, res.commit, 's1-fused', { linkNodeModules: true });
      assert.ok(wt.startsWith(path.join(root, '.git', 'lab', 'worktrees')));
      const onDisk: string[] = [];
      const walk = (rel: string) => {
        for (const ent of fs.readdirSync(path.join(wt, rel), { withFileTypes: true })) {
          const r = rel ? `${rel}/${ent.name}` : ent.name;
          if (r === '.git' || r === 'node_modules') continue;
          if (ent.isDirectory()) walk(r);
          else onDisk.push(r);
        }
      };
      walk('');
      assert.deepEqual(onDisk.sort(), tree);
      for (const f of tree) assert.equal(fs.readFileSync(path.join(wt, f), 'utf8'), g(root, 'show', `${res.commit}:${f}`));
      assert.equal(g(wt, 'rev-parse', 'HEAD').trim(), res.commit);
      // `node_modules/` in .gitignore matches directories, not a symlink: the link is the only untracked entry.
      assert.equal(g(wt, 'status', '--porcelain'), '?? node_modules\n');
      assert.equal(fs.readlinkSync(path.join(wt, 'node_modules')), path.join(root, 'node_modules'));
      const run = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(require("fakepkg")))'], { cwd: wt, encoding: 'utf8' });
      assert.equal(run.stdout, '42');
      assert.notEqual(await checkoutFingerprint(root), fp, 'git worktree list shows the worktree while it exists');

      await removeWorktree(root, wt);
      await removeWorktree(root, wt); // twice is fine
      assert.equal(fs.existsSync(wt), false);
      assert.equal(fs.readFileSync(path.join(root, 'node_modules/fakepkg/index.js'), 'utf8'), 'module.exports = 42;\n', 'the linked node_modules survives');
      const worktrees = g(root, 'worktree', 'list', '--porcelain').split('\n').filter((l) => l.startsWith('worktree '));
      assert.deepEqual(worktrees, [`worktree ${root}`]);
      assert.equal(fs.existsSync(path.join(root, '.git', 'worktrees')), false, 'no worktree record is left');
      assert.equal(await checkoutFingerprint(root), fp);
    } finally {
      cleanup(root);
    }
  });

  test('staged changes, further modified in the work tree, are committed with the work-tree content and stay staged', async () => {
    const root = makeRepo();
    try {
      write(root, 'src/model.ts', 'export const layers = 3; // staged\n');
      write(root, 'src/added.ts', 'export const added = 1; // staged new file\n');
      g(root, 'add', 'src/model.ts', 'src/added.ts');
      write(root, 'src/model.ts', 'export const layers = 5; // then modified\n');
      const stagedBefore = g(root, 'diff', '--cached');
      const { commit, includedUncommitted } = await roundTrip(root);
      assert.deepEqual(includedUncommitted, ['src/added.ts', 'src/model.ts']);
      assert.equal(g(root, 'show', `${commit}:src/model.ts`), 'export const layers = 5; // then modified\n');
      assert.equal(g(root, 'diff', '--cached'), stagedBefore);
    } finally {
      cleanup(root);
    }
  });

  test('a detached HEAD is the parent, and HEAD stays detached', async () => {
    const root = makeRepo();
    try {
      write(root, 'src/model.ts', 'export const layers = 9;\n');
      g(root, 'commit', '-q', '-am', 'second');
      g(root, 'checkout', '-q', '--detach', 'HEAD~1');
      const state = await preflight(root);
      assert.equal(state.branch, null);
      assert.equal(state.dirty, false);
      const { commit } = await roundTrip(root);
      assert.equal(g(root, 'rev-parse', `${commit}^`).trim(), state.headSha);
      assert.equal(g(root, 'rev-parse', '--abbrev-ref', 'HEAD').trim(), 'HEAD');
    } finally {
      cleanup(root);
    }
  });

  test('a stash entry is neither used nor changed', async () => {
    const root = makeRepo();
    try {
      write(root, 'src/model.ts', 'export const layers = 7; // stashed\n');
      write(root, 'variants/stashed.ts', 'stashed\n');
      g(root, 'stash', 'push', '-q', '--include-untracked', '-m', 'my work');
      write(root, 'variants/new-variant.ts', 'new\n');
      const stash = g(root, 'stash', 'list', '--format=%H %gs');
      const { commit, includedUncommitted } = await roundTrip(root);
      assert.deepEqual(includedUncommitted, ['variants/new-variant.ts']);
      assert.equal(g(root, 'show', `${commit}:src/model.ts`), 'export const layers = 2;\n');
      assert.equal(g(root, 'stash', 'list', '--format=%H %gs'), stash);
    } finally {
      cleanup(root);
    }
  });

  test('preflight reports the branch, head and cleanliness, from a subdirectory too', async () => {
    const root = makeRepo();
    try {
      const state = await preflight(path.join(root, 'src'));
      assert.deepEqual(state, { root, headSha: g(root, 'rev-parse', 'HEAD').trim(), branch: 'main', dirty: false });
    } finally {
      cleanup(root);
    }
  });

  test('a directory outside any git repository is a LabError that suggests --no-git', async () => {
    const dir = tmpDir();
    try {
      write(dir, 'a.txt', 'x');
      const fp = await checkoutFingerprint(dir);
      const e = await assertLabError(preflight(dir), /not inside a git working tree/);
      assert.match(e.hint, /--no-git/);
      await assertLabError(commitExperiment(dir, { branch: 'lab/s/v', message: 'm', files: {} }), /not inside a git working tree/);
      assert.deepEqual(await recoverLeftovers(dir), { messages: [], deadSweepIds: [] });
      assert.equal(await checkoutFingerprint(dir), fp);
      assert.deepEqual(fs.readdirSync(dir), ['a.txt']);
    } finally {
      cleanup(dir);
    }
  });

  test('a repository with no commits is a LabError', async () => {
    const root = tmpDir();
    try {
      g(root, 'init', '-q', '-b', 'main');
      write(root, 'a.txt', 'x');
      const fp = await checkoutFingerprint(root);
      await assertLabError(preflight(root), /no commits/);
      await assertLabError(commitExperiment(root, { branch: 'lab/s/v', message: 'm', files: {} }), /no commits/);
      assert.equal(await checkoutFingerprint(root), fp);
      assert.equal(g(root, 'for-each-ref').trim(), '');
    } finally {
      cleanup(root);
    }
  });

  test('a merge in progress (a real conflict) is a LabError and the merge is left as it was', async () => {
    const root = makeRepo();
    try {
      g(root, 'checkout', '-q', '-b', 'other');
      write(root, 'src/model.ts', 'export const layers = 100;\n');
      g(root, 'commit', '-q', '-am', 'other side');
      g(root, 'checkout', '-q', 'main');
      write(root, 'src/model.ts', 'export const layers = 200;\n');
      g(root, 'commit', '-q', '-am', 'main side');
      assert.throws(() => g(root, 'merge', 'other'));
      assert.ok(fs.existsSync(path.join(root, '.git', 'MERGE_HEAD')));
      const fp = await checkoutFingerprint(root);
      await assertLabError(preflight(root), /merge is in progress/);
      await assertLabError(commitExperiment(root, { branch: 'lab/s/v', message: 'm', files: {} }), /merge is in progress/);
      assert.equal(await checkoutFingerprint(root), fp);
    } finally {
      cleanup(root);
    }
  });

  test('a rebase in progress is a LabError', async () => {
    const root = makeRepo();
    try {
      fs.mkdirSync(path.join(root, '.git', 'rebase-merge'));
      const fp = await checkoutFingerprint(root);
      await assertLabError(preflight(root), /rebase is in progress/);
      assert.equal(await checkoutFingerprint(root), fp);
    } finally {
      cleanup(root);
    }
  });

  test('a locked index is a LabError', async () => {
    const root = makeRepo();
    try {
      fs.writeFileSync(path.join(root, '.git', 'index.lock'), '');
      write(root, 'variants/new-variant.ts', 'new\n');
      const fp = await checkoutFingerprint(root);
      await assertLabError(preflight(root), /index .* is locked/);
      await assertLabError(commitExperiment(root, { branch: 'lab/s/v', message: 'm', files: {} }), /locked/);
      assert.equal(await checkoutFingerprint(root), fp);
    } finally {
      cleanup(root);
    }
  });

  test('an existing branch name is a LabError before anything is written', async () => {
    const root = makeRepo();
    try {
      g(root, 'branch', 'lab/s1/v1');
      g(root, 'branch', 'lab/s2');
      write(root, 'variants/new-variant.ts', 'new\n');
      const refs = g(root, 'for-each-ref');
      const fp = await checkoutFingerprint(root);
      await assertLabError(assertBranchesFree(root, ['lab/s1/v0', 'lab/s1/v1']), /lab\/s1\/v1 already exists/);
      await assertLabError(assertBranchesFree(root, ['lab/s2/v1']), /clashes with existing branch lab\/s2/);
      await assertLabError(assertBranchesFree(root, ['lab/s3/a', 'lab/s3/a']), /named twice/);
      await assertLabError(assertBranchesFree(root, ['bad..name']), /invalid branch name/);
      await assertBranchesFree(root, ['lab/s1/v2', 'lab/s3/v1']);
      await assertLabError(commitExperiment(root, { branch: 'lab/s1/v1', message: 'm', files: { 'experiments/s1/v1.json': '{}' } }), /already exists/);
      await assertLabError(commitExperiment(root, { branch: 'lab/s1/v9', message: 'm', files: { '../outside.json': '{}' } }), /invalid path/);
      assert.equal(g(root, 'for-each-ref'), refs);
      assert.equal(await checkoutFingerprint(root), fp);
    } finally {
      cleanup(root);
    }
  });

  test('experiment branches of a sweep are listed and deleted', async () => {
    const root = makeRepo();
    try {
      const a = await commitExperiment(root, { branch: 'lab/s1/a', message: 'experiment a\n\ndetails', files: { 'experiments/s1/a.json': '{}' } });
      const b = await commitExperiment(root, { branch: 'lab/s1/b', message: 'experiment b', files: { 'experiments/s1/b.json': '{}' } });
      await commitExperiment(root, { branch: 'lab/s2/a', message: 'other sweep', files: {} });
      assert.deepEqual(await listExperimentBranches(root, 's1'), [
        { branch: 'lab/s1/a', commit: a.commit, subject: 'experiment a' },
        { branch: 'lab/s1/b', commit: b.commit, subject: 'experiment b' },
      ]);
      const fp = await checkoutFingerprint(root);
      await deleteBranches(root, ['lab/s1/a', 'lab/s1/b', 'lab/s1/never-made']);
      assert.deepEqual(await listExperimentBranches(root, 's1'), []);
      assert.equal((await listExperimentBranches(root, 's2')).length, 1);
      await assertLabError(deleteBranches(root, ['main']), /checked out/);
      assert.equal(await checkoutFingerprint(root), fp);
    } finally {
      cleanup(root);
    }
  });

  test('recovery removes the worktree and lock of a killed process, and leaves a live process alone', async () => {
    const root = makeRepo();
    const scriptDir = tmpDir();
    try {
      const { commit } = await commitExperiment(root, { branch: 'lab/dead/v1', message: 'experiment dead/v1', files: {} });
      // This process holds a live sweep with a worktree.
      await acquireSweepLock(root, 'sweep-live');
      const liveWt = await addWorktree(root, commit, 'live-v1');
      const fp = await checkoutFingerprint(root);

      const script = path.join(scriptDir, 'child.mts');
      fs.writeFileSync(
        script,
        `import { acquireSweepLock, addWorktree } from ${JSON.stringify(MODULE_URL)};
  const [dir, commit] = process.argv.slice(2);
  await acquireSweepLock(dir, 'sweep-dead');
  const wt = await addWorktree(dir, commit, 'dead-v1', { linkNodeModules: true });
  process.stdout.write(wt);
  process.kill(process.pid, 'SIGKILL');
  `,
      );
      const child = spawnSync(process.execPath, ['--import', 'tsx', script, root, commit], { cwd: PROJECT_ROOT, encoding: 'utf8', env: GIT_ENV });
      assert.equal(child.signal, 'SIGKILL', child.stderr);
      const deadWt = child.stdout;
      assert.ok(fs.existsSync(deadWt), 'the killed process left its worktree');
      await assertLabError(acquireSweepLock(root, 'sweep-dead'), /no longer running/);

      const { messages, deadSweepIds } = await recoverLeftovers(root);
      assert.deepEqual(deadSweepIds, ['sweep-dead']);
      assert.ok(messages.some((m) => m.includes(deadWt) && m.includes(String(child.pid))), messages.join('\n'));
      assert.ok(messages.some((m) => m.includes('sweep-dead')), messages.join('\n'));
      assert.equal(fs.existsSync(deadWt), false);
      assert.ok(fs.existsSync(path.join(root, 'node_modules/fakepkg/index.js')), 'the linked node_modules survives');
      assert.ok(fs.existsSync(liveWt), 'the live worktree is left alone');
      assert.equal(await checkoutFingerprint(root), fp, 'the checkout is as before the child ran');

      // Nothing more to do the second time; a worktree no process owns is removed.
      assert.deepEqual(await recoverLeftovers(root), { messages: [], deadSweepIds: [] });
      fs.mkdirSync(path.join(root, '.git', 'lab', 'worktrees', 'stray'));
      const again = await recoverLeftovers(root);
      assert.equal(again.messages.length, 1);
      assert.match(again.messages[0]!, /orphaned worktree .*stray/);

      await releaseSweepLock(root, 'sweep-live');
      await removeWorktree(root, liveWt);
      assert.deepEqual(
        g(root, 'worktree', 'list', '--porcelain').split('\n').filter((l) => l.startsWith('worktree ')),
        [`worktree ${root}`],
      );
      assert.equal(fs.existsSync(path.join(root, '.git', 'lab', 'lock.json')), false);
    } finally {
      cleanup(root);
      cleanup(scriptDir);
    }
  });

  test('a sweep lock held by a live process refuses a second holder', async () => {
    const root = makeRepo();
    try {
      await acquireSweepLock(root, 's1');
      await acquireSweepLock(root, 's1'); // re-entrant for its own process
      const lock = JSON.parse(fs.readFileSync(path.join(root, '.git', 'lab', 'lock.json'), 'utf8'));
      assert.equal(lock.entries.length, 1);
      assert.equal(lock.entries[0].pid, process.pid);
      assert.deepEqual(await recoverLeftovers(root), { messages: [], deadSweepIds: [] });
      // Pretend another live process (our parent) holds s2.
      lock.entries.push({ ...lock.entries[0], pid: process.ppid, procStart: null, sweepId: 's2' });
      fs.writeFileSync(path.join(root, '.git', 'lab', 'lock.json'), JSON.stringify(lock));
      await assertLabError(acquireSweepLock(root, 's2'), /already running/);
      await releaseSweepLock(root, 's1');
      assert.equal(JSON.parse(fs.readFileSync(path.join(root, '.git', 'lab', 'lock.json'), 'utf8')).entries.length, 1);
    } finally {
      cleanup(root);
    }
  });
});
