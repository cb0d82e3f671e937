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
import { widenWordWgsl, type WeightDtype } from '../model/weight-dtype.ts';
import { f32Literal, WORKGROUP } from './wgsl.ts';

/**
 * How a product's threads cover Y: the workgroup is rowThreads x (WORKGROUP /
 * rowThreads) threads, each adding rowsPerThread rows (tokens, strided by
 * rowThreads) x colsPerThread columns (outputs, in vec4s strided by the column
 * threads); `splitK` workgroups share each tile's inputs, each writing a
 * partial sum that a second launch adds up (matMulReduceShader), so that a
 * product with few tiles (few tokens, few outputs, a long k) still fills the GPU.
 */
export interface MatMulTiling {
  rowThreads: number;
  rowsPerThread: number;
  /** A multiple of 4: the columns go in vec4s. */
  colsPerThread: number;
  /** Inputs staged per step: a multiple of 8, so that a packed 16-byte load (8 halves) stays within one step. */
  tileK: number;
  splitK: number;
  /**
   * How the tiles sit in workgroup memory: 'transposed' (the default) stages them [tileK, rows] and [tileK,
   * cols / 4] by scalar stores, and each thread adds vec4s of columns; 'k-major' copies whole 16-byte loads
   * into [rows, tileK] and [cols, tileK] (a vec4 of padding a row, against bank conflicts), and each thread
   * adds dot products along k for colsPerThread single columns (any count from 1 to 8); 'row-vectors' stages X
   * as 'transposed' does but in vec4s of consecutive rows, and each thread takes rowsPerThread consecutive rows (a
   * multiple of 4), so that a step of its inner loop reads rowsPerThread / 4 vec4s of X where 'transposed' reads
   * rowsPerThread scalars.
   */
  layout?: MatMulLayout;
}

export type MatMulLayout = 'transposed' | 'k-major' | 'row-vectors';

/** What a product writes: into place with a row stride (q/k/v), added to the residual, or the MLP's gated GELU of two products. */
export type MatMulEpilogue = { kind: 'store'; rowStride: number; offset: number } | { kind: 'add' } | { kind: 'gated' };

/** Most bytes of workgroup memory a product stages: WebGPU's default limit, which every adapter grants. */
export const MATMUL_WORKGROUP_BYTES = 16384;

export function tileRows(t: MatMulTiling): number {
  return t.rowThreads * t.rowsPerThread;
}

export function tileCols(t: MatMulTiling): number {
  return (WORKGROUP / t.rowThreads) * t.colsPerThread;
}

/** The workgroups a product of T rows and n outputs launches: [column tiles, row tiles * splitK]. */
export function matMulGroups(tokens: number, n: number, t: MatMulTiling): [number, number] {
  return [Math.ceil(n / tileCols(t)), Math.ceil(tokens / tileRows(t)) * t.splitK];
}

/** Refuses a tiling or a shape the shader cannot be generated for (programming errors: the prefill checks shapes first). */
export function checkMatMul(k: number, t: MatMulTiling, matrices: number): void {
  const { rowThreads, rowsPerThread, colsPerThread, tileK, splitK } = t;
  const powerOfTwo = (v: number) => Number.isInteger(v) && v >= 1 && (v & (v - 1)) === 0;
  if (!powerOfTwo(rowThreads) || rowThreads > WORKGROUP) throw new Error(`matrix product tiling: rowThreads must be a power of two up to ${WORKGROUP}, got ${rowThreads}`);
  if (!Number.isInteger(rowsPerThread) || rowsPerThread < 1 || rowsPerThread > 8) throw new Error(`matrix product tiling: rowsPerThread must be 1 to 8, got ${rowsPerThread}`);
  const kMajor = t.layout === 'k-major';
  if (kMajor ? !Number.isInteger(colsPerThread) || colsPerThread < 1 || colsPerThread > 8 : !Number.isInteger(colsPerThread) || colsPerThread < 4 || colsPerThread > 8 || colsPerThread % 4 !== 0) {
    throw new Error(`matrix product tiling: colsPerThread must be ${kMajor ? '1 to 8 with the k-major layout' : '4 or 8'}, got ${colsPerThread}`);
  }
  if (t.layout === 'row-vectors' && rowsPerThread % 4 !== 0) throw new Error(`matrix product tiling: rowsPerThread must be a multiple of 4 with the row-vectors layout, got ${rowsPerThread}`);
  if (!Number.isInteger(tileK) || tileK < 8 || tileK % 8 !== 0) throw new Error(`matrix product tiling: tileK must be a multiple of 8, got ${tileK}`);
  if (!Number.isInteger(splitK) || splitK < 1 || k % (tileK * splitK) !== 0) throw new Error(`matrix product tiling: k (${k}) must be a multiple of tileK (${tileK}) x splitK (${splitK})`);
  const bytes = 4 * (kMajor ? tileK + 4 : tileK) * (tileRows(t) + matrices * tileCols(t));
  if (bytes > MATMUL_WORKGROUP_BYTES) throw new Error(`matrix product tiling: its tiles take ${bytes} bytes of workgroup memory, more than ${MATMUL_WORKGROUP_BYTES}`);
}

/** tanh-GELU of the gate times up, as gatedMatVecShader has it (tanh's argument clamped where drivers overflow). */
function gatedWgsl(g: string, u: string): string {
  return `0.5 * ${g} * (1.0 + tanh(clamp(${f32Literal(Math.sqrt(2 / Math.PI))} * (${g} + ${f32Literal(0.044715)} * ${g} * ${g} * ${g}), -10.0, 10.0))) * ${u}`;
}

/**
 * The bindings, tile declarations and thread indices both layouts start with: W (and W_up) at bindings 0 and 3,
 * X at 1, dst at 2; then in main, ty/tx (the thread's row and column within the tile), split, firstRow, firstCol.
 */
function matMulHeader(matrices: number, packed: boolean, tiles: string, tiling: MatMulTiling): string {
  const colThreads = WORKGROUP / tiling.rowThreads;
  return `
${Array.from({ length: matrices }, (_, m) => `@group(0) @binding(${m === 0 ? 0 : 3}) var<storage, read> weights${m} : array<vec4<${packed ? 'u32' : 'f32'}>>;`).join('\n')}
@group(0) @binding(1) var<storage, read> src : array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> dst : array<f32>;
${tiles}

@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(workgroup_id) wid : vec3<u32>, @builtin(local_invocation_index) lid : u32) {
  let ty = lid / ${colThreads}u;
  let tx = lid % ${colThreads}u;
  let split = wid.y % ${tiling.splitK}u;
  let firstRow = (wid.y / ${tiling.splitK}u) * ${tileRows(tiling)}u;
  let firstCol = wid.x * ${tileCols(tiling)}u;`;
}

/** WGSL that writes output (row, col) of matrix sums `value(m)`: a partial sum of a split, or the epilogue's write. */
function writeOutput(tokens: number, n: number, splitK: number, epilogue: MatMulEpilogue, matrices: number, value: (m: number) => string): string {
  if (splitK > 1) return Array.from({ length: matrices }, (_, m) => `dst[${m * splitK * tokens * n}u + (split * ${tokens}u + row) * ${n}u + col] = ${value(m)};`).join('\n        ');
  if (epilogue.kind === 'store') return `dst[row * ${epilogue.rowStride}u + ${epilogue.offset}u + col] = ${value(0)};`;
  if (epilogue.kind === 'add') return `dst[row * ${n}u + col] = dst[row * ${n}u + col] + ${value(0)};`;
  return `dst[row * ${n}u + col] = ${gatedWgsl(value(0), value(1))};`;
}

/**
 * The k-major layout (MatMulTiling.layout): the X tile [rows, tileK] and each W tile [cols, tileK] are copies of
 * whole 16-byte loads (packed weights widened to two vec4 on the way), each row padded by a vec4 so that the
 * threads of a warp, reading consecutive columns' rows, spread over the banks. Thread (ty, tx) adds rows
 * ty + i * rowThreads and columns tx + j * colThreads as dot products of vec4s along k, and writes them
 * coalesced along the columns.
 */
function kMajorMatMulShader(tokens: number, n: number, k: number, dtype: WeightDtype, tiling: MatMulTiling, epilogue: MatMulEpilogue): string {
  const matrices = epilogue.kind === 'gated' ? 2 : 1;
  const { rowThreads, rowsPerThread, colsPerThread, tileK, splitK } = tiling;
  const colThreads = WORKGROUP / rowThreads;
  const rows = tileRows(tiling);
  const cols = tileCols(tiling);
  const k4 = tileK / 4;
  const stride = k4 + 1; // vec4s a staged row takes, with its padding
  const kPerSplit = k / splitK;
  const packed = dtype !== 'f32';
  const perLoad = packed ? 8 : 4;
  const loadsPerCol = tileK / perLoad;
  const mats = Array.from({ length: matrices }, (_, m) => m);
  const ids = (count: number) => Array.from({ length: count }, (_, i) => i);
  const widen = (w: string, half: 0 | 1) => {
    const [a, b] = half === 0 ? ['x', 'y'] : ['z', 'w'];
    return `vec4<f32>(${widenWordWgsl(dtype as 'bf16' | 'f16', `${w}.${a}`)}, ${widenWordWgsl(dtype as 'bf16' | 'f16', `${w}.${b}`)})`;
  };
  const stageW = (m: number) => `
    for (var e = lid; e < ${cols * loadsPerCol}u; e = e + ${WORKGROUP}u) {
      let col = e / ${loadsPerCol}u;
      let q = e % ${loadsPerCol}u;
      // Columns past the end load the last row: their sums are never written.
      let w = weights${m}[min(firstCol + col, ${n - 1}u) * ${k / perLoad}u + k0 / ${perLoad}u + q];
      ${packed ? `wTile${m}[col * ${stride}u + 2u * q] = ${widen('w', 0)};
      wTile${m}[col * ${stride}u + 2u * q + 1u] = ${widen('w', 1)};` : `wTile${m}[col * ${stride}u + q] = w;`}
    }`;
  const acc = (m: number, i: number, j: number) => `acc${m}_${i}_${j}`;
  const each = (f: (m: number, i: number, j: number) => string, join: string) => mats.flatMap((m) => ids(rowsPerThread).flatMap((i) => ids(colsPerThread).map((j) => f(m, i, j)))).join(join);
  const store = (i: number, j: number) => `{
    let row = firstRow + ty + ${i * rowThreads}u;
    let col = firstCol + tx + ${j * colThreads}u;
    if (row < ${tokens}u && col < ${n}u) {
      ${writeOutput(tokens, n, splitK, epilogue, matrices, (m) => acc(m, i, j))}
    }
  }`;
  const tiles = `// [rows, tileK / 4 + 1] vec4s of X and [cols, tileK / 4 + 1] of each W: the step's inputs along each row, padded.
var<workgroup> xTile : array<vec4<f32>, ${rows * stride}>;
${mats.map((m) => `var<workgroup> wTile${m} : array<vec4<f32>, ${cols * stride}>;`).join('\n')}`;
  return `${matMulHeader(matrices, packed, tiles, tiling)}
  ${each((m, i, j) => `var ${acc(m, i, j)} = 0.0;`, '\n  ')}
  for (var k0 = split * ${kPerSplit}u; k0 < (split + 1u) * ${kPerSplit}u; k0 = k0 + ${tileK}u) {
    for (var e = lid; e < ${rows * k4}u; e = e + ${WORKGROUP}u) {
      let r = e / ${k4}u;
      let q = e % ${k4}u;
      var x = vec4<f32>(0.0);
      if (firstRow + r < ${tokens}u) { x = src[(firstRow + r) * ${k / 4}u + k0 / 4u + q]; }
      xTile[r * ${stride}u + q] = x;
    }
    ${mats.map(stageW).join('')}
    workgroupBarrier();
    for (var kk = 0u; kk < ${k4}u; kk = kk + 1u) {
      ${ids(rowsPerThread).map((i) => `let a${i} = xTile[(ty + ${i * rowThreads}u) * ${stride}u + kk];`).join('\n      ')}
      ${mats.flatMap((m) => ids(colsPerThread).map((j) => `let b${m}_${j} = wTile${m}[(tx + ${j * colThreads}u) * ${stride}u + kk];`)).join('\n      ')}
      ${each((m, i, j) => `${acc(m, i, j)} = ${acc(m, i, j)} + dot(a${i}, b${m}_${j});`, '\n      ')}
    }
    workgroupBarrier();
  }
  ${ids(rowsPerThread).flatMap((i) => ids(colsPerThread).map((j) => store(i, j))).join('\n  ')}
}
`;
}

/**
 * Y = X W^T for `tokens` rows of X [T, k] at binding 1 and W [n, k] at binding 0
 * (and W_up at binding 3 for the gated epilogue), written by `epilogue` into dst
 * at binding 2, or, split over k, as partial sums [splitK, T, n] (matrices of
 * them) into dst for matMulReduceShader.
 */
export function matMulShader(tokens: number, n: number, k: number, dtype: WeightDtype, tiling: MatMulTiling, epilogue: MatMulEpilogue): string {
  const matrices = epilogue.kind === 'gated' ? 2 : 1;
  checkMatMul(k, tiling, matrices);
  if (tiling.layout === 'k-major') return kMajorMatMulShader(tokens, n, k, dtype, tiling, epilogue);
  const { rowThreads, rowsPerThread, colsPerThread, tileK, splitK } = tiling;
  const colThreads = WORKGROUP / rowThreads;
  const rows = tileRows(tiling);
  const cols4 = tileCols(tiling) / 4;
  const colVecs = colsPerThread / 4;
  const kPerSplit = k / splitK;
  const packed = dtype !== 'f32';
  // Loads of 16 bytes per W row per step: 4 float32 weights, or 8 packed halves.
  const perLoad = packed ? 8 : 4;
  const wLoads = tileCols(tiling) * (tileK / perLoad);
  const mats = Array.from({ length: matrices }, (_, m) => m);
  const ids = (count: number) => Array.from({ length: count }, (_, i) => i);
  const widened = (w: string) => ids(4).map((c) => widenWordWgsl(dtype as 'bf16' | 'f16', `${w}.${'xyzw'[c]}`));
  const stageW = (m: number) => `
    for (var e = lid; e < ${wLoads}u; e = e + ${WORKGROUP}u) {
      let col = e / ${tileK / perLoad}u;
      let q = e % ${tileK / perLoad}u;
      // Columns past the end load the last row: their sums are never written.
      let row = min(firstCol + col, ${n - 1}u);
      let w = weights${m}[row * ${k / perLoad}u + (k0 / ${perLoad}u) + q];
      ${packed ? `var halves = array<vec2<f32>, 4>(${widened('w').join(', ')});
      for (var c = 0u; c < 8u; c = c + 1u) { wTile${m}[(8u * q + c) * ${cols4}u + col / 4u][col % 4u] = halves[c / 2u][c % 2u]; }`
      : `for (var c = 0u; c < 4u; c = c + 1u) { wTile${m}[(4u * q + c) * ${cols4}u + col / 4u][col % 4u] = w[c]; }`}
    }`;
  const acc = (m: number, i: number, j: number) => `acc${m}_${i}_${j}`;
  const each = (f: (m: number, i: number, j: number) => string, join: string) => mats.flatMap((m) => ids(rowsPerThread).flatMap((i) => ids(colVecs).map((j) => f(m, i, j)))).join(join);
  const rowVectors = tiling.layout === 'row-vectors';
  const rows4 = rows / 4;
  /** The tile row of a thread's i-th row: strided by the row threads, or (row-vectors) consecutive. */
  const threadRow = (i: number) => (rowVectors ? `ty * ${rowsPerThread}u + ${i}u` : `ty + ${i * rowThreads}u`);
  const store = (i: number, j: number): string => {
    const body = writeOutput(tokens, n, splitK, epilogue, matrices, (m) => `${acc(m, i, j)}[c]`);
    return `{
    let row = firstRow + ${threadRow(i)};
    for (var c = 0u; c < 4u; c = c + 1u) {
      let col = firstCol + 4u * (tx + ${j * colThreads}u) + c;
      if (row < ${tokens}u && col < ${n}u) {
        ${body}
      }
    }
  }`;
  };
  const tiles = `// [tileK, rows] of X (row-vectors: [tileK, rows / 4] vec4s) and [tileK, cols / 4] vec4s of each W: input kk of the step, transposed.
var<workgroup> xTile : array<${rowVectors ? `vec4<f32>, ${tileK * rows4}` : `f32, ${tileK * rows}`}>;
${mats.map((m) => `var<workgroup> wTile${m} : array<vec4<f32>, ${tileK * cols4}>;`).join('\n')}`;
  return `${matMulHeader(matrices, packed, tiles, tiling)}
  ${each((m, i, j) => `var ${acc(m, i, j)} = vec4<f32>(0.0);`, '\n  ')}
  for (var k0 = split * ${kPerSplit}u; k0 < (split + 1u) * ${kPerSplit}u; k0 = k0 + ${tileK}u) {
    for (var e = lid; e < ${rows * (tileK / 4)}u; e = e + ${WORKGROUP}u) {
      let r = e / ${tileK / 4}u;
      let q = e % ${tileK / 4}u;
      var x = vec4<f32>(0.0);
      if (firstRow + r < ${tokens}u) { x = src[(firstRow + r) * ${k / 4}u + k0 / 4u + q]; }
      for (var c = 0u; c < 4u; c = c + 1u) { ${rowVectors ? `xTile[(4u * q + c) * ${rows4}u + r / 4u][r % 4u] = x[c];` : `xTile[(4u * q + c) * ${rows}u + r] = x[c];`} }
    }
    ${mats.map(stageW).join('')}
    workgroupBarrier();
    for (var kk = 0u; kk < ${tileK}u; kk = kk + 1u) {
      ${rowVectors
        ? ids(rowsPerThread / 4).map((v) => `let a${v} = xTile[kk * ${rows4}u + ty * ${rowsPerThread / 4}u + ${v}u];`).join('\n      ')
        : ids(rowsPerThread).map((i) => `let a${i} = xTile[kk * ${rows}u + ty + ${i * rowThreads}u];`).join('\n      ')}
      ${mats.flatMap((m) => ids(colVecs).map((j) => `let b${m}_${j} = wTile${m}[kk * ${cols4}u + tx + ${j * colThreads}u];`)).join('\n      ')}
      ${each((m, i, j) => `${acc(m, i, j)} = ${acc(m, i, j)} + ${rowVectors ? `a${i >> 2}.${'xyzw'[i % 4]}` : `a${i}`} * b${m}_${j};`, '\n      ')}
    }
    workgroupBarrier();
  }
  ${ids(rowsPerThread).flatMap((i) => ids(colVecs).map((j) => store(i, j))).join('\n  ')}
}
`;
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
