/**
 * The matrix-matrix products of a recorded multi-token step (recorded-prefill.ts):
 * X [T, k] (a row per token) against W [n, k] (out, in), Y [T, n] = X W^T, with
 * the weights in float32 or bf16/f16 packed two to a u32 (as matvec-shaders.ts
 * reads them). Each workgroup computes a tile of Y: per step of `tileK` inputs,
 * its threads stage a [tileK, rows] slice of X and a [tileK, cols] slice of W in
 * workgroup memory (transposed, so that the inner loop reads a vec4 of W columns
 * and one X value per row), then every thread adds its rowsPerThread x
 * colsPerThread outputs from there: each staged value is read by many threads,
 * where a matrix-vector product reads every weight once per token.
 */
import type { WeightDtype } from '../model/weight-dtype.ts';
import { kMajorMatMulShader } from './matmul-k-major-shader.ts';
import { checkMatMul, gatedWgsl, type MatMulEpilogue, type MatMulTiling } from './matmul-tiles.ts';
import { transposedMatMulShader } from './matmul-transposed-shader.ts';
import { rowInverseRmsWgsl } from './row-kernels.ts';
import { WORKGROUP } from './wgsl.ts';

export {
  checkMatMul, MATMUL_WORKGROUP_BYTES, matMulGroups, matMulWorkgroupBytes, tileCols, tileRows, type MatMulEpilogue, type MatMulLayout, type MatMulTiling,
} from './matmul-tiles.ts';

/**
 * Y = X W^T for `tokens` rows of X [T, k] at binding 1 and W [n, k] at binding 0
 * (and W_up at binding 3 for the gated epilogue), written by `epilogue` into dst
 * at binding 2, or, split over k, as partial sums [splitK, T, n] (matrices of
 * them) into dst for matMulReduceShader.
 */
export function matMulShader(tokens: number, n: number, k: number, dtype: WeightDtype, tiling: MatMulTiling, epilogue: MatMulEpilogue, workgroupBytes?: number): string {
  checkMatMul(k, tiling, epilogue.kind === 'gated' ? 2 : 1, workgroupBytes);
  return tiling.layout === 'k-major' ? kMajorMatMulShader(tokens, n, k, dtype, tiling, epilogue) : transposedMatMulShader(tokens, n, k, dtype, tiling, epilogue);
}

/**
 * The second launch of a product split over k: adds the splitK partial sums
 * [splitK, T, n] (two such blocks for the gated epilogue) at binding 0 and writes
 * them as `epilogue` does into dst at binding 2. One thread per output.
 */
export function matMulReduceShader(tokens: number, n: number, splitK: number, epilogue: MatMulEpilogue): string {
  const size = tokens * n;
  const sum = (m: number) => `sum${m}`;
  const sums = (epilogue.kind === 'gated' ? [0, 1] : [0]).map((m) => `
  var ${sum(m)} = 0.0;
  for (var s = 0u; s < ${splitK}u; s = s + 1u) { ${sum(m)} = ${sum(m)} + partials[${m * splitK * size}u + s * ${size}u + i]; }`).join('');
  const write =
    epilogue.kind === 'store' ? `dst[row * ${epilogue.rowStride}u + ${epilogue.offset}u + col] = sum0;`
    : epilogue.kind === 'add' ? 'dst[i] = dst[i] + sum0;'
    : `dst[i] = ${gatedWgsl('sum0', 'sum1')};`;
  return `
@group(0) @binding(0) var<storage, read> partials : array<f32>;
@group(0) @binding(2) var<storage, read_write> dst : array<f32>;

@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(workgroup_id) wid : vec3<u32>, @builtin(num_workgroups) groups : vec3<u32>, @builtin(local_invocation_index) lid : u32) {
  let i = (wid.y * groups.x + wid.x) * ${WORKGROUP}u + lid;
  if (i >= ${size}u) { return; }
  let row = i / ${n}u;
  let col = i % ${n}u;${sums}
  ${write}
}
`;
}

/**
 * The second launch of a product split over k whose sum is added to the residual stream and then RMS-normed (the
 * output and down products, each followed by a norm): adds the splitK partial sums [splitK, T, n] at binding 0 to
 * dst [T, n] at binding 2, and writes the new rows RMS-normed by gain (binding 5) into normed (binding 6), as
 * rmsNormShader does: one workgroup a row, so that the norm costs no launch of its own.
 */
export function matMulReduceNormShader(tokens: number, n: number, splitK: number, eps: number): string {
  const size = tokens * n;
  return `
@group(0) @binding(0) var<storage, read> partials : array<f32>;
@group(0) @binding(2) var<storage, read_write> dst : array<f32>;
@group(0) @binding(5) var<storage, read> gain : array<f32>;
@group(0) @binding(6) var<storage, read_write> normed : array<f32>;
var<workgroup> sums : array<f32, ${WORKGROUP}>;

@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(workgroup_id) wid : vec3<u32>, @builtin(local_invocation_index) lid : u32) {
  let rowAt = wid.x * ${n}u;
  var s = 0.0;
  for (var col = lid; col < ${n}u; col = col + ${WORKGROUP}u) {
    let i = rowAt + col;
    var sum = 0.0;
    for (var split = 0u; split < ${splitK}u; split = split + 1u) { sum = sum + partials[split * ${size}u + i]; }
    let v = dst[i] + sum;
    dst[i] = v;
    s = s + v * v;
  }
  ${rowInverseRmsWgsl(n, eps)}
  for (var col = lid; col < ${n}u; col = col + ${WORKGROUP}u) {
    normed[rowAt + col] = dst[rowAt + col] * inv * gain[col];
  }
}
`;
}
