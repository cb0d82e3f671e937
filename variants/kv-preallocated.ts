import { preallocatedHeadsFirstCache } from '../src/model/implementations/kv-cache.ts';
import { defineVariant } from '../src/variants.ts';

export default defineVariant({
  name: 'kv-preallocated',
  description: "KV cache preallocated as [kvHeads, capacity, D], each step's K/V written at [pos, pos+T) by one op; attention reads a slice",
  slots: { kvCache: preallocatedHeadsFirstCache },
});
