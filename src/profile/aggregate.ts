/**
 * Pure aggregation of a recorded profile: kernels (in launch order, as
 * tf.profile lists them) + the part and phase marks of src/model/parts.ts +
 * the phases' wall times -> per phase, time by model part and by kernel and
 * the gap between wall and kernel time. No TensorFlow.js here, so a fake
 * kernel list is all a test needs.
 */
import { MODEL_PARTS, MODEL_PHASES, UNATTRIBUTED, type ModelPart, type ModelPhase, type PartMark, type PhaseMark } from '../model/parts.ts';
import type { KernelTime, PartTime, PhaseProfile } from './types.ts';

/** One kernel as tf.profile lists it; kernelTimeMs should be settled (see settleKernelTimes) but may be anything. */
export interface RecordedKernel {
  name: string;
  kernelTimeMs: unknown;
}

export interface ProfileRecording {
  kernels: readonly RecordedKernel[];
  parts: readonly PartMark[];
  phases: readonly PhaseMark[];
}

export interface AggregatedProfile {
  kernelTiming: boolean;
  note: string | null;
  phases: Record<ModelPhase, PhaseProfile>;
}

/**
 * A kernel's time in ms, or null when the backend gave none: backends report
 * a number, a Promise of one, or {error} (webgpu without timestamp queries
 * reports 0 instead). Anything but a finite non-negative number is "none".
 */
export function kernelTime(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null;
}

/** Awaits every kernel's time (tf.profile already does on TF.js 4, but its type allows a Promise). */
export async function settleKernelTimes(kernels: readonly RecordedKernel[]): Promise<RecordedKernel[]> {
  return Promise.all(kernels.map(async (k) => {
    let kernelTimeMs: unknown;
    try {
      kernelTimeMs = await k.kernelTimeMs;
    } catch (e) {
      kernelTimeMs = { error: e instanceof Error ? e.message : String(e) };
    }
    return { name: k.name, kernelTimeMs };
  }));
}

/** For each kernel index, the value of the last mark at or before it; `fallback` before the first mark. */
function labelsByIndex<T>(count: number, marks: readonly { index: number; value: T }[], fallback: T): T[] {
  const sorted = marks.map((m, order) => ({ ...m, order })).sort((a, b) => a.index - b.index || a.order - b.order);
  const out = new Array<T>(count);
  let current = fallback;
  let next = 0;
  for (let i = 0; i < count; i++) {
    while (next < sorted.length && sorted[next]!.index <= i) current = sorted[next++]!.value;
    out[i] = current;
  }
  return out;
}

/** Why kernel times are missing, e.g. "812 zero" or "3 errors (timestamp queries unsupported)". */
function describeMissing(values: readonly unknown[]): string {
  let zero = 0;
  let errors = 0;
  let other = 0;
  let firstError: string | null = null;
  for (const v of values) {
    if (v === 0) zero++;
    else if (typeof v === 'object' && v !== null && 'error' in v) {
      errors++;
      firstError ??= String((v as { error: unknown }).error).split('\n')[0] ?? '';
    } else other++;
  }
  const bits: string[] = [];
  if (zero) bits.push(`${zero} zero`);
  if (errors) bits.push(`${errors} error${errors === 1 ? '' : 's'}${firstError ? ` (${firstError})` : ''}`);
  if (other) bits.push(`${other} NaN or missing`);
  return bits.join(', ');
}

function pct(part: number, whole: number): number {
  return whole > 0 ? (part / whole) * 100 : 0;
}

function aggregatePhase(
  kernels: readonly { name: string; ms: number; part: ModelPart }[],
  wallMs: number,
  unprofiledWallMs: number,
  timed: boolean,
): PhaseProfile {
  if (!timed) {
    return {
      wallMs, unprofiledWallMs, kernelCalls: kernels.length,
      kernelMs: null, gapMs: null, gapPct: null, unprofiledGapMs: null, unprofiledGapPct: null, parts: [], kernels: [],
    };
  }
  const kernelMs = kernels.reduce((sum, k) => sum + k.ms, 0);
  const byPart = new Map<ModelPart, { calls: number; ms: number }>();
  const byKernel = new Map<string, { calls: number; ms: number }>();
  for (const k of kernels) {
    const p = byPart.get(k.part) ?? { calls: 0, ms: 0 };
    p.calls++;
    p.ms += k.ms;
    byPart.set(k.part, p);
    const n = byKernel.get(k.name) ?? { calls: 0, ms: 0 };
    n.calls++;
    n.ms += k.ms;
    byKernel.set(k.name, n);
  }
  const parts: PartTime[] = MODEL_PARTS.filter((part) => byPart.has(part)).map((part) => {
    const { calls, ms } = byPart.get(part)!;
    return { part, calls, ms, pct: pct(ms, kernelMs) };
  });
  const kernelRows: KernelTime[] = [...byKernel.entries()]
    .map(([kernel, { calls, ms }]) => ({ kernel, calls, ms, pct: pct(ms, kernelMs) }))
    .sort((a, b) => b.ms - a.ms || a.kernel.localeCompare(b.kernel));
  const gapMs = wallMs - kernelMs;
  const unprofiledGapMs = unprofiledWallMs - kernelMs;
  return {
    wallMs, unprofiledWallMs, kernelCalls: kernels.length, kernelMs, gapMs, gapPct: pct(gapMs, wallMs),
    unprofiledGapMs, unprofiledGapPct: pct(unprofiledGapMs, unprofiledWallMs), parts, kernels: kernelRows,
  };
}

/**
 * Splits the kernels into phases by the phase marks (kernels before the first
 * mark belong to none), attributes each to the innermost part running when it
 * was launched ('other' outside every part), and sums them up. Without usable
 * kernel times (none finite, or all zero) it reports phase wall times only,
 * with kernelTiming false and a one-line note.
 */
export function aggregateProfile(
  recording: ProfileRecording,
  wallMs: Record<ModelPhase, number>,
  unprofiledWallMs: Record<ModelPhase, number>,
): AggregatedProfile {
  const { kernels } = recording;
  const parts = labelsByIndex(kernels.length, recording.parts.map((m) => ({ index: m.index, value: m.part })), UNATTRIBUTED);
  const phases = labelsByIndex<ModelPhase | null>(kernels.length, recording.phases.map((m) => ({ index: m.index, value: m.phase })), null);
  const inPhases = kernels.map((k, i) => ({ k, i })).filter(({ i }) => phases[i] !== null);
  const times = inPhases.map(({ k }) => kernelTime(k.kernelTimeMs));
  const missing = inPhases.filter((_, j) => times[j] === null).map(({ k }) => k.kernelTimeMs);
  const totalMs = times.reduce<number>((sum, t) => sum + (t ?? 0), 0);

  let kernelTiming = true;
  let note: string | null = null;
  if (inPhases.length === 0) {
    kernelTiming = false;
    note = 'the profile recorded no kernels; showing phase wall times only';
  } else if (!(totalMs > 0)) {
    kernelTiming = false;
    note = `the backend reported no kernel timing (${inPhases.length} kernels: ${describeMissing(inPhases.map(({ k }) => k.kernelTimeMs))}); showing phase wall times only`;
  } else if (missing.length > 0) {
    note = `${missing.length} of ${inPhases.length} kernels reported no time (${describeMissing(missing)}); they count as 0 ms`;
  }

  const rows = new Map<ModelPhase, { name: string; ms: number; part: ModelPart }[]>(MODEL_PHASES.map((p) => [p, []]));
  inPhases.forEach(({ k, i }, j) => rows.get(phases[i]!)!.push({ name: k.name, ms: times[j] ?? 0, part: parts[i]! }));
  const out = Object.fromEntries(
    MODEL_PHASES.map((phase) => [phase, aggregatePhase(rows.get(phase)!, wallMs[phase], unprofiledWallMs[phase], kernelTiming)]),
  ) as Record<ModelPhase, PhaseProfile>;
  return { kernelTiming, note, phases: out };
}
