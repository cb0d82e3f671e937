import { widenWordWgsl, type WeightDtype } from '../model/weight-dtype.ts';
import { matMulHeader, tileCols, tileRows, writeOutput, type MatMulEpilogue, type MatMulTiling } from './matmul-tiles.ts';
import { WORKGROUP } from './wgsl.ts';

/**
 * The k-major layout (MatMulTiling.layout): the X tile [rows, tileK] and each W tile [cols, tileK] are copies of
 * whole 16-byte loads (packed weights widened to two vec4 on the way), each row padded by a vec4 so that the
 * threads of a warp, reading consecutive columns' rows, spread over the banks. Thread (ty, tx) adds rows
 * ty + i * rowThreads and columns tx + j * colThreads as dot products of vec4s along k, and writes them
 * coalesced along the columns.
 */
export function kMajorMatMulShader(tokens: number, n: number, k: number, dtype: WeightDtype, tiling: MatMulTiling, epilogue: MatMulEpilogue): string {
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
