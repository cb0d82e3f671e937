/**
 * Telling a promoted baseline from the seed's in stored results, without
 * loading TensorFlow.js (reports import this): the seed's implementation names
 * and the description a promoted baseline entry carries.
 */
import type { SlotName } from '../model/slots.ts';

/**
 * The seed baseline's implementation names per slot, as results store them
 * (`describeImplementations(BASELINE_IMPLEMENTATIONS)`; a test keeps the two in step).
 */
export const SEED_BASELINE_SLOTS: Readonly<Record<SlotName, string>> = {
  execution: 'tfjs-ops',
  prefill: 'scan',
  generation: 'on-device',
  qkvProjection: 'separate',
  attentionCore: 'per-head',
  groupMapping: 'mapped-groups',
  kvCache: 'concat-hsd',
  linear: 'matmul',
  norm: 'tfjs-ops',
  rope: 'tfjs-ops',
  mlpActivation: 'tfjs-ops',
};

/** slot -> implementation for the slots where `slots` differs from the seed's baseline. */
export function slotsChangedFromSeed(slots: Readonly<Record<string, string>>): Record<string, string> {
  const seed: Readonly<Record<string, string>> = SEED_BASELINE_SLOTS;
  return Object.fromEntries(Object.entries(slots).filter(([slot, impl]) => seed[slot] !== impl));
}

const PREFIX = 'promoted from ';

/** How a promoted baseline's description starts: `promoted from batched-attention: `. */
export function promotedDescription(name: string, description: string): string {
  return `${PREFIX}${name}: ${description}`;
}

/** The variant a baseline entry was promoted from, read back from its description; null when it says none. */
export function promotedFromDescription(description: string): string | null {
  if (!description.startsWith(PREFIX)) return null;
  const rest = description.slice(PREFIX.length);
  const end = rest.indexOf(': ');
  const name = end < 0 ? rest.trim() : rest.slice(0, end);
  return /^[a-z0-9+-]+$/.test(name) ? name : null;
}

/** `a=x, b=y` */
export function slotsText(slots: Readonly<Record<string, string>>): string {
  return Object.entries(slots).map(([slot, impl]) => `${slot}=${impl}`).join(', ');
}
