/**
 * The safetensors file format: an 8-byte little-endian header length N, N bytes
 * of JSON describing each tensor, then the raw little-endian tensor data.
 *
 * Checkpoints can be many GB, so nothing here reads a whole file: the header is
 * one small read, and each tensor is read on demand at its own offset, in
 * bounded chunks.
 *
 * This file is the format's façade: the code lives in the modules below, one
 * per concern, and everything the lab uses is re-exported here.
 *   safetensors-types.ts    the dtypes and header entry types
 *   safetensors-io.ts       whole reads and writes in bounded chunks
 *   safetensors-header.ts   reading and validating the header
 *   safetensors-tensors.ts  reading one tensor's data
 *   safetensors-write.ts    writing a file
 *   half-float-bits.ts      float32 <-> float16 / bfloat16 bit conversions
 */
export {
  SAFETENSORS_DTYPES,
  type SafetensorsDtype,
  type SafetensorsHeader,
  type TensorEntry,
  type TensorToWrite,
  type UnreadableTensorEntry,
} from './safetensors-types.ts';
export { readSafetensorsHeader } from './safetensors-header.ts';
export { readTensorFloat32, readTensorHalfWords } from './safetensors-tensors.ts';
export { writeSafetensors } from './safetensors-write.ts';
export { f16BitsToF32Bits, f32BitsToBf16Bits, f32BitsToF16Bits } from './half-float-bits.ts';
