/**
 * Reading a later launch's weights into the GPU's L2 cache from the tail of the launch before it.
 *
 * A recorded step's short products (q/k/v, the output) are bound by latency, not bandwidth: 10-20 MB read in
 * a single wave that takes 2-4x its bytes' time, while the memory bus idles through its ramp and drain. Extra
 * workgroups appended after a launch's own (so that they run as its own drain) read the next product's
 * weights, which the next launch then finds in L2 (50 MB on an H100/H200). The loads are kept by a store that
 * depends on them and that no workgroup can reach (its chunk index would have to be 2^32 - 1).
 */

/** Bytes one prefetching workgroup reads: 256 threads x PREFETCH_LOADS loads of 16 bytes. */
export const PREFETCH_LOADS = 16;
const THREADS = 256;
const CHUNK_WORDS = THREADS * PREFETCH_LOADS; // vec4 words a workgroup reads

/** What a launch reads ahead: for each buffer (bound at 5, 6, ...), how many of its leading 16-byte words. */
export interface PrefetchPlan {
  words: readonly number[];
}

/** The first binding of the buffers a launch reads ahead (after what any product binds: 0-4). */
export const PREFETCH_FIRST_BINDING = 5;

/** Extra workgroups a launch takes to read `plan` ahead. */
export function prefetchGroups(plan: PrefetchPlan | undefined): number {
  return plan ? plan.words.reduce((sum, w) => sum + Math.ceil(w / CHUNK_WORDS), 0) : 0;
}

/** The plan that reads ahead at most `budgetBytes` of the start of each of `sizes` (bytes), the budget shared evenly. */
export function prefetchPlan(sizes: readonly number[], budgetBytes: number): PrefetchPlan | undefined {
  if (budgetBytes <= 0 || sizes.length === 0) return undefined;
  const each = Math.floor(budgetBytes / sizes.length / 16);
  const words = sizes.map((bytes) => Math.min(Math.floor(bytes / 16), each)).filter((w) => w > 0);
  return words.length ? { words } : undefined;
}

/** The module-scope bindings of the buffers `plan` reads. */
export function prefetchBindingsWgsl(plan: PrefetchPlan | undefined): string {
  if (!plan) return '';
  return plan.words.map((_, b) => `@group(0) @binding(${PREFETCH_FIRST_BINDING + b}) var<storage, read> ahead${b} : array<vec4<u32>>;`).join('\n');
}

/**
 * WGSL at the top of main: workgroups from `ownGroups` on read their chunk of the plan's buffers and return.
 * `group` is the workgroup's flat index and `lid` its thread's (both uniform across the workgroup, so the return
 * keeps the barriers after it in uniform control flow); `sink` is a store of a u32 into a buffer the kernel writes.
 */
export function prefetchPrologueWgsl(plan: PrefetchPlan | undefined, ownGroups: number, group: string, lid: string, sink: (value: string) => string): string {
  if (!plan) return '';
  let firstChunk = 0;
  const branches = plan.words.map((words, b) => {
    const chunks = Math.ceil(words / CHUNK_WORDS);
    const loads = Array.from({ length: PREFETCH_LOADS }, (_, i) => `seen = seen ^ ahead${b}[min(start + ${i * THREADS}u, ${words - 1}u)];`).join('\n      ');
    const branch = `if (chunk >= ${firstChunk}u && chunk < ${firstChunk + chunks}u) {
      let start = (chunk - ${firstChunk}u) * ${CHUNK_WORDS}u + ${lid};
      ${loads}
    }`;
    firstChunk += chunks;
    return branch;
  });
  return `if (${group} >= ${ownGroups}u) {
    // Read ahead into L2 (prefetch-wgsl.ts): the next launch's weights, kept by a store no workgroup reaches.
    let chunk = ${group} - ${ownGroups}u;
    var seen = vec4<u32>(0u);
    ${branches.join('\n    ')}
    if (chunk == 0xffffffffu) { ${sink('seen.x ^ seen.y ^ seen.z ^ seen.w')} }
    return;
  }`;
}
