import * as tf from '@tensorflow/tfjs-core';
import { LAB_KERNEL } from './kernel-names.ts';
import { runProgram, type LabProgram } from './program.ts';
import { treeReductionWgsl, WORKGROUP } from './wgsl.ts';

/**
 * RMSNorm of each row of x [T, H] in one launch (TF.js's ops take six): one
 * workgroup per row sums the squares in a workgroup-memory tree, then every
 * thread scales its strided share of the row by rsqrt(mean + eps) * gain.
 */
function rmsNormProgram(t: number, h: number): LabProgram {
  return {
    variableNames: ['rows', 'gain'],
    outputShape: [t, h],
    shaderKey: 'labRmsNorm',
    dispatchLayout: { x: [0, 1] },
    dispatch: [t, 1, 1],
    workgroupSize: [WORKGROUP, 1, 1],
    uniforms: 'eps : f32,',
    getUserCode: () => `
      var<workgroup> sums : array<f32, ${WORKGROUP}>;

      fn main(index : i32) {
        let row = i32(workgroupId.x);
        let H = uniforms.rowsShape[1];
        let base = row * H;
        var s = 0.0;
        for (var i = i32(localIndex); i < H; i = i + ${WORKGROUP}) {
          let v = rows[base + i];
          s = s + v * v;
        }
        sums[localIndex] = s;
        ${treeReductionWgsl(WORKGROUP, 'localIndex', (k) => `sums[localIndex] = sums[localIndex] + sums[localIndex + ${k}];`)}
        let inv = inverseSqrt(sums[0] / f32(H) + uniforms.eps);
        for (var i = i32(localIndex); i < H; i = i + ${WORKGROUP}) {
          result[base + i] = rows[base + i] * inv * gain[i];
        }
      }
    `,
  };
}

export const rmsNormKernel: tf.KernelConfig = {
  kernelName: LAB_KERNEL.rmsNorm,
  backendName: 'webgpu',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { x, scale } = inputs as { x: tf.TensorInfo; scale: tf.TensorInfo };
    const { eps } = attrs as unknown as { eps: number };
    const [t, h] = x.shape as [number, number];
    return runProgram(backend, rmsNormProgram(t, h), [x, scale], [{ type: 'float32', data: [eps] }]);
  },
};
