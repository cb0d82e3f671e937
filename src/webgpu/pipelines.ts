/// <reference types="@webgpu/types" />
/**
 * Compute pipelines and bind groups for the lab's own launches (the recorded
 * step, the read-bandwidth kernel, the tiling bench): compiled once per device
 * and WGSL source.
 */

/** Most workgroups in one dimension of a launch (WebGPU's default limit). */
const MAX_GROUPS_PER_DIMENSION = 65535;

/** A launch of `count` workgroups as a grid the kernels fold back into one index. */
export function grid(count: number): [number, number] {
  return count <= MAX_GROUPS_PER_DIMENSION ? [count, 1] : [MAX_GROUPS_PER_DIMENSION, Math.ceil(count / MAX_GROUPS_PER_DIMENSION)];
}

/** Compiled pipelines per device and WGSL source: a sweep process builds a step per generate call, and compiles once. */
const compiled = new WeakMap<GPUDevice, Map<string, GPUComputePipeline>>();

export function pipelineFor(device: GPUDevice, code: string): GPUComputePipeline {
  let byCode = compiled.get(device);
  if (!byCode) compiled.set(device, (byCode = new Map()));
  let pipeline = byCode.get(code);
  if (!pipeline) {
    pipeline = device.createComputePipeline({ layout: 'auto', compute: { module: device.createShaderModule({ code }), entryPoint: 'main' } });
    byCode.set(code, pipeline);
  }
  return pipeline;
}

/** A bind group of `pipeline`'s group 0 with `bound` (binding -> buffer). */
export function bindGroupFor(device: GPUDevice, pipeline: GPUComputePipeline, bound: Record<number, GPUBuffer>): GPUBindGroup {
  return device.createBindGroup({
    layout: pipeline.getBindGroupLayout(0),
    entries: Object.entries(bound).map(([binding, buffer]) => ({ binding: Number(binding), resource: { buffer } })),
  });
}
