import { recordedTunedExecution } from '../src/model/implementations/execution.ts';
import { wgslMatVec } from '../src/model/implementations/linear.ts';
import { defineVariant } from '../src/variants.ts';

export default defineVariant({
  name: 'wgsl-recorded-step-tuned',
  description: 'wgsl-recorded-step-split with both: norms folded into the products and the tuned tiling; webgpu only',
  slots: { execution: recordedTunedExecution, linear: wgslMatVec },
});
