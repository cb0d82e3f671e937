/**
 * The safetensors file format: an 8-byte little-endian header length N, N bytes
 * of JSON describing each tensor, then the raw little-endian tensor data.
 *
 * Checkpoints can be many GB, so nothing here reads a whole file: the header is
 * one small read, and each tensor is read on demand at its own offset, in
 * bounded chunks.
 */
import fs from 'node:fs';
import os from 'node:os';
import { LabError } from '../errors.ts';

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

/** Bytes per element of every whole-byte safetensors dtype; anything else is rejected as unknown. */
const DTYPE_SIZES: Readonly<Record<string, number>> = {
  BOOL: 1, U8: 1, I8: 1, F8_E5M2: 1, F8_E4M3: 1, F8_E8M0: 1,
  U16: 2, I16: 2, F16: 2, BF16: 2,
  U32: 4, I32: 4, F32: 4,
  U64: 8, I64: 8, F64: 8,
};

/** The reference implementation's limit; a bigger "header" means a corrupt or foreign file. */
const MAX_HEADER_BYTES = 100_000_000;

/** Tensor data is moved in chunks of this many bytes, so converting never needs a second full copy. */
const CHUNK_BYTES = 64 * 1024 * 1024;

const LITTLE_ENDIAN_HOST = os.endianness() === 'LE';

function isSupportedDtype(dtype: string): dtype is SafetensorsDtype {
  return (SAFETENSORS_DTYPES as readonly string[]).includes(dtype);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function elementCount(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Reads exactly `length` bytes at `position`, looping because one readSync may return fewer (and caps at ~2 GiB). */
function readExactly(fd: number, target: Uint8Array, position: number, path: string, what: string): void {
  let done = 0;
  while (done < target.length) {
    const n = fs.readSync(fd, target, done, Math.min(target.length - done, CHUNK_BYTES), position + done);
    if (n === 0) {
      throw new LabError(
        `${path}: file ended at byte ${position + done} while reading ${what} (bytes ${position}..${position + target.length})`,
        'the file is truncated or changed while being read; copy it again',
      );
    }
    done += n;
  }
}

function openForReading(path: string): number {
  try {
    return fs.openSync(path, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new LabError(`${path}: file not found`, 'check the checkpoint path');
    if (code === 'EISDIR') throw new LabError(`${path}: is a directory, not a safetensors file`);
    throw new LabError(`${path}: cannot open (${code ?? String(e)})`, 'check the file permissions');
  }
}

// ---------------------------------------------------------------------------
// Reading

/** Parses and validates the header; reads no tensor data. */
export function readSafetensorsHeader(path: string): SafetensorsHeader {
  const fd = openForReading(path);
  try {
    const fileSize = fs.fstatSync(fd).size;
    const notSafetensors = 'this is not a valid safetensors file; re-export or re-download it';
    if (fileSize < 8) {
      throw new LabError(`${path}: file is ${fileSize} bytes, too short for the 8-byte safetensors header length`, notSafetensors);
    }
    const lengthBytes = Buffer.alloc(8);
    readExactly(fd, lengthBytes, 0, path, 'the header length');
    const headerLength = lengthBytes.readBigUInt64LE(0);
    if (headerLength > BigInt(fileSize - 8)) {
      throw new LabError(
        `${path}: header length ${headerLength} runs past the end of the file (${fileSize} bytes, so at most ${fileSize - 8})`,
        notSafetensors,
      );
    }
    if (headerLength > BigInt(MAX_HEADER_BYTES)) {
      throw new LabError(`${path}: header length ${headerLength} exceeds the safetensors limit of ${MAX_HEADER_BYTES} bytes`, notSafetensors);
    }
    const n = Number(headerLength);
    const headerBytes = Buffer.alloc(n);
    readExactly(fd, headerBytes, 8, path, 'the JSON header');
    const dataStart = 8 + n;

    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(headerBytes));
    } catch (e) {
      throw new LabError(`${path}: header (bytes 8..${dataStart}) is not valid UTF-8 JSON: ${(e as Error).message}`, notSafetensors);
    }
    if (!isPlainObject(json)) {
      throw new LabError(`${path}: header (bytes 8..${dataStart}) must be a JSON object`, notSafetensors);
    }
    return parseHeaderObject(json, path, dataStart, fileSize);
  } finally {
    fs.closeSync(fd);
  }
}

function parseHeaderObject(json: Record<string, unknown>, path: string, dataStart: number, fileSize: number): SafetensorsHeader {
  const metadata: Record<string, string> = {};
  const tensors = new Map<string, TensorEntry>();
  const unreadable = new Map<string, UnreadableTensorEntry>();
  const ranges: { name: string; begin: number; end: number }[] = [];
  const corrupt = 'the file is corrupt or was written by a broken exporter';

  for (const [name, raw] of Object.entries(json)) {
    if (name === '__metadata__') {
      if (!isPlainObject(raw)) throw new LabError(`${path}: "__metadata__" must be an object of strings`, corrupt);
      for (const [key, value] of Object.entries(raw)) {
        if (typeof value !== 'string') {
          throw new LabError(`${path}: "__metadata__" field "${key}" must be a string, got ${JSON.stringify(value)}`, corrupt);
        }
        metadata[key] = value;
      }
      continue;
    }
    const where = `${path}: tensor "${name}"`;
    if (!isPlainObject(raw)) throw new LabError(`${where}: entry must be an object with dtype, shape, data_offsets`, corrupt);

    const dtype = raw['dtype'];
    if (typeof dtype !== 'string' || !Object.hasOwn(DTYPE_SIZES, dtype)) {
      throw new LabError(
        `${where}: unknown dtype ${JSON.stringify(dtype)}`,
        `safetensors dtypes are ${Object.keys(DTYPE_SIZES).join(', ')}; the lab reads ${SAFETENSORS_DTYPES.join(', ')}`,
      );
    }
    const shape = raw['shape'];
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      throw new LabError(`${where}: shape must be an array of non-negative integers, got ${JSON.stringify(shape)}`, corrupt);
    }
    const offsets = raw['data_offsets'];
    if (
      !Array.isArray(offsets) || offsets.length !== 2 ||
      !offsets.every((o) => Number.isSafeInteger(o) && o >= 0) || offsets[0] > offsets[1]
    ) {
      throw new LabError(`${where}: data_offsets must be [begin, end] with 0 <= begin <= end, got ${JSON.stringify(offsets)}`, corrupt);
    }
    const [relBegin, relEnd] = offsets as [number, number];
    const begin = dataStart + relBegin;
    const end = dataStart + relEnd;
    const elementSize = DTYPE_SIZES[dtype]!;
    const expectedBytes = elementCount(shape as number[]) * elementSize;
    if (relEnd - relBegin !== expectedBytes) {
      throw new LabError(
        `${where}: data_offsets [${relBegin}, ${relEnd}] span ${relEnd - relBegin} bytes, but shape [${shape.join(', ')}] of ${dtype} needs ${expectedBytes}`,
        corrupt,
      );
    }
    if (end > fileSize) {
      throw new LabError(
        `${where}: data runs to byte ${end} (data_offsets [${relBegin}, ${relEnd}] after the ${dataStart}-byte header) but the file is only ${fileSize} bytes`,
        'the file is truncated; copy or download it again',
      );
    }
    const entry = { name, dtype, shape: shape as number[], begin, end };
    if (isSupportedDtype(dtype)) tensors.set(name, { ...entry, dtype });
    else unreadable.set(name, entry);
    ranges.push({ name, begin, end });
  }

  // Empty tensors occupy no bytes and so cannot overlap anything.
  const occupied = ranges.filter((r) => r.end > r.begin).sort((a, b) => a.begin - b.begin);
  for (let i = 1; i < occupied.length; i++) {
    const prev = occupied[i - 1]!;
    const cur = occupied[i]!;
    if (cur.begin < prev.end) {
      throw new LabError(
        `${path}: tensors "${prev.name}" (bytes ${prev.begin}..${prev.end}) and "${cur.name}" (bytes ${cur.begin}..${cur.end}) overlap`,
        corrupt,
      );
    }
  }
  return { path, tensors, unreadable, metadata, dataStart, fileSize };
}

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

let f16Table: Uint32Array | undefined;

/** float32 bits of every float16 value: one lookup per element, exact for subnormals, inf and NaN payloads. */
function f16ToF32BitsTable(): Uint32Array {
  if (f16Table) return f16Table;
  const table = new Uint32Array(65536);
  for (let h = 0; h < 65536; h++) table[h] = f16BitsToF32Bits(h);
  f16Table = table;
  return table;
}

export function f16BitsToF32Bits(h: number): number {
  const sign = (h & 0x8000) << 16;
  const exp = (h >>> 10) & 0x1f;
  let mant = h & 0x3ff;
  if (exp === 0x1f) return (sign | 0x7f800000 | (mant << 13)) >>> 0;
  if (exp !== 0) return (sign | ((exp + 112) << 23) | (mant << 13)) >>> 0;
  if (mant === 0) return sign >>> 0;
  // Subnormal f16 is normal in f32: shift the mantissa up until its leading 1 is the implicit bit.
  let e = 113;
  while ((mant & 0x400) === 0) {
    mant <<= 1;
    e--;
  }
  return (sign | (e << 23) | ((mant & 0x3ff) << 13)) >>> 0;
}

// ---------------------------------------------------------------------------
// Writing

/** float32 bits -> float16 bits, rounding to nearest, ties to even; overflow goes to infinity. */
export function f32BitsToF16Bits(x: number): number {
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  const mant = x & 0x7fffff;
  if (exp === 0xff) return mant === 0 ? sign | 0x7c00 : sign | 0x7e00 | (mant >>> 13);
  const e = exp - 112; // rebias 127 -> 15
  if (e >= 31) return sign | 0x7c00;
  if (e <= 0) {
    // Result is an f16 subnormal (or zero): value = m * 2^-24.
    if (e < -10) return sign;
    const full = mant | 0x800000;
    const shift = 14 - e;
    let m = full >>> shift;
    const rest = full & ((1 << shift) - 1);
    const half = 1 << (shift - 1);
    if (rest > half || (rest === half && (m & 1) === 1)) m++; // a carry into bit 10 correctly yields the smallest normal
    return sign | m;
  }
  let h = sign | (e << 10) | (mant >>> 13);
  const rest = mant & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && (h & 1) === 1)) h++; // a carry propagates into the exponent, up to infinity
  return h;
}

/** float32 bits -> bfloat16 bits, rounding to nearest, ties to even; NaN stays NaN. */
export function f32BitsToBf16Bits(x: number): number {
  if ((x & 0x7fffffff) > 0x7f800000) return ((x >>> 16) | 0x0040) & 0xffff;
  return ((x >>> 0) + 0x7fff + ((x >>> 16) & 1)) >>> 16 & 0xffff;
}

function encodeTensor(data: Float32Array, dtype: SafetensorsDtype): Buffer {
  const bits = new Uint32Array(data.buffer, data.byteOffset, data.length);
  if (dtype === 'F32') {
    if (LITTLE_ENDIAN_HOST) return Buffer.from(bits.buffer, bits.byteOffset, bits.byteLength);
    const out = Buffer.alloc(data.length * 4);
    for (let i = 0; i < data.length; i++) out.writeUInt32LE(bits[i]!, i * 4);
    return out;
  }
  const convert = dtype === 'F16' ? f32BitsToF16Bits : f32BitsToBf16Bits;
  const out = Buffer.alloc(data.length * 2);
  for (let i = 0; i < data.length; i++) out.writeUInt16LE(convert(bits[i]!), i * 2);
  return out;
}

/**
 * Writes `tensors` in order, all in `dtype`. Mistakes here are the caller's
 * code, not user input, so they throw plain Errors.
 */
export function writeSafetensors(
  path: string,
  tensors: TensorToWrite[],
  dtype: SafetensorsDtype,
  metadata?: Record<string, string>,
): void {
  if (!isSupportedDtype(dtype)) throw new Error(`writeSafetensors: unsupported dtype ${String(dtype)}`);
  const elementSize = dtype === 'F32' ? 4 : 2;
  const header: Record<string, unknown> = {};
  if (metadata && Object.keys(metadata).length > 0) header['__metadata__'] = metadata;
  let offset = 0;
  for (const t of tensors) {
    if (t.name === '__metadata__' || Object.hasOwn(header, t.name)) {
      throw new Error(`writeSafetensors: duplicate or reserved tensor name "${t.name}"`);
    }
    if (!t.shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      throw new Error(`writeSafetensors: tensor "${t.name}" has invalid shape [${t.shape.join(', ')}]`);
    }
    if (elementCount(t.shape) !== t.data.length) {
      throw new Error(`writeSafetensors: tensor "${t.name}" has ${t.data.length} values but shape [${t.shape.join(', ')}]`);
    }
    const bytes = t.data.length * elementSize;
    header[t.name] = { dtype, shape: t.shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  // Pad with spaces so the data section starts 8-byte aligned, as the reference writer does.
  let json = JSON.stringify(header);
  const jsonBytes = Buffer.byteLength(json, 'utf8');
  json += ' '.repeat((8 - ((8 + jsonBytes) % 8)) % 8);
  const headerBytes = Buffer.from(json, 'utf8');
  const prefix = Buffer.alloc(8);
  prefix.writeBigUInt64LE(BigInt(headerBytes.length), 0);

  // Write beside the target and rename, so a crash never leaves a half-written file under the real name.
  const temporary = `${path}.partial-${process.pid}`;
  const fd = fs.openSync(temporary, 'w');
  try {
    writeAll(fd, prefix);
    writeAll(fd, headerBytes);
    for (const t of tensors) {
      // Encode in slices so a multi-GB tensor never needs a second full-size buffer.
      const sliceElements = Math.floor(CHUNK_BYTES / elementSize);
      for (let first = 0; first < t.data.length; first += sliceElements) {
        writeAll(fd, encodeTensor(t.data.subarray(first, first + sliceElements), dtype));
      }
    }
  } catch (e) {
    fs.closeSync(fd);
    fs.rmSync(temporary, { force: true });
    throw e;
  }
  fs.closeSync(fd);
  fs.renameSync(temporary, path);
}

function writeAll(fd: number, bytes: Uint8Array): void {
  let done = 0;
  while (done < bytes.length) done += fs.writeSync(fd, bytes, done, bytes.length - done);
}
