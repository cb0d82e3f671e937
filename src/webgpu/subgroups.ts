/// <reference types="@webgpu/types" />
/**
 * Subgroups (WGSL `enable subgroups;`): whether the lab's device has them in
 * the layout its reductions assume. TF.js asks its device for timestamp
 * queries only, so the lab creates the device itself (backend.ts) and adds
 * the 'subgroups' feature where the adapter has it; then a probe kernel checks
 * that a 1-D workgroup's subgroups are runs of consecutive invocations of one
 * size (WGSL does not promise it; every driver the lab has met does it), so
 * that a row group of `lanes` threads is lanes / size whole subgroups.
 */
import { WORKGROUP } from './wgsl.ts';

/** What a reduction by subgroups may count on, or why it cannot run here. */
export type SubgroupSupport = { ok: true; size: number } | { ok: false; why: string };

const probed = new WeakMap<GPUDevice, SubgroupSupport>();

/** The result of probeSubgroups for `device`; before the probe ran: not supported. */
export function subgroupSupport(device: GPUDevice): SubgroupSupport {
  return probed.get(device) ?? { ok: false, why: "the device's subgroup layout was not probed (the lab's WebGPU backend probes it when it starts)" };
}

/** Runs once per device when the backend starts: each invocation writes its subgroup size and its index in its subgroup. */
export async function probeSubgroups(device: GPUDevice): Promise<SubgroupSupport> {
  const known = probed.get(device);
  if (known) return known;
  const result = await runProbe(device);
  probed.set(device, result);
  return result;
}

async function runProbe(device: GPUDevice): Promise<SubgroupSupport> {
  if (!device.features.has('subgroups')) return { ok: false, why: "the adapter has no 'subgroups' feature" };
  const code = `enable subgroups;
@group(0) @binding(0) var<storage, read_write> out : array<u32>;
@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(local_invocation_index) lid : u32, @builtin(subgroup_size) size : u32, @builtin(subgroup_invocation_id) lane : u32) {
  // The smallest invocation index of the subgroup, as the subgroup itself sees it.
  let first = subgroupMin(lid);
  out[3u * lid] = size;
  out[3u * lid + 1u] = lane;
  out[3u * lid + 2u] = first;
}`;
  const bytes = 3 * WORKGROUP * 4;
  const out = device.createBuffer({ size: bytes, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
  const readable = device.createBuffer({ size: bytes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  try {
    device.pushErrorScope('validation');
    const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module: device.createShaderModule({ code }), entryPoint: 'main' } });
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: out } }] }));
    pass.dispatchWorkgroups(1);
    pass.end();
    encoder.copyBufferToBuffer(out, 0, readable, 0, bytes);
    device.queue.submit([encoder.finish()]);
    const error = await device.popErrorScope();
    if (error) return { ok: false, why: `the subgroup probe kernel was refused: ${error.message.split('\n')[0]}` };
    await readable.mapAsync(GPUMapMode.READ);
    const words = new Uint32Array(readable.getMappedRange().slice(0));
    readable.unmap();
    return subgroupLayout(words);
  } finally {
    out.destroy();
    readable.destroy();
  }
}

/**
 * Judges the probe's words ([size, lane, first] per invocation): one size, a power of two from 4 to 32 (a row
 * group is at least a warp of 32 lanes), and invocation i at lane i % size of the subgroup that starts at
 * i - i % size.
 */
export function subgroupLayout(words: Uint32Array): SubgroupSupport {
  const size = words[0]!;
  if (!(size >= 4 && size <= 32 && (size & (size - 1)) === 0)) return { ok: false, why: `subgroups of ${size} invocations (the lab's reductions take 4 to 32, a power of two)` };
  for (let i = 0; i < words.length / 3; i++) {
    const [s, lane, first] = [words[3 * i]!, words[3 * i + 1]!, words[3 * i + 2]!];
    if (s !== size || lane !== i % size || first !== i - (i % size)) {
      return { ok: false, why: `invocation ${i} is lane ${lane} of a subgroup of ${s} starting at ${first}: not consecutive runs of ${size}` };
    }
  }
  return { ok: true, size };
}
