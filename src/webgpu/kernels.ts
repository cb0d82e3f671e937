import * as tf from '@tensorflow/tfjs-core';
import { argMaxKernel, wideArgMaxKernel } from './argmax-kernel.ts';
import { copyKernel } from './copy-kernel.ts';
import { decodeAttentionKernel } from './decode-attention-kernel.ts';
import { geluGateKernel } from './gelu-gate-kernel.ts';
import { rmsNormKernel } from './rmsnorm-kernel.ts';
import { ropeKernel } from './rope-kernel.ts';
import { matvecKernel } from './matvec-kernel.ts';
import { joinRowsKernel } from './join-rows-kernel.ts';
import { seededPackedKernel, seededUniformKernel } from './seeded-uniform-kernel.ts';

/**
 * The lab's own WebGPU kernels. Imported only once the WebGPU backend has
 * loaded (src/backend.ts); registering them is what makes the webgpu-only
 * implementations and the on-device weight generator usable.
 */
const LAB_KERNELS: tf.KernelConfig[] = [seededUniformKernel, seededPackedKernel, joinRowsKernel, matvecKernel, copyKernel, rmsNormKernel, ropeKernel, geluGateKernel, decodeAttentionKernel, argMaxKernel, wideArgMaxKernel];

for (const kernel of LAB_KERNELS) {
  if (!tf.getKernel(kernel.kernelName, kernel.backendName)) tf.registerKernel(kernel);
}
