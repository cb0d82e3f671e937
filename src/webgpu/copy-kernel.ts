import * as tf from '@tensorflow/tfjs-core';
import { LAB_KERNEL } from './kernel-names.ts';
import { runProgram, type LabProgram } from './program.ts';
import { WORKGROUP } from './wgsl.ts';

/** A plain device-to-device copy: the device's memory bandwidth, the floor's denominator (bench/memory-bandwidth.ts). */
const COPY_KERNEL = LAB_KERNEL.copy;

/** One vec4 per thread, adjacent threads on adjacent addresses. */
function copyProgram(size: number): LabProgram {
  return {
    variableNames: ['source'],
    outputComponent: 4,
    outputShape: [size],
    shaderKey: 'labCopy',
    dispatchLayout: { x: [0] },
    dispatch: [Math.ceil(size / 4 / WORKGROUP), 1, 1],
    workgroupSize: [WORKGROUP, 1, 1],
    size: true,
    getUserCode: () => `
      fn main(index : i32) {
        if (index < uniforms.size) {
          result[index] = source[index];
        }
      }
    `,
  };
}

export const copyKernel: tf.KernelConfig = {
  kernelName: COPY_KERNEL,
  backendName: 'webgpu',
  kernelFunc: ({ inputs, backend }) => {
    const { x } = inputs as { x: tf.TensorInfo };
    const size = x.shape.reduce((a, b) => a * b, 1);
    if (x.shape.length !== 1 || size % 4 !== 0) throw new Error(`${COPY_KERNEL}: needs a 1-D tensor whose size is a multiple of 4, got [${x.shape}]`);
    return runProgram(backend, copyProgram(size), [x]);
  },
};
