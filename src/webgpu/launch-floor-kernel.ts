/// <reference types="@webgpu/types" />
/**
 * What one dependent launch costs the device when it does almost nothing: the
 * floor under a recorded step's launch count, as the read kernel's bandwidth
 * is the floor under its bytes. A decoder step is a chain of launches each
 * reading what the one before wrote, so Dawn puts a barrier between every two
 * and the GPU drains and refills between them; here `launches` dispatches of
 * a kernel of `groups` workgroups, each thread adding one to its own element of
 * a buffer the previous dispatch wrote, run in one compute pass timed by the
 * GPU's timestamps.
 */
import { bindGroupFor, pipelineFor } from './pipelines.ts';
import { TimestampPairs } from './timestamp-pairs.ts';
import { submitPendingTfjsWork } from './tensor-buffer.ts';
import { WORKGROUP } from './wgsl.ts';

export interface LaunchFloor {
  /** GPU time per dependent launch, microseconds (median of the repeats). */
  usPerLaunch: number;
  launches: number;
  groups: number;
}

function chainShader(groups: number): string {
  return `
@group(0) @binding(0) var<storage, read_write> counters : array<f32>;

@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) gid : vec3<u32>) {
  if (gid.x < ${groups * WORKGROUP}u) { counters[gid.x] = counters[gid.x] + 1.0; }
}
`;
}

/**
 * Times `launches` dependent dispatches of `groups` workgroups (the width of a step's small launches: gemma-2b's
 * q/k/v product has 640), the median of `repeats` passes. Needs 'timestamp-query'. Frees what it made.
 */
export async function measureLaunchFloor(device: GPUDevice, { launches = 1000, groups = 512, repeats = 5 } = {}): Promise<LaunchFloor> {
  if (!device.features.has('timestamp-query')) throw new Error("this device has no 'timestamp-query' feature: launches cannot be timed");
  const counters = device.createBuffer({ size: groups * WORKGROUP * 4, usage: GPUBufferUsage.STORAGE });
  const timestamps = new TimestampPairs(device, repeats);
  try {
    const pipeline = pipelineFor(device, chainShader(groups));
    const bindings = bindGroupFor(device, pipeline, { 0: counters });
    submitPendingTfjsWork();
    const encoder = device.createCommandEncoder();
    // A first pass outside the timing compiles and touches everything.
    for (let r = -1; r < repeats; r++) {
      const pass = encoder.beginComputePass(r < 0 ? {} : { timestampWrites: timestamps.writes(r) });
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, bindings);
      for (let i = 0; i < launches; i++) pass.dispatchWorkgroups(groups);
      pass.end();
    }
    timestamps.resolve(encoder);
    device.queue.submit([encoder.finish()]);
    const perLaunchUs = (await timestamps.nanoseconds()).map((ns) => ns / 1000 / launches).sort((a, b) => a - b);
    return { usPerLaunch: perLaunchUs[Math.floor(repeats / 2)]!, launches, groups };
  } finally {
    counters.destroy();
    timestamps.destroy();
  }
}
