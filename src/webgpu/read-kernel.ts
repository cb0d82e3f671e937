/// <reference types="@webgpu/types" />
import { bindGroupFor, pipelineFor } from './pipelines.ts';
import { deviceIdle, submitPendingTfjsWork } from './tensor-buffer.ts';
import { treeReductionWgsl, WORKGROUP } from './wgsl.ts';

/**
 * What the device reads per second: the denominator of the generation floor,
 * since a decoder step reads its weights and writes almost nothing. A copy
 * (copy-kernel.ts) moves as many bytes out as in and measures the two
 * together; here every workgroup sums a stretch of vec4s and writes one
 * partial. The sum spans several buffers, each under the binding limit, of
 * `totalBytes` in all: far past any cache, as the weights are.
 */

/** Workgroups of one read launch: enough to fill any current GPU several times over, each striding over its buffer. */
const READ_GROUPS = 8192;

/** Each thread's loads per loop step: independent loads in flight hide the memory's latency. */
const UNROLL = 4;

function readShader(vec4s: number): string {
  const stride = READ_GROUPS * WORKGROUP;
  const loads = Array.from({ length: UNROLL }, (_, u) => `acc = acc + src[i + ${u * stride}u];`).join('\n      ');
  return `
@group(0) @binding(0) var<storage, read> src : array<vec4<f32>>;
@group(0) @binding(1) var<storage, read_write> partials : array<vec4<f32>>;
var<workgroup> tree : array<vec4<f32>, ${WORKGROUP}>;

@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(workgroup_id) wid : vec3<u32>, @builtin(local_invocation_index) lid : u32) {
  var acc = vec4<f32>(0.0);
  var i = wid.x * ${WORKGROUP}u + lid;
  // Whole rounds of ${UNROLL} loads, then the rest one at a time.
  for (; i + ${(UNROLL - 1) * stride}u < ${vec4s}u; i = i + ${UNROLL * stride}u) {
      ${loads}
  }
  for (; i < ${vec4s}u; i = i + ${stride}u) { acc = acc + src[i]; }
  tree[lid] = acc;
  ${treeReductionWgsl(WORKGROUP, 'lid', (k) => `tree[lid] = tree[lid] + tree[lid + ${k}];`)}
  if (lid == 0u) { partials[wid.x] = tree[0]; }
}
`;
}

/** Fills a buffer with a pattern, so that the reads see ordinary data (not memory a driver knows to be zero). */
function fillShader(vec4s: number): string {
  return `
@group(0) @binding(0) var<storage, read_write> dst : array<vec4<f32>>;

@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) gid : vec3<u32>, @builtin(num_workgroups) groups : vec3<u32>) {
  let i = gid.y * groups.x * ${WORKGROUP}u + gid.x;
  if (i < ${vec4s}u) { dst[i] = vec4<f32>(f32(i % 1021u), 1.0, -1.0, 0.5); }
}
`;
}

export interface ReadBandwidth {
  gbPerS: number;
  /** Bytes one pass reads, over `buffers` buffers. */
  bytes: number;
  buffers: number;
}

/**
 * Reads `totalBytes` (at least 4 GiB by default) in buffers of at most
 * `bufferBytes` (under the binding limit), `passes` times back to back per
 * timing; the median of `repeats` timings. The buffers are freed before it
 * returns, whatever happens.
 */
export async function measureReadBandwidth(device: GPUDevice, totalBytes = 4.5 * 1024 ** 3, bufferBytes = 1024 ** 3, repeats = 5, passes = 10): Promise<ReadBandwidth> {
  const limit = Math.min(device.limits.maxStorageBufferBindingSize, device.limits.maxBufferSize);
  const unit = 16 * WORKGROUP;
  const chunk = Math.floor(Math.min(bufferBytes, limit, Math.ceil(totalBytes / unit) * unit) / unit) * unit;
  const count = Math.ceil(totalBytes / chunk);
  const vec4s = chunk / 16;
  const owned: GPUBuffer[] = [];
  // A buffer the device could not allocate, or a launch it refused, would time nothing: both are errors here.
  device.pushErrorScope('out-of-memory');
  device.pushErrorScope('validation');
  let scopes = 2;
  try {
    const sources = Array.from({ length: count }, () => {
      const b = device.createBuffer({ size: chunk, usage: GPUBufferUsage.STORAGE });
      owned.push(b);
      return b;
    });
    const partials = device.createBuffer({ size: READ_GROUPS * 16, usage: GPUBufferUsage.STORAGE });
    owned.push(partials);
    const fill = pipelineFor(device, fillShader(vec4s));
    const read = pipelineFor(device, readShader(vec4s));
    const fills = sources.map((b) => bindGroupFor(device, fill, { 0: b }));
    const reads = sources.map((b) => bindGroupFor(device, read, { 0: b, 1: partials }));
    submitPendingTfjsWork();
    const encode = (groups: GPUBindGroup[], pipeline: GPUComputePipeline, grid: [number, number], times: number) => {
      const encoder = device.createCommandEncoder();
      const pass = encoder.beginComputePass();
      pass.setPipeline(pipeline);
      for (let t = 0; t < times; t++) {
        for (const g of groups) {
          pass.setBindGroup(0, g);
          pass.dispatchWorkgroups(grid[0], grid[1]);
        }
      }
      pass.end();
      device.queue.submit([encoder.finish()]);
    };
    const fillGroups = Math.ceil(vec4s / WORKGROUP);
    encode(fills, fill, [Math.min(fillGroups, 65535), Math.ceil(fillGroups / 65535)], 1);
    encode(reads, read, [READ_GROUPS, 1], 1); // warm-up: pipelines, first touches
    await deviceIdle();
    for (const scope of ['validation', 'out-of-memory']) {
      scopes -= 1;
      const error = await device.popErrorScope();
      if (error) throw new Error(`the read-bandwidth kernel over ${count} buffers of ${chunk >> 20} MiB failed (${scope}): ${error.message}`);
    }
    const times: number[] = [];
    for (let r = 0; r < repeats; r++) {
      const start = performance.now();
      encode(reads, read, [READ_GROUPS, 1], passes);
      await deviceIdle();
      times.push((performance.now() - start) / 1000 / passes);
    }
    const bytes = count * chunk;
    return { gbPerS: bytes / median(times) / 1e9, bytes, buffers: count };
  } finally {
    for (; scopes > 0; scopes--) void device.popErrorScope();
    for (const b of owned) b.destroy();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
