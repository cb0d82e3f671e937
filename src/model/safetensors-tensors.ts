/**
 * Reading one tensor's data from a safetensors file, at its own offset and in
 * bounded chunks: widened to float32, or as packed 16-bit halves.
 */
import fs from 'node:fs';
import { LabError } from '../errors.ts';
import { f16ToF32BitsTable } from './half-float-bits.ts';
import { CHUNK_BYTES, LITTLE_ENDIAN_HOST, openForReading, readExactly } from './safetensors-io.ts';
import { elementCount, SAFETENSORS_DTYPES, type SafetensorsDtype, type SafetensorsHeader } from './safetensors-types.ts';

/** Why `name` cannot be read from `header`: a dtype the lab does not convert, or no such tensor. */
function missingTensor(header: SafetensorsHeader, name: string): never {
  const other = header.unreadable.get(name);
  if (other) {
    throw new LabError(
      `${header.path}: tensor "${name}" has dtype ${other.dtype}, which the lab cannot read`,
      `convert the checkpoint to one of ${SAFETENSORS_DTYPES.join(', ')}`,
    );
  }
  throw new LabError(`${header.path}: no tensor named "${name}"`, 'check the tensor name');
}

/** Reads one tensor and converts it to float32 (F32 is copied; F16 and BF16 are widened exactly). */
export function readTensorFloat32(header: SafetensorsHeader, name: string): Float32Array {
  const entry = header.tensors.get(name);
  if (!entry) missingTensor(header, name);
  const count = elementCount(entry.shape);
  const out = new Float32Array(count);
  if (count === 0) return out;

  const fd = openForReading(header.path);
  try {
    const what = `tensor "${name}"`;
    if (entry.dtype === 'F32' && LITTLE_ENDIAN_HOST) {
      // The file's bytes are already the in-memory layout: read straight into the result.
      readExactly(fd, new Uint8Array(out.buffer), entry.begin, header.path, what);
      return out;
    }
    const elementSize = entry.dtype === 'F32' ? 4 : 2;
    const chunkElements = Math.floor(CHUNK_BYTES / elementSize);
    const scratch = new Uint8Array(Math.min(count, chunkElements) * elementSize);
    const outBits = new Uint32Array(out.buffer);
    for (let first = 0; first < count; first += chunkElements) {
      const n = Math.min(chunkElements, count - first);
      const bytes = scratch.subarray(0, n * elementSize);
      readExactly(fd, bytes, entry.begin + first * elementSize, header.path, what);
      decodeChunk(entry.dtype, bytes, outBits, first, n);
    }
    return out;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Reads a BF16 or F16 tensor's bits as they are, two elements to a 32-bit word (element 2i in the low half:
 * the file's little-endian layout), for weights kept packed on the device. No conversion, no float32 copy.
 */
export function readTensorHalfWords(header: SafetensorsHeader, name: string): Int32Array {
  const entry = header.tensors.get(name);
  if (!entry) missingTensor(header, name);
  if (entry.dtype === 'F32') throw new Error(`readTensorHalfWords: tensor "${name}" is F32, not 16-bit`);
  const count = elementCount(entry.shape);
  if (count % 2 !== 0) throw new Error(`readTensorHalfWords: tensor "${name}" has an odd number of elements`);
  if (!LITTLE_ENDIAN_HOST) throw new Error('readTensorHalfWords: a big-endian host would need the halves swapped');
  const out = new Int32Array(count / 2);
  if (count === 0) return out;
  const fd = openForReading(header.path);
  try {
    readExactly(fd, new Uint8Array(out.buffer), entry.begin, header.path, `tensor "${name}"`);
    return out;
  } finally {
    fs.closeSync(fd);
  }
}

/** Writes float32 bit patterns of `n` little-endian elements of `bytes` into `outBits` from `first`. */
function decodeChunk(dtype: SafetensorsDtype, bytes: Uint8Array, outBits: Uint32Array, first: number, n: number): void {
  if (dtype === 'F32') {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i < n; i++) outBits[first + i] = view.getUint32(i * 4, true);
    return;
  }
  const halves = readUint16LE(bytes, n);
  if (dtype === 'BF16') {
    for (let i = 0; i < n; i++) outBits[first + i] = halves[i]! << 16 >>> 0;
  } else {
    const table = f16ToF32BitsTable();
    for (let i = 0; i < n; i++) outBits[first + i] = table[halves[i]!]!;
  }
}

function readUint16LE(bytes: Uint8Array, n: number): Uint16Array {
  if (LITTLE_ENDIAN_HOST && bytes.byteOffset % 2 === 0) return new Uint16Array(bytes.buffer, bytes.byteOffset, n);
  const out = new Uint16Array(n);
  for (let i = 0; i < n; i++) out[i] = bytes[2 * i]! | (bytes[2 * i + 1]! << 8);
  return out;
}
