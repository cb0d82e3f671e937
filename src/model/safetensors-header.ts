/**
 * Reading a safetensors header: the 8-byte length and the JSON after it, checked
 * entry by entry (known dtype, shape, byte range inside the file, no overlaps)
 * before any tensor data is touched.
 */
import fs from 'node:fs';
import { LabError } from '../errors.ts';
import { openForReading, readExactly } from './safetensors-io.ts';
import {
  elementCount,
  isSupportedDtype,
  SAFETENSORS_DTYPES,
  type SafetensorsHeader,
  type TensorEntry,
  type UnreadableTensorEntry,
} from './safetensors-types.ts';

/** Bytes per element of every whole-byte safetensors dtype; anything else is rejected as unknown. */
const DTYPE_SIZES: Readonly<Record<string, number>> = {
  BOOL: 1, U8: 1, I8: 1, F8_E5M2: 1, F8_E4M3: 1, F8_E8M0: 1,
  U16: 2, I16: 2, F16: 2, BF16: 2,
  U32: 4, I32: 4, F32: 4,
  U64: 8, I64: 8, F64: 8,
};

/** The reference implementation's limit; a bigger "header" means a corrupt or foreign file. */
const MAX_HEADER_BYTES = 100_000_000;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

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
