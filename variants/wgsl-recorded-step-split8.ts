import { recordedSplit8Execution } from '../src/model/implementations/execution.ts';
import { wgslMatVec } from '../src/model/implementations/linear.ts';
import { defineVariant } from '../src/variants.ts';

export default defineVariant({
  name: 'wgsl-recorded-step-split8',
  description: 'wgsl-recorded-step-tuned with attention splits of 8 positions instead of 32; webgpu only',
  slots: { execution: recordedSplit8Execution, linear: wgslMatVec },
});
