import { LabError } from './errors.ts';
import { BASELINE_IMPLEMENTATIONS } from './model/baseline-implementations.ts';
import { describeImplementations, SLOT_NAMES, unsupportedOn, type Implementations, type SlotName } from './model/slots.ts';

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
  /**
   * Set on a registry entry that cannot be used, with the reason (the baseline
   * entry when variants/baseline.json is broken): resolving a variant of that
   * registry, or building its implementations, raises this error instead.
   */
  unusable?: LabError;
  /**
   * The registry spec its workers resolve, when it is not its name: an A/A copy (`lab calibrate`) is the
   * baseline's code measured under a second name.
   */
  runsAs?: string;
}

/** The name of an A/A sweep's second copy of the baseline. */
export const AA_COPY_NAME = 'aa-copy';

/** The baseline again under AA_COPY_NAME: same slots, same code, measured as if it were a variant. */
export function aaCopyOf(baseline: Variant): Variant {
  return { ...baseline, name: AA_COPY_NAME, description: `A/A check: ${baseline.name} again, unchanged`, runsAs: baseline.runsAs ?? baseline.name };
}

/** Raises the registry's baseline entry's error when it is unusable: every variant runs on top of it. */
function requireUsableBaseline(registry: readonly Variant[]): void {
  const unusable = registry.find((v) => v.name === BASELINE_NAME)?.unusable;
  if (unusable) throw unusable;
}

/** The name of the registry entry every other variant runs on top of. */
export const BASELINE_NAME = 'baseline';

const NAME_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

export function isValidVariantName(name: string): boolean {
  return NAME_PATTERN.test(name);
}

/** A registered name, or an ad-hoc combination of them ("a+b"). */
function isValidVariantOrCombinationName(name: string): boolean {
  return name.split('+').every(isValidVariantName);
}

/** Declares a variant; the one call a file in variants/ makes. */
export function defineVariant(variant: Variant): Variant {
  if (!isValidVariantOrCombinationName(variant.name)) {
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

/**
 * The registry's baseline entry: the seed's (no slots), or after
 * `lab baseline promote X` an entry carrying X's slot choices (see
 * src/baseline-file.ts). undefined when the registry has none.
 */
export function baselineOf(registry: readonly Variant[]): Variant | undefined {
  return registry.find((v) => v.name === BASELINE_NAME);
}

/**
 * The implementations a variant runs: the seed's, then the registry's
 * (possibly promoted) baseline's slots, then the variant's own slots. A variant
 * filling a slot the promoted baseline fills overrides it.
 */
export function implementationsOf(variant: Variant, registry: readonly Variant[]): Implementations {
  requireUsableBaseline(registry);
  if (variant.unusable) throw variant.unusable;
  return { ...BASELINE_IMPLEMENTATIONS, ...baselineOf(registry)?.slots, ...variant.slots } as Implementations;
}

/**
 * Why a variant cannot run on `backend`, one "slot (implementation: backends only)"
 * per slot it fills with a backend-specific implementation; empty when it can.
 */
export function unsupportedReasons(variant: Variant, registry: readonly Variant[], backend: string): string[] {
  return unsupportedOn(implementationsOf(variant, registry), backend);
}

/** slot -> implementation name for every slot, as stored with results. */
export function slotChoices(variant: Variant, registry: readonly Variant[]): Record<string, string> {
  return describeImplementations(implementationsOf(variant, registry));
}

/** slot -> implementation name for the slots the variant fills itself. */
export function filledSlots(variant: Variant): Record<string, string> {
  if (variant.unusable) throw variant.unusable;
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
  requireUsableBaseline(registry);
  if (!spec.includes('+')) return findVariant(registry, spec);
  const parts = spec.split('+').map((name) => findVariant(registry, name.trim()));
  return composeVariants(parts.map((p) => p.name).join('+'), `combination of ${parts.map((p) => p.name).join(' and ')}`, parts);
}
