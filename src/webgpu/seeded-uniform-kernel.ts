import * as tf from '@tensorflow/tfjs-core';
import type { SeededPackedAttrs, SeededUniformAttrs } from '../model/random-weights.ts';
import { SEEDED_UNIFORM_WGSL } from '../model/seeded-uniform.ts';
import { halfBitsWgsl, widenWordWgsl, type WeightDtype } from '../model/weight-dtype.ts';
import { LAB_KERNEL } from './kernel-names.ts';
import { runProgram, type LabProgram, type ProgramUniform } from './program.ts';
import { WORKGROUP } from './wgsl.ts';

/** WGSL of `value` (an f32 expression) rounded to `dtype` and widened back: the float32 a narrow weight holds. */
function roundedWgsl(dtype: WeightDtype, value: string): string {
  return dtype === 'f32' ? value : `${widenWordWgsl(dtype, `halfBits(bitcast<u32>(${value}))`)}.x`;
}

/**
 * One thread per element of `outputShape`, drawing from the seeded stream
 * (uniforms: stream, spacing, offset): `main` is the body for an element
 * `index` below uniforms.size, `helpers` the WGSL it calls besides the stream.
 */
function seededProgram(outputShape: [number, number], shaderKey: string, helpers: string, main: string): LabProgram {
  return {
    variableNames: [],
    outputShape,
    shaderKey,
    dispatchLayout: { x: [0, 1] },
    dispatch: [Math.ceil((outputShape[0] * outputShape[1]) / WORKGROUP), 1, 1],
    workgroupSize: [WORKGROUP, 1, 1],
    size: true,
    uniforms: 'stream : u32, spacing : f32, offset : u32,',
    getUserCode: () => `
      ${SEEDED_UNIFORM_WGSL}
      ${helpers}

      fn main(index : i32) {
        if (index < uniforms.size) {
          ${main}
        }
      }
    `,
  };
}

/**
 * One thread per element: the value of the stream at the element's index in
 * the stored layout, rounded to `round` as the host rounds it (weight-dtype.ts).
 */
function seededUniformProgram(shape: [number, number], transposed: boolean, round: WeightDtype): LabProgram {
  return seededProgram(shape, `labSeededUniform_${transposed ? 'transposed' : 'stored'}_${round}`, round === 'f32' ? '' : halfBitsWgsl(round), `
          let rows = u32(uniforms.outShape[0]);
          let cols = u32(uniforms.outShape[1]);
          let i = u32(index);
          ${transposed ? 'let stored = (i % cols) * rows + i / cols;' : 'let stored = uniforms.offset + i;'}
          result[index] = ${roundedWgsl(round, 'seededUniformAt(stored, uniforms.stream, uniforms.spacing)')};`);
}

/**
 * One thread per output word of a [rows, cols] tensor stored as it is: the
 * values at 2i and 2i + 1 rounded to bf16 or f16 and packed, low half first.
 */
function seededPackedProgram(words: [number, number], dtype: 'bf16' | 'f16'): LabProgram {
  return seededProgram(words, `labSeededPacked_${dtype}`, halfBitsWgsl(dtype), `
          let i = uniforms.offset + 2u * u32(index);
          let low = halfBits(bitcast<u32>(seededUniformAt(i, uniforms.stream, uniforms.spacing)));
          let high = halfBits(bitcast<u32>(seededUniformAt(i + 1u, uniforms.stream, uniforms.spacing)));
          result[index] = bitcast<i32>(low | (high << 16u));`);
}

/** The uniforms every seeded program takes, in its declared order. */
function seededUniforms(stream: number, step: number, offset: number): ProgramUniform {
  return [
    { type: 'uint32', data: [stream] },
    { type: 'float32', data: [step] },
    { type: 'uint32', data: [offset] },
  ];
}

export const seededUniformKernel: tf.KernelConfig = {
  kernelName: LAB_KERNEL.seededUniform,
  backendName: 'webgpu',
  kernelFunc: ({ backend, attrs }) => {
    const { shape, offset, stream, step, transposed, round } = attrs as unknown as SeededUniformAttrs;
    if (transposed && offset !== 0) throw new Error(`${LAB_KERNEL.seededUniform}: a transposed tensor is drawn whole (offset ${offset})`);
    return runProgram(backend, seededUniformProgram(shape, transposed, round), [], seededUniforms(stream, step, offset));
  },
};

export const seededPackedKernel: tf.KernelConfig = {
  kernelName: LAB_KERNEL.seededPacked,
  backendName: 'webgpu',
  kernelFunc: ({ backend, attrs }) => {
    const { shape, offset, stream, step, dtype } = attrs as unknown as SeededPackedAttrs;
    if (shape[1] % 2 !== 0) throw new Error(`${LAB_KERNEL.seededPacked}: [${shape}] has an odd number of columns: it cannot be packed two to a word`);
    return runProgram(backend, seededPackedProgram([shape[0], shape[1] / 2], dtype), [], seededUniforms(stream, step, offset), 'int32');
  },
};
