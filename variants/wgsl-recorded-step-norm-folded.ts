import { recordedNormFoldedExecution } from '../src/model/implementations/execution.ts';
import { wgslMatVec } from '../src/model/implementations/linear.ts';
import { defineVariant } from '../src/variants.ts';

export default defineVariant({
  name: 'wgsl-recorded-step-norm-folded',
  description: 'wgsl-recorded-step-split with each RMSNorm folded into the product that reads it (every workgroup sums the input squares itself): two launches fewer a layer (36 a gemma-2b step); webgpu only',
  slots: { execution: recordedNormFoldedExecution, linear: wgslMatVec },
});
