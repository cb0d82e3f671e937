import * as tf from '@tensorflow/tfjs-core';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { LAB_KERNEL } from './kernel-names.ts';
import type { LabProgram } from './program.ts';
import { treeReductionWgsl, WORKGROUP } from './wgsl.ts';

/**
 * The index of the largest of x [1, N] (the first one among equals, as
 * tf.argMax), in one workgroup: each thread scans a strided share (adjacent
 * threads, adjacent addresses), then a tree in workgroup memory keeps the
 * larger value, or on a tie the lower index. TF.js's argMax over a gemma
 * vocabulary (256,000 logits) took 1.9 ms of GPU time per token on an H100.
 */
function argMaxProgram(): LabProgram {
  return {
    variableNames: ['scores'],
    outputShape: [1],
    shaderKey: 'labArgMax',
    dispatchLayout: { x: [0] },
    dispatch: [1, 1, 1],
    workgroupSize: [WORKGROUP, 1, 1],
    getUserCode: () => `
      var<workgroup> bestValue : array<f32, ${WORKGROUP}>;
      var<workgroup> bestIndex : array<i32, ${WORKGROUP}>;

      fn main(index : i32) {
        let N = uniforms.scoresShape[1];
        let tid = i32(localIndex);
        var value = -3.0e38; // replaced by the first value a thread reads (at == i32 max)
        var at = 2147483647;
        for (var i = tid; i < N; i = i + ${WORKGROUP}) {
          let v = scores[i];
          if (v > value || at == 2147483647) {
            value = v;
            at = i;
          }
        }
        bestValue[localIndex] = value;
        bestIndex[localIndex] = at;
        ${treeReductionWgsl(WORKGROUP, 'localIndex', (k) => `let v = bestValue[localIndex + ${k}];
            let j = bestIndex[localIndex + ${k}];
            if (v > bestValue[localIndex] || (v == bestValue[localIndex] && j < bestIndex[localIndex])) {
              bestValue[localIndex] = v;
              bestIndex[localIndex] = j;
            }`)}
        if (localIndex == 0u) {
          result[0] = bestIndex[0];
        }
      }
    `,
  };
}

export const argMaxKernel: tf.KernelConfig = {
  kernelName: LAB_KERNEL.argMax,
  backendName: 'webgpu',
  kernelFunc: ({ inputs, backend }) => {
    const { x } = inputs as { x: tf.TensorInfo };
    if (x.shape.length !== 2 || x.shape[0] !== 1) throw new Error(`${LAB_KERNEL.argMax}: needs x [1, N], got [${x.shape}]`);
    return (backend as unknown as WebGPUBackend).runWebGPUProgram(argMaxProgram(), [x], 'int32');
  },
};
