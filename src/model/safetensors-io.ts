/**
 * Moving safetensors bytes between a file and memory: whole reads and writes
 * that loop until done, in bounded chunks, with file errors reported as
 * LabErrors that name the file.
 */
import fs from 'node:fs';
import os from 'node:os';
import { LabError } from '../errors.ts';

/** Tensor data is moved in chunks of this many bytes, so converting never needs a second full copy. */
export const CHUNK_BYTES = 64 * 1024 * 1024;

export const LITTLE_ENDIAN_HOST = os.endianness() === 'LE';

/** Reads exactly `length` bytes at `position`, looping because one readSync may return fewer (and caps at ~2 GiB). */
export function readExactly(fd: number, target: Uint8Array, position: number, path: string, what: string): void {
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

export function openForReading(path: string): number {
  try {
    return fs.openSync(path, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new LabError(`${path}: file not found`, 'check the checkpoint path');
    if (code === 'EISDIR') throw new LabError(`${path}: is a directory, not a safetensors file`);
    throw new LabError(`${path}: cannot open (${code ?? String(e)})`, 'check the file permissions');
  }
}

export function writeAll(fd: number, bytes: Uint8Array): void {
  let done = 0;
  while (done < bytes.length) done += fs.writeSync(fd, bytes, done, bytes.length - done);
}
