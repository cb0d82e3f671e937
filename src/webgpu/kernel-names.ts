/**
 * The names of the lab's own WebGPU kernels (registered by kernels.ts once the
 * backend has loaded), in a module of their own so that the implementations
 * calling them never load WebGPU code on a CPU backend.
 */
export const LAB_KERNEL = {
  seededUniform: 'LabSeededUniform',
  seededPacked: 'LabSeededPacked',
  joinRows: 'LabJoinRows',
  readBandwidth: 'LabReadBandwidth',
  matVec: 'LabMatVec',
  copy: 'LabCopy',
  rmsNorm: 'LabRmsNorm',
  rope: 'LabRope',
  geluGate: 'LabGeluGate',
  decodeAttention: 'LabDecodeAttention',
  argMax: 'LabArgMax',
  argMaxWide: 'LabArgMaxWide',
} as const;

/** Most cached keys the decode-attention kernel scores in workgroup memory (4 bytes each, 16 KiB in all with q). */
export const DECODE_ATTENTION_MAX_KEYS = 2048;

/** Most rows of x the matrix-vector kernel takes: each is an accumulator per thread, kept in registers. */
export const MATVEC_MAX_ROWS = 8;
