import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isOneLineUserError, runLab } from '../helpers/cli.ts';

test('--weights-dtype bf16 on a CPU backend is one line, exit 2, nothing on stdout, for generate, verify and profile', () => {
  for (const args of [['generate'], ['verify', 'fused-qkv'], ['profile', '--no-store']]) {
    const run = runLab([...args, '--backend', 'wasm', '--weights-dtype', 'bf16']);
    assert.ok(isOneLineUserError(run), `${args[0]}: exit ${run.code}, stderr ${run.stderr}`);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /^error: --weights-dtype bf16 needs the webgpu backend: TF\.js has no bf16 tensors/);
  }
  const bad = runLab(['generate', '--backend', 'wasm', '--weights-dtype', 'int8']);
  assert.ok(isOneLineUserError(bad), bad.stderr);
  assert.match(bad.stderr, /--weights-dtype "int8" is not one of f32, bf16, f16/);
});

test('--weights-dtype f32 on wasm generates as without it, and says so in --json', () => {
  const plain = runLab(['generate', '--backend', 'wasm', '--json']);
  const f32 = runLab(['generate', '--backend', 'wasm', '--json', '--weights-dtype', 'f32']);
  assert.equal(f32.code, 0, f32.stderr);
  const [a, b] = [JSON.parse(plain.stdout), JSON.parse(f32.stdout)] as { tokens: number[]; weightsDtype: string }[];
  assert.deepEqual(b!.tokens, a!.tokens);
  assert.equal(a!.weightsDtype, 'f32');
});
