import * as tf from '@tensorflow/tfjs-core';
import type { KvCacheLayout } from '../slots.ts';

/**
 * Baseline: the cache is [kvHeads, S, D], the layout attention reads, and
 * grows by concatenation along S at every step.
 */
export const concatHeadsFirstCache: KvCacheLayout = {
  name: 'concat-hsd',
  create: () => ({}),
  append: (cache, k, v) => {
    const kNew = tf.transpose(k, [1, 0, 2]); // [kvHeads, T, D]
    const vNew = tf.transpose(v, [1, 0, 2]);
    if (!cache.k || !cache.v) return { k: kNew, v: vNew };
    return { k: tf.concat([cache.k, kNew], 1), v: tf.concat([cache.v, vNew], 1) }; // [kvHeads, S, D]
  },
  read: (cache) => ({ k: cache.k as tf.Tensor3D, v: cache.v as tf.Tensor3D }),
};

/**
 * Scatter indices of positions [pos, pos+T) of every KV head in a [kvHeads, S, D]
 * buffer, ordered like k [T, kvHeads, D] so that k scatters without a transpose.
 */
function headsFirstIndices(t: number, kvHeads: number, pos: number): tf.Tensor3D {
  const indices = new Int32Array(t * kvHeads * 2);
  for (let i = 0; i < t; i++) {
    for (let h = 0; h < kvHeads; h++) {
      indices[(i * kvHeads + h) * 2] = h;
      indices[(i * kvHeads + h) * 2 + 1] = pos + i;
    }
  }
  return tf.tensor3d(indices, [t, kvHeads, 2], 'int32'); // [T, kvHeads, 2]
}

/**
 * A [kvHeads, capacity, D] buffer allocated once and written at [pos, pos+T)
 * by one tensorScatterUpdate per step; attention reads a slice of the first
 * pos+T positions.
 *
 * TF.js tensors are immutable, so this is not an in-place write: the scatter
 * allocates a new buffer and copies all `capacity` positions into it (wasm:
 * makeOutput + memcpy, then the scatter), and the read slice copies pos+T more
 * (wasm's slice always copies, and for kvHeads > 1 the [kvHeads, S, D] slice is
 * strided, so it runs as a JS loop). Against the baseline's concat, which
 * copies only the pos positions already there, that is more bytes per step,
 * not fewer. What it buys is fixed shapes for the cache itself: the write
 * always has the same shapes, which matters on WebGPU, where every new shape
 * compiles new shader programs. The slice and the attention products after it
 * still grow with pos; only reading the whole buffer under a [T, capacity]
 * mask would make the whole step shape-stable.
 *
 * Chosen over concat-of-slices (three ops, two of them copies) and
 * pad + where with a one-hot mask (pad, broadcast and select over the whole
 * buffer): on wasm, writing one position of a [2, 64, 64] buffer took
 * ~20 µs by scatter, ~100 µs by concat of slices and ~450-650 µs by pad + where
 * (2-core EPYC, one thread; the where path grows to ~4 ms at capacity 512).
 */
export const preallocatedHeadsFirstCache: KvCacheLayout = {
  name: 'prealloc-hsd',
  create: (c, capacity) => ({
    k: tf.zeros([c.kvHeads, capacity, c.headDim]), // [kvHeads, capacity, D]
    v: tf.zeros([c.kvHeads, capacity, c.headDim]),
  }),
  append: (cache, k, v, pos) => {
    const [t, kvHeads] = k.shape;
    const indices = headsFirstIndices(t, kvHeads, pos); // [T, kvHeads, 2]
    return { k: tf.tensorScatterUpdate(cache.k!, indices, k), v: tf.tensorScatterUpdate(cache.v!, indices, v) };
  },
  read: (cache, length) => {
    const [kvHeads, capacity, d] = cache.k!.shape as [number, number, number];
    // The last step fills the buffer: no slice, no copy.
    if (length === capacity) return { k: cache.k as tf.Tensor3D, v: cache.v as tf.Tensor3D };
    return {
      k: tf.slice(cache.k as tf.Tensor3D, [0, 0, 0], [kvHeads, length, d]), // [kvHeads, length, D]
      v: tf.slice(cache.v as tf.Tensor3D, [0, 0, 0], [kvHeads, length, d]),
    };
  },
};

/**
 * The cache in the layout K/V leave the projection, [S, kvHeads, D]: appending
 * is a concat along the outer axis (contiguous, no transpose of the new rows),
 * and the transpose to the [kvHeads, S, D] attention reads moves to every read,
 * where it touches all S positions instead of the T new ones.
 */
export const concatSeqFirstCache: KvCacheLayout = {
  name: 'concat-shd',
  create: () => ({}),
  append: (cache, k, v) => {
    // A clone shares k's data (no copy) but is a tensor of the cache's own, so disposing the cache never frees the caller's k.
    if (!cache.k || !cache.v) return { k: tf.clone(k), v: tf.clone(v) }; // [T, kvHeads, D]
    return { k: tf.concat([cache.k, k], 0), v: tf.concat([cache.v, v], 0) }; // [S, kvHeads, D]
  },
  read: (cache) => ({
    k: tf.transpose(cache.k as tf.Tensor3D, [1, 0, 2]), // [kvHeads, S, D]
    v: tf.transpose(cache.v as tf.Tensor3D, [1, 0, 2]),
  }),
};

/**
 * Preallocated in the [capacity, kvHeads, D] layout: the write scatters whole
 * [kvHeads, D] rows (indices are just positions), and the first pos+T
 * positions are one contiguous block, so the read slice is a memcpy; the read
 * then transposes to [kvHeads, S, D]. The same whole-buffer copy per step as
 * `preallocatedHeadsFirstCache` (see there).
 */
export const preallocatedSeqFirstCache: KvCacheLayout = {
  name: 'prealloc-shd',
  create: (c, capacity) => ({
    k: tf.zeros([capacity, c.kvHeads, c.headDim]), // [capacity, kvHeads, D]
    v: tf.zeros([capacity, c.kvHeads, c.headDim]),
  }),
  append: (cache, k, v, pos) => {
    const t = k.shape[0];
    const indices = tf.tensor2d(Int32Array.from({ length: t }, (_, i) => pos + i), [t, 1], 'int32'); // [T, 1]
    return { k: tf.tensorScatterUpdate(cache.k!, indices, k), v: tf.tensorScatterUpdate(cache.v!, indices, v) };
  },
  read: (cache, length) => {
    const [capacity, kvHeads, d] = cache.k!.shape as [number, number, number];
    const prefix = (t: tf.Tensor3D) => (length === capacity ? t : tf.slice(t, [0, 0, 0], [length, kvHeads, d])); // [length, kvHeads, D]
    return {
      k: tf.transpose(prefix(cache.k as tf.Tensor3D), [1, 0, 2]), // [kvHeads, length, D]
      v: tf.transpose(prefix(cache.v as tf.Tensor3D), [1, 0, 2]),
    };
  },
};

/** The two layouts a cache can keep: [kvHeads, S, D] (what attention reads) or [S, kvHeads, D] (what the projection gives). */
export type CacheLayoutName = 'heads-first' | 'seq-first';

/**
 * A buffer grown `growBy` positions at a time (one concat of zeros when the
 * next write would overflow it), written by scatter and read by a slice: the
 * middle ground between the baseline's concat at every step (a copy of the
 * whole cache each step) and a buffer of the whole capacity (a scatter that
 * copies all of it each step). Each scatter copies only what is allocated.
 */
export function chunkedCache(layout: CacheLayoutName, growBy: number): KvCacheLayout {
  if (!Number.isInteger(growBy) || growBy < 1) throw new Error(`chunked KV cache: growBy must be a positive integer, got ${growBy}`);
  const seqAxis = layout === 'heads-first' ? 1 : 0;
  const grow = (t: tf.Tensor, positions: number) => {
    const shape = [...t.shape];
    shape[seqAxis] = positions;
    return tf.tidy(() => tf.concat([t, tf.zeros(shape)], seqAxis));
  };
  return {
    name: `chunked-${layout === 'heads-first' ? 'hsd' : 'shd'}-${growBy}`,
    create: (c) => {
      const shape: [number, number, number] = layout === 'heads-first' ? [c.kvHeads, growBy, c.headDim] : [growBy, c.kvHeads, c.headDim];
      return { k: tf.zeros(shape), v: tf.zeros(shape) }; // [kvHeads, growBy, D] or [growBy, kvHeads, D]
    },
    append: (cache, k, v, pos) => {
      const [t, kvHeads] = k.shape;
      let kBuf = cache.k!;
      let vBuf = cache.v!;
      const allocated = kBuf.shape[seqAxis]!;
      if (pos + t > allocated) {
        const more = Math.ceil((pos + t - allocated) / growBy) * growBy;
        kBuf = grow(kBuf, more);
        vBuf = grow(vBuf, more);
      }
      const indices =
        layout === 'heads-first'
          ? headsFirstIndices(t, kvHeads, pos) // [T, kvHeads, 2]
          : tf.tensor2d(Int32Array.from({ length: t }, (_, i) => pos + i), [t, 1], 'int32'); // [T, 1]
      return { k: tf.tensorScatterUpdate(kBuf, indices, k), v: tf.tensorScatterUpdate(vBuf, indices, v) };
    },
    read: (cache, length) => {
      const k = cache.k as tf.Tensor3D;
      const v = cache.v as tf.Tensor3D;
      const [a, b, d] = k.shape;
      const prefix = (x: tf.Tensor3D) => (x.shape[seqAxis] === length ? x : layout === 'heads-first' ? tf.slice(x, [0, 0, 0], [a, length, d]) : tf.slice(x, [0, 0, 0], [length, b, d]));
      if (layout === 'heads-first') return { k: prefix(k), v: prefix(v) }; // [kvHeads, length, D]
      return { k: tf.transpose(prefix(k), [1, 0, 2]), v: tf.transpose(prefix(v), [1, 0, 2]) }; // [kvHeads, length, D]
    },
  };
}
