import * as tf from '@tensorflow/tfjs-core';
import { LAB_KERNEL, MATVEC_MAX_ROWS } from '../../webgpu/kernel-names.ts';
import type { LinearProduct } from '../slots.ts';

/** Baseline: TF.js's matMul against W [in, out]. */
export const stockMatMul: LinearProduct = {
  name: 'matmul',
  weightLayout: 'in-out',
  prepare: ({ inOut }) => inOut,
  apply: (x, w) => tf.matMul(x, w), // [T, out]
};


/**
 * The lab's WGSL matrix-vector kernel: weights kept [out, in] so that each
 * output reads one contiguous row. Up to 8 rows of x (generation, a short
 * parallel prefill) take the kernel; longer inputs are a real matrix product
 * and go to stock matMul against the same [out, in] weights.
 */
export const wgslMatVec: LinearProduct = {
  name: 'wgsl-matvec',
  backends: ['webgpu'],
  weightLayout: 'out-in',
  prepare: ({ inOut, outIn }) => outIn ?? (tf.transpose(inOut) as tf.Tensor2D), // [out, in]
  apply: (x, w) => {
    const [t, k] = x.shape;
    if (t <= MATVEC_MAX_ROWS && k % 4 === 0) return tf.engine().runKernel(LAB_KERNEL.matVec, { x, w }) as tf.Tensor2D; // [T, out]
    return tf.matMul(x, w, false, true);
  },
};
