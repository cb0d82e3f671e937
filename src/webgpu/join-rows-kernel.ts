import * as tf from '@tensorflow/tfjs-core';
import { LAB_KERNEL } from './kernel-names.ts';
import { runProgram, type LabProgram } from './program.ts';
import { WORKGROUP } from './wgsl.ts';

/**
 * Int32 matrices [rows_i, cols] stacked along their rows, word for word. For
 * packed bf16/f16 weights (two halves to a word): TF.js's own concat passes
 * int32 values through float32 on WebGPU, which changes any word above 2^24.
 */
function joinRowsProgram(parts: tf.TensorInfo[], cols: number): LabProgram {
  const sizes = parts.map((p) => p.shape[0]! * cols);
  const rows = parts.reduce((sum, p) => sum + p.shape[0]!, 0);
  let start = 0;
  const branches = parts.map((_, i) => {
    const begin = start;
    start += sizes[i]!;
    return `${i === 0 ? '' : 'else '}if (index < ${start}) { result[index] = part${i}[index - ${begin}]; }`;
  });
  return {
    variableNames: parts.map((_, i) => `part${i}`),
    outputShape: [rows, cols],
    shaderKey: `labJoinRows_${sizes.join('_')}`,
    dispatchLayout: { x: [0, 1] },
    dispatch: [Math.ceil((rows * cols) / WORKGROUP), 1, 1],
    workgroupSize: [WORKGROUP, 1, 1],
    size: true,
    getUserCode: () => `
      fn main(index : i32) {
        if (index < uniforms.size) {
          ${branches.join('\n          ')}
        }
      }
    `,
  };
}

export const joinRowsKernel: tf.KernelConfig = {
  kernelName: LAB_KERNEL.joinRows,
  backendName: 'webgpu',
  kernelFunc: ({ inputs, backend }) => {
    const parts = Object.keys(inputs).sort((a, b) => Number(a.slice(4)) - Number(b.slice(4))).map((key) => (inputs as Record<string, tf.TensorInfo>)[key]!);
    const cols = parts[0]!.shape[1]!;
    if (parts.some((p) => p.shape.length !== 2 || p.shape[1] !== cols || p.dtype !== 'int32')) {
      throw new Error(`${LAB_KERNEL.joinRows}: needs int32 matrices of ${cols} columns, got ${parts.map((p) => `[${p.shape}] ${p.dtype}`).join(', ')}`);
    }
    return runProgram(backend, joinRowsProgram(parts, cols), parts, undefined, 'int32');
  },
};
