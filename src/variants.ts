import { LabError } from './errors.ts';
import { BASELINE_IMPLEMENTATIONS } from './model/baseline-implementations.ts';
import { describeImplementations, SLOT_NAMES, unsupportedOn, type Implementations, type SlotName } from './model/slots.ts';
import type { WeightDtype } from './model/weight-dtype.ts';
import { checkParamSpecs, defaultValues, parsePointSuffix, pointName, type ParamSpecs, type ParamValue, type ParamValues } from './variants/params.ts';

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
  /** The knobs it takes (`--param`, `name@k=v`): a grid's points and the presets fill them. */
  params?: ParamSpecs;
  /** Every parameter's value this entry runs at (its defaults, a preset's or a point's values). */
  values?: ParamValues;
  /** The slots at a complete set of values: how a point of it is built. */
  build?: (values: ParamValues) => Partial<Implementations>;
  /** A preset or a grid point: the parametrized variant it is a setting of. */
  pointOf?: string;
  /** Named settings registered beside it (older names of its points, kept so stored sweeps still resolve). */
  presets?: readonly Variant[];
  /** How its worker runs it, where a parameter chooses more than slots (the weights' element type). */
  runWith?: RunWith;
}

/** A worker's settings a variant's parameters may choose, over the sweep's. */
export interface RunWith {
  weightsDtype?: WeightDtype;
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

/** A point's parameters after its "@": name=value pairs (checked against the specs when resolved). */
const POINT_SUFFIX = /^[a-z][a-zA-Z0-9]*=[a-z0-9-]+(,[a-z][a-zA-Z0-9]*=[a-z0-9-]+)*$/;

/** A registered name, a point of one ("a@k=v,..."), or an ad-hoc combination of them ("a+b"). */
function isValidVariantOrCombinationName(name: string): boolean {
  return name.split('+').every((part) => {
    const at = part.indexOf('@');
    return at < 0 ? isValidVariantName(part) : isValidVariantName(part.slice(0, at)) && POINT_SUFFIX.test(part.slice(at + 1));
  });
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
  if (variant.params) checkParamSpecs(variant.name, variant.params);
  return variant;
}

/** What a parametrized variant's file declares: its knobs, its slots as a function of them, and named presets. */
export interface ParametrizedVariantDefinition {
  name: string;
  description: string;
  params: ParamSpecs;
  slots: (values: Readonly<Record<string, ParamValue>>) => Partial<Implementations>;
  /** The worker settings the values choose (e.g. the weights' dtype); absent: the sweep's. */
  runWith?: (values: Readonly<Record<string, ParamValue>>) => RunWith;
  /** Name -> values and a one-line description: registered as variants of their own. */
  presets?: Readonly<Record<string, { description: string; values: ParamValues }>>;
}

/**
 * Declares a parametrized variant: at its defaults it is an ordinary variant;
 * `pointOf` builds any setting of it, and its presets are such settings under
 * names of their own.
 */
export function defineParametrizedVariant(def: ParametrizedVariantDefinition): Variant {
  checkParamSpecs(def.name, def.params);
  const values = defaultValues(def.params);
  const build = def.runWith ? withRunWith(def.slots, def.runWith) : def.slots;
  const base = defineVariant({ name: def.name, description: def.description, params: def.params, values, build, slots: def.slots(values), ...runWithOf(def, values) });
  const presets = Object.entries(def.presets ?? {}).map(([name, preset]) => {
    const point = pointOf(base, preset.values);
    return defineVariant({ ...point, name, description: preset.description, presets: undefined });
  });
  return { ...base, presets };
}

/** The run settings of `values`, as a Variant field (absent when they choose none). */
function runWithOf(def: Pick<ParametrizedVariantDefinition, 'runWith'>, values: ParamValues): { runWith?: RunWith } {
  const runWith = def.runWith?.(values);
  return runWith && Object.keys(runWith).length ? { runWith } : {};
}

/** A build that also carries the run settings, so that a point of the variant gets both from its values. */
type Build = NonNullable<Variant['build']> & { runWith?: ParametrizedVariantDefinition['runWith'] };
function withRunWith(slots: ParametrizedVariantDefinition['slots'], runWith: NonNullable<ParametrizedVariantDefinition['runWith']>): Build {
  return Object.assign((values: ParamValues) => slots(values), { runWith });
}

/**
 * A setting of a parametrized variant (or of one of its presets): its other
 * parameters keep the values `variant` has. Named stably from the values given
 * (`wgsl-recorded-step@keysPerSplit=8,tiling=paired`).
 */
export function pointOf(variant: Variant, given: ParamValues): Variant {
  if (!variant.params || !variant.build || !variant.values) {
    throw new LabError(`variant ${variant.name} has no parameters`, 'lab variant list --json shows each variant\'s params');
  }
  const values = { ...variant.values, ...given };
  const shown = Object.keys(variant.params).filter((k) => k in given).map((k) => `${k}=${String(given[k])}`).join(', ');
  return defineVariant({
    name: pointName(variant.name, variant.params, given),
    description: shown ? `${variant.description} (at ${shown})` : variant.description,
    params: variant.params,
    values,
    build: variant.build,
    slots: variant.build(values),
    pointOf: variant.pointOf ?? variant.name,
    ...runWithOf({ runWith: (variant.build as Build).runWith }, values),
  });
}

/** The registry's entries with each parametrized variant's presets after it. */
export function withPresets(variants: readonly Variant[]): Variant[] {
  return variants.flatMap((v) => [v, ...(v.presets ?? [])]);
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
  // A combination runs at its parametrized parts' values (stored with its results); it is no grid itself.
  const values = Object.assign({}, ...parts.map((p) => p.values ?? {})) as ParamValues;
  return defineVariant({ name, description, slots: slots as Partial<Implementations>, parts: parts.map((p) => p.name), ...(Object.keys(values).length ? { values } : {}) });
}

/**
 * The registry's baseline entry: the seed's (no slots), or after
 * `lab baseline promote X` an entry carrying X's slot choices (see
 * src/baseline/file.ts). undefined when the registry has none.
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

/** A registered name, or a point of one: "wgsl-recorded-step@keysPerSplit=8". */
function resolvePart(registry: readonly Variant[], spec: string): Variant {
  const at = spec.indexOf('@');
  if (at < 0) return findVariant(registry, spec);
  const variant = findVariant(registry, spec.slice(0, at));
  return pointOf(variant, parsePointSuffix(variant.name, variant.params, spec.slice(at + 1)));
}

/** Resolves "a+b+c" to a composition of registered variants (or points of them), or one name to that variant. */
export function resolveVariant(registry: readonly Variant[], spec: string): Variant {
  requireUsableBaseline(registry);
  if (!spec.includes('+')) return resolvePart(registry, spec.trim());
  const parts = spec.split('+').map((name) => resolvePart(registry, name.trim()));
  return composeVariants(parts.map((p) => p.name).join('+'), `combination of ${parts.map((p) => p.name).join(' and ')}`, parts);
}
