import * as tf from '@tensorflow/tfjs-core';
import type { SeededPackedAttrs, SeededUniformAttrs } from '../model/random-weights.ts';
import { SEEDED_UNIFORM_WGSL } from '../model/seeded-uniform.ts';
import { halfBitsWgsl, widenWordWgsl, type WeightDtype } from '../model/weight-dtype.ts';
import { LAB_KERNEL } from './kernel-names.ts';
import { runProgram, type LabProgram } from './program.ts';
import { WORKGROUP } from './wgsl.ts';

/** WGSL of `value` (an f32 expression) rounded to `dtype` and widened back: the float32 a narrow weight holds. */
function roundedWgsl(dtype: WeightDtype, value: string): string {
  return dtype === 'f32' ? value : `${widenWordWgsl(dtype, `halfBits(bitcast<u32>(${value}))`)}.x`;
}

/**
 * One thread per element: the value of the stream at the element's index in
 * the stored layout, rounded to `round` as the host rounds it (weight-dtype.ts).
 */
function seededUniformProgram(shape: [number, number], transposed: boolean, round: WeightDtype): LabProgram {
  const size = shape[0] * shape[1];
  return {
    variableNames: [],
    outputShape: shape,
    shaderKey: `labSeededUniform_${transposed ? 'transposed' : 'stored'}_${round}`,
    dispatchLayout: { x: [0, 1] },
    dispatch: [Math.ceil(size / WORKGROUP), 1, 1],
    workgroupSize: [WORKGROUP, 1, 1],
    size: true,
    uniforms: 'stream : u32, spacing : f32, offset : u32,',
    getUserCode: () => `
      ${SEEDED_UNIFORM_WGSL}
      ${round === 'f32' ? '' : halfBitsWgsl(round)}

      fn main(index : i32) {
        if (index < uniforms.size) {
          let rows = u32(uniforms.outShape[0]);
          let cols = u32(uniforms.outShape[1]);
          let i = u32(index);
          ${transposed ? 'let stored = (i % cols) * rows + i / cols;' : 'let stored = uniforms.offset + i;'}
          result[index] = ${roundedWgsl(round, 'seededUniformAt(stored, uniforms.stream, uniforms.spacing)')};
        }
      }
    `,
  };
}

/**
 * One thread per output word of a [rows, cols] tensor stored as it is: the
 * values at 2i and 2i + 1 rounded to bf16 or f16 and packed, low half first.
 */
function seededPackedProgram(words: [number, number], dtype: 'bf16' | 'f16'): LabProgram {
  const size = words[0] * words[1];
  return {
    variableNames: [],
    outputShape: words,
    shaderKey: `labSeededPacked_${dtype}`,
    dispatchLayout: { x: [0, 1] },
    dispatch: [Math.ceil(size / WORKGROUP), 1, 1],
    workgroupSize: [WORKGROUP, 1, 1],
    size: true,
    uniforms: 'stream : u32, spacing : f32, offset : u32,',
    getUserCode: () => `
      ${SEEDED_UNIFORM_WGSL}
      ${halfBitsWgsl(dtype)}

      fn main(index : i32) {
        if (index < uniforms.size) {
          let i = uniforms.offset + 2u * u32(index);
          let low = halfBits(bitcast<u32>(seededUniformAt(i, uniforms.stream, uniforms.spacing)));
          let high = halfBits(bitcast<u32>(seededUniformAt(i + 1u, uniforms.stream, uniforms.spacing)));
          result[index] = bitcast<i32>(low | (high << 16u));
        }
      }
    `,
  };
}

export const seededUniformKernel: tf.KernelConfig = {
  kernelName: LAB_KERNEL.seededUniform,
  backendName: 'webgpu',
  kernelFunc: ({ backend, attrs }) => {
    const { shape, offset, stream, step, transposed, round } = attrs as unknown as SeededUniformAttrs;
    if (transposed && offset !== 0) throw new Error(`${LAB_KERNEL.seededUniform}: a transposed tensor is drawn whole (offset ${offset})`);
    return runProgram(backend, seededUniformProgram(shape, transposed, round), [], [
      { type: 'uint32', data: [stream] },
      { type: 'float32', data: [step] },
      { type: 'uint32', data: [offset] },
    ]);
  },
};

export const seededPackedKernel: tf.KernelConfig = {
  kernelName: LAB_KERNEL.seededPacked,
  backendName: 'webgpu',
  kernelFunc: ({ backend, attrs }) => {
    const { shape, offset, stream, step, dtype } = attrs as unknown as SeededPackedAttrs;
    if (shape[1] % 2 !== 0) throw new Error(`${LAB_KERNEL.seededPacked}: [${shape}] has an odd number of columns: it cannot be packed two to a word`);
    return runProgram(backend, seededPackedProgram([shape[0], shape[1] / 2], dtype), [], [
      { type: 'uint32', data: [stream] },
      { type: 'float32', data: [step] },
      { type: 'uint32', data: [offset] },
    ], 'int32');
  },
};
