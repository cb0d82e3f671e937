import * as tf from '@tensorflow/tfjs-core';
import { LAB_KERNEL } from './kernel-names.ts';
import { runProgram, type LabProgram } from './program.ts';
import { WORKGROUP } from './wgsl.ts';

/**
 * "Rotate half" RoPE of x [T, H, D] at positions [pos, pos+T) in one launch
 * (TF.js's ops take about thirteen): one thread per output element reads its
 * pair (i, i + D/2) and the position's cos and sin.
 */
function ropeProgram(shape: [number, number, number]): LabProgram {
  const size = shape[0] * shape[1] * shape[2];
  return {
    variableNames: ['heads', 'cosines', 'sines'],
    outputShape: shape,
    shaderKey: 'labRope',
    dispatchLayout: { x: [0, 1, 2] },
    dispatch: [Math.ceil(size / WORKGROUP), 1, 1],
    workgroupSize: [WORKGROUP, 1, 1],
    size: true,
    uniforms: 'pos : i32,',
    getUserCode: () => `
      fn main(index : i32) {
        if (index < uniforms.size) {
          let D = uniforms.outShape[2];
          let halfD = D / 2;
          let i = index % D;
          let row = index / D;
          let t = row / uniforms.outShape[1];
          let j = i % halfD;
          let x1 = heads[row * D + j];
          let x2 = heads[row * D + j + halfD];
          let angle = (uniforms.pos + t) * halfD + j;
          let c = cosines[angle];
          let s = sines[angle];
          if (i < halfD) {
            result[index] = x1 * c - x2 * s;
          } else {
            result[index] = x2 * c + x1 * s;
          }
        }
      }
    `,
  };
}

export const ropeKernel: tf.KernelConfig = {
  kernelName: LAB_KERNEL.rope,
  backendName: 'webgpu',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { x, cos, sin } = inputs as { x: tf.TensorInfo; cos: tf.TensorInfo; sin: tf.TensorInfo };
    const { pos } = attrs as unknown as { pos: number };
    return runProgram(backend, ropeProgram(x.shape as [number, number, number]), [x, cos, sin], [{ type: 'int32', data: [pos] }]);
  },
};
