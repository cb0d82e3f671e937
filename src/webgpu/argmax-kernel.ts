import * as tf from '@tensorflow/tfjs-core';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { LAB_KERNEL } from './kernel-names.ts';
import { LINEAR_WORKGROUP_INDEX_WGSL, type LabProgram } from './program.ts';
import { treeReductionWgsl, WORKGROUP } from './wgsl.ts';

/** The tree that keeps the larger value, or on a tie the lower index (WGSL, in bestValue / bestIndex). */
const KEEP_BEST_WGSL = treeReductionWgsl(WORKGROUP, 'localIndex', (k) => `let v = bestValue[localIndex + ${k}];
            let j = bestIndex[localIndex + ${k}];
            if (v > bestValue[localIndex] || (v == bestValue[localIndex] && j < bestIndex[localIndex])) {
              bestValue[localIndex] = v;
              bestIndex[localIndex] = j;
            }`);

/**
 * The shader every argMax pass shares: `scan` leaves each thread's best in
 * `value` and its index in `at` (i32 max until it has read a value), the
 * tree keeps the workgroup's best, the lower index on a tie, and `write`
 * stores bestValue[0] / bestIndex[0].
 */
function bestOfWorkgroupWgsl(scan: string, write: string): string {
  return `
      var<workgroup> bestValue : array<f32, ${WORKGROUP}>;
      var<workgroup> bestIndex : array<i32, ${WORKGROUP}>;

      fn main(index : i32) {
        var value = -3.0e38;
        var at = 2147483647;
        ${scan}
        bestValue[localIndex] = value;
        bestIndex[localIndex] = at;
        ${KEEP_BEST_WGSL}
        ${write}
      }
    `;
}

/** A program of `groups` workgroups of WORKGROUP threads over one input. */
function argMaxPass(input: string, outputShape: number[], shaderKey: string, groups: number, code: string): LabProgram {
  return {
    variableNames: [input],
    outputShape,
    shaderKey,
    dispatchLayout: { x: [0] },
    dispatch: [groups, 1, 1],
    workgroupSize: [WORKGROUP, 1, 1],
    getUserCode: () => code,
  };
}

/**
 * The index of the largest of x [1, N] (the first one among equals, as
 * numpy's and TF.js's CPU argMax; TF.js's WebGPU argMax may pick another), in
 * one workgroup: each thread scans a strided share (adjacent threads,
 * adjacent addresses), then a tree in workgroup memory keeps the larger
 * value, or on a tie the lower index. TF.js's argMax over a gemma vocabulary
 * (256,000 logits) took 1.9 ms of GPU time per token on an H100.
 */
function argMaxProgram(): LabProgram {
  return argMaxPass('scores', [1], 'labArgMax', 1, bestOfWorkgroupWgsl(
    `let N = uniforms.scoresShape[1];
        for (var i = i32(localIndex); i < N; i = i + ${WORKGROUP}) {
          let v = scores[i];
          if (v > value || at == 2147483647) {
            value = v;
            at = i;
          }
        }`,
    `if (localIndex == 0u) { result[0] = bestIndex[0]; }`,
  ));
}

/** Logits each thread of the wide argMax's first pass takes: few enough that a launch has hundreds of workgroups. */
export const PER_THREAD = 4;

/** Largest N the wide argMax takes: its first pass passes indices on as float32, exact below 2^24. */
const MAX_WIDE_N = 2 ** 24;

/** Workgroups of the wide argMax's first pass for N logits. */
export function wideArgMaxGroups(n: number): number {
  return Math.max(1, Math.ceil(n / (WORKGROUP * PER_THREAD)));
}

/**
 * The wide argMax's first pass: workgroup g takes logits [g * WORKGROUP *
 * PER_THREAD, +WORKGROUP * PER_THREAD), each thread PER_THREAD of them at a
 * stride of WORKGROUP (adjacent threads, adjacent addresses), and writes its
 * best value at [g] and that value's index, as a float, at [groups + g]. A
 * whole GPU's threads keep loads in flight where one workgroup's cannot: the
 * one-workgroup kernel scans 1,000 logits a thread at gemma's vocabulary.
 */
function wideArgMaxPartialsProgram(groups: number): LabProgram {
  return argMaxPass('scores', [2 * groups], `labArgMaxWidePartials${groups}`, groups, bestOfWorkgroupWgsl(
    `let N = uniforms.scoresShape[1];
        let group = i32(${LINEAR_WORKGROUP_INDEX_WGSL});
        let first = group * ${WORKGROUP * PER_THREAD} + i32(localIndex);
        for (var r = 0; r < ${PER_THREAD}; r = r + 1) {
          let i = first + r * ${WORKGROUP};
          if (i < N) {
            let v = scores[i];
            if (v > value || at == 2147483647) {
              value = v;
              at = i;
            }
          }
        }`,
    `if (localIndex == 0u && group < ${groups}) {
          result[group] = bestValue[0];
          result[${groups} + group] = f32(bestIndex[0]);
        }`,
  ));
}

/** The wide argMax's second pass: one workgroup keeps the best of the first pass's candidates, the lower index on a tie. */
function wideArgMaxFinalProgram(): LabProgram {
  return argMaxPass('partials', [1], 'labArgMaxWideFinal', 1, bestOfWorkgroupWgsl(
    // The count comes from the uniforms, which the backend binds only to a shader that reads them.
    `let groups = uniforms.partialsShape / 2;
        for (var g = i32(localIndex); g < groups; g = g + ${WORKGROUP}) {
          let v = partials[g];
          let j = i32(partials[groups + g]);
          if (at == 2147483647 || v > value || (v == value && j < at)) {
            value = v;
            at = j;
          }
        }`,
    `if (localIndex == 0u) { result[0] = bestIndex[0]; }`,
  ));
}

export const argMaxKernel: tf.KernelConfig = {
  kernelName: LAB_KERNEL.argMax,
  backendName: 'webgpu',
  kernelFunc: ({ inputs, backend }) => {
    const { x } = inputs as { x: tf.TensorInfo };
    if (x.shape.length !== 2 || x.shape[0] !== 1) throw new Error(`${LAB_KERNEL.argMax}: needs x [1, N], got [${x.shape}]`);
    return (backend as unknown as WebGPUBackend).runWebGPUProgram(argMaxProgram(), [x], 'int32');
  },
};

/** The index of the largest of x [1, N], the first among equals, in two launches that spread the scan over the GPU. */
export const wideArgMaxKernel: tf.KernelConfig = {
  kernelName: LAB_KERNEL.argMaxWide,
  backendName: 'webgpu',
  kernelFunc: ({ inputs, backend }) => {
    const { x } = inputs as { x: tf.TensorInfo };
    if (x.shape.length !== 2 || x.shape[0] !== 1) throw new Error(`${LAB_KERNEL.argMaxWide}: needs x [1, N], got [${x.shape}]`);
    const n = x.shape[1]!;
    if (n >= MAX_WIDE_N) throw new Error(`${LAB_KERNEL.argMaxWide}: N must be below 2^24 (its indices pass through float32), got ${n}`);
    const webgpu = backend as unknown as WebGPUBackend;
    const groups = wideArgMaxGroups(n);
    const partials = webgpu.runWebGPUProgram(wideArgMaxPartialsProgram(groups), [x], 'float32'); // [best values, their indices]
    try {
      return webgpu.runWebGPUProgram(wideArgMaxFinalProgram(), [partials], 'int32');
    } finally {
      webgpu.disposeData(partials.dataId);
    }
  },
};
