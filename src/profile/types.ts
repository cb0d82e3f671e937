/**
 * The stable JSON schema of `lab profile`: what `--format json` prints and what
 * the `profiles` table of results.db stores (result_json). Fields are only
 * ever added, never renamed or removed. Times are milliseconds; shares (`pct`)
 * are percent.
 *
 * {
 *   "variant": "baseline",
 *   "slots": { "prefill": "scan", "generation": "on-device", ... },  // slot -> implementation
 *   "model": "small",                  // the preset, or "dir:<path>" for a checkpoint
 *   "modelDescription": "...",         // as `lab generate` prints it
 *   "backend": "wasm",
 *   "device": "WASM (XNNPACK, SIMD, 1 thread) ...",
 *   "promptLen": 16,
 *   "genLen": 16,
 *   "warmup": 1,                       // warm-up generate calls before the unprofiled reference run and the profiled one
 *   "kernelTiming": true,              // false: the backend gave no per-kernel times (see note)
 *   "note": null,                      // one line about missing kernel times, or null
 *   "phases": {
 *     "prefill": {
 *       "wallMs": 12.3,                // the phase's wall time in the profiled run
 *       "unprofiledWallMs": 10.9,      // the same phase in a warm run just before, without the profiler
 *       "kernelCalls": 812,            // kernels launched in the phase
 *       "kernelMs": 9.8,               // sum of kernel times; null when kernelTiming is false
 *       "gapMs": 2.5,                  // wallMs - kernelMs: dispatch and host overhead; null likewise
 *       "gapPct": 20.3,                // gapMs / wallMs * 100; null likewise
 *       "unprofiledGapMs": 1.1,        // unprofiledWallMs - kernelMs: the gap without the profiler's own
 *                                      //   per-kernel bookkeeping; an estimate across two runs, so noise
 *                                      //   can make it negative; null likewise
 *       "unprofiledGapPct": 10.1,      // unprofiledGapMs / unprofiledWallMs * 100; null likewise
 *       "parts": [{ "part": "mlp", "calls": 96, "ms": 3.1, "pct": 31.6 }, ...],
 *       "kernels": [{ "kernel": "BatchMatMul", "calls": 210, "ms": 5.2, "pct": 53.1 }, ...]
 *     },
 *     "generation": { ...same keys... }
 *   },
 *   "recorded": [                      // a variant that records its step (wgsl-recorded-step...): the GPU time of the
 *                                      //   step's own launches, which tf.profile cannot see; null for the others
 *     { "step": "prefill",             // the parallel prefill's whole-prompt step (only with parallel-prefill), then
 *       "tokens": 64, "position": 0,   //   "generation": one token at the middle of the generated ones
 *       "launchCount": 219, "totalMs": 16.2,   // totalMs: the launches' sum, each timed in a pass of its own
 *       "inStepMs": null,              // the generation step: its GPU time as it runs (one pass), else null
 *       "launches": [{ "launch": "gate/up products + gelu", "count": 18, "ms": 1.33, "pct": 34.7, "gbPerS": 3629,
 *                      "inStepUs": 62.7 }, ...] }   // inStepUs: what one more launch of the kind adds in the step
 *                                                   //   (generation step only; null otherwise)
 *   ],
 *   "recordedNote": null               // why "recorded" is null for a recorded variant (e.g. no timestamp-query), or null
 * }
 *
 * `parts` lists, in MODEL_PARTS order (the order of the forward pass), each
 * part that launched at least one kernel in the phase; `kernels` lists each
 * kernel name, slowest total first. In a phase, the parts' ms (and pct) sum to
 * kernelMs (100%), and so do the kernels'. Both lists are empty when
 * kernelTiming is false. Part names: see MODEL_PARTS in src/model/parts.ts.
 */
import type { ModelPart, ModelPhase } from '../model/parts.ts';

export interface PartTime {
  part: ModelPart;
  calls: number;
  ms: number;
  pct: number;
}

export interface KernelTime {
  kernel: string;
  calls: number;
  ms: number;
  pct: number;
}

export interface PhaseProfile {
  wallMs: number;
  unprofiledWallMs: number;
  kernelCalls: number;
  kernelMs: number | null;
  gapMs: number | null;
  gapPct: number | null;
  unprofiledGapMs: number | null;
  unprofiledGapPct: number | null;
  parts: PartTime[];
  kernels: KernelTime[];
}

/** One kind of launch of a recorded step, from GPU timestamps. */
export interface RecordedLaunchTime {
  launch: string;
  count: number;
  ms: number;
  pct: number;
  /** Weight bytes it reads over its time; null for launches that read only activations. */
  gbPerS: number | null;
  /**
   * µs one more launch of this kind adds inside the step, without a pass of its own (RecordedLaunches.marginalProfile:
   * each launch of the kind dispatched again in place, against the step as recorded); the generation step only, null
   * for the prefill's. A kernel whose inputs fit the L2 reads them from there when repeated: a lower bound for those.
   */
  inStepUs: number | null;
}

export interface RecordedStepProfile {
  step: 'prefill' | 'generation';
  tokens: number;
  /** The cache position the step was profiled at. */
  position: number;
  launchCount: number;
  totalMs: number;
  /** The step's GPU time as it runs, all its launches in one pass (the marginal measurement's own), or null (the prefill). */
  inStepMs: number | null;
  launches: RecordedLaunchTime[];
}

export interface ProfileResult {
  variant: string;
  slots: Record<string, string>;
  model: string;
  modelDescription: string;
  backend: string;
  device: string;
  promptLen: number;
  genLen: number;
  warmup: number;
  kernelTiming: boolean;
  note: string | null;
  phases: Record<ModelPhase, PhaseProfile>;
  /** Absent in profiles stored before it existed. */
  recorded?: RecordedStepProfile[] | null;
  recordedNote?: string | null;
}

/** The keys of a ProfileResult, a phase, a part and a kernel row, in schema order; tests hold the schema to them. */
export const PROFILE_KEYS = [
  'variant', 'slots', 'model', 'modelDescription', 'backend', 'device', 'promptLen', 'genLen', 'warmup', 'kernelTiming', 'note', 'phases', 'recorded', 'recordedNote',
] as const satisfies readonly (keyof ProfileResult)[];
export const PHASE_KEYS = [
  'wallMs', 'unprofiledWallMs', 'kernelCalls', 'kernelMs', 'gapMs', 'gapPct', 'unprofiledGapMs', 'unprofiledGapPct', 'parts', 'kernels',
] as const satisfies readonly (keyof PhaseProfile)[];
export const PART_KEYS = ['part', 'calls', 'ms', 'pct'] as const satisfies readonly (keyof PartTime)[];
export const KERNEL_KEYS = ['kernel', 'calls', 'ms', 'pct'] as const satisfies readonly (keyof KernelTime)[];

export const PROFILE_FORMATS = ['table', 'json', 'md'] as const;
export type ProfileFormat = (typeof PROFILE_FORMATS)[number];
