/**
 * The names of the lab's own WebGPU kernels (registered by kernels.ts once the
 * backend has loaded), in a module of their own so that the implementations
 * calling them never load WebGPU code on a CPU backend.
 */
export const LAB_KERNEL = {
  seededUniform: 'LabSeededUniform',
  matVec: 'LabMatVec',
  copy: 'LabCopy',
  rmsNorm: 'LabRmsNorm',
  rope: 'LabRope',
  geluGate: 'LabGeluGate',
} as const;

/** Most rows of x the matrix-vector kernel takes: each is an accumulator per thread, kept in registers. */
export const MATVEC_MAX_ROWS = 8;
