import { recordedTiledExecution } from '../src/model/implementations/execution.ts';
import { wgslMatVec } from '../src/model/implementations/linear.ts';
import { defineVariant } from '../src/variants.ts';

export default defineVariant({
  name: 'wgsl-recorded-step-tiled',
  description: 'wgsl-recorded-step-split with the tuned product tiling: more threads to a short row, rows sharing input loads for a long one (tunedTiling; npm run bench:tiling); webgpu only',
  slots: { execution: recordedTiledExecution, linear: wgslMatVec },
});
