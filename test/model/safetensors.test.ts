import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LabError } from '../../src/errors.ts';
import {
  f16BitsToF32Bits,
  f32BitsToBf16Bits,
  f32BitsToF16Bits,
  readSafetensorsHeader,
  readTensorFloat32,
  writeSafetensors,
  type TensorToWrite,
} from '../../src/model/safetensors.ts';
import { seededRandom } from '../../src/random.ts';
import { assertLabError as assertLabErrorMessage } from '../helpers/assert-lab-error.ts';


function randomData(n: number, seed: number, scale = 1): Float32Array {
  const next = seededRandom(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = (next() * 2 - 1) * scale;
  return out;
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'lab-safetensors-'));
}

/** Asserts `fn` throws a LabError mentioning every one of `parts`, with a hint for bad input. */
function assertLabError(fn: () => unknown, ...parts: string[]): LabError {
  const caught = assertLabErrorMessage(fn, ...parts);
  assert.ok(caught.hint.length > 0, 'a LabError for bad input should carry a hint');
  return caught;
}

/** Builds a safetensors file byte by byte, so tests can break any part of it. */
function rawSafetensors(file: string, header: unknown, data: Uint8Array, headerLengthOverride?: bigint): void {
  const json = Buffer.from(typeof header === 'string' ? header : JSON.stringify(header), 'utf8');
  const prefix = Buffer.alloc(8);
  prefix.writeBigUInt64LE(headerLengthOverride ?? BigInt(json.length), 0);
  fs.writeFileSync(file, Buffer.concat([prefix, json, data]));
}

function f32(x: number): number {
  return Math.fround(x);
}

function roundTrip(tensors: TensorToWrite[], dtype: 'F32' | 'F16' | 'BF16'): Float32Array[] {
  const file = path.join(tempDir(), `t-${dtype}.safetensors`);
  writeSafetensors(file, tensors, dtype);
  const header = readSafetensorsHeader(file);
  return tensors.map((t) => {
    const entry = header.tensors.get(t.name);
    assert.ok(entry, `tensor ${t.name} is in the header`);
    assert.equal(entry.dtype, dtype);
    assert.deepEqual(entry.shape, t.shape);
    return readTensorFloat32(header, t.name);
  });
}

test('F32 round trip is bit-exact, including empty and scalar tensors', () => {
  const tensors: TensorToWrite[] = [
    { name: 'a', shape: [3, 5], data: randomData(15, 1, 10) },
    { name: 'empty', shape: [0, 4], data: new Float32Array(0) },
    { name: 'scalar', shape: [], data: Float32Array.of(-2.5) },
    { name: 'special', shape: [5], data: Float32Array.of(0, -0, Infinity, -Infinity, 1e-45) },
  ];
  const back = roundTrip(tensors, 'F32');
  tensors.forEach((t, i) => assert.deepEqual(back[i], t.data));
  assert.ok(Object.is(back[3]![1], -0));
});

test('F16 round trip is within half-precision rounding and exact on representable values', () => {
  const data = randomData(4096, 2, 100);
  const [back] = roundTrip([{ name: 'w', shape: [64, 64], data }], 'F16');
  for (let i = 0; i < data.length; i++) {
    const x = data[i]!;
    // Round to nearest: error at most half a unit in the last place (2^-11 relative), or 2^-25 absolute for subnormals.
    assert.ok(Math.abs(back![i]! - x) <= Math.max(Math.abs(x) * 2 ** -11, 2 ** -25), `element ${i}: ${x} -> ${back![i]}`);
  }
  const exact = [1.5, -2, 0, 65504, -65504, 2 ** -14, 2 ** -24, 3 * 2 ** -24, 1023 * 2 ** -24, 0.333251953125, Infinity, -Infinity];
  const [exactBack] = roundTrip([{ name: 'x', shape: [exact.length], data: Float32Array.from(exact) }], 'F16');
  assert.deepEqual([...exactBack!], exact);
});

test('F16 writing rounds to nearest even and overflows to infinity', () => {
  const inputs = [
    1 + 2 ** -11, // halfway between 1 and 1 + 2^-10: ties to even, 1
    1 + 3 * 2 ** -11, // halfway: ties to even, 1 + 2^-9
    1 + 2 ** -11 + 2 ** -20, // just above halfway: up
    65519, // below the overflow threshold: 65504
    65520, // halfway to 2^16: ties to even, infinity
    2 ** -25, // halfway between 0 and the smallest subnormal: 0
    2 ** -25 + 2 ** -40, // just above: smallest subnormal
    3 * 2 ** -25, // halfway between 1 and 2 subnormal units: 2 (even)
    2 ** -14 - 2 ** -26, // rounds up from the largest subnormal into the smallest normal
    1e-10, // far below: 0
    -1e-10, // far below, negative: -0
  ];
  const expected = [1, 1 + 2 ** -9, 1 + 2 ** -10, 65504, Infinity, 0, 2 ** -24, 2 * 2 ** -24, 2 ** -14, 0, -0];
  const [back] = roundTrip([{ name: 'r', shape: [inputs.length], data: Float32Array.from(inputs) }], 'F16');
  inputs.forEach((x, i) => assert.ok(Object.is(back![i], expected[i]), `${x} -> ${back![i]}, expected ${expected[i]}`));
  const [nan] = roundTrip([{ name: 'n', shape: [1], data: Float32Array.of(NaN) }], 'F16');
  assert.ok(Number.isNaN(nan![0]));
});

test('every float16 bit pattern decodes exactly and re-encodes to itself', () => {
  const reference = (h: number): number => {
    const sign = h & 0x8000 ? -1 : 1;
    const exp = (h >> 10) & 0x1f;
    const mant = h & 0x3ff;
    if (exp === 0) return sign * mant * 2 ** -24;
    if (exp === 31) return mant ? NaN : sign * Infinity;
    return sign * (1 + mant / 1024) * 2 ** (exp - 15);
  };
  const raw = new Uint8Array(65536 * 2);
  for (let h = 0; h < 65536; h++) {
    raw[2 * h] = h & 0xff;
    raw[2 * h + 1] = h >> 8;
  }
  const file = path.join(tempDir(), 'all-f16.safetensors');
  rawSafetensors(file, { all: { dtype: 'F16', shape: [65536], data_offsets: [0, raw.length] } }, raw);
  const decoded = readTensorFloat32(readSafetensorsHeader(file), 'all');
  const bits = new Uint32Array(decoded.buffer);
  for (let h = 0; h < 65536; h++) {
    const want = reference(h);
    if (Number.isNaN(want)) {
      assert.ok(Number.isNaN(decoded[h]), `0x${h.toString(16)} is NaN`);
      continue;
    }
    assert.ok(Object.is(decoded[h], want), `0x${h.toString(16)}: ${decoded[h]} != ${want}`);
    assert.equal(f32BitsToF16Bits(bits[h]!), h, `0x${h.toString(16)} re-encodes to itself`);
    assert.equal(f16BitsToF32Bits(h), bits[h]);
  }
});

test('BF16 round trip keeps the high half, rounded to nearest even', () => {
  const data = randomData(4096, 3, 1e6);
  const [back] = roundTrip([{ name: 'w', shape: [4096], data }], 'BF16');
  for (let i = 0; i < data.length; i++) {
    const x = data[i]!;
    assert.ok(Math.abs(back![i]! - x) <= Math.abs(x) * 2 ** -8, `element ${i}: ${x} -> ${back![i]}`);
  }
  const inputs = [1.5, -2, 0, -0, 1 + 2 ** -8, 1 + 3 * 2 ** -8, 1 + 2 ** -8 + 2 ** -20, Infinity, -Infinity, 3.3895313892515355e38, 1e-40];
  const expected = [1.5, -2, 0, -0, 1, 1 + 2 ** -6, 1 + 2 ** -7, Infinity, -Infinity, 3.3895313892515355e38, f32(1e-40)];
  const [exactBack] = roundTrip([{ name: 'x', shape: [inputs.length], data: Float32Array.from(inputs) }], 'BF16');
  inputs.forEach((x, i) => {
    const got = exactBack![i]!;
    if (i === inputs.length - 1) {
      // A float32 subnormal keeps its top 7 mantissa bits.
      assert.ok(Math.abs(got - expected[i]!) <= 2 ** -133, `${x} -> ${got}`);
    } else {
      assert.ok(Object.is(got, expected[i]), `${x} -> ${got}, expected ${expected[i]}`);
    }
  });
  assert.equal(f32BitsToBf16Bits(0x7f7fffff), 0x7f80, 'the largest float32 rounds up to infinity');
  assert.equal(f32BitsToBf16Bits(0x7fc00001) & 0x7fc0, 0x7fc0, 'NaN stays a quiet NaN');
});

test('BF16 decoding puts the stored bits in the high half of a float32', () => {
  const raw = Uint8Array.of(0xc0, 0x3f, 0x00, 0xc0, 0x80, 0x7f, 0x01, 0x00); // 1.5, -2, inf, smallest subnormal bf16
  const file = path.join(tempDir(), 'bf16.safetensors');
  rawSafetensors(file, { t: { dtype: 'BF16', shape: [4], data_offsets: [0, 8] } }, raw);
  const out = readTensorFloat32(readSafetensorsHeader(file), 't');
  assert.deepEqual([...new Uint32Array(out.buffer)], [0x3fc00000, 0xc0000000, 0x7f800000, 0x00010000]);
});

test('header parsing gives metadata, absolute offsets and an 8-byte aligned data section', () => {
  const file = path.join(tempDir(), 'meta.safetensors');
  const tensors: TensorToWrite[] = [
    { name: 'first', shape: [2, 3], data: randomData(6, 4) },
    { name: 'second', shape: [5], data: randomData(5, 5) },
  ];
  writeSafetensors(file, tensors, 'BF16', { format: 'pt', note: 'héllo' });
  const header = readSafetensorsHeader(file);
  assert.deepEqual(header.metadata, { format: 'pt', note: 'héllo' });
  assert.equal(header.path, file);
  assert.equal(header.fileSize, fs.statSync(file).size);
  assert.equal(header.dataStart % 8, 0);
  assert.equal(header.dataStart, 8 + Number(fs.readFileSync(file).readBigUInt64LE(0)));
  assert.deepEqual(header.tensors.get('first'), { name: 'first', dtype: 'BF16', shape: [2, 3], begin: header.dataStart, end: header.dataStart + 12 });
  assert.deepEqual(header.tensors.get('second'), { name: 'second', dtype: 'BF16', shape: [5], begin: header.dataStart + 12, end: header.dataStart + 22 });
  assert.equal(header.fileSize, header.dataStart + 22);
  assert.ok(!header.tensors.has('__metadata__'));
});

test('a file with no metadata reads an empty metadata map', () => {
  const file = path.join(tempDir(), 'plain.safetensors');
  rawSafetensors(file, { t: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }, new Uint8Array(4));
  assert.deepEqual(readSafetensorsHeader(file).metadata, {});
});

test('tensors of other safetensors dtypes are listed but reading one names its dtype', () => {
  const file = path.join(tempDir(), 'mixed.safetensors');
  rawSafetensors(
    file,
    {
      ids: { dtype: 'I64', shape: [2], data_offsets: [0, 16] },
      w: { dtype: 'F32', shape: [1], data_offsets: [16, 20] },
    },
    new Uint8Array(20),
  );
  const header = readSafetensorsHeader(file);
  assert.equal(header.unreadable.get('ids')?.dtype, 'I64');
  assert.deepEqual([...readTensorFloat32(header, 'w')], [0]);
  assertLabError(() => readTensorFloat32(header, 'ids'), file, '"ids"', 'I64');
  assertLabError(() => readTensorFloat32(header, 'nope'), file, '"nope"');
});

test('a tensor larger than one read chunk is read whole and in order', () => {
  // 34M F16 elements is just over the 64 MiB read chunk, so the chunk loop runs twice.
  const n = 34 * 1024 * 1024;
  const raw = new Uint8Array(n * 2);
  const halves = new Uint16Array(raw.buffer);
  for (let i = 0; i < n; i++) halves[i] = i % 2048; // positive subnormals and normals below 2^-13: exact, and position-dependent
  const file = path.join(tempDir(), 'big.safetensors');
  rawSafetensors(file, { big: { dtype: 'F16', shape: [n], data_offsets: [0, raw.length] } }, raw);
  const out = readTensorFloat32(readSafetensorsHeader(file), 'big');
  assert.equal(out.length, n);
  for (const i of [0, 1, 2047, 2048, 32 * 1024 * 1024 - 1, 32 * 1024 * 1024, 32 * 1024 * 1024 + 1, n - 1]) {
    assert.equal(f32BitsToF16Bits(new Uint32Array(out.buffer, i * 4, 1)[0]!), i % 2048, `element ${i}`);
  }
  fs.rmSync(file);
});

// --- bad input -------------------------------------------------------------

test('a missing file is a LabError naming it', () => {
  const file = path.join(tempDir(), 'absent.safetensors');
  assertLabError(() => readSafetensorsHeader(file), file, 'not found');
});

test('a file shorter than 8 bytes is rejected', () => {
  const file = path.join(tempDir(), 'short.safetensors');
  fs.writeFileSync(file, Buffer.from([1, 2, 3]));
  assertLabError(() => readSafetensorsHeader(file), file, '3 bytes');
});

test('a header length past the end of the file is rejected', () => {
  const file = path.join(tempDir(), 'long-header.safetensors');
  rawSafetensors(file, '{}', new Uint8Array(0), 1000n);
  assertLabError(() => readSafetensorsHeader(file), file, 'header length 1000', '10 bytes');
  rawSafetensors(file, '{}', new Uint8Array(0), 0xffffffffffffffffn);
  assertLabError(() => readSafetensorsHeader(file), file, 'header length 18446744073709551615');
});

test('a header that is not JSON is rejected', () => {
  const file = path.join(tempDir(), 'not-json.safetensors');
  rawSafetensors(file, 'this is not json', new Uint8Array(0));
  assertLabError(() => readSafetensorsHeader(file), file, 'not valid UTF-8 JSON');
  rawSafetensors(file, '[1, 2]', new Uint8Array(0));
  assertLabError(() => readSafetensorsHeader(file), file, 'JSON object');
});

test('an unknown dtype is rejected, naming the tensor', () => {
  const file = path.join(tempDir(), 'dtype.safetensors');
  rawSafetensors(file, { weird: { dtype: 'F24', shape: [1], data_offsets: [0, 3] } }, new Uint8Array(3));
  assertLabError(() => readSafetensorsHeader(file), file, '"weird"', 'F24');
});

test('malformed shapes, offsets and metadata are rejected, naming the tensor', () => {
  const file = path.join(tempDir(), 'malformed.safetensors');
  rawSafetensors(file, { s: { dtype: 'F32', shape: [1.5], data_offsets: [0, 4] } }, new Uint8Array(4));
  assertLabError(() => readSafetensorsHeader(file), file, '"s"', 'shape');
  rawSafetensors(file, { o: { dtype: 'F32', shape: [1], data_offsets: [4, 0] } }, new Uint8Array(4));
  assertLabError(() => readSafetensorsHeader(file), file, '"o"', 'data_offsets');
  rawSafetensors(file, { __metadata__: { n: 1 } }, new Uint8Array(0));
  assertLabError(() => readSafetensorsHeader(file), file, '__metadata__', '"n"');
});

test('a truncated file (tensor data past the end) is rejected with byte offsets', () => {
  const file = path.join(tempDir(), 'truncated.safetensors');
  const header = { a: { dtype: 'F32', shape: [4], data_offsets: [0, 16] }, b: { dtype: 'F32', shape: [4], data_offsets: [16, 32] } };
  rawSafetensors(file, header, new Uint8Array(20));
  const dataStart = 8 + Buffer.byteLength(JSON.stringify(header));
  assertLabError(() => readSafetensorsHeader(file), file, '"b"', `byte ${dataStart + 32}`, `${dataStart + 20} bytes`);
});

test('data_offsets whose length disagrees with shape and dtype are rejected', () => {
  const file = path.join(tempDir(), 'mismatch.safetensors');
  rawSafetensors(file, { m: { dtype: 'BF16', shape: [2, 3], data_offsets: [0, 24] } }, new Uint8Array(24));
  assertLabError(() => readSafetensorsHeader(file), file, '"m"', '[0, 24]', '24 bytes', 'needs 12');
});

test('two tensors whose byte ranges overlap are rejected, naming both', () => {
  const file = path.join(tempDir(), 'overlap.safetensors');
  rawSafetensors(
    file,
    {
      x: { dtype: 'F32', shape: [4], data_offsets: [0, 16] },
      y: { dtype: 'F32', shape: [4], data_offsets: [12, 28] },
      z: { dtype: 'F32', shape: [0], data_offsets: [4, 4] },
    },
    new Uint8Array(28),
  );
  assertLabError(() => readSafetensorsHeader(file), file, '"x"', '"y"', 'overlap');
});

test('a file that shrinks after its header was read fails with a LabError when read', () => {
  const file = path.join(tempDir(), 'shrinks.safetensors');
  writeSafetensors(file, [{ name: 'w', shape: [8], data: randomData(8, 6) }], 'F32');
  const header = readSafetensorsHeader(file);
  fs.truncateSync(file, header.dataStart + 4);
  assertLabError(() => readTensorFloat32(header, 'w'), file, 'tensor "w"');
});

test('writing rejects data that disagrees with its shape', () => {
  const file = path.join(tempDir(), 'bad-write.safetensors');
  assert.throws(() => writeSafetensors(file, [{ name: 'w', shape: [3], data: new Float32Array(2) }], 'F32'), /"w" has 2 values/);
  assert.ok(!fs.existsSync(file));
});
