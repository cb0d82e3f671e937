import * as tf from '@tensorflow/tfjs-core';
import type { WebGPUBackend, WebGPUProgram } from '@tensorflow/tfjs-backend-webgpu';

/**
 * The TF.js WebGPU backend's program contract, as its own kernels use it: the
 * backend wraps `getUserCode()` with the bindings (`result`, one storage array
 * per variable name), a `uniforms` struct (each input's shape, the output's
 * shape, then `uniforms` declared here) and `main()` called from `_start`, with
 * `workgroupId`, `numWorkgroups` and `localIndex` in scope.
 */
export type LabProgram = WebGPUProgram;

export type ProgramUniform = { type: 'int32' | 'uint32' | 'float32'; data: number[] }[];

/** Runs a program as a kernel function: what a KernelConfig's kernelFunc returns (a float32 result unless `dtype` says int32). */
export function runProgram(backend: unknown, program: LabProgram, inputs: tf.TensorInfo[], uniforms?: ProgramUniform, dtype: 'float32' | 'int32' = 'float32'): tf.TensorInfo {
  return (backend as unknown as WebGPUBackend).runWebGPUProgram(program, inputs, dtype, uniforms);
}

/**
 * The workgroup's index in a 1-D launch even after the backend has reshaped a
 * launch too large for one dimension into two or three (reshapeDispatch).
 */
export const LINEAR_WORKGROUP_INDEX_WGSL = 'workgroupId.z * numWorkgroups.x * numWorkgroups.y + workgroupId.y * numWorkgroups.x + workgroupId.x';
