/**
 * What the multi-token step's matrix products share (matmul-shaders.ts picks a layout's shader): how a
 * product's threads tile Y, the checks a tiling must pass, the workgroups it launches, and the WGSL every
 * layout starts with (bindings, thread indices) and ends with (its epilogue's write).
 */
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
  /**
   * (transposed and row-vectors layouts) Each thread loads its share of the next step's X and W into registers
   * before the current step's FMAs, and stores them into the tiles after: the global loads' latency is hidden
   * behind a step of arithmetic instead of stalling every thread at the barrier.
   */
  pipelined?: boolean;
  /**
   * (transposed and row-vectors layouts) The loop over a step's tileK inputs written out as straight-line code, each
   * input's workgroup-memory reads at constant offsets, so the compiler can issue the next input's reads during
   * the current one's FMAs without a loop's index arithmetic between them.
   */
  unrolled?: boolean;
  /**
   * (transposed and row-vectors layouts) Each input's row of the X and W tiles padded by a vec4: the staging
   * stores of a warp (4 inputs of a row per thread, scattered over 4 tile rows) then fall in distinct banks instead
   * of two threads a bank.
   */
  padded?: boolean;
}

export type MatMulLayout = 'transposed' | 'k-major' | 'row-vectors';

/** What a product writes: into place with a row stride (q/k/v), added to the residual, or the MLP's gated GELU of two products. */
export type MatMulEpilogue = { kind: 'store'; rowStride: number; offset: number } | { kind: 'add' } | { kind: 'gated' };

/** Most bytes of workgroup memory a product stages unless the device grants more: WebGPU's default limit, which every adapter grants. */
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

/** Bytes of workgroup memory a product's tiles take. */
export function matMulWorkgroupBytes(t: MatMulTiling, matrices: number): number {
  if (t.layout === 'k-major') return 4 * (t.tileK + 4) * (tileRows(t) + matrices * tileCols(t));
  const pad = t.padded ? 4 : 0;
  return 4 * t.tileK * (tileRows(t) + pad + matrices * (tileCols(t) + pad));
}

/**
 * Refuses a tiling or a shape the shader cannot be generated for (programming errors: the prefill checks shapes
 * first). `workgroupBytes`: the device's maxComputeWorkgroupStorageSize where it grants more than the default.
 */
export function checkMatMul(k: number, t: MatMulTiling, matrices: number, workgroupBytes = MATMUL_WORKGROUP_BYTES): void {
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
  if (kMajor && (t.unrolled || t.padded)) throw new Error('matrix product tiling: unrolled and padded are options of the transposed and row-vectors layouts');
  const bytes = matMulWorkgroupBytes(t, matrices);
  if (bytes > workgroupBytes) throw new Error(`matrix product tiling: its tiles take ${bytes} bytes of workgroup memory, more than ${workgroupBytes}`);
}

/** tanh-GELU of the gate times up, as gatedMatVecShader has it (tanh's argument clamped where drivers overflow). */
export function gatedWgsl(g: string, u: string): string {
  return `0.5 * ${g} * (1.0 + tanh(clamp(${f32Literal(Math.sqrt(2 / Math.PI))} * (${g} + ${f32Literal(0.044715)} * ${g} * ${g} * ${g}), -10.0, 10.0))) * ${u}`;
}

/**
 * The bindings, tile declarations and thread indices both layouts start with: W (and W_up) at bindings 0 and 3,
 * X at 1, dst at 2; then in main, ty/tx (the thread's row and column within the tile), split, firstRow, firstCol.
 */
export function matMulHeader(matrices: number, packed: boolean, tiles: string, tiling: MatMulTiling): string {
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
export function writeOutput(tokens: number, n: number, splitK: number, epilogue: MatMulEpilogue, matrices: number, value: (m: number) => string): string {
  if (splitK > 1) return Array.from({ length: matrices }, (_, m) => `dst[${m * splitK * tokens * n}u + (split * ${tokens}u + row) * ${n}u + col] = ${value(m)};`).join('\n        ');
  if (epilogue.kind === 'store') return `dst[row * ${epilogue.rowStride}u + ${epilogue.offset}u + col] = ${value(0)};`;
  if (epilogue.kind === 'add') return `dst[row * ${n}u + col] = dst[row * ${n}u + col] + ${value(0)};`;
  return `dst[row * ${n}u + col] = ${gatedWgsl(value(0), value(1))};`;
}
