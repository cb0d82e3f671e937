import * as tf from '@tensorflow/tfjs-core';
import { DECODE_ATTENTION_MAX_KEYS, LAB_KERNEL } from './kernel-names.ts';
import { runProgram, type LabProgram } from './program.ts';
import { treeReductionWgsl, WORKGROUP } from './wgsl.ts';

/**
 * Attention of one query position against S cached keys, for every head, in
 * one launch (TF.js's batched attention takes two products, a scale and a
 * softmax): one workgroup per query head stages q, scores every key, takes
 * the softmax's max and sum with workgroup-memory trees, then each thread
 * accumulates its share of the D output values over the S values.
 * q [B, G, 1, D], k and v [B, S, D], scale [1] -> [B, G, 1, D].
 */
function decodeAttentionProgram(b: number, g: number, d: number): LabProgram {
  return {
    variableNames: ['queries', 'keys', 'values', 'scaling'],
    outputShape: [b, g, 1, d],
    shaderKey: `labDecodeAttention_d${d}`, // S and G come from the uniforms: one shader for every cache length
    dispatchLayout: { x: [0, 1, 2, 3] },
    dispatch: [b * g, 1, 1],
    workgroupSize: [WORKGROUP, 1, 1],
    getUserCode: () => `
      const D = ${d};
      var<workgroup> q : array<f32, ${d}>;
      var<workgroup> p : array<f32, ${DECODE_ATTENTION_MAX_KEYS}>;
      var<workgroup> tree : array<f32, ${WORKGROUP}>;

      fn main(index : i32) {
        let S = uniforms.keysShape[1];
        let head = i32(workgroupId.x);
        let group = head / uniforms.queriesShape[1];
        let tid = i32(localIndex);
        let scale = scaling[0];
        for (var i = tid; i < D; i = i + ${WORKGROUP}) {
          q[i] = queries[head * D + i];
        }
        workgroupBarrier();
        var localMax = -3.0e38;
        for (var j = tid; j < S; j = j + ${WORKGROUP}) {
          let base = (group * S + j) * D;
          var dotQK = 0.0;
          for (var i = 0; i < D; i = i + 1) {
            dotQK = dotQK + q[i] * keys[base + i];
          }
          p[j] = dotQK * scale;
          localMax = max(localMax, p[j]);
        }
        tree[localIndex] = localMax;
        ${treeReductionWgsl(WORKGROUP, 'localIndex', (k) => `tree[localIndex] = max(tree[localIndex], tree[localIndex + ${k}]);`)}
        let rowMax = tree[0];
        workgroupBarrier();
        var localSum = 0.0;
        for (var j = tid; j < S; j = j + ${WORKGROUP}) {
          let e = exp(p[j] - rowMax);
          p[j] = e;
          localSum = localSum + e;
        }
        tree[localIndex] = localSum;
        ${treeReductionWgsl(WORKGROUP, 'localIndex', (k) => `tree[localIndex] = tree[localIndex] + tree[localIndex + ${k}];`)}
        let total = tree[0];
        for (var i = tid; i < D; i = i + ${WORKGROUP}) {
          var acc = 0.0;
          for (var j = 0; j < S; j = j + 1) {
            acc = acc + p[j] * values[(group * S + j) * D + i];
          }
          result[head * D + i] = acc / total;
        }
      }
    `,
  };
}

export const decodeAttentionKernel: tf.KernelConfig = {
  kernelName: LAB_KERNEL.decodeAttention,
  backendName: 'webgpu',
  kernelFunc: ({ inputs, backend }) => {
    const { q, k, v, scale } = inputs as { q: tf.TensorInfo; k: tf.TensorInfo; v: tf.TensorInfo; scale: tf.TensorInfo };
    const [b, g, t, d] = q.shape as [number, number, number, number];
    const s = k.shape[1]!;
    if (t !== 1 || s > DECODE_ATTENTION_MAX_KEYS) throw new Error(`${LAB_KERNEL.decodeAttention}: needs one query position and at most ${DECODE_ATTENTION_MAX_KEYS} keys, got T=${t}, S=${s}`);
    return runProgram(backend, decodeAttentionProgram(b, g, d), [q, k, v, scale]);
  },
};
