import { recordedExecution } from '../src/model/implementations/execution.ts';
import { wgslMatVec } from '../src/model/implementations/linear.ts';
import { defineVariant } from '../src/variants.ts';

export default defineVariant({
  name: 'wgsl-recorded-step',
  description: "Each single-token step replayed from launches recorded once (the lab's WGSL kernels, bind groups made once; webgpu only), over wgsl-matvec's [out, in] weights",
  slots: { execution: recordedExecution, linear: wgslMatVec },
});
