import { wgslArgMaxGeneration } from '../src/model/implementations/generation.ts';
import { defineVariant } from '../src/variants.ts';

export default defineVariant({
  name: 'wgsl-argmax',
  description: "On-device generation choosing each token with the lab's one-workgroup WGSL argMax (webgpu only)",
  slots: { generation: wgslArgMaxGeneration },
});
