import { recordedSplit4Execution } from '../src/model/implementations/execution.ts';
import { wgslMatVec } from '../src/model/implementations/linear.ts';
import { defineVariant } from '../src/variants.ts';

export default defineVariant({
  name: 'wgsl-recorded-step-split4',
  description: 'wgsl-recorded-step-tuned with attention splits of 4 positions instead of 32; webgpu only',
  slots: { execution: recordedSplit4Execution, linear: wgslMatVec },
});
