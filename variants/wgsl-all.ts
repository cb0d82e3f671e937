import { composeVariants } from '../src/variants.ts';
import wgslGeluGate from './wgsl-gelu-gate.ts';
import wgslMatvec from './wgsl-matvec.ts';
import wgslRmsnorm from './wgsl-rmsnorm.ts';
import wgslRope from './wgsl-rope.ts';

export default composeVariants(
  'wgsl-all',
  'Every lab WGSL kernel at once: matrix-vector products, RMSNorm, RoPE and the gated GELU (webgpu only)',
  [wgslMatvec, wgslRmsnorm, wgslRope, wgslGeluGate],
);
