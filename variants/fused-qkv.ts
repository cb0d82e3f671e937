import { fusedQkv } from '../src/model/implementations/qkv-projection.ts';
import { defineVariant } from '../src/variants.ts';

export default defineVariant({
  name: 'fused-qkv',
  description: 'One matmul against [Wq | Wk | Wv] concatenated once at load time, then a split',
  slots: { qkvProjection: fusedQkv },
});
