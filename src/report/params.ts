/**
 * The parameters variants ran at (VariantResult.params), as report columns:
 * which names there are, which of them vary between the variants shown, and
 * a point's name without its grid variant's prefix.
 */
import type { VariantResult } from '../sweep/result.ts';

export type ParamValue = number | string | boolean;

/** Every parameter name any of `variants` carries, in the order first seen (a variant's declaration order). */
export function paramNames(variants: readonly VariantResult[]): string[] {
  const names: string[] = [];
  for (const v of variants) for (const name of Object.keys(v.params ?? {})) if (!names.includes(name)) names.push(name);
  return names;
}

/**
 * The names whose value is not the same in every variant with parameters
 * (a variant without the name counts as another value): the ones worth a
 * column when space is short; the rest are one footnote.
 */
export function varyingParamNames(variants: readonly VariantResult[]): string[] {
  const withParams = variants.filter((v) => v.params && Object.keys(v.params).length > 0);
  return paramNames(withParams).filter((name) => new Set(withParams.map((v) => paramText(v.params?.[name]))).size > 1);
}

/** The parameters every variant with parameters ran at alike, `name=value` (empty when none or when only they vary). */
export function constantParams(variants: readonly VariantResult[]): string[] {
  const withParams = variants.filter((v) => v.params && Object.keys(v.params).length > 0);
  const varying = new Set(varyingParamNames(variants));
  return paramNames(withParams)
    .filter((name) => !varying.has(name))
    .map((name) => `${name}=${paramText(withParams[0]!.params![name])}`);
}

/** A parameter's value as a cell: `8`, `paired`, `true`; empty for a variant without it. */
export function paramText(value: ParamValue | undefined): string {
  return value === undefined ? '' : String(value);
}

/** Whether every variant that has `name` has a number there (its column is right-aligned). */
export function isNumericParam(variants: readonly VariantResult[], name: string): boolean {
  const values = variants.map((v) => v.params?.[name]).filter((x) => x !== undefined);
  return values.length > 0 && values.every((x) => typeof x === 'number');
}

/**
 * `@keysPerSplit=8,tiling=paired` for the point `wgsl-recorded-step@keysPerSplit=8,tiling=paired` of
 * `wgsl-recorded-step`; undefined for a name that is not `${of}@...`.
 */
export function pointSuffix(name: string, of: string): string | undefined {
  return name.startsWith(`${of}@`) ? name.slice(of.length) : undefined;
}
