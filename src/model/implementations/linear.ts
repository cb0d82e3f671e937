import * as tf from '@tensorflow/tfjs-core';
import type { LinearProduct } from '../slots.ts';

/** Baseline: TF.js's matMul against W [in, out]. */
export const stockMatMul: LinearProduct = {
  name: 'matmul',
  prepare: ({ inOut }) => inOut,
  apply: (x, w) => tf.matMul(x, w), // [T, out]
};

/** The kernel's name and row limit, as src/webgpu/matvec-kernel.ts registers it (kept here so the CPU never loads WebGPU code). */
const MATVEC_KERNEL = 'LabMatVec';
const MATVEC_MAX_ROWS = 8;

/**
 * The lab's WGSL matrix-vector kernel: weights kept [out, in] so that each
 * output reads one contiguous row. Up to 8 rows of x (generation, a short
 * parallel prefill) take the kernel; longer inputs are a real matrix product
 * and go to stock matMul against the same [out, in] weights.
 */
export const wgslMatVec: LinearProduct = {
  name: 'wgsl-matvec',
  backends: ['webgpu'],
  prepare: ({ inOut, outIn }) => outIn ?? (tf.transpose(inOut) as tf.Tensor2D), // [out, in]
  apply: (x, w) => {
    const [t, k] = x.shape;
    if (t <= MATVEC_MAX_ROWS && k % 4 === 0) return tf.engine().runKernel(MATVEC_KERNEL, { x, w }) as tf.Tensor2D; // [T, out]
    return tf.matMul(x, w, false, true);
  },
};
