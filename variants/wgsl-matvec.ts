import { wgslMatVec } from '../src/model/implementations/linear.ts';
import { defineVariant } from '../src/variants.ts';

export default defineVariant({
  name: 'wgsl-matvec',
  description: "Every projection and the logits through the lab's WGSL matrix-vector kernel (webgpu only), weights kept [out, in]",
  slots: { linear: wgslMatVec },
});
