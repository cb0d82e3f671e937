import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { LabError } from '../../src/errors.ts';
import { reproduceCommand } from '../../src/sweep/runner.ts';
import { resolveSweep, type SweepRequest } from '../../src/sweep/settings.ts';
import { VARIANTS } from '../../variants/index.ts';
import { PROJECT_ROOT } from '../helpers/cli.ts';

const resolve = (request: Partial<SweepRequest>) => resolveSweep({ git: false, variants: ['wgsl-recorded-step'], backend: 'webgpu', ...request }, VARIANTS, PROJECT_ROOT);

test('--weights-dtype reaches the sweep settings, from a flag or the experiment file, and its reproduce command; absent, it stays absent', () => {
  assert.equal(resolve({ weightsDtype: 'bf16' }).settings.weightsDtype, 'bf16');
  assert.equal('weightsDtype' in resolve({}).settings, false, 'sweeps that never named a dtype record none');
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lab-dtype-')), 'dtype.json');
  fs.writeFileSync(file, JSON.stringify({ variants: ['wgsl-recorded-step'], backend: 'webgpu', weightsDtype: 'f16' }));
  assert.equal(resolve({ experiment: file }).settings.weightsDtype, 'f16');
  assert.equal(resolve({ experiment: file, weightsDtype: 'bf16' }).settings.weightsDtype, 'bf16');
  const settings = resolve({ weightsDtype: 'bf16' }).settings;
  assert.match(reproduceCommand(settings, 'wgsl-recorded-step', 'lab/x/wgsl-recorded-step'), / --weights-dtype bf16$/);
  assert.doesNotMatch(reproduceCommand(resolve({}).settings, 'wgsl-recorded-step', 'lab/x/wgsl-recorded-step'), /weights-dtype/);
});

test('an unknown --weights-dtype, and a narrow one on a CPU backend, are refused before the sweep writes anything', () => {
  assert.throws(() => resolve({ weightsDtype: 'fp8' }), (e: unknown) => e instanceof LabError && /--weights-dtype "fp8" is not one of f32, bf16, f16/.test(e.message));
  assert.throws(
    () => resolve({ weightsDtype: 'bf16', backend: 'wasm', variants: ['fused-qkv'] }),
    (e: unknown) => e instanceof LabError && /--weights-dtype bf16 needs the webgpu backend/.test(e.message),
  );
  assert.equal(resolve({ weightsDtype: 'f32', backend: 'wasm', variants: ['fused-qkv'] }).settings.weightsDtype, 'f32');
});
