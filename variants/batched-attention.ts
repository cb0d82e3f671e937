import { batchedAttention } from '../src/model/implementations/attention-core.ts';
import { defineVariant } from '../src/variants.ts';

export default defineVariant({
  name: 'batched-attention',
  description: 'All query heads of a group in one Qs @ Ks^T + mask + softmax, then one product with V',
  slots: { attentionCore: batchedAttention },
});
