import { recordedSplitExecution } from '../src/model/implementations/execution.ts';
import { wgslMatVec } from '../src/model/implementations/linear.ts';
import { defineVariant } from '../src/variants.ts';

export default defineVariant({
  name: 'wgsl-recorded-step-split',
  description: 'wgsl-recorded-step with its attention split over the cached positions (flash-decoding: heads x splits workgroups, then a combining launch; webgpu only)',
  slots: { execution: recordedSplitExecution, linear: wgslMatVec },
});
