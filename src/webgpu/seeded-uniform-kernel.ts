import * as tf from '@tensorflow/tfjs-core';
import type { SeededUniformAttrs } from '../model/random-weights.ts';
import { SEEDED_UNIFORM_WGSL } from '../model/seeded-uniform.ts';
import { LAB_KERNEL } from './kernel-names.ts';
import { runProgram, type LabProgram } from './program.ts';
import { WORKGROUP } from './wgsl.ts';

/** One thread per element: the value of the stream at the element's index in the stored layout. */
function seededUniformProgram(shape: [number, number], transposed: boolean): LabProgram {
  const size = shape[0] * shape[1];
  return {
    variableNames: [],
    outputShape: shape,
    shaderKey: `labSeededUniform_${transposed ? 'transposed' : 'stored'}`,
    dispatchLayout: { x: [0, 1] },
    dispatch: [Math.ceil(size / WORKGROUP), 1, 1],
    workgroupSize: [WORKGROUP, 1, 1],
    size: true,
    uniforms: 'stream : u32, spacing : f32,',
    getUserCode: () => `
      ${SEEDED_UNIFORM_WGSL}

      fn main(index : i32) {
        if (index < uniforms.size) {
          let rows = u32(uniforms.outShape[0]);
          let cols = u32(uniforms.outShape[1]);
          let i = u32(index);
          ${transposed ? 'let stored = (i % cols) * rows + i / cols;' : 'let stored = i;'}
          result[index] = seededUniformAt(stored, uniforms.stream, uniforms.spacing);
        }
      }
    `,
  };
}

export const seededUniformKernel: tf.KernelConfig = {
  kernelName: LAB_KERNEL.seededUniform,
  backendName: 'webgpu',
  kernelFunc: ({ backend, attrs }) => {
    const { shape, stream, step, transposed } = attrs as unknown as SeededUniformAttrs;
    return runProgram(backend, seededUniformProgram(shape, transposed), [], [
      { type: 'uint32', data: [stream] },
      { type: 'float32', data: [step] },
    ]);
  },
};
