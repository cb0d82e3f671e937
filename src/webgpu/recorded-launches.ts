/// <reference types="@webgpu/types" />
import type * as tf from '@tensorflow/tfjs-core';
import type { WeightDtype } from '../model/weight-dtype.ts';
import { median } from '../stats/descriptive.ts';
import { bindGroupFor, grid, pipelineFor } from './pipelines.ts';
import { gpuBufferOf } from './tensor-buffer.ts';
import { TimestampPairs } from './timestamp-pairs.ts';

/** One launch of a recorded step: everything it binds is fixed when the step is built. */
interface Launch {
  /** What it computes, for profiles: launches with the same label are one line. */
  label: string;
  /** Weight bytes it reads (0 for the launches that read only activations). */
  weightBytes: number;
  pipeline: GPUComputePipeline;
  bindings: GPUBindGroup;
  groups: [number, number];
  /** Where the launch's workgroup counts are read from at run time (they follow the position), instead of `groups`. */
  indirect?: GPUBuffer;
}

/** GPU time of one kind of launch over a whole step. */
export interface LaunchProfile {
  label: string;
  launches: number;
  ms: number;
  weightBytes: number;
}

/** What one more launch of a kind costs inside the step (RecordedLaunches.marginalProfile). */
export interface MarginalLaunchCost {
  label: string;
  launches: number;
  /** Weight bytes its launches read in a step. */
  weightBytes: number;
  /** GPU time a launch of this kind adds to a step, in µs: the step with each of them dispatched 1 + extra times, less the step as recorded, per added launch. */
  usPerLaunch: number;
}

/** The step's own GPU time and each kind's marginal cost, medians over rounds that alternate the plain step with each kind's. */
export interface MarginalProfile {
  stepMs: number;
  lines: MarginalLaunchCost[];
}

/**
 * The launches of a recorded step (recorded-step.ts, recorded-prefill.ts) and
 * the buffers it owns: recorded once, replayed by setting a pipeline and a
 * bind group per launch. Every buffer it allocates has this one owner and is
 * freed by dispose().
 */
export abstract class RecordedLaunches {
  private readonly launches: Launch[] = [];
  private readonly owned: GPUBuffer[] = [];

  constructor(
    protected readonly device: GPUDevice,
    /** The element type of the weights the step reads: f32, or bf16/f16 packed two to a u32 and widened in its kernels. */
    protected readonly dtype: WeightDtype,
    /**
     * Launches in the first of the command buffers a run submits, the next ones doubling; null: one command
     * buffer. A step that follows another on the queue (each decode step) has its GPU busy while it is encoded.
     */
    private readonly firstSubmit: number | null = null,
  ) {}

  /** How many launches one step records. */
  get launchCount(): number {
    return this.launches.length;
  }

  /** Bytes of the buffers the step allocated (activations, KV cache, logits). */
  get ownBytes(): number {
    return this.owned.reduce((sum, b) => sum + b.size, 0);
  }

  dispose(): void {
    for (const b of this.owned) b.destroy();
    this.owned.length = 0;
  }

  /** Checks the position, writes what the launches read of it, and returns an encoder that starts by copying in the tokens. */
  protected abstract beginStep(tokenBuffer: GPUBuffer, pos: number): GPUCommandEncoder;

  /**
   * Queues the step for the int32 token(s) in `tokenBuffer` at `pos`: their K/V go into the cache and the last
   * one's logits into the logits. Work already submitted to the queue runs first; TF.js's unsubmitted work must
   * be submitted by the caller. `then` records more work into the last command buffer, after the step's.
   */
  run(tokenBuffer: GPUBuffer, pos: number, then?: (encoder: GPUCommandEncoder) => void): void {
    // Encoding costs the host about 5 µs a launch, and the GPU starts only when a command buffer is submitted:
    // a step submitted whole waits a millisecond at 200 launches. With firstSubmit the first few launches go at
    // once, the rest in chunks that double, each encoded while the GPU runs the one before.
    const count = this.launches.length;
    let encoder = this.beginStep(tokenBuffer, pos);
    for (let from = 0, size = this.firstSubmit ?? count; ; from += size, size *= 2) {
      if (from > 0) encoder = this.device.createCommandEncoder();
      this.encodeLaunches(encoder, from, Math.min(from + size, count));
      const last = from + size >= count;
      if (last) then?.(encoder);
      this.device.queue.submit([encoder.finish()]);
      if (last) return;
    }
  }

  /** Runs the step with every launch timed on its own (profileLaunches), and returns the time per label. */
  profile(tokenBuffer: GPUBuffer, pos: number): Promise<LaunchProfile[]> {
    return this.profileLaunches(this.beginStep(tokenBuffer, pos));
  }

  /**
   * Where a step's time goes without the few µs of a pass around each launch (profile's way): per label, the
   * GPU time of `steps` steps back to back (one timestamp pair around them) with each launch of that label
   * dispatched 1 + `extra` times in place, against the same steps as recorded, alternated over `rounds`. A
   * repeated launch costs what it costs there, behind the launch before it and ahead of the one after, so the
   * figures add up to the step's time, dependent-launch latency included. The repeats change the values (a
   * residual added twice), not the work, and leave the step's buffers as garbage: a caller runs it last.
   */
  async marginalProfile(tokenBuffer: GPUBuffer, pos: number, options: { extra?: number; steps?: number; rounds?: number } = {}): Promise<MarginalProfile> {
    if (!this.device.features.has('timestamp-query')) throw new Error("this device has no 'timestamp-query' feature: launches cannot be timed");
    const { extra = 2, steps = 20, rounds = 3 } = options;
    const labels = [...new Set(this.launches.map((l) => l.label))];
    // One timestamp pair around all the steps of a timing: the first step's pass starts it, the last one's ends it.
    const ends = (s: number): 'both' | 'start' | 'end' | null => (steps === 1 ? 'both' : s === 0 ? 'start' : s === steps - 1 ? 'end' : null);
    const timestamps = new TimestampPairs(this.device, 1);
    const timed = async (repeated: string | null): Promise<number> => {
      const encoder = this.beginStep(tokenBuffer, pos);
      for (let s = 0; s < steps; s++) {
        const which = ends(s);
        const pass = encoder.beginComputePass(which ? { timestampWrites: timestamps.writes(0, which) } : {});
        for (const launch of this.launches) {
          pass.setPipeline(launch.pipeline);
          pass.setBindGroup(0, launch.bindings);
          const times = launch.label === repeated ? 1 + extra : 1;
          for (let r = 0; r < times; r++) dispatch(pass, launch);
        }
        pass.end();
      }
      timestamps.resolve(encoder);
      this.device.queue.submit([encoder.finish()]);
      return (await timestamps.nanoseconds())[0]! / 1e6 / steps;
    };
    try {
      await timed(null); // warm-up: pipelines resident, clocks up
      const plain: number[] = [];
      const byLabel = new Map<string, number[]>(labels.map((l) => [l, []]));
      for (let r = 0; r < rounds; r++) {
        for (const label of labels) {
          plain.push(await timed(null));
          byLabel.get(label)!.push(await timed(label));
        }
      }
      const stepMs = median(plain);
      const lines = labels.map((label) => {
        const mine = this.launches.filter((l) => l.label === label);
        const launches = mine.length;
        return { label, launches, weightBytes: mine.reduce((sum, l) => sum + l.weightBytes, 0), usPerLaunch: ((median(byLabel.get(label)!) - stepMs) * 1000) / (launches * extra) };
      });
      return { stepMs, lines };
    } finally {
      timestamps.destroy();
    }
  }

  /** Records launches [from, to) into one compute pass of `encoder`. */
  protected encodeLaunches(encoder: GPUCommandEncoder, from: number, to: number): void {
    const pass = encoder.beginComputePass();
    let current: GPUComputePipeline | null = null;
    for (let i = from; i < to; i++) {
      const launch = this.launches[i]!;
      if (launch.pipeline !== current) pass.setPipeline((current = launch.pipeline));
      pass.setBindGroup(0, launch.bindings);
      dispatch(pass, launch);
    }
    pass.end();
  }

  /**
   * Runs the launches `encoder` leads into, each in a compute pass of its own
   * timed by the GPU's timestamps, and returns the time per label. The separate
   * passes add the gaps between launches back in: the sum exceeds a step's time.
   * Needs the device's 'timestamp-query' feature (TF.js asks for it when the
   * adapter has it).
   */
  protected async profileLaunches(encoder: GPUCommandEncoder): Promise<LaunchProfile[]> {
    if (!this.device.features.has('timestamp-query')) throw new Error("this device has no 'timestamp-query' feature: launches cannot be timed");
    const timestamps = new TimestampPairs(this.device, this.launches.length);
    try {
      this.launches.forEach((launch, i) => {
        const pass = encoder.beginComputePass({ timestampWrites: timestamps.writes(i) });
        pass.setPipeline(launch.pipeline);
        pass.setBindGroup(0, launch.bindings);
        dispatch(pass, launch);
        pass.end();
      });
      timestamps.resolve(encoder);
      this.device.queue.submit([encoder.finish()]);
      const ns = await timestamps.nanoseconds();
      const byLabel = new Map<string, LaunchProfile>();
      this.launches.forEach(({ label, weightBytes }, i) => {
        const ms = ns[i]! / 1e6;
        const line = byLabel.get(label) ?? { label, launches: 0, ms: 0, weightBytes: 0 };
        line.launches += 1;
        line.ms += ms;
        line.weightBytes += weightBytes;
        byLabel.set(label, line);
      });
      return [...byLabel.values()];
    } finally {
      timestamps.destroy();
    }
  }

  /** A buffer of `elements` 4-byte words (at least 16 bytes), owned by the step. */
  protected buffer(elements: number, usage: number): GPUBuffer {
    const b = this.device.createBuffer({ size: Math.max(16, elements * 4), usage });
    this.owned.push(b);
    return b;
  }

  /** A weight's buffer, once its shape is the one the kernel reads ([out, in], or [out, in / 2] words of two packed halves). */
  protected weight(t: tf.Tensor, shape: [number, number]): GPUBuffer {
    const packed = this.dtype !== 'f32';
    const columns = packed ? shape[1] / 2 : shape[1];
    if (t.shape.length !== 2 || t.shape[0] !== shape[0] || t.shape[1] !== columns || (packed && t.dtype !== 'int32')) {
      throw new Error(`the recorded step reads a ${this.dtype} weight as [${shape[0]}, ${columns}] ${packed ? 'int32 words' : 'float32'} ([out, in]), got [${t.shape}] ${t.dtype}`);
    }
    return gpuBufferOf(t);
  }

  /**
   * Records a launch of `code` over `workgroups` workgroups (a count, or an [x, y] grid the kernel reads as such;
   * or a buffer of counts written before each run) with `bound` (binding -> buffer), which reads `weightBytes` of weights.
   */
  protected launch(label: string, code: string, bound: Record<number, GPUBuffer>, workgroups: number | [number, number] | GPUBuffer, weightBytes = 0): void {
    const pipeline = pipelineFor(this.device, code);
    const bindings = bindGroupFor(this.device, pipeline, bound);
    if (typeof workgroups === 'number' || Array.isArray(workgroups)) {
      this.launches.push({ label, weightBytes, pipeline, bindings, groups: typeof workgroups === 'number' ? grid(workgroups) : workgroups });
    } else {
      this.launches.push({ label, weightBytes, pipeline, bindings, groups: [0, 0], indirect: workgroups });
    }
  }
}

function dispatch(pass: GPUComputePassEncoder, launch: Launch): void {
  if (launch.indirect) pass.dispatchWorkgroupsIndirect(launch.indirect, 0);
  else pass.dispatchWorkgroups(launch.groups[0], launch.groups[1]);
}
