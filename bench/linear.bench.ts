/**
 * npm run bench:linear — one generation step's matrix products alone: every
 * linear-slot implementation that runs on the backend, on each distinct weight
 * shape of the model, one row of activations (T = 1). Prints time per product
 * and the bandwidth it reads the weights at, against the measured read
 * bandwidth (a GPU's; the host's copy bandwidth on a CPU): how far each product is from being memory-bound.
 *
 *   npm run bench:linear -- [--model gemma-2b] [--backend auto] [--calls 50]
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../src/backend.ts';
import { presetConfig } from '../src/model/config.ts';
import { stockMatMul, wgslMatVec } from '../src/model/implementations/linear.ts';
import type { LinearProduct } from '../src/model/slots.ts';
import { untilComputed } from '../src/model/until-computed.ts';
import { describeBandwidth, measureBandwidth } from './memory-bandwidth.ts';

const { values } = parseArgs({
  options: {
    model: { type: 'string', default: 'gemma-2b' },
    backend: { type: 'string', default: 'auto' },
    calls: { type: 'string', default: '50' },
  },
});
const calls = Number(values.calls);
const backend = await initBackend(values.backend!);
const c = presetConfig(values.model!);
const bandwidth = await measureBandwidth();
const implementations = [stockMatMul, wgslMatVec].filter((impl) => !impl.backends || impl.backends.includes(backend.name));

/** [in, out] of each distinct product of a generation step, with how many a step makes. */
const shapes: { name: string; in: number; out: number; perStep: number }[] = [
  { name: 'q_proj / o_proj', in: c.hidden, out: c.heads * c.headDim, perStep: 2 * c.layers },
  { name: 'k_proj, v_proj', in: c.hidden, out: c.kvHeads * c.headDim, perStep: 2 * c.layers },
  { name: 'gate_proj, up_proj', in: c.hidden, out: c.intermediate, perStep: 2 * c.layers },
  { name: 'down_proj', in: c.intermediate, out: c.hidden, perStep: c.layers },
  { name: 'logits', in: c.hidden, out: c.vocabSize, perStep: 1 },
];

console.log(`backend: ${backend.name} (${backend.device}); ${values.model} shapes, x [1, in]; median of 5 timings of ${calls} back-to-back products`);
console.log(`${describeBandwidth(bandwidth)}\n`);
console.log(`${'product'.padEnd(20)} ${'[in, out]'.padEnd(16)} ${'implementation'.padEnd(14)} ${'µs'.padStart(9)} ${'GB/s'.padStart(8)} ${'of copy'.padStart(8)}`);
const stepTotals = new Map<string, number>();
for (const shape of shapes) {
  const weight = tf.randomUniform([shape.in, shape.out], -0.05, 0.05) as tf.Tensor2D;
  const x = tf.randomUniform([1, shape.in]) as tf.Tensor2D;
  for (const impl of implementations) {
    const prepared = impl.prepare({ inOut: weight });
    const seconds = await timeProducts(impl, x, prepared);
    if (prepared !== weight) prepared.dispose();
    const gbPerS = (shape.in * shape.out * 4) / seconds / 1e9;
    stepTotals.set(impl.name, (stepTotals.get(impl.name) ?? 0) + seconds * shape.perStep);
    console.log(`${shape.name.padEnd(20)} ${`[${shape.in}, ${shape.out}]`.padEnd(16)} ${impl.name.padEnd(14)} ${(seconds * 1e6).toFixed(1).padStart(9)} ${gbPerS.toFixed(1).padStart(8)} ${`${((100 * gbPerS) / bandwidth.gbPerS).toFixed(0)}%`.padStart(8)}`);
  }
  tf.dispose([weight, x]);
}
console.log('\nall products of one generation step (layers x products + logits):');
for (const [name, seconds] of stepTotals) console.log(`  ${name.padEnd(14)} ${(seconds * 1000).toFixed(2)} ms`);

async function timeProducts(impl: LinearProduct, x: tf.Tensor2D, weight: tf.Tensor2D): Promise<number> {
  const warm = impl.apply(x, weight);
  await untilComputed(warm);
  warm.dispose();
  const times: number[] = [];
  for (let r = 0; r < 5; r++) {
    const start = performance.now();
    let last: tf.Tensor2D | null = null;
    for (let i = 0; i < calls; i++) {
      last?.dispose();
      last = impl.apply(x, weight);
    }
    await untilComputed(last!);
    last!.dispose();
    times.push((performance.now() - start) / 1000 / calls);
  }
  return times.sort((a, b) => a - b)[2]!;
}
