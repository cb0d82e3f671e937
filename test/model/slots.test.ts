import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BASELINE_IMPLEMENTATIONS } from '../../src/model/baseline-implementations.ts';
import { recordedExecution, recordedSplitExecution } from '../../src/model/implementations/execution.ts';
import { wgslMatVec } from '../../src/model/implementations/linear.ts';
import { inStepArgMaxGeneration } from '../../src/model/implementations/generation.ts';
import { parallelPrefill } from '../../src/model/implementations/prefill.ts';
import { boundElsewhere, describeImplementations, isPerformedByExecution, unsupportedOn, type Implementations } from '../../src/model/slots.ts';
import { fusedQkv } from '../../src/model/implementations/qkv-projection.ts';

const recordedOverMatMul: Implementations = { ...BASELINE_IMPLEMENTATIONS, execution: recordedExecution };
const recordedWithParallelPrefill: Implementations = { ...BASELINE_IMPLEMENTATIONS, execution: recordedExecution, linear: wgslMatVec, prefill: parallelPrefill };

test('the baseline implementations run on every backend', () => {
  for (const backend of ['wasm', 'cpu', 'webgpu', 'node']) {
    assert.deepEqual(unsupportedOn(BASELINE_IMPLEMENTATIONS, backend), [], backend);
  }
});

test('the recorded execution over stock matMul is refused on wasm for its backend and for the [in, out] weights, pointing to wgsl-matvec', () => {
  const reasons = unsupportedOn(recordedOverMatMul, 'wasm');
  assert.equal(reasons.length, 2, reasons.join('; '));
  assert.equal(reasons[0], 'execution (wgsl-recorded: webgpu only)');
  assert.match(reasons[1]!, /^execution \(wgsl-recorded\) reads the weights \[out, in\], but linear \(matmul\) prepares them \[in, out\]: pair it with wgsl-matvec$/);
  assert.deepEqual(unsupportedOn(recordedOverMatMul, 'webgpu'), [reasons[1]], 'on webgpu only the pairing remains');
});

test('on webgpu, the recorded execution over wgsl-matvec takes the parallel prefill (its multi-token step runs the whole prompt)', () => {
  assert.deepEqual(unsupportedOn(recordedWithParallelPrefill, 'webgpu'), []);
});

test('the in-step argmax runs only with an execution that records its steps: with TF.js ops it is refused, naming the execution', () => {
  assert.deepEqual(unsupportedOn({ ...recordedWithParallelPrefill, generation: inStepArgMaxGeneration }, 'webgpu'), []);
  const composed = { ...BASELINE_IMPLEMENTATIONS, generation: inStepArgMaxGeneration };
  assert.deepEqual(unsupportedOn(composed, 'webgpu'), [
    'generation (in-step-argmax) chooses each token inside a recorded step, which execution (tfjs-ops) does not record: pair it with a wgsl-recorded-step execution',
  ]);
  assert.deepEqual(unsupportedOn(composed, 'wasm')[0], 'generation (in-step-argmax: webgpu only)');
});

test('both recorded executions refuse the same pairings, each under its own name', () => {
  const split = { ...recordedWithParallelPrefill, linear: BASELINE_IMPLEMENTATIONS.linear, execution: recordedSplitExecution };
  const reasons = unsupportedOn(split, 'webgpu');
  assert.equal(reasons.length, 1, reasons.join('; '));
  assert.match(reasons[0]!, /^execution \(wgsl-recorded-split\) reads the weights \[out, in\].*pair it with wgsl-matvec$/);
});

test('boundElsewhere lists only the implementations bound to other backends, in slot order, never a refused pairing', () => {
  assert.deepEqual(boundElsewhere(recordedOverMatMul, 'wasm'), ['execution (wgsl-recorded: webgpu only)']);
  assert.deepEqual(boundElsewhere(recordedWithParallelPrefill, 'wasm'), ['execution (wgsl-recorded: webgpu only)', 'linear (wgsl-matvec: webgpu only)']);
  assert.deepEqual(boundElsewhere(recordedOverMatMul, 'webgpu'), []);
  assert.deepEqual(boundElsewhere(recordedWithParallelPrefill, 'webgpu'), []);
});

test('under a recorded execution, the slots it performs itself are described as in it; the slots it honours keep their implementation', () => {
  const described = describeImplementations({ ...BASELINE_IMPLEMENTATIONS, execution: recordedSplitExecution, linear: wgslMatVec, qkvProjection: fusedQkv });
  for (const slot of ['attentionCore', 'groupMapping', 'kvCache', 'norm', 'rope', 'mlpActivation'] as const) {
    assert.equal(described[slot], 'in wgsl-recorded-split', slot);
    assert.ok(isPerformedByExecution(described[slot]), slot);
  }
  assert.equal(described.execution, 'wgsl-recorded-split');
  assert.equal(described.linear, 'wgsl-matvec');
  assert.equal(described.qkvProjection, 'fused');
  assert.equal(described.prefill, BASELINE_IMPLEMENTATIONS.prefill.name);
  assert.equal(described.generation, BASELINE_IMPLEMENTATIONS.generation.name);
  for (const name of Object.values(describeImplementations(BASELINE_IMPLEMENTATIONS))) assert.ok(!isPerformedByExecution(name), name);
});
