/**
 * How a matrix-vector product's threads cover its weight W [n, k] (matvec-shaders.ts generates the kernels):
 * the tiling a product takes, the rules that choose one from its shape (each measured by npm run bench:tiling),
 * and the workgroups it launches.
 */
import { prefetchGroups, type PrefetchPlan } from './prefetch-wgsl.ts';
import { WORKGROUP } from './wgsl.ts';

/**
 * Threads that share one weight row: enough that each reads about 16 vec4
 * (a long row gets a whole workgroup, a short one a warp).
 */
export function lanesPerRow(k4: number): number {
  let lanes = 32;
  while (lanes < WORKGROUP && k4 / lanes > 16) lanes *= 2;
  return lanes;
}

/**
 * How a matrix-vector product's threads cover W [n, k]: `lanes` threads
 * (a power of two from 32 to WORKGROUP) share each row's dot product, and
 * each thread adds `rowsPerThread` consecutive rows with every input vec4 it
 * loads, so a workgroup reads its input once for that many rows.
 */
export interface MatVecTiling {
  lanes: number;
  rowsPerThread: number;
  /**
   * Loop steps each thread issues together (1, 2 or 4; 1 unless said): all their loads first, then their
   * FMAs, so that more of a thread's reads are in flight at once (the rest of the row in single steps).
   */
  unroll?: number;
  /**
   * Each workgroup starts its row loop at a different block of strides (its index modulo the blocks a row
   * takes) and wraps around, so that the workgroups in flight read different columns of their rows at once
   * rather than the same columns of every row (addresses a power-of-two row apart). Rows whose strides do not
   * come in whole unrolled blocks keep the plain loop.
   */
  stagger?: boolean;
}

/** A product's tiling, chosen from its shape. */
export type MatVecTilingRule = (n: number, k: number) => MatVecTiling;

/** One row per thread group, `lanesPerRow` threads to a row: the first recorded step's rule. */
export const lanesPerRowTiling: MatVecTilingRule = (_n, k) => ({ lanes: lanesPerRow(k / 4), rowsPerThread: 1 });

/** Workgroups past which a product is left at fewer lanes to a row: the logits' 32,000 already fill the GPU. */
const ENOUGH_GROUPS = 8192;

/**
 * The tiling npm run bench:tiling found fastest on an H100 at gemma-2b's
 * shapes: lanes double from a warp while each thread still reads more than 4
 * vec4 of a row and the product launches fewer than ENOUGH_GROUPS workgroups
 * (q/k/v, output and gate/up go to 128 lanes, the logits stay at 32); a
 * thread whose row is still 16 vec4 or more at a whole workgroup (the MLP's
 * down) takes 2 rows, so that its workgroup reads the long input once for both.
 */
export const tunedTiling: MatVecTilingRule = (n, k) => {
  const k4 = k / 4;
  let lanes = 32;
  while (lanes < WORKGROUP && k4 / lanes > 4 && Math.ceil(n / (WORKGROUP / lanes)) < ENOUGH_GROUPS) lanes *= 2;
  return { lanes, rowsPerThread: lanes === WORKGROUP && k4 / lanes >= 16 ? 2 : 1 };
};

/** Workgroups below which a product is short enough that sharing each input load between two rows pays. */
const FEW_GROUPS = 2048;

/**
 * tunedTiling, with two rows a thread wherever npm run bench:tiling found that
 * fastest on both an H100 and an H200 at gemma-2b's shapes: the short
 * products (fewer than FEW_GROUPS workgroups: q/k/v, output) keep their lanes
 * and pair rows; the products tunedTiling leaves at a warp because they
 * already fill the GPU (the logits) take 64 lanes and pair rows. The rest
 * (gate/up, where pairing measured slower on both, and the down product,
 * paired already) stay as tunedTiling has them.
 */
export const pairedTiling: MatVecTilingRule = (n, k) => {
  const tuned = tunedTiling(n, k);
  if (tuned.rowsPerThread > 1) return tuned;
  if (tuned.lanes === 32 && Math.ceil(n / (WORKGROUP / 32)) >= ENOUGH_GROUPS && k / 4 >= 128) return { lanes: 64, rowsPerThread: 2 };
  if (matVecGroups(n, k, tuned) < FEW_GROUPS) return { lanes: tuned.lanes, rowsPerThread: 2 };
  return tuned;
};

/** Lanes a short row takes at most under shapedTiling: past 128, gemma-7b's q/k/v had 1.5 loads a thread. */
const SHORT_ROW_LANES = 128;

/**
 * A tiling from how the product fills the GPU, measured by npm run bench:tiling at gemma-2b's shapes (f32, bf16)
 * and gemma-7b's (bf16) on the H200 (docs/findings/2026-12-01-h200-tilings-prefetch): lanes double from a warp
 * while each still reads more than 4 vec4 of a row, up to 128; two rows a thread unless the product already
 * launches ENOUGH_GROUPS workgroups at one (q/k/v and the output pair their rows, gate/up does not). Rows long
 * enough for 16 vec4 a lane at a whole workgroup (the down product) take the workgroup and 4 rows; products
 * that fill the GPU many times over at a warp a row (the logits) take 64 lanes and 2 rows. Where pairedTiling
 * gave gemma-7b's q/k/v and output a whole workgroup a row (12,288 and 3,072 workgroups, each thread reading 1.5
 * and 3 loads of its row in bf16), this gives them 128 lanes x 2 rows: 31.3 to 23.2 µs and 14.0 to 11.2 µs a launch.
 */
export const shapedTiling: MatVecTilingRule = (n, k) => {
  const k4 = k / 4;
  if (Math.ceil(n / (WORKGROUP / 32)) >= ENOUGH_GROUPS && k4 >= 128) return { lanes: 64, rowsPerThread: 2 };
  if (k4 / WORKGROUP >= 16) return { lanes: WORKGROUP, rowsPerThread: 4 };
  let lanes = 32;
  while (lanes < SHORT_ROW_LANES && k4 / lanes > 4) lanes *= 2;
  return { lanes, rowsPerThread: Math.ceil(n / (WORKGROUP / lanes)) >= ENOUGH_GROUPS ? 1 : 2 };
};

/** The rows one workgroup of `tiling` covers. */
export function rowsPerGroup(tiling: MatVecTiling): number {
  return (WORKGROUP / tiling.lanes) * tiling.rowsPerThread;
}

/** How many workgroups a matrix-vector product of n rows of k launches (with those that read ahead for `prefetch`). */
export function matVecGroups(n: number, k: number, tiling: MatVecTiling = lanesPerRowTiling(n, k), prefetch?: PrefetchPlan): number {
  return Math.ceil(n / rowsPerGroup(tiling)) + prefetchGroups(prefetch);
}

/** Refuses a tiling the shader cannot be generated for. */
export function checkTiling(tiling: MatVecTiling): void {
  const { lanes, rowsPerThread } = tiling;
  if (!Number.isInteger(lanes) || lanes < 32 || lanes > WORKGROUP || (lanes & (lanes - 1)) !== 0) {
    throw new Error(`matrix-vector tiling: lanes must be a power of two from 32 to ${WORKGROUP}, got ${lanes}`);
  }
  if (!Number.isInteger(rowsPerThread) || rowsPerThread < 1 || rowsPerThread > 4) {
    throw new Error(`matrix-vector tiling: rowsPerThread must be 1 to 4, got ${rowsPerThread}`);
  }
  if (![1, 2, 4].includes(tiling.unroll ?? 1)) throw new Error(`matrix-vector tiling: unroll must be 1, 2 or 4, got ${tiling.unroll}`);
}
