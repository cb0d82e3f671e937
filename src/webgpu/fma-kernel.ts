/// <reference types="@webgpu/types" />
import { bindGroupFor, pipelineFor } from './pipelines.ts';
import { deviceIdle, submitPendingTfjsWork } from './tensor-buffer.ts';
import { WORKGROUP } from './wgsl.ts';

/**
 * What the device computes per second in float32 fused multiply-adds from
 * plain WGSL: the denominator of the prefill's floor, since a prompt's
 * products do T multiply-adds per weight they read (read-kernel.ts measures the
 * other floor, the one generation is bound by). Every thread runs CHAINS
 * independent chains of vec4 FMAs, enough in flight to hide the FMA latency,
 * with nothing read from memory; the sums are written, so that no compiler
 * drops the work.
 */

/** Workgroups of one launch unless said otherwise: enough to fill any current GPU many times over. */
const FMA_GROUPS = 4096;
/** Independent vec4 accumulators per thread. */
const CHAINS = 8;
/** FMAs per chain per launch. */
const ROUNDS = 1024;

function fmaShader(): string {
  const chains = Array.from({ length: CHAINS }, (_, c) => c);
  return `
@group(0) @binding(0) var<storage, read_write> sums : array<vec4<f32>>;

@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) gid : vec3<u32>) {
  // Seeds from the thread index: the compiler cannot fold the chains into constants.
  let seed = f32(gid.x) * 1.0e-7;
  let b = vec4<f32>(0.999, 0.998, 0.997, 0.996) - vec4<f32>(seed);
  let c = vec4<f32>(1.0e-3, 2.0e-3, 3.0e-3, 4.0e-3);
  ${chains.map((i) => `var a${i} = vec4<f32>(seed + ${i}.0);`).join('\n  ')}
  for (var r = 0u; r < ${ROUNDS}u; r = r + 1u) {
    ${chains.map((i) => `a${i} = fma(a${i}, b, c);`).join('\n    ')}
  }
  sums[gid.x] = ${chains.map((i) => `a${i}`).join(' + ')};
}
`;
}

export interface FmaRate {
  /** Float32 operations per second, an FMA counting as two. */
  flopsPerS: number;
  /** Operations one launch does. */
  flops: number;
}

/**
 * The median of `repeats` timings of `launches` launches of `groups` workgroups back to back, after a warm-up;
 * the buffer is freed before it returns.
 */
export async function measureFmaRate(device: GPUDevice, { groups = FMA_GROUPS, repeats = 5, launches = 20 } = {}): Promise<FmaRate> {
  const threads = groups * WORKGROUP;
  const sums = device.createBuffer({ size: threads * 16, usage: GPUBufferUsage.STORAGE });
  device.pushErrorScope('validation');
  let scoped = true;
  try {
    const pipeline = pipelineFor(device, fmaShader());
    const bindings = bindGroupFor(device, pipeline, { 0: sums });
    submitPendingTfjsWork();
    const run = (times: number) => {
      const encoder = device.createCommandEncoder();
      const pass = encoder.beginComputePass();
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, bindings);
      for (let t = 0; t < times; t++) pass.dispatchWorkgroups(groups);
      pass.end();
      device.queue.submit([encoder.finish()]);
    };
    run(1); // warm-up: the pipeline, the first touch of the buffer
    await deviceIdle();
    scoped = false;
    const error = await device.popErrorScope();
    if (error) throw new Error(`the FMA-rate kernel failed: ${error.message}`);
    const times: number[] = [];
    for (let r = 0; r < repeats; r++) {
      const start = performance.now();
      run(launches);
      await deviceIdle();
      times.push((performance.now() - start) / 1000 / launches);
    }
    const flops = threads * CHAINS * ROUNDS * 4 * 2;
    const sorted = [...times].sort((a, b) => a - b);
    return { flopsPerS: flops / sorted[Math.floor(sorted.length / 2)]!, flops };
  } finally {
    if (scoped) void device.popErrorScope();
    sums.destroy();
  }
}

/**
 * Float32 operations of a multi-token step of `tokens` tokens from position `pos`: two per weight per token in
 * the layers' products, the causal attention's two products (each query against keys [0, its position]), and
 * the logits of the last token only. Norms, RoPE and the softmax are left out: they are a rounding error here.
 */
export function prefillFlops(c: { layers: number; hidden: number; intermediate: number; heads: number; kvHeads: number; headDim: number; vocabSize: number }, tokens: number, pos = 0): number {
  const layerWeights = c.hidden * (c.heads + 2 * c.kvHeads) * c.headDim + c.heads * c.headDim * c.hidden + 3 * c.hidden * c.intermediate;
  const keysSeen = tokens * (pos + (tokens + 1) / 2); // sum over t of (pos + t + 1)
  const attention = 2 * 2 * c.heads * c.headDim * keysSeen;
  return c.layers * (2 * tokens * layerWeights + attention) + 2 * c.vocabSize * c.hidden;
}
