import { wgslDecodeAttention } from '../src/model/implementations/attention-core.ts';
import { defineVariant } from '../src/variants.ts';

export default defineVariant({
  name: 'wgsl-decode-attention',
  description: "One generation step's attention (all heads: scores, softmax, values) as one WGSL kernel (webgpu only); prompts use batched attention",
  slots: { attentionCore: wgslDecodeAttention },
});
