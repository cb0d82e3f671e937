import * as tf from '@tensorflow/tfjs-core';
import { LAB_KERNEL } from './kernel-names.ts';
import { runProgram, type LabProgram } from './program.ts';
import { WORKGROUP } from './wgsl.ts';

/**
 * gelu_tanh(gate) * up, element-wise, in one launch (TF.js's ops take nine).
 * tanh is written out with exp(-2|z|), which cannot overflow, rather than
 * WGSL's tanh, whose large-argument behaviour varies between drivers.
 */
function geluGateProgram(shape: [number, number]): LabProgram {
  const size = shape[0] * shape[1];
  return {
    variableNames: ['gate', 'up'],
    outputShape: shape,
    shaderKey: 'labGeluGate',
    dispatchLayout: { x: [0, 1] },
    dispatch: [Math.ceil(size / WORKGROUP), 1, 1],
    workgroupSize: [WORKGROUP, 1, 1],
    size: true,
    getUserCode: () => `
      fn main(index : i32) {
        if (index < uniforms.size) {
          let g = gate[index];
          let z = 0.7978845608028654 * (g + 0.044715 * g * g * g);
          let e = exp(-2.0 * abs(z));
          let tanhZ = sign(z) * (1.0 - e) / (1.0 + e);
          result[index] = 0.5 * g * (1.0 + tanhZ) * up[index];
        }
      }
    `,
  };
}

export const geluGateKernel: tf.KernelConfig = {
  kernelName: LAB_KERNEL.geluGate,
  backendName: 'webgpu',
  kernelFunc: ({ inputs, backend }) => {
    const { gate, up } = inputs as { gate: tf.TensorInfo; up: tf.TensorInfo };
    return runProgram(backend, geluGateProgram(gate.shape as [number, number]), [gate, up]);
  },
};
