import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  attentionShader, f32Literal, gatedMatVecShader, lanesPerKey, lanesPerRow, lanesPerRowTiling, matVecGroups, matVecShader, splitAttentionShader, STEP_ATTENTION_MAX_KEYS, pairedTiling, shapedTiling, tunedTiling, WORKGROUP,
} from '../../src/webgpu/step-kernels.ts';

/** WGSL's decimal float literal with the f suffix, after an optional unary minus. */
const WGSL_F32_LITERAL = /^-?(([0-9]*\.[0-9]+|[0-9]+\.[0-9]*)([eE][+-]?[0-9]+)?|[0-9]+[eE][+-]?[0-9]+)f$/;

test('f32Literal writes a WGSL f32 literal that parses back to exactly the float32 nearest the value', () => {
  const values = [1e-6, Math.sqrt(2048), 1 / Math.sqrt(256), 1 / Math.sqrt(80), 0.044715, Math.sqrt(2 / Math.PI), 2048, 64, 1, 0, -3.5, 0.1, 1e21, 3.4e38, 1e-40];
  for (const value of values) {
    const literal = f32Literal(value);
    assert.match(literal, WGSL_F32_LITERAL, `${value} -> ${literal}`);
    assert.equal(Math.fround(Number(literal.slice(0, -1))), Math.fround(value), `${value} -> ${literal}`);
  }
  assert.equal(f32Literal(2048), '2048.0f');
  assert.equal(f32Literal(0.5), '0.5f');
});

test('f32Literal refuses values with no finite float32', () => {
  for (const value of [Infinity, -Infinity, NaN, 1e39, -1e39]) {
    assert.throws(() => f32Literal(value), /not a finite float32/, String(value));
  }
});

test('lanesPerKey is the largest power of two up to 32 that divides the head dimension', () => {
  assert.deepEqual([256, 16, 64, 80, 6].map(lanesPerKey), [32, 16, 32, 16, 2]);
  for (let headDim = 1; headDim <= 300; headDim++) {
    const lanes = lanesPerKey(headDim);
    assert.ok(lanes >= 1 && lanes <= 32 && (lanes & (lanes - 1)) === 0, `${headDim} -> ${lanes}`);
    assert.equal(headDim % lanes, 0, `${headDim} -> ${lanes}`);
    assert.ok(lanes === 32 || headDim % (lanes * 2) !== 0, `${headDim} -> ${lanes} is not the largest`);
  }
});

test('lanesPerRow gives a row a warp, doubling until each lane reads at most 16 vec4 or the row has the whole workgroup', () => {
  assert.deepEqual([1, 16, 512, 513, 1024, 4096, 1_000_000].map(lanesPerRow), [32, 32, 32, 64, 64, 256, 256]);
  for (const k4 of [1, 100, 512, 600, 2048, 4096, 16384]) {
    const lanes = lanesPerRow(k4);
    assert.ok(k4 / lanes <= 16 || lanes === WORKGROUP, `${k4} -> ${lanes}`);
    assert.ok(lanes === 32 || k4 / (lanes / 2) > 16, `${k4} -> ${lanes} is more than needed`);
  }
});

test('matVecGroups launches enough workgroups for every row at the lanes each row gets', () => {
  assert.equal(matVecGroups(256000, 2048), 32000); // gemma-2b logits: 8 rows a workgroup
  assert.equal(matVecGroups(2048, 16384), 2048); // gemma-2b MLP down: a workgroup a row
  assert.equal(matVecGroups(256, 64), 32); // tiny logits
  assert.equal(matVecGroups(10, 64), 2); // a last, partly filled workgroup
});

test('the per-head attention shader refuses a cache longer than its workgroup memory holds; the split-keys one does not', () => {
  assert.doesNotThrow(() => attentionShader(8, 1, 256, STEP_ATTENTION_MAX_KEYS));
  assert.throws(() => attentionShader(8, 1, 256, STEP_ATTENTION_MAX_KEYS + 1), new RegExp(`capacity ${STEP_ATTENTION_MAX_KEYS + 1} exceeds ${STEP_ATTENTION_MAX_KEYS}`));
  assert.doesNotThrow(() => splitAttentionShader(8, 1, 256, 8192, 32));
});

test('tunedTiling gives gemma-2b\'s short products 128 lanes, keeps the logits at a warp, and pairs the rows of the long down product', () => {
  const tiling = (n: number, k: number) => tunedTiling(n, k);
  assert.deepEqual(tiling(2560, 2048), { lanes: 128, rowsPerThread: 1 }); // fused q/k/v
  assert.deepEqual(tiling(2048, 2048), { lanes: 128, rowsPerThread: 1 }); // output
  assert.deepEqual(tiling(16384, 2048), { lanes: 128, rowsPerThread: 1 }); // gate/up
  assert.deepEqual(tiling(2048, 16384), { lanes: 256, rowsPerThread: 2 }); // down
  assert.deepEqual(tiling(256000, 2048), { lanes: 32, rowsPerThread: 1 }); // logits: 32,000 workgroups already
  for (const [n, k] of [[1, 4], [256, 64], [64, 128], [10, 40000], [100000, 8], [3072, 24576]] as const) {
    const { lanes, rowsPerThread } = tiling(n, k);
    assert.ok(lanes >= 32 && lanes <= WORKGROUP && (lanes & (lanes - 1)) === 0, `[${n}, ${k}] -> ${lanes} lanes`);
    assert.ok(rowsPerThread === 1 || (rowsPerThread === 2 && lanes === WORKGROUP), `[${n}, ${k}] -> ${rowsPerThread} rows a thread at ${lanes} lanes`);
  }
});

test("pairedTiling pairs the rows of gemma-2b's short products and the logits (at 64 lanes), and leaves gate/up and down as tunedTiling has them", () => {
  assert.deepEqual(pairedTiling(2560, 2048), { lanes: 128, rowsPerThread: 2 }); // fused q/k/v
  assert.deepEqual(pairedTiling(2048, 2048), { lanes: 128, rowsPerThread: 2 }); // output
  assert.deepEqual(pairedTiling(16384, 2048), tunedTiling(16384, 2048)); // gate/up: pairing measured slower
  assert.deepEqual(pairedTiling(2048, 16384), tunedTiling(2048, 16384)); // down: paired already
  assert.deepEqual(pairedTiling(256000, 2048), { lanes: 64, rowsPerThread: 2 }); // logits
  for (const [n, k] of [[1, 4], [256, 64], [64, 128], [10, 40000], [100000, 8], [3072, 24576], [256000, 3072]] as const) {
    const { lanes, rowsPerThread } = pairedTiling(n, k);
    assert.ok(lanes >= 32 && lanes <= WORKGROUP && (lanes & (lanes - 1)) === 0, `[${n}, ${k}] -> ${lanes} lanes`);
    assert.ok(rowsPerThread === 1 || rowsPerThread === 2, `[${n}, ${k}] -> ${rowsPerThread} rows a thread`);
    assert.ok(lanes <= Math.max(32, k / 4), `[${n}, ${k}]: no more lanes than vec4 in a row`);
  }
});

test('matVecGroups covers every row at a tiling\'s rows per workgroup, and the first rule keeps one row to a thread group', () => {
  assert.equal(matVecGroups(2048, 16384, { lanes: 256, rowsPerThread: 2 }), 1024);
  assert.equal(matVecGroups(10, 64, { lanes: 32, rowsPerThread: 3 }), 1); // 24 rows a workgroup
  assert.equal(matVecGroups(25, 64, { lanes: 32, rowsPerThread: 3 }), 2);
  assert.deepEqual(lanesPerRowTiling(256000, 2048), { lanes: 32, rowsPerThread: 1 });
});

test('a product shader refuses a tiling it cannot be generated for, declares the norm scale binding only when the norm is folded in, and then scales its sums by the norm after its loads', () => {
  for (const tiling of [{ lanes: 16, rowsPerThread: 1 }, { lanes: 96, rowsPerThread: 1 }, { lanes: 512, rowsPerThread: 1 }, { lanes: 64, rowsPerThread: 0 }, { lanes: 64, rowsPerThread: 5 }]) {
    assert.throws(() => matVecShader(64, 64, 0, { tiling }), /matrix-vector tiling/, JSON.stringify(tiling));
  }
  assert.doesNotMatch(matVecShader(64, 64, 0), /binding\(4\)/);
  assert.match(matVecShader(64, 64, 0, { normEps: 1e-6 }), /@binding\(4\) var<storage, read> gain/);
  // The folded norm: the input times its gain, its squares summed from the same loads, the sums scaled by the
  // inverse RMS only after the row loop (nothing before the weights' loads waits for it).
  const folded = gatedMatVecShader(64, 64, { normEps: 1e-6, tiling: { lanes: 64, rowsPerThread: 2 } });
  assert.match(folded, /let xv_0 = src\[j\];\s+let gv_0 = gain\[j\];/);
  assert.match(folded, /squares = squares \+ dot\(xv_0, xv_0\);\s+let v_0 = xv_0 \* gv_0;/);
  assert.match(folded, /\(partial1_1\[lid\] \* inv\)/);
  assert.ok(folded.indexOf('inverseSqrt') > folded.indexOf('for (var j = lane;'), 'the inverse RMS comes after the row loop');
});

test('shapedTiling gives short products at most 128 lanes and two rows, gate/up one row, the long down rows a workgroup and 4 rows, the logits 64 lanes x 2', () => {
  const shape = (n: number, k: number) => { const t = shapedTiling(n, k); return `${t.lanes}x${t.rowsPerThread}`; };
  // gemma-2b: q/k/v, output, gate/up, down, logits
  assert.deepEqual([shape(2560, 2048), shape(2048, 2048), shape(16384, 2048), shape(2048, 16384), shape(256000, 2048)], ['128x2', '128x2', '128x1', '256x4', '64x2']);
  // gemma-7b: where pairedTiling gave q/k/v and the output a whole workgroup a row
  assert.deepEqual([shape(12288, 3072), shape(3072, 4096), shape(24576, 3072), shape(3072, 24576), shape(256000, 3072)], ['128x2', '128x2', '128x1', '256x4', '64x2']);
  assert.deepEqual([pairedTiling(12288, 3072).lanes, pairedTiling(3072, 4096).lanes], [256, 256]);
  // tiny's rows of 16 vec4 keep a warp
  assert.deepEqual([shape(256, 64), shape(64, 128)], ['32x2', '32x2']);
});
