/**
 * npm run bench:dispatch — what one small op costs the host on a backend,
 * the figure that bounds a decoder step made of ~1,300 small ops: a chain of
 * element-wise adds on [1, hidden] with a tensor operand, then with a JS
 * number operand (TF.js makes and uploads a new scalar tensor each call).
 *
 * On WebGPU, --submit-batch N sets how many dispatches TF.js records before
 * it submits them (WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE, 15 by default).
 *
 *   npm run bench:dispatch -- [--backend auto] [--ops 1000] [--width 2048] [--submit-batch 15]
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../src/backend.ts';

const { values } = parseArgs({
  options: {
    backend: { type: 'string', default: 'auto' },
    ops: { type: 'string', default: '1000' },
    width: { type: 'string', default: '2048' },
    'submit-batch': { type: 'string' },
  },
});
const ops = Number(values.ops);
const backend = await initBackend(values.backend!);
if (values['submit-batch'] && backend.name === 'webgpu') tf.env().set('WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE', Number(values['submit-batch']));
const x = tf.randomUniform([1, Number(values.width)]) as tf.Tensor2D;
const y = tf.randomUniform([1, Number(values.width)]) as tf.Tensor2D;
const kept = tf.scalar(1e-3);

async function perOp(label: string, op: (t: tf.Tensor2D) => tf.Tensor2D): Promise<void> {
  const chain = async () => {
    const start = performance.now();
    const out = tf.tidy(() => {
      let t = x;
      for (let i = 0; i < ops; i++) t = op(t);
      return tf.slice(t, [0, 0], [1, 1]);
    });
    await out.data();
    out.dispose();
    return (performance.now() - start) / ops;
  };
  await chain(); // compiles
  const times = [await chain(), await chain(), await chain()].sort((a, b) => a - b);
  console.log(`${label.padEnd(44)} ${(times[1]! * 1000).toFixed(1).padStart(8)} µs/op`);
}

const batch = backend.name === 'webgpu' ? `, ${tf.env().get('WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE')} dispatches per submit` : '';
console.log(`backend: ${backend.name} (${backend.device}); chains of ${ops} ops on [1, ${values.width}], median of 3${batch}\n`);
await perOp('add(t, tensor)', (t) => tf.add(t, y));
await perOp('add(t, scalar tensor made once)', (t) => tf.add(t, kept));
await perOp('add(t, JS number)', (t) => tf.add(t, 1e-3));
