import { wgslRope } from '../src/model/implementations/elementwise.ts';
import { defineVariant } from '../src/variants.ts';

export default defineVariant({
  name: 'wgsl-rope',
  description: 'Rotary embedding as one WGSL kernel (webgpu only) instead of about thirteen TF.js ops',
  slots: { rope: wgslRope },
});
