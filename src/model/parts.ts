import * as tf from '@tensorflow/tfjs-core';

/**
 * Model-part markers for `lab profile`. The forward pass wraps each part of
 * the model in `modelPart(name, fn)`; while `recordModelParts` is running
 * (inside a `tf.profile`), a marker notes the index in the profile's kernel
 * list at which its part begins and ends, so every kernel can be attributed to
 * the innermost part that launched it. When nothing records, a marker is one
 * null check and a call.
 */

/** The parts, in the order the forward pass meets them. */
export const MODEL_PARTS = [
  'embedding',
  'norms',
  'qkv projection',
  'rope',
  'cache update',
  'attention scores',
  'softmax',
  'attention output',
  'output projection',
  'mlp',
  'logits',
  'sampling',
  'other',
] as const;
export type ModelPart = (typeof MODEL_PARTS)[number];

export const MODEL_PHASES = ['prefill', 'generation'] as const;
export type ModelPhase = (typeof MODEL_PHASES)[number];

/** From kernel `index` on (until the next mark), kernels belong to `part`. */
export interface PartMark {
  index: number;
  part: ModelPart;
}

/** From kernel `index` on (until the next mark), kernels belong to `phase`. */
export interface PhaseMark {
  index: number;
  phase: ModelPhase;
}

/** Kernels launched outside every marked part. */
export const UNATTRIBUTED: ModelPart = 'other';

interface Recording {
  parts: PartMark[];
  phases: PhaseMark[];
  stack: ModelPart[];
}

let recording: Recording | null = null;

/** How many kernels the active tf.profile has recorded so far. */
function kernelIndex(): number {
  return tf.engine().state.activeProfile.kernels.length;
}

/**
 * Runs `fn` as part `part` of the model and returns what it returns. Parts
 * nest: a kernel belongs to the innermost part running when it was launched.
 * `fn` may return a promise; the part then ends when it settles.
 */
export function modelPart<T>(part: ModelPart, fn: () => T): T {
  const rec = recording;
  if (rec === null) return fn();
  rec.stack.push(part);
  rec.parts.push({ index: kernelIndex(), part });
  const end = () => {
    rec.stack.pop();
    rec.parts.push({ index: kernelIndex(), part: rec.stack.at(-1) ?? UNATTRIBUTED });
  };
  let out: T;
  try {
    out = fn();
  } catch (e) {
    end();
    throw e;
  }
  if (out instanceof Promise) return out.finally(end) as T;
  end();
  return out;
}

/** Marks the start of a phase of generate (prefill, generation). */
export function modelPhase(phase: ModelPhase): void {
  recording?.phases.push({ index: kernelIndex(), phase });
}

/**
 * Records the part and phase marks of everything `run` does; `run` is meant
 * to be (or contain only) a `tf.profile` call, whose kernel list the marks
 * index. One recording at a time.
 */
export async function recordModelParts<T>(run: () => Promise<T>): Promise<{ value: T; parts: PartMark[]; phases: PhaseMark[] }> {
  if (recording) throw new Error('recordModelParts: a recording is already running');
  const rec: Recording = { parts: [], phases: [], stack: [] };
  recording = rec;
  try {
    const value = await run();
    return { value, parts: rec.parts, phases: rec.phases };
  } finally {
    recording = null;
  }
}
