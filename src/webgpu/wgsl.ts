/**
 * WGSL pieces every lab kernel shares: the workgroup size, exact float
 * literals, and the workgroup-memory tree that reduces one value per thread.
 */

/** Threads per workgroup in every lab kernel. */
export const WORKGROUP = 256;

/** The WGSL literal of a float32 constant: the f32 nearest to `value`, written exactly. */
export function f32Literal(value: number): string {
  const f = Math.fround(value);
  if (!Number.isFinite(f)) throw new Error(`f32Literal: ${value} is not a finite float32`);
  const text = String(f);
  return /[.e]/.test(text) ? `${text}f` : `${text}.0f`;
}

/**
 * A tree reduction in workgroup memory over groups of `width` threads (a
 * power of two): after a barrier, `width / 2`, then half as many threads, ...
 * each run `step(stride)`, WGSL that folds the value `stride` places on into
 * their own, with a barrier after every level. `lane` is the thread's index
 * within its group. Every thread of the workgroup must reach it.
 */
export function treeReductionWgsl(width: number, lane: string, step: (stride: string) => string): string {
  return `workgroupBarrier();
  for (var stride = ${width / 2}u; stride > 0u; stride = stride / 2u) {
    if (${lane} < stride) {
      ${step('stride')}
    }
    workgroupBarrier();
  }`;
}
