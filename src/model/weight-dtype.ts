/**
 * The element type the model's weights are stored in. Math is always float32:
 * a bf16 or f16 weight is a float32 value that the narrower type holds exactly,
 * so a kernel reading the narrow bits and a TF.js op reading them widened to
 * float32 multiply the same numbers.
 *
 * Narrow weights live on the device packed two to a 32-bit word (an int32
 * tensor [rows, cols / 2]): element 2i in the low half, 2i + 1 in the high
 * half, which is the byte layout of a little-endian safetensors BF16/F16
 * tensor read as 32-bit words.
 */
import { f16BitsToF32Bits, f32BitsToBf16Bits, f32BitsToF16Bits, type SafetensorsDtype } from './safetensors.ts';

export type WeightDtype = 'f32' | 'bf16' | 'f16';

export const WEIGHT_DTYPES: readonly WeightDtype[] = ['f32', 'bf16', 'f16'];

/** Bytes one weight takes on the device. */
export function bytesPerWeight(dtype: WeightDtype): number {
  return dtype === 'f32' ? 4 : 2;
}

/** The weight dtype a safetensors tensor is stored in. */
export function weightDtypeOf(dtype: SafetensorsDtype): WeightDtype {
  return dtype === 'F32' ? 'f32' : dtype === 'BF16' ? 'bf16' : 'f16';
}

const bits = new Uint32Array(1);
const value = new Float32Array(bits.buffer);

/** The 16 bits of float32 `x` rounded to bf16 or f16 (nearest, ties to even), as the WGSL below rounds them. */
export function halfBitsOf(x: number, dtype: 'bf16' | 'f16'): number {
  value[0] = x;
  return dtype === 'bf16' ? f32BitsToBf16Bits(bits[0]!) : f32BitsToF16Bits(bits[0]!);
}

/** The float32 value of 16 bits of bf16 or f16: exact. */
export function widenHalfBits(h: number, dtype: 'bf16' | 'f16'): number {
  bits[0] = dtype === 'bf16' ? (h << 16) >>> 0 : f16BitsToF32Bits(h);
  return value[0]!;
}

/** Rounds every value of `data` to the nearest value of `dtype`, in place (f32: unchanged). */
export function roundToDtype(data: Float32Array, dtype: WeightDtype): Float32Array {
  if (dtype === 'f32') return data;
  for (let i = 0; i < data.length; i++) data[i] = widenHalfBits(halfBitsOf(data[i]!, dtype), dtype);
  return data;
}

/** `data` (an even count of values) rounded to `dtype` and packed two to a word, element 2i in the low half. */
export function packHalves(data: Float32Array, dtype: 'bf16' | 'f16'): Int32Array {
  if (data.length % 2 !== 0) throw new Error(`packHalves: an even number of values is needed, got ${data.length}`);
  const out = new Int32Array(data.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = halfBitsOf(data[2 * i]!, dtype) | (halfBitsOf(data[2 * i + 1]!, dtype) << 16);
  return out;
}

/**
 * WGSL of the same rounding, on float32 bits: `halfBits(x : u32) -> u32` for
 * bf16 or f16 (f16: subnormals, overflow to infinity and NaN as
 * f32BitsToF16Bits has them), so that weights drawn on the device round
 * exactly as the host's. Integer operations only: WGSL's pack2x16float leaves
 * the rounding to the implementation.
 */
export function halfBitsWgsl(dtype: 'bf16' | 'f16'): string {
  if (dtype === 'bf16') {
    return `
  fn halfBits(x : u32) -> u32 {
    if ((x & 0x7fffffffu) > 0x7f800000u) { return ((x >> 16u) | 0x0040u) & 0xffffu; }
    return ((x + 0x7fffu + ((x >> 16u) & 1u)) >> 16u) & 0xffffu;
  }`;
  }
  return `
  fn halfBits(x : u32) -> u32 {
    let sgn = (x >> 16u) & 0x8000u;
    let e8 = (x >> 23u) & 0xffu;
    let mant = x & 0x7fffffu;
    if (e8 == 0xffu) {
      if (mant == 0u) { return sgn | 0x7c00u; }
      return sgn | 0x7e00u | (mant >> 13u);
    }
    let e = i32(e8) - 112;
    if (e >= 31) { return sgn | 0x7c00u; }
    if (e <= 0) {
      if (e < -10) { return sgn; }
      let wide = mant | 0x800000u;
      let shift = u32(14 - e);
      var m = wide >> shift;
      let rest = wide & ((1u << shift) - 1u);
      let halfway = 1u << (shift - 1u);
      if (rest > halfway || (rest == halfway && (m & 1u) == 1u)) { m = m + 1u; }
      return sgn | m;
    }
    var h = sgn | (u32(e) << 10u) | (mant >> 13u);
    let rest = mant & 0x1fffu;
    if (rest > 0x1000u || (rest == 0x1000u && (h & 1u) == 1u)) { h = h + 1u; }
    return h;
  }`;
}

/**
 * WGSL that widens one packed word to its two float32 values (`vec2<f32>`,
 * the low half first): bf16 by a shift and a mask (exact), f16 by
 * unpack2x16float (exact; no shader-f16 feature needed).
 */
export function widenWordWgsl(dtype: 'bf16' | 'f16', word: string): string {
  return dtype === 'bf16' ? `vec2<f32>(bitcast<f32>(${word} << 16u), bitcast<f32>(${word} & 0xffff0000u))` : `unpack2x16float(${word})`;
}
