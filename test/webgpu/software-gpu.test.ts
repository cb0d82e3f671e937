import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { unsupportedReasons } from '../../src/variants.ts';
import { VARIANTS } from '../../variants/index.ts';
import { isOneLineUserError, PROJECT_ROOT } from '../helpers/cli.ts';
import { describeRun, runFileOnSoftwareGpu, runOnSoftwareGpu, softwareGpuEnv } from '../helpers/software-gpu.ts';

/** The variants that cannot run on a CPU backend are checked here on WebGPU over SwiftShader (test/helpers/software-gpu.ts), slowly but on any machine. */

/** Every registered variant the CPU backend refuses, plus combinations of the recorded step with other slots. */
const WEBGPU_ONLY = VARIANTS.filter((v) => unsupportedReasons(v, VARIANTS, 'wasm').length > 0).map((v) => v.name);
const COMBINATIONS = ['wgsl-recorded-step+wgsl-argmax', 'wgsl-recorded-step+fused-qkv', 'wgsl-recorded-step-shaped@keysPerSplit=16,argmax=in-step+fused-qkv'];

interface VerifyOutput {
  backend: string;
  device: string;
  rows: { variant: string; tokensMatch: boolean; firstMismatch: number | null; relativeDiff: number; passed: boolean }[];
  skipped: { variant: string; reason: string }[];
}

test('every variant the CPU backend refuses, and the recorded step combined with argMax and fused q/k/v, computes the baseline\'s tokens on a SwiftShader WebGPU device', () => {
  assert.ok(WEBGPU_ONLY.includes('wgsl-recorded-step') && WEBGPU_ONLY.includes('wgsl-argmax'), `the webgpu-only variants found: ${WEBGPU_ONLY.join(', ')}`);
  const names = [...WEBGPU_ONLY, ...COMBINATIONS];
  // A short prompt and generation: every new sequence length compiles new TF.js shaders for the composed baseline, seconds each on SwiftShader.
  const run = runOnSoftwareGpu(['verify', '--backend', 'webgpu', '--json', '--prompt', '2,5,9,14', '--max-new-tokens', '4', ...names]);
  assert.equal(run.code, 0, describeRun(run));
  const out = JSON.parse(run.stdout) as VerifyOutput;
  assert.equal(out.backend, 'webgpu');
  assert.match(out.device, /swiftshader/i);
  assert.deepEqual(out.rows.map((r) => r.variant), names);
  assert.deepEqual(out.skipped, []);
  for (const row of out.rows) {
    assert.ok(row.passed && row.tokensMatch && row.firstMismatch === null, `${row.variant}: ${JSON.stringify(row)}`);
  }
});

test('the recorded steps combined with the parallel prefill (the whole prompt in one multi-token step) compute the baseline\'s tokens on a SwiftShader WebGPU device; a prompt past maxSeq is one line, exit 2', () => {
  const names = ['parallel-prefill+wgsl-recorded-step', 'parallel-prefill+wgsl-recorded-step-split8-paired', 'parallel-prefill+wgsl-recorded-step-norm-folded+fused-qkv'];
  const run = runOnSoftwareGpu(['verify', '--backend', 'webgpu', '--json', '--prompt', '2,5,9,14,3,7,1', '--max-new-tokens', '4', ...names]);
  assert.equal(run.code, 0, describeRun(run));
  const out = JSON.parse(run.stdout) as VerifyOutput;
  assert.deepEqual(out.rows.map((r) => r.variant), names);
  for (const row of out.rows) assert.ok(row.passed && row.tokensMatch && row.firstMismatch === null, `${row.variant}: ${JSON.stringify(row)}`);

  const tooLong = Array.from({ length: 129 }, (_, i) => String(i % 200)).join(',');
  const refused = runOnSoftwareGpu(['verify', '--backend', 'webgpu', '--prompt', tooLong, '--max-new-tokens', '1', 'parallel-prefill+wgsl-recorded-step-split8-paired']);
  assert.ok(isOneLineUserError(refused), describeRun(refused));
  assert.match(refused.stderr, /exceeds maxSeq 128/);
});

test("lab profile of a recorded variant times its step's own launches on the GPU: the whole-prompt step and a generation step, the latter also as it runs with each kind's cost in it", () => {
  const run = runOnSoftwareGpu(['profile', 'parallel-prefill+wgsl-recorded-step-split8-paired', '--backend', 'webgpu', '--model', 'tiny', '--prompt-len', '5', '--gen-len', '4', '--warmup', '0', '--format', 'json', '--no-store']);
  assert.equal(run.code, 0, describeRun(run));
  const out = JSON.parse(run.stdout) as { recorded: { step: string; tokens: number; position: number; launchCount: number; totalMs: number; inStepMs: number | null; launches: { launch: string; count: number; ms: number; pct: number; gbPerS: number | null; inStepUs: number | null }[] }[] | null; recordedNote: string | null };
  assert.equal(out.recordedNote, null);
  assert.deepEqual(out.recorded!.map((r) => [r.step, r.tokens, r.position]), [['prefill', 5, 0], ['generation', 1, 6]]);
  for (const step of out.recorded!) {
    assert.equal(step.launches.reduce((sum, l) => sum + l.count, 0), step.launchCount, step.step);
    assert.ok(step.totalMs > 0 && Math.abs(step.launches.reduce((sum, l) => sum + l.ms, 0) - step.totalMs) < 1e-9, step.step);
    assert.ok(step.launches.some((l) => l.launch === 'attention') && step.launches.some((l) => l.gbPerS !== null && l.gbPerS > 0), JSON.stringify(step.launches));
    // The generation step is also timed as it runs, with each kind's marginal cost in it (noise on a CPU-emulated GPU, but numbers); the prefill's is not.
    const generation = step.step === 'generation';
    assert.equal(step.inStepMs !== null && step.inStepMs > 0, generation, `${step.step}: inStepMs ${step.inStepMs}`);
    assert.ok(step.launches.every((l) => (generation ? Number.isFinite(l.inStepUs) : l.inStepUs === null)), JSON.stringify(step.launches));
  }
  // A variant that does not record its step has nothing of the kind.
  const plain = runOnSoftwareGpu(['profile', 'wgsl-argmax', '--backend', 'webgpu', '--model', 'tiny', '--prompt-len', '3', '--gen-len', '2', '--warmup', '0', '--format', 'json', '--no-store']);
  assert.equal(plain.code, 0, describeRun(plain));
  assert.equal((JSON.parse(plain.stdout) as { recorded: unknown }).recorded, null);
});

test('auto passes over a software WebGPU adapter, saying so, and runs on a CPU backend', () => {
  const backends = runOnSoftwareGpu(['backends']);
  assert.equal(backends.code, 0, describeRun(backends));
  const webgpu = backends.stdout.split('\n').find((line) => /^\S+\s+webgpu\s/.test(line));
  assert.ok(webgpu, describeRun(backends));
  assert.match(webgpu, /^no\s+webgpu\s+only a software WebGPU adapter \(swiftshader\)/i);

  const verify = runOnSoftwareGpu(['verify', '--backend', 'auto', '--json', '--prompt', '2,5', '--max-new-tokens', '1', 'baseline']);
  assert.equal(verify.code, 0, describeRun(verify));
  const out = JSON.parse(verify.stdout) as VerifyOutput;
  assert.notEqual(out.backend, 'webgpu');
  assert.doesNotMatch(out.device, /swiftshader|webgpu/i);
});

test("the WGSL argMax kernels (TF.js's two, the recorded step's) pick the first index of the maximum: ties, ragged and single-element inputs, gemma's vocabulary", () => {
  const run = runFileOnSoftwareGpu('test/webgpu/fixtures/argmax-agrees.ts');
  assert.equal(run.code, 0, describeRun(run));
  type InStep = { next: number; chosen: number };
  const out = JSON.parse(run.stdout) as { results: { name: string; n: number; expected: number; oneWorkgroup: number; wide: number; inStep: InStep }[]; allMinusInfinity: { expected: number; inStep: InStep }; tensorsLeft: number };
  assert.equal(out.results.length, 8);
  for (const r of out.results) {
    assert.equal(r.oneWorkgroup, r.expected, `one workgroup, ${r.name}`);
    assert.equal(r.wide, r.expected, `wide, ${r.name}`);
    assert.deepEqual(r.inStep, { next: r.expected, chosen: r.expected }, `in the recorded step, ${r.name}`);
  }
  assert.deepEqual(out.allMinusInfinity.inStep, { next: 0, chosen: 0 }, 'in the recorded step, every logit -inf');
  assert.equal(out.results.find((r) => r.name.startsWith('a tie: the first'))!.expected, 1_031);
  assert.equal(out.tensorsLeft, 0);
});

test('recorded steps built with other options (split-keys attention, norms folded into products, other tilings, every recorded execution) give the first step\'s logits at every split boundary', () => {
  // Every distinct step runs every position on a CPU-emulated GPU: minutes, on a 2-core machine (8 alone on session 16's).
  const run = runFileOnSoftwareGpu('test/webgpu/fixtures/step-options-agree.ts', 1200);
  assert.equal(run.code, 0, describeRun(run));
  const out = JSON.parse(run.stdout) as { keysPerSplit: number; capacity: number; options: string[]; subgroups: { ok: boolean }; checked: { options: string; pos: number; maxAbsDiff: number; maxAbs: number }[] };
  assert.ok(out.capacity > 3 * out.keysPerSplit, 'the positions fill more than three splits');
  assert.deepEqual(out.subgroups.ok, true, `SwiftShader's subgroups: ${JSON.stringify(out.subgroups)}`);
  for (const name of ['split-keys', 'norms in products', 'split-keys, rope in attention', 'split-keys by 4, rope in attention, norms in products', 'reduction by subgroups', 'reduction by subgroups, 64 lanes x 2 rows, norms in products', 'reduction by subgroups, 256 lanes x 3 rows', 'kv-split by 64', 'kv-split by 128, subgroups, norms in products', 'kv-split by 64, rope in attention', 'reading 64 KiB ahead, unrolled by 2, 32 lanes', 'reading 1 MiB ahead, kv-split by 64, subgroups, norms in products', 'execution wgsl-recorded-split', 'execution wgsl-recorded-split-norms-folded', 'execution wgsl-recorded-split-tuned', 'execution wgsl-recorded-split-tuned-norms-folded', 'execution wgsl-recorded-split-paired-norms-folded', 'execution wgsl-recorded-split-k16-tuned-norms-folded', 'execution wgsl-recorded-split-k8-tuned-norms-folded', 'execution wgsl-recorded-split-k4-tuned-norms-folded', 'execution wgsl-recorded-split-k8-paired-norms-folded']) {
    assert.ok(out.options.includes(name), `${name} is checked`);
  }
  for (const name of out.options) {
    const mine = out.checked.filter((c) => c.options === name);
    assert.deepEqual(mine.map((c) => c.pos), [0, out.keysPerSplit, 2 * out.keysPerSplit, 3 * out.keysPerSplit, out.capacity - 1], name);
    for (const c of mine) {
      assert.ok(c.maxAbs > 0, `${name}, position ${c.pos}: logits are all zero`);
      assert.ok(c.maxAbsDiff <= 1e-5 * c.maxAbs, `${name}, position ${c.pos}: max|Δlogit| ${c.maxAbsDiff} > 1e-5 * ${c.maxAbs}`);
    }
  }
});

test('in bf16 and f16 the recorded steps (with the parallel prefill too), reading the weights packed two to a u32, compute the baseline\'s tokens and logits on the same values', () => {
  const names = ['wgsl-recorded-step', 'wgsl-recorded-step-split8-paired+wgsl-argmax-wide+fused-qkv', 'wgsl-recorded-step-norm-folded', 'parallel-prefill+wgsl-recorded-step-split8-paired'];
  for (const dtype of ['bf16', 'f16']) {
    const run = runOnSoftwareGpu(['verify', '--backend', 'webgpu', '--json', '--weights-dtype', dtype, '--prompt', '2,5,9,14', '--max-new-tokens', '4', ...names]);
    assert.equal(run.code, 0, describeRun(run));
    const out = JSON.parse(run.stdout) as VerifyOutput & { weightsDtype: string; model: string };
    assert.equal(out.weightsDtype, dtype);
    assert.match(out.model, new RegExp(`seed 1, ${dtype}\\)`));
    assert.deepEqual(out.rows.map((r) => r.variant), names);
    for (const row of out.rows) assert.ok(row.passed && row.tokensMatch, `${dtype} ${row.variant}: ${JSON.stringify(row)}`);
    if (dtype === 'f16') assert.match(run.stderr, /f16 is served packed two to a u32 and widened by unpack2x16float/);
  }
});

test('weights drawn on the device in bf16 and f16 are the host\'s bit for bit (subnormals and overflow included), and packed rows stack word for word', () => {
  const run = runFileOnSoftwareGpu('test/webgpu/fixtures/seeded-dtypes-agree.ts');
  assert.equal(run.code, 0, describeRun(run));
  const out = JSON.parse(run.stdout) as { results: { dtype: string; std: number; form: string; words: number; differing: number }[]; stackedWords: number; stackedDiffering: number; tensorsLeft: number };
  assert.equal(out.results.length, 16);
  for (const r of out.results) assert.equal(r.differing, 0, `${r.dtype} ${r.form} at std ${r.std}: ${r.differing} of ${r.words} words differ`);
  assert.equal(out.stackedDiffering, 0);
  assert.equal(out.tensorsLeft, 0);
});

test('a BF16 checkpoint read as bf16 and as f16 by the recorded steps, and a vocabulary in row blocks, match the float64 reference (test/model/narrow-weights.test.ts on webgpu)', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', 'test/model/narrow-weights.test.ts'], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    timeout: 240_000,
    // Without NODE_TEST_CONTEXT, which would make the child report to this runner instead of printing its results.
    env: { ...Object.fromEntries(Object.entries(process.env).filter(([key]) => key !== 'NODE_TEST_CONTEXT')), ...softwareGpuEnv(), LAB_TEST_BACKEND: 'webgpu' },
  });
  assert.equal(r.status, 0, describeRun({ code: r.status, stdout: r.stdout, stderr: r.stderr }));
  assert.match(r.stdout, /ok \d+ - a BF16 checkpoint as bf16 on webgpu: baseline, wgsl-recorded-step/);
  assert.match(r.stdout, /ok \d+ - wgsl-recorded-step-split8-paired\+wgsl-argmax-wide\+fused-qkv in bf16 with the embedding split into row blocks/);
  assert.match(r.stdout, /ok \d+ - a BF16 checkpoint as f16 on webgpu/);
});
