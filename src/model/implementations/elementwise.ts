import * as tf from '@tensorflow/tfjs-core';
import { LAB_KERNEL } from '../../webgpu/kernel-names.ts';
import { geluTanh, rmsNorm } from '../layers.ts';
import type { GatedActivation, Rotary, RowNorm } from '../slots.ts';

/*
 * The forward pass's element-wise stages, each as TF.js ops (the baseline)
 * and as one WGSL kernel of the lab's own. On a GPU these stages cost their
 * op count, not their arithmetic: every TF.js op is a dispatch with its own
 * host-side cost.
 */

/** Baseline: six TF.js ops (square, mean, add, rsqrt, mul, mul). */
export const stockRmsNorm: RowNorm = {
  name: 'tfjs-ops',
  normalize: (x, scale, eps, scalars) => rmsNorm(x, scale, scalars.of(eps)),
};

/** One launch: a workgroup per row. */
export const wgslRmsNorm: RowNorm = {
  name: 'wgsl-rmsnorm',
  backends: ['webgpu'],
  normalize: (x, scale, eps) => tf.engine().runKernel(LAB_KERNEL.rmsNorm, { x, scale }, { eps }) as tf.Tensor2D,
};

/** Baseline: slices of the tables, a split, four products, a sum, a difference, a concatenation. */
export const stockRope: Rotary = {
  name: 'tfjs-ops',
  rotate: (x, tables, pos) => tables.apply(x, pos),
};

/** One launch: a thread per output element. */
export const wgslRope: Rotary = {
  name: 'wgsl-rope',
  backends: ['webgpu'],
  rotate: (x, tables, pos) => tf.engine().runKernel(LAB_KERNEL.rope, { x, cos: tables.cos, sin: tables.sin }, { pos }) as tf.Tensor3D,
};

/** Baseline: GELU (tanh) as eight TF.js ops, then the product with up. */
export const stockGeluGate: GatedActivation = {
  name: 'tfjs-ops',
  activate: (gate, up, scalars) => tf.mul(geluTanh(gate, scalars), up) as tf.Tensor2D,
};

/** One launch: a thread per element. */
export const wgslGeluGate: GatedActivation = {
  name: 'wgsl-gelu-gate',
  backends: ['webgpu'],
  activate: (gate, up) => tf.engine().runKernel(LAB_KERNEL.geluGate, { gate, up }) as tf.Tensor2D,
};
