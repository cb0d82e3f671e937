import { LabError } from './errors.ts';
import { BASELINE_IMPLEMENTATIONS } from './model/baseline-implementations.ts';
import { describeImplementations, SLOT_NAMES, type Implementations, type SlotName } from './model/slots.ts';

/**
 * A variant: a name, a one-line description, and the slots it fills. Every
 * slot it leaves empty keeps the baseline's implementation.
 */
export interface Variant {
  name: string;
  description: string;
  slots: Partial<Implementations>;
  /** For a composition, the variants it is made of. */
  parts?: string[];
}

const NAME_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

export function isValidVariantName(name: string): boolean {
  return NAME_PATTERN.test(name);
}

/** Declares a variant; the one call a file in variants/ makes. */
export function defineVariant(variant: Variant): Variant {
  if (!isValidVariantName(variant.name)) {
    throw new Error(`variant name "${variant.name}" must be kebab-case (a-z, 0-9, -)`);
  }
  for (const slot of Object.keys(variant.slots)) {
    if (!(SLOT_NAMES as readonly string[]).includes(slot)) {
      throw new Error(`variant ${variant.name} fills unknown slot "${slot}"; slots are ${SLOT_NAMES.join(', ')}`);
    }
  }
  return variant;
}

/**
 * Combines variants that fill different slots. Two variants that fill the same
 * slot cannot be combined: which one should win is a question for the user.
 */
export function composeVariants(name: string, description: string, parts: readonly Variant[]): Variant {
  const slots: Partial<Record<SlotName, unknown>> = {};
  const owner: Partial<Record<SlotName, string>> = {};
  for (const part of parts) {
    for (const slot of Object.keys(part.slots) as SlotName[]) {
      if (owner[slot]) {
        throw new LabError(
          `cannot combine ${owner[slot]} and ${part.name}: both fill the ${slot} slot`,
          'combine variants that change different slots',
        );
      }
      owner[slot] = part.name;
      slots[slot] = part.slots[slot];
    }
  }
  return defineVariant({ name, description, slots: slots as Partial<Implementations>, parts: parts.map((p) => p.name) });
}

/** The implementations a variant runs: the baseline's, with the variant's slots filled in. */
export function implementationsOf(variant: Variant, baseline: Implementations = BASELINE_IMPLEMENTATIONS): Implementations {
  return { ...baseline, ...variant.slots } as Implementations;
}

/** slot -> implementation name for every slot, as stored with results. */
export function slotChoices(variant: Variant, baseline: Implementations = BASELINE_IMPLEMENTATIONS): Record<string, string> {
  return describeImplementations(implementationsOf(variant, baseline));
}

/** slot -> implementation name for the slots the variant fills itself. */
export function filledSlots(variant: Variant): Record<string, string> {
  return Object.fromEntries(Object.entries(variant.slots).map(([slot, impl]) => [slot, (impl as { name: string }).name]));
}

export function findVariant(registry: readonly Variant[], name: string): Variant {
  const found = registry.find((v) => v.name === name);
  if (!found) {
    throw new LabError(`unknown variant "${name}"`, `registered variants: ${registry.map((v) => v.name).join(', ')} (see lab variant list)`);
  }
  return found;
}

/** Resolves "a+b+c" to a composition of registered variants, or a plain name to that variant. */
export function resolveVariant(registry: readonly Variant[], spec: string): Variant {
  if (!spec.includes('+')) return findVariant(registry, spec);
  const parts = spec.split('+').map((name) => findVariant(registry, name.trim()));
  return composeVariants(parts.map((p) => p.name).join('+'), `combination of ${parts.map((p) => p.name).join(' and ')}`, parts);
}
