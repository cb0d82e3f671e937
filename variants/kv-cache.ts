import { chunkedCache, concatHeadsFirstCache, concatSeqFirstCache, preallocatedHeadsFirstCache, preallocatedSeqFirstCache, type CacheLayoutName } from '../src/model/implementations/kv-cache.ts';
import { defineParametrizedVariant } from '../src/variants.ts';

const FIXED = {
  'heads-first': { concat: concatHeadsFirstCache, preallocated: preallocatedHeadsFirstCache },
  'seq-first': { concat: concatSeqFirstCache, preallocated: preallocatedSeqFirstCache },
} as const;

export default defineParametrizedVariant({
  name: 'kv-cache',
  description: "The KV cache's layout and how it grows: concat at every step (the baseline), one buffer of the whole capacity, or a buffer grown growBy positions at a time",
  params: {
    layout: { type: 'enum', default: 'heads-first', values: ['heads-first', 'seq-first'], description: '[kvHeads, S, D] as attention reads it, or [S, kvHeads, D] as K/V leave the projection (transposed on read)' },
    allocation: { type: 'enum', default: 'concat', values: ['concat', 'preallocated', 'chunked'], description: 'grown by concat at every step, allocated once at capacity, or grown growBy positions at a time' },
    growBy: { type: 'integer', default: 32, values: [8, 16, 32, 64, 128], description: 'positions a chunked cache grows by when full (chunked only)' },
  },
  slots: (p) => {
    const layout = p.layout as CacheLayoutName;
    const kvCache = p.allocation === 'chunked' ? chunkedCache(layout, p.growBy as number) : FIXED[layout][p.allocation as 'concat' | 'preallocated'];
    return { kvCache };
  },
  presets: {
    'kv-preallocated': {
      description: "KV cache preallocated as [kvHeads, capacity, D], each step's K/V written at [pos, pos+T) by one op; attention reads a slice",
      values: { allocation: 'preallocated' },
    },
    'kv-seq-first': {
      description: 'KV cache kept [S, kvHeads, D] as K/V leave the projection, grown by concat on axis 0, transposed to [kvHeads, S, D] on read',
      values: { layout: 'seq-first' },
    },
    'kv-preallocated-seq-first': {
      description: 'KV cache preallocated as [capacity, kvHeads, D], written at [pos, pos+T) by one op, sliced and transposed on read',
      values: { layout: 'seq-first', allocation: 'preallocated' },
    },
  },
});
