import { wgslGeluGate } from '../src/model/implementations/elementwise.ts';
import { defineVariant } from '../src/variants.ts';

export default defineVariant({
  name: 'wgsl-gelu-gate',
  description: "The MLP's gelu(gate) * up as one WGSL kernel (webgpu only) instead of nine TF.js ops",
  slots: { mlpActivation: wgslGeluGate },
});
