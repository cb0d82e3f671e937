import { concatSeqFirstCache } from '../src/model/implementations/kv-cache.ts';
import { defineVariant } from '../src/variants.ts';

export default defineVariant({
  name: 'kv-seq-first',
  description: "KV cache kept [S, kvHeads, D] as K/V leave the projection, grown by concat on axis 0, transposed to [kvHeads, S, D] on read",
  slots: { kvCache: concatSeqFirstCache },
});
