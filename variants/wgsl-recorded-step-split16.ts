import { recordedSplit16Execution } from '../src/model/implementations/execution.ts';
import { wgslMatVec } from '../src/model/implementations/linear.ts';
import { defineVariant } from '../src/variants.ts';

export default defineVariant({
  name: 'wgsl-recorded-step-split16',
  description: 'wgsl-recorded-step-tuned with attention splits of 16 positions instead of 32; webgpu only',
  slots: { execution: recordedSplit16Execution, linear: wgslMatVec },
});
