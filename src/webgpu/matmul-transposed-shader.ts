import { widenWordWgsl, type WeightDtype } from '../model/weight-dtype.ts';
import { matMulHeader, tileCols, tileRows, writeOutput, type MatMulEpilogue, type MatMulTiling } from './matmul-tiles.ts';
import { WORKGROUP } from './wgsl.ts';

/**
 * The transposed and row-vectors layouts (MatMulTiling.layout): per step of tileK inputs the threads stage a
 * [tileK, rows] slice of X and a [tileK, cols] slice of each W in workgroup memory, transposed, so that the
 * inner loop reads a vec4 of W columns and the X values of the thread's rows.
 */
export function transposedMatMulShader(tokens: number, n: number, k: number, dtype: WeightDtype, tiling: MatMulTiling, epilogue: MatMulEpilogue): string {
  const matrices = epilogue.kind === 'gated' ? 2 : 1;
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
  const rowVectors = tiling.layout === 'row-vectors';
  const rows4 = rows / 4;
  // A tile row (one input of the step): X's rows (in floats, or vec4s of rows) and W's columns (in vec4s), padded.
  const pad = tiling.padded ? 1 : 0;
  const xStride = rowVectors ? rows4 + pad : rows + 4 * pad;
  const wStride = cols4 + pad;
  const widened = (w: string) => ids(4).map((c) => widenWordWgsl(dtype as 'bf16' | 'f16', `${w}.${'xyzw'[c]}`));
  // Staging element e of a step: X vec4 (r, q) of the tile's rows, W load (col, q) of its columns, each stored
  // transposed (`x`, `w`: the WGSL holding the loaded vec4).
  const xElement = `let r = e / ${tileK / 4}u;
      let q = e % ${tileK / 4}u;`;
  const wElement = `let col = e / ${tileK / perLoad}u;
      let q = e % ${tileK / perLoad}u;`;
  const storeXWgsl = (x: string) =>
    `for (var c = 0u; c < 4u; c = c + 1u) { ${rowVectors ? `xTile[(4u * q + c) * ${xStride}u + r / 4u][r % 4u] = ${x}[c];` : `xTile[(4u * q + c) * ${xStride}u + r] = ${x}[c];`} }`;
  const storeWWgsl = (m: number, w: string) =>
    packed
      ? `var halves = array<vec2<f32>, 4>(${widened(w).join(', ')});
      for (var c = 0u; c < 8u; c = c + 1u) { wTile${m}[(8u * q + c) * ${wStride}u + col / 4u][col % 4u] = halves[c / 2u][c % 2u]; }`
      : `for (var c = 0u; c < 4u; c = c + 1u) { wTile${m}[(4u * q + c) * ${wStride}u + col / 4u][col % 4u] = ${w}[c]; }`;
  // Columns past the end load the last row: their sums are never written.
  const loadWWgsl = (m: number, kAt: string) => `weights${m}[min(firstCol + col, ${n - 1}u) * ${k / perLoad}u + ${kAt} / ${perLoad}u + q]`;
  const stageW = (m: number) => `
    for (var e = lid; e < ${wLoads}u; e = e + ${WORKGROUP}u) {
      ${wElement}
      let w = ${loadWWgsl(m, 'k0')};
      ${storeWWgsl(m, 'w')}
    }`;
  const acc = (m: number, i: number, j: number) => `acc${m}_${i}_${j}`;
  const each = (f: (m: number, i: number, j: number) => string, join: string) => mats.flatMap((m) => ids(rowsPerThread).flatMap((i) => ids(colVecs).map((j) => f(m, i, j)))).join(join);
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
  // Pipelined (MatMulTiling.pipelined): each thread holds its share of the next step's X and W loads in
  // registers, issued before the current step's FMAs and stored into the tiles after them.
  const xElems = rows * (tileK / 4);
  const slots = (total: number) => ids(Math.ceil(total / WORKGROUP));
  const guarded = (total: number, body: string) => (total % WORKGROUP === 0 ? body : `if (e < ${total}u) {\n        ${body}\n      }`);
  const slot = (s: number, total: number, body: string) => `{
      let e = lid + ${s * WORKGROUP}u;
      ${guarded(total, body)}
    }`;
  const loadXWgsl = (x: string, kAt: string) => `${x} = vec4<f32>(0.0);
      if (firstRow + r < ${tokens}u) { ${x} = src[(firstRow + r) * ${k / 4}u + ${kAt} / 4u + q]; }`;
  const loadX = (s: number) => slot(s, xElems, `${xElement}
      ${loadXWgsl(`xNext${s}`, 'kNext')}`);
  const storeX = (s: number) => slot(s, xElems, `${xElement}
      ${storeXWgsl(`xNext${s}`)}`);
  const loadW = (m: number, s: number) => slot(s, wLoads, `${wElement}
      wNext${m}_${s} = ${loadWWgsl(m, 'kNext')};`);
  const storeW = (m: number, s: number) => slot(s, wLoads, `${wElement}
      ${storeWWgsl(m, `wNext${m}_${s}`)}`);
  const loads = [...slots(xElems).map(loadX), ...mats.flatMap((m) => slots(wLoads).map((s) => loadW(m, s)))].join('\n    ');
  const stores = [...slots(xElems).map(storeX), ...mats.flatMap((m) => slots(wLoads).map((s) => storeW(m, s)))].join('\n    ');
  const registers = [...slots(xElems).map((s) => `var xNext${s} = vec4<f32>(0.0);`), ...mats.flatMap((m) => slots(wLoads).map((s) => `var wNext${m}_${s} = vec4<${packed ? 'u32' : 'f32'}>();`))].join('\n  ');
  const stageStep = `for (var e = lid; e < ${xElems}u; e = e + ${WORKGROUP}u) {
      ${xElement}
      var x : vec4<f32>;
      ${loadXWgsl('x', 'k0')}
      ${storeXWgsl('x')}
    }
    ${mats.map(stageW).join('')}`;
  const tiles = `// [tileK, rows] of X (row-vectors: [tileK, rows / 4] vec4s) and [tileK, cols / 4] vec4s of each W: input kk of the step, transposed${tiling.padded ? ', each input\'s row padded by a vec4' : ''}.
var<workgroup> xTile : array<${rowVectors ? `vec4<f32>, ${tileK * xStride}` : `f32, ${tileK * xStride}`}>;
${mats.map((m) => `var<workgroup> wTile${m} : array<vec4<f32>, ${tileK * wStride}>;`).join('\n')}`;
  /** The FMAs of input `kk` of the step (a loop index, or a constant when unrolled). */
  const input = (kk: string) => `${rowVectors
    ? ids(rowsPerThread / 4).map((v) => `let a${v} = xTile[${kk} * ${xStride}u + ty * ${rowsPerThread / 4}u + ${v}u];`).join('\n      ')
    : ids(rowsPerThread).map((i) => `let a${i} = xTile[${kk} * ${xStride}u + ty + ${i * rowThreads}u];`).join('\n      ')}
      ${mats.flatMap((m) => ids(colVecs).map((j) => `let b${m}_${j} = wTile${m}[${kk} * ${wStride}u + tx + ${j * colThreads}u];`)).join('\n      ')}
      ${each((m, i, j) => `${acc(m, i, j)} = ${acc(m, i, j)} + ${rowVectors ? `a${i >> 2}.${'xyzw'[i % 4]}` : `a${i}`} * b${m}_${j};`, '\n      ')}`;
  return `${matMulHeader(matrices, packed, tiles, tiling)}
  ${each((m, i, j) => `var ${acc(m, i, j)} = vec4<f32>(0.0);`, '\n  ')}
  let kEnd = (split + 1u) * ${kPerSplit}u;
  ${tiling.pipelined ? `${registers}
  {
    let kNext = split * ${kPerSplit}u;
    ${loads}
  }` : ''}
  for (var k0 = split * ${kPerSplit}u; k0 < kEnd; k0 = k0 + ${tileK}u) {
    ${tiling.pipelined ? stores : stageStep}
    workgroupBarrier();
    ${tiling.pipelined ? `if (k0 + ${tileK}u < kEnd) {
      let kNext = k0 + ${tileK}u;
      ${loads}
    }` : ''}
    ${tiling.unrolled ? ids(tileK).map((kk) => `{
      ${input(`${kk}u`)}
    }`).join('\n    ') : `for (var kk = 0u; kk < ${tileK}u; kk = kk + 1u) {
      ${input('kk')}
    }`}
    workgroupBarrier();
  }
  ${ids(rowsPerThread).flatMap((i) => ids(colVecs).map((j) => store(i, j))).join('\n  ')}
}
`;
}
