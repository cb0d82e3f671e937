import { wgslWideArgMaxGeneration } from '../src/model/implementations/generation.ts';
import { defineVariant } from '../src/variants.ts';

export default defineVariant({
  name: 'wgsl-argmax-wide',
  description: "On-device generation choosing each token with the lab's two-launch WGSL argMax: hundreds of workgroups, then one (webgpu only)",
  slots: { generation: wgslWideArgMaxGeneration },
});
