import { recordedPairedExecution } from '../src/model/implementations/execution.ts';
import { wgslMatVec } from '../src/model/implementations/linear.ts';
import { defineVariant } from '../src/variants.ts';

export default defineVariant({
  name: 'wgsl-recorded-step-paired',
  description: 'wgsl-recorded-step-tuned with two rows a thread for the short products (q/k/v, output) and 64 lanes x 2 rows for the logits; webgpu only',
  slots: { execution: recordedPairedExecution, linear: wgslMatVec },
});
