/**
 * The seeded uniform generator behind random weights, written twice: in
 * TypeScript for the host and in WGSL for the GPU, so that a GPU can fill
 * gemma-2b's 10 GB of weights itself instead of waiting for the host to draw
 * and upload them. Both must give the same float32 bits: the value at an index
 * is a pure function of (stream, index) (a counter-based generator, so no
 * element depends on another and any layout can be filled in any order), made
 * only of 32-bit integer operations, an exact integer-to-float conversion and
 * one correctly rounded float32 multiply.
 */

/** FNV-1a of the tensor's name mixed with the seed: one stream per tensor, independent of loading order. */
export function tensorStream(seed: number, name: string): number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * The float32 step between adjacent values for a uniform distribution of
 * standard deviation `std`: values are k * step for integers k in
 * [-2^23, 2^23), i.e. uniform in [-a, a) with a = sqrt(3) * std.
 */
export function uniformStep(std: number): number {
  return Math.fround((2 * Math.sqrt(3) * std) / 16777216);
}

/** lowbias32 (Wellons) of a Weyl sequence: a bijection of the index, well mixed. */
function mix(index: number, stream: number): number {
  let x = (Math.imul(index, 0x9e3779b9) + stream) >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** The value at `index` of `stream`, exactly as the WGSL below computes it. */
export function seededUniformAt(index: number, stream: number, step: number): number {
  return Math.fround(((mix(index, stream) >>> 8) - 8388608) * step);
}

/**
 * Fills `out`, a [rows, cols] row-major tensor, with the values of a stream
 * stored [cols, rows] when `transposed` (a checkpoint's linear weight [out, in]
 * read as [in, out]), else stored [rows, cols].
 */
export function fillSeededUniform(out: Float32Array, rows: number, cols: number, stream: number, step: number, transposed: boolean): void {
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      out[r * cols + c] = seededUniformAt(transposed ? c * rows + r : r * cols + c, stream, step);
    }
  }
}

/** The same value in WGSL: `seededUniformAt(index, stream, step)` (`step` is a WGSL built-in, hence `spacing`). */
export const SEEDED_UNIFORM_WGSL = /* wgsl */ `
  fn seededMix(index : u32, stream : u32) -> u32 {
    var x = index * 0x9e3779b9u + stream;
    x = x ^ (x >> 16u);
    x = x * 0x7feb352du;
    x = x ^ (x >> 15u);
    x = x * 0x846ca68bu;
    x = x ^ (x >> 16u);
    return x;
  }

  fn seededUniformAt(index : u32, stream : u32, spacing : f32) -> f32 {
    return (f32(seededMix(index, stream) >> 8u) - 8388608.0) * spacing;
  }
`;
