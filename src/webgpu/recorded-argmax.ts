/// <reference types="@webgpu/types" />
import { PER_THREAD, wideArgMaxGroups as argMaxGroups } from './argmax-kernel.ts';
import { bindGroupFor, pipelineFor } from './pipelines.ts';
import { treeReductionWgsl, WORKGROUP } from './wgsl.ts';

/** An index no logit has: a thread or a workgroup that has read nothing yet. */
const NONE = '0xffffffffu';

/**
 * Keeps the better of this thread's candidate (value, at) and (v, j): the larger value, the lower index on a tie,
 * any read logit over none. A -inf logit still beats the empty candidate, so every index chosen is a real one.
 */
function keepBetterWgsl(v: string, j: string): string {
  return `if (${j} != ${NONE} && (at == ${NONE} || ${v} > value || (${v} == value && ${j} < at))) {
        value = ${v};
        at = ${j};
      }`;
}

/** The workgroup's best of its threads' (value, at), left in bestValue[0] / bestIndex[0]. */
const WORKGROUP_BEST_WGSL = `bestValue[lid] = value;
  bestIndex[lid] = at;
  ${treeReductionWgsl(WORKGROUP, 'lid', (stride) => `value = bestValue[lid];
      at = bestIndex[lid];
      let v = bestValue[lid + ${stride}];
      let j = bestIndex[lid + ${stride}];
      ${keepBetterWgsl('v', 'j')}
      bestValue[lid] = value;
      bestIndex[lid] = at;`)}`;

const WORKGROUP_MEMORY = `var<workgroup> bestValue : array<f32, ${WORKGROUP}>;
var<workgroup> bestIndex : array<u32, ${WORKGROUP}>;`;

/** First pass, split as the wide argMax's (argmax-kernel.ts): workgroup g keeps the best of logits [g * 1024, +1024), adjacent threads reading adjacent logits. */
function partialsShader(n: number): string {
  const groups = argMaxGroups(n);
  return `
@group(0) @binding(0) var<storage, read> logits : array<f32>;
@group(0) @binding(1) var<storage, read_write> partials : array<u32>; // [groups] the best values' bits, [groups] their indices
${WORKGROUP_MEMORY}

@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(workgroup_id) wid : vec3<u32>, @builtin(local_invocation_index) lid : u32) {
  var value = -3.0e38;
  var at = ${NONE};
  for (var r = 0u; r < ${PER_THREAD}u; r++) {
    let i = wid.x * ${WORKGROUP * PER_THREAD}u + r * ${WORKGROUP}u + lid;
    if (i < ${n}u) {
      let v = logits[i];
      ${keepBetterWgsl('v', 'i')}
    }
  }
  ${WORKGROUP_BEST_WGSL}
  if (lid == 0u) {
    partials[wid.x] = bitcast<u32>(bestValue[0]);
    partials[${groups}u + wid.x] = bestIndex[0];
  }
}
`;
}

/** Second pass: one workgroup keeps the best of the first pass's candidates, as the next token and as token `index` of the generated ones. */
function finalShader(n: number): string {
  const groups = argMaxGroups(n);
  return `
struct Choice { index : u32, }
@group(0) @binding(1) var<storage, read> partials : array<u32>;
@group(0) @binding(2) var<storage, read_write> next : array<i32>; // [1] the token the next step reads
@group(0) @binding(3) var<storage, read_write> chosen : array<i32>; // [capacity] every token generated
@group(0) @binding(9) var<uniform> choice : Choice;
${WORKGROUP_MEMORY}

@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(local_invocation_index) lid : u32) {
  var value = -3.0e38;
  var at = ${NONE};
  for (var g = lid; g < ${groups}u; g += ${WORKGROUP}u) {
    let v = bitcast<f32>(partials[g]);
    let j = partials[${groups}u + g];
    ${keepBetterWgsl('v', 'j')}
  }
  ${WORKGROUP_BEST_WGSL}
  if (lid == 0u) {
    next[0] = i32(bestIndex[0]);
    chosen[choice.index] = i32(bestIndex[0]);
  }
}
`;
}

/**
 * The greedy choice of the next token recorded beside a step (recorded-step.ts), so that generation never
 * leaves the lab's own command buffers: two launches read the step's logits and write the token into `next`,
 * which the following step reads as its input, and into `chosen` at the generated token's index, read to the
 * host once at the end. The lower index wins a tie, as numpy's argmax and TF.js's CPU argMax.
 */
export class RecordedArgMax {
  /** [1] int32: the chosen token, the next step's input. */
  readonly next: GPUBuffer;
  /** [capacity] int32: the tokens chosen so far, by index. */
  readonly chosen: GPUBuffer;
  private readonly partials: GPUBuffer;
  private readonly choice: GPUBuffer;
  private readonly launches: { pipeline: GPUComputePipeline; bindings: GPUBindGroup; groups: number }[];

  constructor(
    private readonly device: GPUDevice,
    logits: GPUBuffer,
    vocab: number,
    readonly capacity: number,
  ) {
    if (vocab * 4 > logits.size) throw new Error(`the argmax reads ${vocab} logits from a buffer of ${logits.size} bytes`);
    if (vocab >= 2 ** 32 - 1) throw new Error(`the argmax's indices are u32: ${vocab} logits are too many`);
    const storage = GPUBufferUsage.STORAGE;
    const created: GPUBuffer[] = [];
    const buffer = (bytes: number, usage: number) => {
      const b = device.createBuffer({ size: Math.max(16, bytes), usage });
      created.push(b);
      return b;
    };
    try {
      this.next = buffer(4, storage | GPUBufferUsage.COPY_SRC);
      this.chosen = buffer(capacity * 4, storage | GPUBufferUsage.COPY_SRC);
      this.partials = buffer(2 * argMaxGroups(vocab) * 4, storage);
      this.choice = buffer(4, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
      const first = pipelineFor(device, partialsShader(vocab));
      const final = pipelineFor(device, finalShader(vocab));
      this.launches = [
        { pipeline: first, bindings: bindGroupFor(device, first, { 0: logits, 1: this.partials }), groups: argMaxGroups(vocab) },
        { pipeline: final, bindings: bindGroupFor(device, final, { 1: this.partials, 2: this.next, 3: this.chosen, 9: this.choice }), groups: 1 },
      ];
    } catch (e) {
      for (const b of created) b.destroy();
      throw e;
    }
    this.owned = created;
  }

  private readonly owned: GPUBuffer[];

  /** Bytes of the buffers it allocated. */
  get ownBytes(): number {
    return this.owned.reduce((sum, b) => sum + b.size, 0);
  }

  /** Sets the index the next encoded choice writes in `chosen` (a queue write: it applies to work submitted after it). */
  chooseAt(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.capacity) throw new Error(`token index ${index} is outside the argmax's [0, ${this.capacity})`);
    this.device.queue.writeBuffer(this.choice, 0, new Uint32Array([index]));
  }

  /** Records the two launches into a compute pass of their own in `encoder`, after whatever it holds. */
  encode(encoder: GPUCommandEncoder): void {
    const pass = encoder.beginComputePass();
    for (const { pipeline, bindings, groups } of this.launches) {
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, bindings);
      pass.dispatchWorkgroups(groups);
    }
    pass.end();
  }

  dispose(): void {
    for (const b of this.owned) b.destroy();
    this.owned.length = 0;
  }
}
