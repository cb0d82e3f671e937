/**
 * Writing a safetensors file: the header, then each tensor encoded from float32
 * in bounded slices, written beside the target and renamed into place.
 */
import fs from 'node:fs';
import { f32BitsToBf16Bits, f32BitsToF16Bits } from './half-float-bits.ts';
import { CHUNK_BYTES, LITTLE_ENDIAN_HOST, writeAll } from './safetensors-io.ts';
import { elementCount, isSupportedDtype, type SafetensorsDtype, type TensorToWrite } from './safetensors-types.ts';

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
