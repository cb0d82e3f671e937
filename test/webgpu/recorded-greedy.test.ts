import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeRun, runFileOnSoftwareGpu } from '../helpers/software-gpu.ts';

test("on a SwiftShader WebGPU device the in-step greedy loop times its own GPU span: after its first token's work began, before the call returned", () => {
  const run = runFileOnSoftwareGpu('test/webgpu/fixtures/greedy-gpu-span.ts', 240);
  assert.equal(run.code, 0, describeRun(run));
  const out = JSON.parse(run.stdout) as { timestamps: boolean; calls: { tokens: number[]; generationS: number; gpuS: number | null }[] };
  assert.ok(out.timestamps, 'SwiftShader offers timestamp-query');
  assert.equal(out.calls.length, 2);
  assert.deepEqual(out.calls[1]!.tokens, out.calls[0]!.tokens);
  for (const [i, c] of out.calls.entries()) {
    assert.equal(c.tokens.length, 8);
    assert.ok(c.gpuS !== null && Number.isFinite(c.gpuS) && c.gpuS > 0, `call ${i}: GPU span ${c.gpuS}`);
    // The span lies inside the generation's wall-clock time: it starts after the clock started and ends before the tokens came back.
    assert.ok(c.gpuS <= c.generationS, `call ${i}: GPU span ${c.gpuS} s over the generation's ${c.generationS} s`);
  }
});
