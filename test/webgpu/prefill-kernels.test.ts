import assert from 'node:assert/strict';
import { test } from 'node:test';
import { flashBlocks, groupedSplitGroups, KEY_TILE } from '../../src/webgpu/flash-attention-shader.ts';
import { applicablePrefillAttention, PREFILL_ATTENTION, prefillAttentionBlocks, prefillAttentionGroups, prefillAttentionShader } from '../../src/webgpu/prefill-attention-shader.ts';
import { checkMatMul, matMulGroups, matMulShader, matMulWorkgroupBytes, tileCols, tileRows } from '../../src/webgpu/matmul-shaders.ts';
import { prefillTiling } from '../../src/webgpu/recorded-prefill.ts';
import { describeRun, runFileOnSoftwareGpu } from '../helpers/software-gpu.ts';

/** Relative tolerance of a float32 kernel against a float64 reference over sums of at most a few hundred terms. */
const TOLERANCE = 1e-5;

test('the multi-token step\'s tilings: gemma-2b\'s products at a short prompt are split over k until they fill the GPU, the gated pair and the long-k down product take 64 x 128 tiles, a long prompt the large tiles (the gated pair 128 x 64 of each matrix), the pair and a short prompt\'s down product at 16 inputs a step where the device has the workgroup memory, pipelined in the row-vectors layout; every tiling fits workgroup memory', () => {
  const [hidden, qkv, intermediate] = [2048, 2560, 16384];
  const down64 = prefillTiling(64, hidden, intermediate, 1);
  assert.deepEqual([tileRows(down64), tileCols(down64)], [64, 128]);
  assert.deepEqual([tileRows(prefillTiling(64, intermediate, hidden, 2)), tileCols(prefillTiling(64, intermediate, hidden, 2))], [64, 128]);
  assert.deepEqual([tileRows(prefillTiling(64, qkv, hidden, 1)), tileCols(prefillTiling(64, qkv, hidden, 1))], [64, 64]);
  assert.ok(down64.splitK > 1, `the down product at 64 tokens launches ${matMulGroups(64, hidden, down64)} workgroups`);
  assert.ok(matMulGroups(64, hidden, down64)[0] * matMulGroups(64, hidden, down64)[1] >= 256);
  const gate1024 = prefillTiling(1024, intermediate, hidden, 2);
  assert.deepEqual([tileRows(gate1024), tileCols(gate1024), gate1024.splitK, gate1024.layout, gate1024.pipelined], [128, 64, 1, 'row-vectors', true]);
  assert.deepEqual([tileRows(prefillTiling(1024, qkv, hidden, 1)), tileCols(prefillTiling(1024, qkv, hidden, 1))], [128, 128]);
  // Where the device grants the workgroup memory (SwiftShader 32 KiB, the H200 48), the pair stages 16 inputs a step, unrolled and padded.
  const widePair = prefillTiling(1024, intermediate, hidden, 2, 32768);
  assert.deepEqual([tileRows(widePair), tileCols(widePair), widePair.tileK, widePair.unrolled, widePair.padded], [128, 64, 16, true, true]);
  assert.equal(matMulWorkgroupBytes(widePair, 2), 17152);
  for (const [n, k, m] of [[intermediate, hidden, 2], [hidden, intermediate, 1]] as const) {
    const short = prefillTiling(64, n, k, m, 32768);
    assert.deepEqual([tileRows(short), tileCols(short), short.tileK, short.unrolled, short.padded], [64, 128, 16, true, true], 'a short prompt\'s pair and long-k product');
  }
  assert.equal(prefillTiling(64, qkv, hidden, 1, 32768).unrolled, undefined, 'the other short products keep theirs');
  assert.deepEqual(prefillTiling(1024, hidden, intermediate, 1, 32768), prefillTiling(1024, hidden, intermediate, 1), 'the single products keep theirs');
  for (const tokens of [1, 7, 64, 127, 128, 1024, 8192]) {
    for (const [n, k, m] of [[qkv, hidden, 1], [hidden, hidden, 1], [intermediate, hidden, 2], [hidden, intermediate, 1], [256, 64, 1], [128, 64, 2], [64, 128, 1]] as const) {
      const tiling = prefillTiling(tokens, n, k, m);
      assert.doesNotThrow(() => checkMatMul(k, tiling, m), `T=${tokens} [${n}, ${k}] x${m}: ${JSON.stringify(tiling)}`);
      assert.ok(k / tiling.splitK >= Math.min(k, 512), `T=${tokens} [${n}, ${k}]: splits of ${k / tiling.splitK} inputs`);
    }
  }
});

test('a matrix product shader refuses tilings it cannot be generated for: workgroup memory past 16 KiB, k not a multiple of the staged steps', () => {
  const base = { rowThreads: 16, rowsPerThread: 8, colsPerThread: 8, tileK: 16, splitK: 1 };
  assert.doesNotThrow(() => matMulShader(4, 64, 64, 'f32', base, { kind: 'add' }));
  assert.throws(() => matMulShader(4, 64, 64, 'f32', base, { kind: 'gated' }), /24576 bytes of workgroup memory/);
  assert.throws(() => matMulShader(4, 64, 40, 'bf16', { ...base, colsPerThread: 4 }, { kind: 'add' }), /k \(40\) must be a multiple of tileK \(16\)/);
  assert.throws(() => matMulShader(4, 64, 64, 'f32', { ...base, colsPerThread: 6 }, { kind: 'add' }), /colsPerThread must be 4 or 8/);
  assert.throws(() => matMulShader(4, 64, 64, 'f32', { ...base, splitK: 8 }, { kind: 'add' }), /multiple of tileK \(16\) x splitK \(8\)/);
  assert.throws(() => matMulShader(4, 64, 64, 'f32', { ...base, rowsPerThread: 6, colsPerThread: 4, layout: 'row-vectors' }, { kind: 'add' }), /multiple of 4 with the row-vectors layout, got 6/);
  assert.throws(() => matMulShader(4, 64, 64, 'f32', { ...base, layout: 'k-major', unrolled: true }, { kind: 'add' }), /options of the transposed and row-vectors layouts/);
});

test('a matrix product\'s tiles may take the workgroup memory the device grants past 16 KiB; padding adds a vec4 to each input\'s row of every tile', () => {
  const base = { rowThreads: 16, rowsPerThread: 8, colsPerThread: 8, tileK: 32, splitK: 1, layout: 'row-vectors' as const };
  assert.equal(matMulWorkgroupBytes(base, 1), 4 * 32 * 256);
  assert.equal(matMulWorkgroupBytes({ ...base, padded: true }, 1), 4 * 32 * (132 + 132));
  assert.equal(matMulWorkgroupBytes({ ...base, colsPerThread: 4, padded: true }, 2), 4 * 32 * (132 + 2 * 68));
  assert.throws(() => checkMatMul(2048, base, 1), /32768 bytes of workgroup memory, more than 16384/);
  assert.doesNotThrow(() => checkMatMul(2048, base, 1, 32768));
  assert.throws(() => checkMatMul(2048, { ...base, padded: true }, 1, 32768), /33792 bytes of workgroup memory, more than 32768/);
  assert.match(matMulShader(4, 128, 64, 'f32', { ...base, tileK: 8, unrolled: true, padded: true }, { kind: 'add' }), /xTile\[7u \* 33u \+ ty \* 2u \+ 1u\]/);
});

test('the prompt\'s attention takes the subgroups\' reduction only where a row\'s threads fit a subgroup, and rows to spare a thread only where they divide a block\'s heads', () => {
  const options = { ...PREFILL_ATTENTION, reduction: 'subgroups' as const, rowsPerThread: 2 };
  assert.deepEqual(prefillAttentionBlocks(8, 1, 256, 1024, options), { chunks: 16, headsPerGroup: 8, positions: 4 });
  assert.deepEqual(prefillAttentionBlocks(8, 1, 256, 64, options), { chunks: 32, headsPerGroup: 8, positions: 1 });
  assert.deepEqual([PREFILL_ATTENTION.reduction, PREFILL_ATTENTION.rowsPerThread, PREFILL_ATTENTION.keysAStep], ['subgroups', 2, 16], 'the default');
  assert.deepEqual(prefillAttentionGroups(8, 1, 256, 1024, options), [256, 1]);
  const on = (heads: number, kvHeads: number, size: number | undefined) => {
    const applied = applicablePrefillAttention(heads, kvHeads, 256, 1024, options, size);
    return [applied.reduction, applied.rowsPerThread];
  };
  assert.deepEqual(on(8, 1, 32), ['subgroups', 2]);
  assert.deepEqual(on(8, 1, 8), ['workgroup', 1], 'rows of 16 threads do not fit subgroups of 8');
  assert.deepEqual(on(8, 1, undefined), ['workgroup', 1]);
  assert.deepEqual(on(16, 16, 32), ['subgroups', 1], 'gemma-7b: one head a block');
  assert.throws(() => prefillAttentionShader(8, 1, 256, 1100, 1024, { ...options, reduction: 'workgroup' }), /needs the subgroups' reduction/);
  assert.match(prefillAttentionShader(8, 1, 256, 1100, 1024, options), /subgroupShuffleXor\(s1, 8u\)/);
});

test('the grouped split attention puts the query heads sharing a KV head in one workgroup: gemma-2b\'s 8 in one, gemma-7b\'s one head', () => {
  assert.deepEqual(flashBlocks(8, 1), { headsPerGroup: 8, positions: 1 });
  assert.deepEqual(flashBlocks(16, 16), { headsPerGroup: 1, positions: 8 });
  assert.deepEqual(flashBlocks(6, 2), { headsPerGroup: 3, positions: 2 });
  assert.deepEqual(groupedSplitGroups(8, 1, 32, 100), [4, 1]);
  assert.equal(KEY_TILE, 32);
});

test('one row a thread, the prompt\'s attention gives a query row 16 threads (slices of D / 16), the heads of a KV head and as many positions as keep 256 workgroups or more, up to a workgroup of 256 threads; a workgroup left half empty (a short prompt) takes 32 threads a row', () => {
  const one = { ...PREFILL_ATTENTION, rowsPerThread: 1 };
  // gemma-2b: 8 heads on one KV head, D 256.
  assert.deepEqual(prefillAttentionBlocks(8, 1, 256, 1024, one), { chunks: 16, headsPerGroup: 8, positions: 2 });
  assert.deepEqual(prefillAttentionGroups(8, 1, 256, 1024, one), [512, 1]);
  assert.deepEqual(prefillAttentionBlocks(8, 1, 256, 64, one), { chunks: 32, headsPerGroup: 8, positions: 1 });
  assert.deepEqual(prefillAttentionBlocks(8, 1, 256, 64, { ...one, maxChunks: 16 }), { chunks: 16, headsPerGroup: 8, positions: 1 });
  assert.deepEqual(prefillAttentionBlocks(8, 1, 256, 8192, one), { chunks: 16, headsPerGroup: 8, positions: 2 });
  // gemma-7b: 16 heads, 16 KV heads.
  assert.deepEqual(prefillAttentionBlocks(16, 16, 256, 1024, one), { chunks: 16, headsPerGroup: 1, positions: 16 });
  assert.deepEqual(prefillAttentionGroups(16, 16, 256, 1025, one), [65, 16]);
  assert.deepEqual(prefillAttentionBlocks(16, 16, 256, 64, one), { chunks: 32, headsPerGroup: 1, positions: 4 });
  // Slices of whole vec4s; heads a block a divisor of the group.
  assert.deepEqual(prefillAttentionBlocks(6, 2, 8, 1, one), { chunks: 2, headsPerGroup: 3, positions: 1 });
  assert.deepEqual(prefillAttentionBlocks(4, 2, 12, 3, one), { chunks: 1, headsPerGroup: 2, positions: 1 });
  assert.deepEqual(prefillAttentionBlocks(8, 1, 256, 1024, { ...one, maxChunks: 8 }), { chunks: 8, headsPerGroup: 8, positions: 4 });
  assert.throws(() => prefillAttentionBlocks(8, 1, 256, 64, { ...one, positions: 3 }), /3 positions a block do not fit 256 threads \(at most 2\)/);
});

test('on a SwiftShader WebGPU device the tiled products (f32, bf16, f16; every epilogue; split or not; each layout; pipelined, unrolled, padded or not; T of 1, under and across tiles) match float64 references', () => {
  const run = runFileOnSoftwareGpu('test/webgpu/fixtures/prefill-matmul-agree.ts', 480); // 78 products, each a shader SwiftShader compiles
  assert.equal(run.code, 0, describeRun(run));
  const out = JSON.parse(run.stdout) as { checked: { kernel: string; name: string; maxAbsDiff: number; maxAbs: number }[] };
  assert.equal(out.checked.filter((c) => c.kernel === 'matmul').length, 78);
  for (const c of out.checked) {
    assert.ok(c.maxAbs > 0, `${c.kernel}, ${c.name}: the reference is all zero`);
    assert.ok(c.maxAbsDiff <= TOLERANCE * c.maxAbs, `${c.kernel}, ${c.name}: max|Δ| ${c.maxAbsDiff} > ${TOLERANCE} * ${c.maxAbs}`);
  }
});

test('on a SwiftShader WebGPU device a split sum added to the residual and normed in one launch, and the causal flash attention (partial scores added in workgroup memory or by subgroup shuffles, one row a thread or more) match float64 references, and the split-keys combining passes (after the split-keys, grouped or kv-split first pass, at up to 1024 live splits) read only the live splits, and the kv-split pass with RoPE in it writes the step\'s row of the caches', () => {
  const run = runFileOnSoftwareGpu('test/webgpu/fixtures/prefill-kernels-agree.ts');
  assert.equal(run.code, 0, describeRun(run));
  const out = JSON.parse(run.stdout) as { checked: { kernel: string; name: string; maxAbsDiff: number; maxAbs: number }[] };
  const kernels = (kernel: string) => out.checked.filter((c) => c.kernel === kernel);
  assert.equal(kernels('split sum + residual + norm').length, 6);
  assert.equal(kernels('flash attention').length, 20);
  // SwiftShader's subgroups (of 4) hold the rows of 4 threads and fewer: those cases take the shuffles, three with rows to spare.
  const names = kernels('flash attention').map((c) => c.name).join('\n');
  assert.ok(kernels('flash attention').filter((c) => c.name.endsWith('reduced by subgroups')).length >= 6, names);
  assert.ok(kernels('flash attention').filter((c) => /[24] rows a thread, reduced by subgroups$/.test(c.name)).length === 3, names);
  assert.equal(kernels('split-keys combine').length, 2);
  assert.equal(kernels('grouped split + combine').length, 4);
  assert.equal(kernels('kv split + combine').length, 6);
  for (const kernel of ['kv split with rope + combine', 'kv split with rope: keys after', 'kv split with rope: values after']) assert.equal(kernels(kernel).length, 5, kernel);
  for (const c of out.checked) {
    assert.ok(c.maxAbs > 0, `${c.kernel}, ${c.name}: the reference is all zero`);
    assert.ok(c.maxAbsDiff <= TOLERANCE * c.maxAbs, `${c.kernel}, ${c.name}: max|Δ| ${c.maxAbsDiff} > ${TOLERANCE} * ${c.maxAbs}`);
  }
});

test('the recorded multi-token step of a 200-token prompt (past the large tiles\' 128 rows and several key tiles) gives the scanned single-token step\'s logits and caches (decoded by the split8 and the grouped split attention); a prompt past the cache is a LabError that queues nothing', () => {
  const run = runFileOnSoftwareGpu('test/webgpu/fixtures/prefill-agrees.ts', 240, ['f32', '200', '150']);
  assert.equal(run.code, 0, describeRun(run));
  const out = JSON.parse(run.stdout) as {
    checked: { name: string; maxAbsDiff: number; maxAbs: number }[];
    refusals: { name: string; refused: boolean; message: string; logitsKept?: boolean }[];
    tensorsLeft: number;
  };
  assert.equal(out.checked.length, 9);
  for (const c of out.checked) {
    assert.ok(c.maxAbs > 0, `${c.name}: logits are all zero`);
    assert.ok(c.maxAbsDiff <= TOLERANCE * c.maxAbs, `${c.name}: max|Δlogit| ${c.maxAbsDiff} > ${TOLERANCE} * ${c.maxAbs}`);
  }
  assert.equal(out.refusals.length, 3);
  for (const r of out.refusals) {
    assert.ok(r.refused, `${r.name}: not refused with a LabError (${r.message})`);
    assert.match(r.message, /do not fit the recorded step's cache of 16 positions/);
    assert.notEqual(r.logitsKept, false, `${r.name}: the refused step changed the logits`);
  }
  assert.equal(out.tensorsLeft, 0);
});
