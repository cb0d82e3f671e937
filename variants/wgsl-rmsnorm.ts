import { wgslRmsNorm } from '../src/model/implementations/elementwise.ts';
import { defineVariant } from '../src/variants.ts';

export default defineVariant({
  name: 'wgsl-rmsnorm',
  description: 'RMSNorm as one WGSL kernel per row (webgpu only) instead of six TF.js ops',
  slots: { norm: wgslRmsNorm },
});
