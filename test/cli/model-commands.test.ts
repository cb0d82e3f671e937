import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { presetConfig } from '../../src/model/config.ts';
import { writeCheckpoint } from '../../src/model/checkpoint.ts';
import { randomWeightSource } from '../../src/model/random-weights.ts';
import { expectedTensorShapes } from '../../src/model/checkpoint.ts';
import { isOneLineUserError, runLab, runLabInProcess } from '../helpers/cli.ts';
import { copyProject } from '../helpers/project-copy.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-cli-'));

/** A tiny checkpoint holding exactly the preset's seeded random weights. */
function tinyCheckpoint(name: string, dtype: 'F32' | 'BF16' = 'F32', shards = 1): string {
  const config = presetConfig('tiny');
  const source = randomWeightSource(config, 1);
  const tensors = new Map([...expectedTensorShapes(config).keys()].map((n) => [n, source(n)]));
  const dir = path.join(tmp, name);
  writeCheckpoint(dir, config, tensors, { dtype, shards });
  return dir;
}

test('generate --json prints tokens and the logits that chose each of them', async () => {
  const run = await runLabInProcess(['generate', '--model', 'tiny', '--prompt', '2,5,9', '--max-new-tokens', '4', '--json', '--backend', 'wasm']);
  assert.equal(run.code, 0, run.stderr);
  const out = JSON.parse(run.stdout) as { tokens: number[]; logits: number[][]; backend: string; device: string };
  assert.equal(out.tokens.length, 4);
  assert.equal(out.logits.length, 4);
  assert.equal(out.backend, 'wasm');
  assert.ok(out.device.length > 0);
  out.logits.forEach((row, i) => {
    assert.equal(row.length, 256);
    assert.equal(row.indexOf(Math.max(...row)), out.tokens[i]);
  });
});

test('a checkpoint directory of the preset weights generates exactly what the preset does, single file or sharded', async () => {
  const args = ['generate', '--prompt', '2,5,9,11', '--max-new-tokens', '5', '--json', '--backend', 'wasm'];
  const preset = JSON.parse((await runLabInProcess([...args, '--model', 'tiny'])).stdout) as { tokens: number[] };
  for (const dir of [tinyCheckpoint('single'), tinyCheckpoint('sharded', 'F32', 3)]) {
    const run = await runLabInProcess([...args, '--model-dir', dir]);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual((JSON.parse(run.stdout) as { tokens: number[] }).tokens, preset.tokens);
  }
});

test('verify passes every registered variant against the baseline and exits 0, skipping those made for another backend', async () => {
  const run = await runLabInProcess(['verify', '--model', 'tiny', '--json', '--backend', 'wasm']);
  assert.equal(run.code, 0, run.stderr);
  const out = JSON.parse(run.stdout) as { rows: { variant: string; passed: boolean }[]; skipped: { variant: string; reason: string }[] };
  assert.ok(out.rows.length >= 4);
  assert.ok(out.rows.every((r) => r.passed));
  assert.deepEqual(out.skipped.map((s) => s.variant), ['wgsl-matvec', 'wgsl-rmsnorm', 'wgsl-rope', 'wgsl-gelu-gate', 'wgsl-all', 'wgsl-decode-attention', 'wgsl-recorded-step', 'wgsl-recorded-step-split', 'wgsl-recorded-step-norm-folded', 'wgsl-recorded-step-tiled', 'wgsl-recorded-step-tuned', 'wgsl-recorded-step-paired', 'wgsl-recorded-step-split16', 'wgsl-recorded-step-split8', 'wgsl-recorded-step-split4', 'wgsl-recorded-step-split8-paired', 'wgsl-recorded-step-rope-subgroups', 'wgsl-recorded-step-kv-split', 'wgsl-recorded-step-shaped', 'wgsl-argmax', 'wgsl-argmax-wide']);
  assert.equal(out.skipped[0]!.reason, 'linear (wgsl-matvec: webgpu only)');
  assert.match(out.skipped.find((s) => s.variant === 'wgsl-all')!.reason, /^linear \(wgsl-matvec: webgpu only\); norm \(wgsl-rmsnorm: webgpu only\); rope .*mlpActivation/);
});

test('verify of a variant named for another backend: one line, exit 2', async () => {
  const run = await runLabInProcess(['verify', 'wgsl-matvec', '--model', 'tiny', '--backend', 'wasm']);
  assert.ok(isOneLineUserError(run), run.stderr);
  assert.match(run.stderr, /cannot run on the wasm backend: linear \(wgsl-matvec: webgpu only\)/);
});

test('variant list --json gives name, description, slots, params and backends of every variant', async () => {
  const run = await runLabInProcess(['variant', 'list', '--json']);
  assert.equal(run.code, 0, run.stderr);
  type Row = { name: string; description: string; slots: Record<string, string>; params: Record<string, { type: string; default: unknown; values: unknown[]; description: string }>; backends: string[]; presetOf?: string; values?: Record<string, unknown> };
  const rows = JSON.parse(run.stdout) as Row[];
  const byName = new Map(rows.map((r) => [r.name, r]));
  assert.deepEqual(byName.get('batched-no-outer-map')!.slots, { attentionCore: 'batched', groupMapping: 'all-groups' });
  assert.deepEqual(byName.get('fused-qkv')!.slots, { qkvProjection: 'fused' });
  assert.deepEqual(byName.get('fused-qkv')!.params, {});
  assert.ok(rows.every((r) => r.description.length > 0));
  const step = byName.get('wgsl-recorded-step')!;
  assert.deepEqual(step.backends, ['webgpu']);
  assert.deepEqual(Object.keys(step.params), ['attention', 'keysPerSplit', 'tiling', 'normsInProducts', 'ropeInAttention', 'reduction', 'unroll', 'stagger', 'longRowRows', 'prefetchMiB', 'combineChunk', 'argmax', 'weightsDtype']);
  assert.deepEqual(step.params.keysPerSplit, { type: 'integer', default: 32, values: [4, 8, 16, 32, 64], description: step.params.keysPerSplit!.description });
  assert.deepEqual(step.params.normsInProducts!.values, [false, true]);
  // The older names are presets of it, with the values they ran at.
  const preset = byName.get('wgsl-recorded-step-split8-paired')!;
  assert.equal(preset.presetOf, 'wgsl-recorded-step');
  assert.deepEqual(preset.values, { attention: 'split-keys', keysPerSplit: 8, tiling: 'paired', normsInProducts: true, ropeInAttention: false, reduction: 'tree', unroll: 1, stagger: false, longRowRows: 0, prefetchMiB: 0, combineChunk: 16, argmax: 'baseline', weightsDtype: 'sweep' });
  const cache = byName.get('kv-cache')!;
  assert.ok(cache.backends.includes('wasm') && cache.backends.includes('cpu'));
  assert.deepEqual(cache.params.allocation!.values, ['concat', 'preallocated', 'chunked']);
});

test('variant new writes a registered variant that runs as the baseline until edited, and refuses an existing name', async () => {
  const root = copyProject();
  const created = runLab(['variant', 'new', 'my-idea', '--description', 'an idea to try'], { root });
  assert.equal(created.code, 0, created.stderr);
  assert.ok(fs.existsSync(path.join(root, 'variants', 'my-idea.ts')));
  const list = JSON.parse(runLab(['variant', 'list', '--json'], { root }).stdout) as { name: string; description: string }[];
  assert.deepEqual(list.find((v) => v.name === 'my-idea'), { name: 'my-idea', description: 'an idea to try', slots: {}, params: {}, backends: ['node-gpu', 'node', 'webgpu', 'wasm', 'cpu'] });
  const verified = runLab(['verify', 'my-idea', '--model', 'tiny', '--json', '--backend', 'wasm'], { root });
  assert.equal(verified.code, 0, verified.stderr);
  const index = fs.readFileSync(path.join(root, 'variants', 'index.ts'), 'utf8');
  const again = runLab(['variant', 'new', 'my-idea', '--description', 'again'], { root });
  assert.ok(isOneLineUserError(again), again.stderr);
  assert.match(again.stderr, /already exists/);
  assert.equal(fs.readFileSync(path.join(root, 'variants', 'index.ts'), 'utf8'), index);
  const badName = runLab(['variant', 'new', 'My_Idea', '--description', 'x'], { root });
  assert.ok(isOneLineUserError(badName), badName.stderr);
});

const badInputs: [string, string[], RegExp][] = [
  ['an unknown variant', ['generate', '--variant', 'nope'], /unknown variant "nope"/],
  ['an unknown preset', ['generate', '--model', 'huge'], /unknown model preset "huge"/],
  ['an unknown backend', ['generate', '--backend', 'tpu'], /unknown backend "tpu"/],
  ['an unavailable backend', ['generate', '--backend', 'node-gpu'], /backend node-gpu is unavailable: .*libtensorflow/],
  ['an empty prompt', ['generate', '--prompt', ''], /--prompt is empty/],
  ['a prompt token out of vocabulary', ['generate', '--prompt', '1,300'], /token 300 .* outside the vocabulary/],
  ['a non-numeric prompt token', ['generate', '--prompt', '1,x'], /"x" is not a token id/],
  ['a prompt longer than maxSeq', ['generate', '--prompt', Array(129).fill(1).join(',')], /exceeds maxSeq 128/],
  ['a zero generation length', ['generate', '--max-new-tokens', '0'], /positive integer/],
  ['a negative generation length', ['generate', '--max-new-tokens', '-2'], /positive integer/],
  ['a combination of variants that fill the same slot', ['generate', '--variant', 'batched-attention+batched-no-outer-map'], /both fill the attentionCore slot/],
  ['a missing checkpoint directory', ['generate', '--model-dir', '/nonexistent/gemma'], /nonexistent/],
  ['an unknown flag', ['generate', '--bogus'], /Unknown argument: bogus/],
];
for (const [what, args, message] of badInputs) {
  test(`bad input, ${what}: one line, exit 2`, async () => {
    const run = await runLabInProcess(args.includes('--backend') ? args : [...args, '--backend', 'wasm']);
    assert.ok(isOneLineUserError(run), `exit ${run.code}: ${run.stderr}`);
    assert.match(run.stderr, message);
  });
}

test('bad checkpoints: truncated, overlapping, wrong shape, missing tensor: one line naming the file, exit 2', async () => {
  const truncated = tinyCheckpoint('truncated');
  const file = path.join(truncated, 'model.safetensors');
  fs.truncateSync(file, fs.statSync(file).size - 100);
  const wrongShape = tinyCheckpoint('wrong-shape');
  const cfgPath = path.join(wrongShape, 'config.json');
  fs.writeFileSync(cfgPath, JSON.stringify({ ...JSON.parse(fs.readFileSync(cfgPath, 'utf8')), intermediate_size: 96 }));
  const missing = tinyCheckpoint('missing', 'F32', 2);
  const indexPath = path.join(missing, 'model.safetensors.index.json');
  const index = JSON.parse(fs.readFileSync(indexPath, 'utf8')) as { weight_map: Record<string, string> };
  delete index.weight_map['model.norm.weight'];
  fs.writeFileSync(indexPath, JSON.stringify(index));
  const cases: [string, RegExp][] = [
    [truncated, /model\.safetensors/],
    [wrongShape, /mlp\.gate_proj|intermediate/],
    [missing, /model\.norm\.weight/],
  ];
  for (const [dir, message] of cases) {
    const run = await runLabInProcess(['generate', '--model-dir', dir, '--backend', 'wasm']);
    assert.ok(isOneLineUserError(run), `${dir}: exit ${run.code}: ${run.stderr}`);
    assert.match(run.stderr, message);
  }
});

test('--verbose shows the stack of a user error, which is otherwise hidden', async () => {
  const run = await runLabInProcess(['generate', '--variant', 'nope', '--verbose', '--backend', 'wasm']);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /\n\s+at /);
});
