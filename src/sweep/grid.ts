/**
 * lab sweep v --param a=1,2 --param b=x,y (or an experiment file's "grid"):
 * the cross product of the values, each point a variant of its own
 * (`v@a=1,b=x`), measured with the variant at its defaults beside them.
 * Everything is checked before the sweep writes anything.
 */
import { LabError } from '../errors.ts';
import { crossProduct, DEFAULT_MAX_POINTS, gridSize, parseGridFlags, parseParamValue, paramSpec, type ParamValue } from '../variants/params.ts';
import { pointOf, resolveVariant, type Variant } from '../variants.ts';

/** Per grid variant, each parameter's values. */
export type GridRequest = Record<string, Record<string, ParamValue[]>>;

/** --param flags, which apply to the one variant the command line names. */
export function gridFromFlags(variants: readonly string[] | undefined, flags: readonly string[], registry: readonly Variant[]): GridRequest {
  if (!variants || variants.length !== 1) {
    throw new LabError(`--param makes a grid of one variant, but ${variants?.length ? `${variants.length} are named (${variants.join(', ')})` : 'none is named'}`, 'e.g. lab sweep wgsl-recorded-step --param keysPerSplit=8,16,32');
  }
  const name = variants[0]!;
  if (name.includes('+') || name.includes('@')) throw new LabError(`--param needs a registered variant, not ${name}`, 'name the parametrized variant itself, e.g. wgsl-recorded-step');
  const variant = resolveVariant(registry, name);
  return { [variant.name]: parseGridFlags(variant.name, variant.params, flags) };
}

/** The experiment file's "grid", checked like --param. */
export function gridFromFile(grid: Record<string, Record<string, unknown[]>>, registry: readonly Variant[]): GridRequest {
  const out: GridRequest = {};
  for (const [name, params] of Object.entries(grid)) {
    const variant = resolveVariant(registry, name);
    out[variant.name] = Object.fromEntries(
      Object.entries(params).map(([param, values]) => {
        const spec = paramSpec(variant.name, variant.params, param);
        if (values.length === 0) throw new LabError(`grid ${name}: ${param} lists no values`, `e.g. "${param}": [${String(spec.values.slice(0, 2).map((v) => JSON.stringify(v)).join(', '))}]`);
        const parsed = values.map((v) => parseParamValue(variant.name, param, spec, String(v)));
        if (new Set(parsed).size !== parsed.length) throw new LabError(`grid ${name}: ${param} lists a value twice`);
        return [param, parsed];
      }),
    );
  }
  return out;
}

/**
 * Every point of every grid, each grid's variant at its defaults first; a
 * point whose values are the defaults' is that variant, not a second copy.
 */
export function gridVariants(grid: GridRequest, registry: readonly Variant[], maxPoints: number = DEFAULT_MAX_POINTS): Variant[] {
  const total = Object.values(grid).reduce((n, g) => n + gridSize(g), 0);
  if (total > maxPoints) {
    throw new LabError(`the grid has ${total} points, more than ${maxPoints}`, `measure fewer values, or raise the limit with --max-points ${total}`);
  }
  const out: Variant[] = [];
  for (const [name, params] of Object.entries(grid)) {
    const variant = resolveVariant(registry, name);
    out.push(variant);
    for (const values of crossProduct(params)) {
      const point = pointOf(variant, values);
      const same = Object.entries(point.values ?? {}).every(([k, v]) => variant.values?.[k] === v);
      if (!same) out.push(point);
    }
  }
  return out;
}
