import * as tf from '@tensorflow/tfjs-core';
import { LAB_KERNEL, MATVEC_MAX_ROWS } from './kernel-names.ts';
import { LINEAR_WORKGROUP_INDEX_WGSL, runProgram, type LabProgram } from './program.ts';
import { treeReductionWgsl, WORKGROUP } from './wgsl.ts';

const MATVEC_KERNEL = LAB_KERNEL.matVec;

/**
 * How many threads share one output: enough that each reads about 16 vec4 of
 * its weight row (a long row gets a whole workgroup, a short one a warp).
 */
function lanesFor(k4: number): number {
  let lanes = 32;
  while (lanes < WORKGROUP && k4 / lanes > 16) lanes *= 2;
  return lanes;
}

/**
 * y [T, N] = x [T, K] @ W^T for W stored [N, K] (out, in), T <= MATVEC_MAX_ROWS.
 *
 * Stock matMul with one row reads the weights far below the memory's
 * bandwidth: a decoder's generation step is this product, and it is bound by
 * reading the weights once. Here each output is the dot product of one
 * contiguous weight row with x: LANES threads stride along the row in vec4
 * loads (adjacent threads, adjacent addresses: every load is coalesced), each
 * keeping one partial sum per row of x (so W is read once for all T rows), and
 * a tree in workgroup memory adds the LANES partial sums.
 */
function matvecProgram(t: number, n: number, k: number): LabProgram {
  const k4 = k / 4;
  const lanes = lanesFor(k4);
  const rowsPerGroup = WORKGROUP / lanes;
  return {
    variableNames: ['activations', 'weights'],
    variableComponents: [4, 4],
    outputShape: [t, n],
    // The backend's cache key adds only the ranks of the shapes: every constant baked into the code must be in it.
    shaderKey: `labMatVec_t${t}_k${k}_lanes${lanes}`,
    dispatchLayout: { x: [0, 1] }, // flat, so that the backend may fold a launch too wide for one dimension
    dispatch: [Math.ceil(n / rowsPerGroup), 1, 1],
    workgroupSize: [WORKGROUP, 1, 1],
    getUserCode: () => `
      const T = ${t};
      const K4 = ${k4};
      const LANES = ${lanes}u;
      const ROWS_PER_GROUP = ${rowsPerGroup}u;
      var<workgroup> partial : array<f32, ${WORKGROUP * t}>;

      fn main(index : i32) {
        // Read from the uniforms (not baked in like T and K4): a shader that reads no uniform loses
        // their binding from its layout, and the backend's bind group, which always has one, is refused.
        let N = uniforms.outShape[1];
        let group = ${LINEAR_WORKGROUP_INDEX_WGSL};
        let lane = localIndex % LANES;
        let row = i32(group * ROWS_PER_GROUP + localIndex / LANES);
        var acc : array<f32, ${t}>;
        if (row < N) {
          let base = row * K4;
          for (var k = i32(lane); k < K4; k = k + i32(LANES)) {
            let w = weights[base + k];
            for (var i = 0; i < T; i = i + 1) {
              acc[i] = acc[i] + dot(w, activations[i * K4 + k]);
            }
          }
        }
        for (var i = 0; i < T; i = i + 1) {
          partial[u32(i) * ${WORKGROUP}u + localIndex] = acc[i];
        }
        ${treeReductionWgsl(lanes, 'lane', (k) => `for (var i = 0; i < T; i = i + 1) {
              let j = u32(i) * ${WORKGROUP}u + localIndex;
              partial[j] = partial[j] + partial[j + ${k}];
            }`)}
        if (lane == 0u && row < N) {
          for (var i = 0; i < T; i = i + 1) {
            result[i * N + row] = partial[u32(i) * ${WORKGROUP}u + localIndex];
          }
        }
      }
    `,
  };
}

export const matvecKernel: tf.KernelConfig = {
  kernelName: MATVEC_KERNEL,
  backendName: 'webgpu',
  kernelFunc: ({ inputs, backend }) => {
    const { x, w } = inputs as { x: tf.TensorInfo; w: tf.TensorInfo };
    const [t, k] = x.shape as [number, number];
    const [n, kw] = w.shape as [number, number];
    if (k !== kw || k % 4 !== 0 || t > MATVEC_MAX_ROWS) {
      throw new Error(`${MATVEC_KERNEL}: needs x [T<=${MATVEC_MAX_ROWS}, K] and W [N, K] with K a multiple of 4, got x [${x.shape}] and W [${w.shape}]`);
    }
    return runProgram(backend, matvecProgram(t, n, k), [x, w]);
  },
};
