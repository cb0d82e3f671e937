import { preallocatedSeqFirstCache } from '../src/model/implementations/kv-cache.ts';
import { defineVariant } from '../src/variants.ts';

export default defineVariant({
  name: 'kv-preallocated-seq-first',
  description: "KV cache preallocated as [capacity, kvHeads, D], written at [pos, pos+T) by one op, sliced and transposed on read",
  slots: { kvCache: preallocatedSeqFirstCache },
});
