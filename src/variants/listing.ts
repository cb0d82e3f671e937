/** What `lab variant list` shows of each registered variant: its slots, its knobs, where it runs. */
import { BACKEND_NAMES } from '../backend-names.ts';
import { filledSlots, unsupportedReasons, type Variant } from '../variants.ts';
import { allowedValues, type ParamValue } from './params.ts';

export interface VariantListing {
  name: string;
  description: string;
  slots: Record<string, string>;
  /** Name -> {type, default, values (the allowed set), description}; {} for a variant without parameters. */
  params: Record<string, { type: string; default: ParamValue; values: ParamValue[]; description: string }>;
  /** The backends it can run on. */
  backends: string[];
  /** A preset: the parametrized variant it is a setting of, and its values. */
  presetOf?: string;
  values?: Record<string, ParamValue>;
}

export function listVariant(variant: Variant, registry: readonly Variant[]): VariantListing {
  const params = Object.fromEntries(
    Object.entries(variant.params ?? {}).map(([name, spec]) => [name, { type: spec.type, default: spec.default, values: [...allowedValues(spec)], description: spec.description }]),
  );
  return {
    name: variant.name,
    description: variant.description,
    slots: filledSlots(variant),
    params,
    backends: BACKEND_NAMES.filter((b) => unsupportedReasons(variant, registry, b).length === 0),
    ...(variant.pointOf ? { presetOf: variant.pointOf, values: { ...variant.values } } : {}),
  };
}

/** One line per parameter, for the text listing: "keysPerSplit (integer: 4 8 16 32 64; default 32) what it does". */
export function paramLines(listing: VariantListing): string[] {
  return Object.entries(listing.params).map(([name, p]) => `${name} (${p.type}: ${p.values.join(' ')}; default ${String(p.default)}) ${p.description}`);
}
