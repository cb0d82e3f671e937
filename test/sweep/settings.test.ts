import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { LabError } from '../../src/errors.ts';
import { measuringKindOf, resolveSweep, type SweepRequest } from '../../src/sweep/settings.ts';
import { VARIANTS } from '../../variants/index.ts';
import { PROJECT_ROOT } from '../helpers/cli.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-settings-'));
const resolve = (request: Partial<SweepRequest>) => resolveSweep({ git: false, ...request }, VARIANTS, PROJECT_ROOT);

function rejects(request: Partial<SweepRequest>, message: RegExp): void {
  assert.throws(() => resolve(request), (e: unknown) => e instanceof LabError && message.test(e.message), `expected ${message}`);
}

test('experiments/seed-rerun.json reruns the seed: its four experiments against the baseline, n=10 paired rounds, judged robustly', () => {
  const { settings, variants } = resolve({ experiment: 'experiments/seed-rerun.json' });
  assert.deepEqual(variants.map((v) => v.name), ['baseline', 'batched-attention', 'no-outer-map', 'fused-qkv', 'batched-no-outer-map']);
  assert.equal(settings.runs, 10);
  assert.equal(settings.stat, 'robust');
  assert.equal(settings.paired, true);
  assert.equal(settings.model, 'small');
});

test('flags override the experiment file, which overrides the defaults', () => {
  const { settings } = resolve({ experiment: 'experiments/seed-rerun.json', runs: 3, model: 'tiny' });
  assert.equal(settings.runs, 3);
  assert.equal(settings.model, 'tiny');
  assert.equal(settings.genLen, 64);
  assert.equal(resolve({}).settings.warmup, 1);
  // Processes are the unit by default: 4 per variant, or one for every 2 runs when there are fewer.
  assert.equal(resolve({}).settings.processes, 4);
  assert.equal(resolve({ runs: 5 }).settings.processes, 2);
  assert.equal(resolve({ runs: 3 }).settings.processes, 1);
  assert.equal(resolve({ inProcess: true }).settings.processes, 1);
});

test('--processes spreads the runs over worker processes: from a flag or the experiment file, never more than the runs, never in-process', () => {
  assert.equal(resolve({ runs: 6, processes: 3 }).settings.processes, 3);
  const file = path.join(tmp, 'processes.json');
  fs.writeFileSync(file, JSON.stringify({ variants: ['fused-qkv'], runs: 6, processes: 2 }));
  assert.equal(resolve({ experiment: file }).settings.processes, 2);
  assert.equal(resolve({ experiment: file, processes: 6 }).settings.processes, 6);
  rejects({ runs: 3, processes: 4 }, /--processes 4 is more than --runs 3/);
  rejects({ processes: 0 }, /--processes must be an integer >= 1/);
  rejects({ processes: 1.5 }, /--processes must be an integer >= 1/);
  rejects({ runs: 4, processes: 2, inProcess: true }, /--in-process .* cannot spread runs over --processes 2/);
  assert.equal(resolve({ runs: 4, processes: 1, inProcess: true }).settings.inProcess, true);
});

test('the default shape follows the backend: a process per run (12) on a CPU one, 10 runs over 4 processes on a GPU', async () => {
  const cpu = resolve({ variants: ['fused-qkv'], measuring: 'cpu' }).settings;
  assert.deepEqual([cpu.runs, cpu.processes], [12, 12]);
  const cpuRuns = resolve({ variants: ['fused-qkv'], measuring: 'cpu', runs: 6 }).settings;
  assert.deepEqual([cpuRuns.runs, cpuRuns.processes], [6, 6]);
  assert.equal(resolve({ variants: ['fused-qkv'], measuring: 'cpu', runs: 6, processes: 2 }).settings.processes, 2);
  assert.equal(resolve({ variants: ['fused-qkv'], measuring: 'cpu', inProcess: true }).settings.processes, 1);
  const gpu = resolve({ variants: ['fused-qkv'], measuring: 'gpu' }).settings;
  assert.deepEqual([gpu.runs, gpu.processes], [10, 4]);
  assert.equal(resolve({ variants: ['fused-qkv'], measuring: 'gpu', runs: 6 }).settings.processes, 3);
  rejects({ variants: ['fused-qkv'], measuring: 'cpu', untilResolved: true, maxRuns: 10 }, /--max-runs 10 is less than --runs 12, the first look/);
  // Named backends are known without loading anything; auto is what initBackend would pick here.
  assert.equal(await measuringKindOf({ backend: 'wasm' }, PROJECT_ROOT), 'cpu');
  assert.equal(await measuringKindOf({ backend: 'webgpu' }, PROJECT_ROOT), 'gpu');
  const file = path.join(tmp, 'gpu-backend.json');
  fs.writeFileSync(file, JSON.stringify({ variants: ['fused-qkv'], backend: 'cpu' }));
  assert.equal(await measuringKindOf({ experiment: file }, PROJECT_ROOT), 'cpu');
});

test('--correction: none by default, holm from a flag or the experiment file, anything else refused', () => {
  assert.equal(resolve({}).settings.correction, 'none');
  assert.equal(resolve({ correction: 'holm' }).settings.correction, 'holm');
  const file = path.join(tmp, 'correction.json');
  fs.writeFileSync(file, JSON.stringify({ variants: ['fused-qkv'], correction: 'holm' }));
  assert.equal(resolve({ experiment: file }).settings.correction, 'holm');
  assert.equal(resolve({ experiment: file, correction: 'none' }).settings.correction, 'none');
  rejects({ correction: 'bonferroni' }, /unknown --correction "bonferroni"/);
  const wrongType = path.join(tmp, 'correction-number.json');
  fs.writeFileSync(wrongType, JSON.stringify({ correction: 1 }));
  rejects({ experiment: wrongType }, /"correction" must be a string, got 1/);
});

test('by default every registered variant is measured, the baseline first, each once', () => {
  const { variants } = resolve({ variants: ['fused-qkv', 'baseline', 'fused-qkv'] });
  assert.deepEqual(variants.map((v) => v.name), ['baseline', 'fused-qkv']);
  assert.deepEqual(resolve({}).variants.map((v) => v.name), VARIANTS.map((v) => v.name).filter((n) => !n.startsWith('wgsl-')));
});

test('variants made for one backend join the default list on that backend only, and are refused by name on another', () => {
  assert.ok(resolve({ backend: 'webgpu' }).variants.some((v) => v.name === 'wgsl-matvec'));
  assert.ok(!resolve({ backend: 'wasm' }).variants.some((v) => v.name === 'wgsl-matvec'));
  rejects({ variants: ['wgsl-matvec'], backend: 'wasm' }, /variant wgsl-matvec cannot run on the wasm backend: linear \(wgsl-matvec: webgpu only\)/);
  assert.deepEqual(resolve({ variants: ['wgsl-matvec'], backend: 'webgpu' }).variants.map((v) => v.name), ['baseline', 'wgsl-matvec']);
});

test('--combine adds a composition of variants that fill different slots', () => {
  const { variants } = resolve({ variants: ['fused-qkv'], combine: ['batched-attention+fused-qkv'] });
  const combined = variants.find((v) => v.name === 'batched-attention+fused-qkv')!;
  assert.deepEqual(Object.keys(combined.slots).sort(), ['attentionCore', 'qkvProjection']);
});

test('bad settings are refused with one clear message before anything runs', () => {
  rejects({ runs: 1 }, /--runs must be an integer >= 2.*no standard deviation/);
  rejects({ runs: 2.5 }, /--runs/);
  rejects({ warmup: -1 }, /--warmup/);
  rejects({ promptLen: -4 }, /--prompt-len/);
  rejects({ genLen: 0 }, /--gen-len/);
  rejects({ model: 'tiny', promptLen: 100, genLen: 100 }, /exceeds the model's maxSeq 128/);
  rejects({ variants: ['nope'] }, /unknown variant "nope"/);
  rejects({ combine: ['batched-attention+batched-no-outer-map'] }, /both fill the attentionCore slot/);
  rejects({ combine: ['batched-attention+nope'] }, /unknown variant "nope"/);
  rejects({ backend: 'tpu' }, /unknown backend/);
  rejects({ noiseThreshold: -1 }, /--noise-threshold/);
  rejects({ experiment: path.join(tmp, 'missing.json') }, /cannot read experiment file/);
});

test('a malformed experiment file is reported with its file, line and column', () => {
  const file = path.join(tmp, 'broken.json');
  fs.writeFileSync(file, '{\n  "runs": 5,\n  "model": small\n}\n');
  rejects({ experiment: file }, /broken\.json: malformed JSON at line 3, column \d+/);
});

test('an experiment file with an unknown setting, a wrong type or a clash is refused', () => {
  const write = (name: string, body: unknown) => {
    const file = path.join(tmp, name);
    fs.writeFileSync(file, JSON.stringify(body));
    return file;
  };
  rejects({ experiment: write('unknown.json', { runz: 5 }) }, /unknown setting "runz"/);
  rejects({ experiment: write('type.json', { runs: '5' }) }, /"runs" must be a number/);
  rejects({ experiment: write('clash.json', { combine: ['batched-attention+batched-no-outer-map'] }) }, /both fill the attentionCore slot/);
  rejects({ experiment: write('array.json', [1, 2]) }, /must be a JSON object/);
});

test('experiments/next-baseline.json reruns the other tweaks on top of batched attention, which is its baseline', () => {
  const { settings, variants } = resolve({ experiment: 'experiments/next-baseline.json' });
  assert.equal(settings.baseline, 'batched-attention');
  assert.equal(variants[0]!.name, 'batched-attention');
  assert.ok(variants.slice(1).every((v) => v.name.startsWith('batched-attention+') && v.slots.attentionCore?.name === 'batched'));
  assert.equal(variants.length, 8);
});
