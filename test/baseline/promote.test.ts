import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { applyPromotedBaseline, loadRegistry, readBaselineFile } from '../../src/baseline/file.ts';
import { SEED_BASELINE_SLOTS } from '../../src/baseline/origin.ts';
import { promoteBaseline, resetBaseline, showBaseline } from '../../src/baseline/promote.ts';
import { renderBaselineReport } from '../../src/baseline/render.ts';
import { ResultsDb } from '../../src/db/results-db.ts';
import { LabError } from '../../src/errors.ts';
import { perHeadAttention } from '../../src/model/implementations/attention-core.ts';
import { resolveSweep } from '../../src/sweep/settings.ts';
import { defineVariant, implementationsOf, resolveVariant, slotChoices, type Variant } from '../../src/variants.ts';
import { REGISTERED_VARIANTS } from '../../variants/index.ts';
import { fillDb, GENERATION_FASTER, GENERATION_SEED, PREFILL, tempDir } from '../helpers/results-fixture.ts';

/** git in `cwd`, with no inherited variable pointing it at another repository. */
function git(cwd: string, ...args: string[]): string {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^GIT_/.test(k)));
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...env, GIT_CONFIG_NOSYSTEM: '1' } }).trim();
}

/** A git repository on branch main with one commit, a staged change and an unstaged one. */
function gitProject(): string {
  const root = tempDir('lab-baseline-git-');
  git(root, 'init', '-q', '-b', 'main');
  git(root, 'config', 'user.name', 'Lab Test');
  git(root, 'config', 'user.email', 'lab@example.com');
  git(root, 'config', 'commit.gpgsign', 'false');
  fs.mkdirSync(path.join(root, 'variants'));
  fs.writeFileSync(path.join(root, 'variants', 'mine.ts'), 'export {};\n');
  fs.writeFileSync(path.join(root, 'notes.txt'), 'one\n');
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'init');
  fs.writeFileSync(path.join(root, 'notes.txt'), 'one\ntwo (staged)\n');
  git(root, 'add', 'notes.txt');
  fs.writeFileSync(path.join(root, 'variants', 'mine.ts'), 'export const unstaged = 1;\n');
  return root;
}

/** A plain directory (no git) with an empty variants/. */
function plainProject(): string {
  const root = tempDir('lab-baseline-');
  fs.mkdirSync(path.join(root, 'variants'));
  return root;
}

function registryOf(root: string): readonly Variant[] {
  return applyPromotedBaseline(REGISTERED_VARIANTS, readBaselineFile(path.join(root, 'variants', 'baseline.json')));
}

function implNames(variant: string, registry: readonly Variant[]): Record<string, string> {
  return slotChoices(resolveVariant(registry, variant), registry);
}

const BASELINE_IMPLEMENTATIONS_NORM = SEED_BASELINE_SLOTS.norm;
const clock = (iso: string) => () => new Date(iso);

/** Two sweeps that measured batched-attention (s1 older, s2 newer), then one that did not. */
function dbWithSweeps(dir: string): string {
  const file = path.join(dir, 'results.db');
  const base = { name: 'baseline', prefill: PREFILL, generation: GENERATION_SEED };
  const batched = { name: 'batched-attention', slots: { attentionCore: 'batched' }, prefill: PREFILL, generation: GENERATION_FASTER };
  const fused = { name: 'fused-qkv', slots: { qkvProjection: 'fused' }, prefill: PREFILL, generation: GENERATION_SEED };
  fillDb(file, [
    { id: 's1', createdAt: '2026-01-01T10:00:00.000Z', variants: [base, batched] },
    { id: 's2', createdAt: '2026-01-02T10:00:00.000Z', variants: [base, batched, fused] },
    { id: 's3', createdAt: '2026-01-03T10:00:00.000Z', variants: [base, fused] },
  ]);
  return file;
}

test('the seed list of slot names matches the seed baseline implementations', async () => {
  const { BASELINE_IMPLEMENTATIONS } = await import('../../src/model/baseline-implementations.ts');
  const { describeImplementations } = await import('../../src/model/slots.ts');
  assert.deepEqual({ ...SEED_BASELINE_SLOTS }, describeImplementations(BASELINE_IMPLEMENTATIONS));
});

test('without variants/baseline.json the registry is the seed one', () => {
  const root = plainProject();
  assert.equal(registryOf(root), REGISTERED_VARIANTS);
  assert.deepEqual(implNames('fused-qkv', registryOf(root)), { ...SEED_BASELINE_SLOTS, qkvProjection: 'fused' });
  fs.writeFileSync(path.join(root, 'variants', 'baseline.json'), '{"promoted": null}\n');
  assert.equal(registryOf(root), REGISTERED_VARIANTS);
});

test('promotion makes later sweeps run every variant on top of the promoted variant', async () => {
  const root = plainProject();
  const dir = tempDir();
  const dbPath = dbWithSweeps(dir);
  const before = registryOf(root);
  assert.equal(implementationsOf(resolveVariant(before, 'fused-qkv'), before).attentionCore.name, 'per-head');

  const change = await promoteBaseline({ root, dbPath, variant: 'batched-attention', registered: REGISTERED_VARIANTS, now: clock('2026-02-01T00:00:00.000Z') });
  assert.equal(change.commit, null, 'not a git repository: nothing committed');
  assert.equal(change.sourceSweepId, 's2', 'the latest sweep that measured it');

  const after = registryOf(root);
  const fused = implementationsOf(resolveVariant(after, 'fused-qkv'), after);
  assert.equal(fused.attentionCore.name, 'batched');
  assert.equal(fused.qkvProjection.name, 'fused');
  const baseline = resolveVariant(after, 'baseline');
  assert.deepEqual(slotChoices(baseline, after), { ...SEED_BASELINE_SLOTS, attentionCore: 'batched' });
  assert.match(baseline.description, /^promoted from batched-attention: /);

  // What a sweep resolves: the baseline it measures against now carries the promoted slots.
  const sweep = resolveSweep({ variants: ['fused-qkv'], git: false }, after, root);
  assert.equal(sweep.variants[0]!.name, 'baseline');
  assert.equal(slotChoices(sweep.variants[0]!, sweep.registry).attentionCore, 'batched');
  assert.equal(slotChoices(sweep.variants[1]!, sweep.registry).attentionCore, 'batched');
});

test('a variant filling the promoted slot overrides it instead of clashing', async () => {
  const root = plainProject();
  await promoteBaseline({ root, dbPath: path.join(tempDir(), 'r.db'), variant: 'batched-attention', registered: REGISTERED_VARIANTS });
  const perHead = defineVariant({ name: 'per-head-again', description: 'test', slots: { attentionCore: perHeadAttention } });
  const registry = [...registryOf(root), perHead];
  assert.equal(implementationsOf(perHead, registry).attentionCore.name, 'per-head');
  assert.deepEqual(implNames('batched-no-outer-map', registry), { ...SEED_BASELINE_SLOTS, attentionCore: 'batched', groupMapping: 'all-groups' });
});

test('promoting again keeps the earlier promotion and adds the new variant on top', async () => {
  const root = plainProject();
  const dbPath = path.join(tempDir(), 'r.db');
  await promoteBaseline({ root, dbPath, variant: 'batched-attention', registered: REGISTERED_VARIANTS });
  const second = await promoteBaseline({ root, dbPath, variant: 'fused-qkv', registered: REGISTERED_VARIANTS });
  assert.deepEqual(second.content.slots, { ...SEED_BASELINE_SLOTS, attentionCore: 'batched', qkvProjection: 'fused' });
  const registry = registryOf(root);
  assert.deepEqual(implNames('no-outer-map', registry), { ...SEED_BASELINE_SLOTS, attentionCore: 'batched', qkvProjection: 'fused', groupMapping: 'all-groups' });
  assert.match(resolveVariant(registry, 'baseline').description, /promoted from fused-qkv: .*keeps attentionCore=batched/);
});

test('a promoted recorded step carries no performed slot over, and a promotion on top of it keeps it', async () => {
  const root = plainProject();
  const dbPath = path.join(tempDir(), 'r.db');
  const first = await promoteBaseline({ root, dbPath, variant: 'wgsl-recorded-step', registered: REGISTERED_VARIANTS });
  assert.equal(first.content.slots!.norm, 'in wgsl-recorded');
  const second = await promoteBaseline({ root, dbPath, variant: 'wgsl-argmax', registered: REGISTERED_VARIANTS });
  assert.equal(second.content.slots!.execution, 'wgsl-recorded');
  assert.equal(second.content.slots!.generation, 'wgsl-argmax');
  const registry = registryOf(root);
  const fused = implementationsOf(resolveVariant(registry, 'fused-qkv'), registry);
  assert.equal(fused.execution.name, 'wgsl-recorded');
  assert.equal(fused.linear.name, 'wgsl-matvec');
  assert.equal(fused.norm.name, BASELINE_IMPLEMENTATIONS_NORM, 'a performed slot falls back to the seed implementation, never called');
  assert.equal(implNames('fused-qkv', registry).norm, 'in wgsl-recorded');
});

test('promote writes variants/baseline.json and commits only that file on the current branch', async () => {
  const root = gitProject();
  const dbPath = dbWithSweeps(tempDir());
  const head = git(root, 'rev-parse', 'HEAD');
  const change = await promoteBaseline({ root, dbPath, variant: 'batched-attention', registered: REGISTERED_VARIANTS, now: clock('2026-02-01T00:00:00.000Z') });

  const file = JSON.parse(fs.readFileSync(path.join(root, 'variants', 'baseline.json'), 'utf8'));
  assert.deepEqual(file, { promoted: 'batched-attention', slots: { ...SEED_BASELINE_SLOTS, attentionCore: 'batched' }, promotedAt: '2026-02-01T00:00:00.000Z' });
  assert.equal(change.commit?.branch, 'main');
  assert.equal(git(root, 'rev-parse', 'HEAD'), change.commit?.commit);
  assert.equal(git(root, 'rev-parse', 'HEAD~1'), head);
  assert.equal(git(root, 'log', '-1', '--format=%s'), 'lab baseline promote batched-attention');
  assert.equal(git(root, 'show', '--name-only', '--format=', 'HEAD'), 'variants/baseline.json');
  assert.equal(git(root, 'branch', '--show-current'), 'main');
  // The user's other changes are as they were: the staged one still staged, the unstaged one still unstaged.
  assert.equal(git(root, 'diff', '--cached', '--name-only'), 'notes.txt');
  assert.equal(git(root, 'diff', '--name-only'), 'variants/mine.ts');
  assert.ok(change.notes.some((n) => /uncommitted changes/.test(n)));

  const db = ResultsDb.open(dbPath, { readonly: true });
  assert.deepEqual(db.baselineHistory(), [
    { promotedAt: '2026-02-01T00:00:00.000Z', variant: 'batched-attention', slots: file.slots, sourceSweepId: 's2', reset: false },
  ]);
  db.close();
});

test('show prints the current baseline and the history; reset goes back to the seed', async () => {
  const root = gitProject();
  const dbPath = dbWithSweeps(tempDir());
  const seed = showBaseline({ root, dbPath });
  assert.equal(seed.promoted, null);
  assert.deepEqual(seed.changed, {});
  assert.deepEqual(seed.history, []);

  await promoteBaseline({ root, dbPath, variant: 'batched-attention', registered: REGISTERED_VARIANTS, now: clock('2026-02-01T00:00:00.000Z') });
  const shown = showBaseline({ root, dbPath });
  assert.equal(shown.promoted, 'batched-attention');
  assert.equal(shown.promotedAt, '2026-02-01T00:00:00.000Z');
  assert.equal(shown.sourceSweepId, 's2');
  assert.deepEqual(shown.changed, { attentionCore: 'batched' });
  const text = renderBaselineReport(shown, root);
  assert.match(text, /^baseline: batched-attention \(promoted 2026-02-01T00:00:00.000Z, from sweep s2; variants\/baseline.json\)$/m);
  assert.match(text, /^changed: {2}attentionCore=batched \(seed: per-head\)$/m);
  assert.match(text, /^ {2}2026-02-01T00:00:00.000Z {2}promoted batched-attention: attentionCore=batched \(from sweep s2\)$/m);

  const reset = await resetBaseline({ root, dbPath, now: clock('2026-02-02T00:00:00.000Z') });
  assert.ok(reset);
  assert.deepEqual(JSON.parse(fs.readFileSync(path.join(root, 'variants', 'baseline.json'), 'utf8')), { promoted: null });
  assert.equal(git(root, 'log', '-1', '--format=%s'), 'lab baseline reset');
  assert.equal(git(root, 'show', '--name-only', '--format=', 'HEAD'), 'variants/baseline.json');
  assert.equal(implementationsOf(resolveVariant(registryOf(root), 'fused-qkv'), registryOf(root)).attentionCore.name, 'per-head');
  const history = showBaseline({ root, dbPath }).history!;
  assert.equal(history.length, 2);
  assert.deepEqual(history[1], { promotedAt: '2026-02-02T00:00:00.000Z', variant: 'baseline', slots: { ...SEED_BASELINE_SLOTS }, sourceSweepId: null, reset: true });
  assert.match(renderBaselineReport(showBaseline({ root, dbPath }), root), /reset to the seed's baseline/);

  // Resetting the seed's baseline changes nothing.
  const head = git(root, 'rev-parse', 'HEAD');
  assert.equal(await resetBaseline({ root, dbPath }), null);
  assert.equal(git(root, 'rev-parse', 'HEAD'), head);
  assert.equal(showBaseline({ root, dbPath }).history!.length, 2);
});

/** Runs `fn`, expects a LabError matching `pattern`, and checks that neither the file, git nor the database changed. */
async function assertRefusedUnchanged(root: string, dbPath: string, fn: () => Promise<unknown>, pattern: RegExp): Promise<void> {
  const file = path.join(root, 'variants', 'baseline.json');
  const before = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null;
  const isRepo = fs.existsSync(path.join(root, '.git'));
  const head = isRepo ? git(root, 'rev-parse', 'HEAD') : '';
  const status = isRepo ? git(root, 'status', '--porcelain') : '';
  const dbExisted = fs.existsSync(dbPath);
  const rows = dbExisted ? (() => { const db = ResultsDb.open(dbPath, { readonly: true }); const n = db.baselineHistory().length; db.close(); return n; })() : 0;
  await assert.rejects(fn, (e: unknown) => e instanceof LabError && pattern.test(e.message));
  assert.equal(fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null, before, 'baseline.json unchanged');
  if (isRepo) {
    assert.equal(git(root, 'rev-parse', 'HEAD'), head, 'no commit');
    assert.equal(git(root, 'status', '--porcelain'), status, 'working tree and index unchanged');
  }
  assert.equal(fs.existsSync(dbPath), dbExisted, 'no database created');
  if (dbExisted) {
    const db = ResultsDb.open(dbPath, { readonly: true });
    assert.equal(db.baselineHistory().length, rows, 'no history row');
    db.close();
  }
}

test('promote refuses an unknown variant, the baseline itself, a no-op and a repeat, writing nothing', async () => {
  const root = gitProject();
  const dbPath = dbWithSweeps(tempDir());
  const promote = (variant: string) => () => promoteBaseline({ root, dbPath, variant, registered: REGISTERED_VARIANTS });
  await assertRefusedUnchanged(root, dbPath, promote('no-such-variant'), /unknown variant "no-such-variant"/);
  await assertRefusedUnchanged(root, dbPath, promote('baseline'), /cannot promote baseline/);
  await assertRefusedUnchanged(root, dbPath, promote('baseline+fused-qkv'), /cannot promote baseline/);
  await promoteBaseline({ root, dbPath, variant: 'batched-attention', registered: REGISTERED_VARIANTS });
  await assertRefusedUnchanged(root, dbPath, promote('batched-attention'), /already the baseline/);
  const same = defineVariant({ name: 'same-as-seed', description: 'fills nothing', slots: {} });
  await assertRefusedUnchanged(root, dbPath, () => promoteBaseline({ root, dbPath, variant: 'same-as-seed', registered: [...REGISTERED_VARIANTS, same] }), /would not change the baseline/);
});

test('promote and reset refuse during a merge or rebase and on a detached HEAD, writing nothing', async () => {
  const root = gitProject();
  const dbPath = path.join(tempDir(), 'results.db');
  const promote = () => promoteBaseline({ root, dbPath, variant: 'batched-attention', registered: REGISTERED_VARIANTS });
  const gitDir = path.join(root, '.git');
  fs.writeFileSync(path.join(gitDir, 'MERGE_HEAD'), `${git(root, 'rev-parse', 'HEAD')}\n`);
  await assertRefusedUnchanged(root, dbPath, promote, /a merge is in progress/);
  fs.rmSync(path.join(gitDir, 'MERGE_HEAD'));
  fs.mkdirSync(path.join(gitDir, 'rebase-merge'));
  await assertRefusedUnchanged(root, dbPath, promote, /a rebase is in progress/);
  fs.rmSync(path.join(gitDir, 'rebase-merge'), { recursive: true });

  fs.writeFileSync(path.join(root, 'variants', 'baseline.json'), '{"promoted": "batched-attention"}\n');
  git(root, 'add', 'variants/baseline.json');
  git(root, 'commit', '-q', '-m', 'hand-written baseline', '--', 'variants/baseline.json');
  fs.mkdirSync(path.join(gitDir, 'rebase-apply'));
  await assertRefusedUnchanged(root, dbPath, () => resetBaseline({ root, dbPath }), /in progress/);
  fs.rmSync(path.join(gitDir, 'rebase-apply'), { recursive: true });

  git(root, 'stash', '-q');
  git(root, 'checkout', '-q', '--detach');
  await assertRefusedUnchanged(root, dbPath, () => resetBaseline({ root, dbPath }), /HEAD is detached/);
});

test('a failed commit puts variants/baseline.json and the index back and records nothing', async () => {
  const root = gitProject();
  const dbPath = dbWithSweeps(tempDir());
  const hooks = path.join(root, '.git', 'hooks');
  fs.mkdirSync(hooks, { recursive: true });
  fs.writeFileSync(path.join(hooks, 'pre-commit'), '#!/bin/sh\necho "no commits today" >&2\nexit 1\n', { mode: 0o755 });
  const status = git(root, 'status', '--porcelain');
  await assert.rejects(
    promoteBaseline({ root, dbPath, variant: 'batched-attention', registered: REGISTERED_VARIANTS }),
    (e: unknown) => e instanceof LabError && /could not commit variants\/baseline.json on main/.test(e.message),
  );
  assert.equal(fs.existsSync(path.join(root, 'variants', 'baseline.json')), false);
  assert.equal(git(root, 'status', '--porcelain'), status);
  const db = ResultsDb.open(dbPath, { readonly: true });
  assert.deepEqual(db.baselineHistory(), []);
  db.close();
});

test('a baseline file naming an unregistered variant is refused with a hint; reset repairs it', async () => {
  const root = plainProject();
  const dbPath = path.join(tempDir(), 'results.db');
  const file = path.join(root, 'variants', 'baseline.json');
  fs.writeFileSync(file, '{"promoted": "gone-variant", "slots": {"attentionCore": "batched"}}\n');
  assert.throws(() => registryOf(root), (e: unknown) => e instanceof LabError && /promotes "gone-variant", which is not a registered variant/.test(e.message) && /lab baseline reset/.test(e.hint));
  await assert.rejects(promoteBaseline({ root, dbPath, variant: 'fused-qkv', registered: REGISTERED_VARIANTS }), /not a registered variant/);
  fs.writeFileSync(file, '{"promoted": 3}');
  assert.throws(() => registryOf(root), /not a valid baseline file/);
  const reset = await resetBaseline({ root, dbPath });
  assert.ok(reset);
  assert.equal(reset.commit, null);
  assert.equal(registryOf(root), REGISTERED_VARIANTS);
});

test('a broken baseline file still loads the registry, but resolving any variant of it says what is wrong', () => {
  const root = plainProject();
  const file = path.join(root, 'variants', 'baseline.json');
  fs.writeFileSync(file, '{"promoted": "gone-variant"}\n');
  const registry = loadRegistry(REGISTERED_VARIANTS, file);
  assert.equal(registry.length, REGISTERED_VARIANTS.length);
  const broken = (e: unknown) => e instanceof LabError && /promotes "gone-variant"/.test(e.message) && /lab baseline reset/.test(e.hint);
  assert.throws(() => resolveVariant(registry, 'fused-qkv'), broken);
  assert.throws(() => implementationsOf(REGISTERED_VARIANTS[1]!, registry), broken);
  fs.writeFileSync(file, '{"promoted": null}\n');
  assert.equal(loadRegistry(REGISTERED_VARIANTS, file), REGISTERED_VARIANTS);
});
