import { recordedSplit8PairedExecution } from '../src/model/implementations/execution.ts';
import { wgslMatVec } from '../src/model/implementations/linear.ts';
import { defineVariant } from '../src/variants.ts';

export default defineVariant({
  name: 'wgsl-recorded-step-split8-paired',
  description: 'wgsl-recorded-step-tuned with attention splits of 8 positions and the paired tiling (wgsl-recorded-step-split8 and -paired together); webgpu only',
  slots: { execution: recordedSplit8PairedExecution, linear: wgslMatVec },
});
