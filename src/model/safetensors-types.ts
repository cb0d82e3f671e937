/**
 * What a safetensors header describes: the dtypes the lab reads and writes, and
 * the entries for each tensor's name, shape and byte range (safetensors.ts has
 * the format itself).
 */

/** The dtypes the lab converts to and from float32. */
export type SafetensorsDtype = 'F32' | 'F16' | 'BF16';

export const SAFETENSORS_DTYPES: readonly SafetensorsDtype[] = ['F32', 'F16', 'BF16'];

export interface TensorEntry {
  name: string;
  dtype: SafetensorsDtype;
  shape: number[];
  /** absolute byte offsets in the file */
  begin: number;
  end: number;
}

/**
 * A tensor whose dtype is valid safetensors but not one the lab converts (I64,
 * F64, U8...). Real checkpoints sometimes carry such extras; they are only an
 * error if someone asks to read one.
 */
export interface UnreadableTensorEntry {
  name: string;
  dtype: string;
  shape: number[];
  begin: number;
  end: number;
}

export interface SafetensorsHeader {
  path: string;
  tensors: Map<string, TensorEntry>;
  /** Tensors of other valid safetensors dtypes: their byte ranges are checked, their data cannot be read. */
  unreadable: Map<string, UnreadableTensorEntry>;
  metadata: Record<string, string>;
  /** Absolute offset of the data section: 8 + header length. */
  dataStart: number;
  fileSize: number;
}

export interface TensorToWrite {
  name: string;
  shape: number[];
  data: Float32Array;
}

export function isSupportedDtype(dtype: string): dtype is SafetensorsDtype {
  return (SAFETENSORS_DTYPES as readonly string[]).includes(dtype);
}

export function elementCount(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}
