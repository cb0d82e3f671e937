/**
 * Typed parameters of a variant: the knobs an implementation exposes (a split
 * size, a tiling, a flag), declared once with their domain, filled as data,
 * and crossed into grids (as asv's `params` and Triton's autotune configs).
 * Pure: no registry, no I/O.
 */
import { LabError } from '../errors.ts';

export type ParamValue = number | string | boolean;

interface ParamBase<V extends ParamValue> {
  default: V;
  /** The allowed values, as a set; a grid may take any of them. */
  values: readonly V[];
  /** One line: what the knob changes. */
  description: string;
}

export type ParamSpec =
  | ({ type: 'integer' } & ParamBase<number>)
  | ({ type: 'enum' } & ParamBase<string>)
  | ({ type: 'boolean' } & ParamBase<boolean>);

/** Name -> spec, in the order point names list them. */
export type ParamSpecs = Readonly<Record<string, ParamSpec>>;
export type ParamValues = Readonly<Record<string, ParamValue>>;

const PARAM_NAME = /^[a-z][a-zA-Z0-9]*$/;
/** Enum values are kebab-case, so that a point's name is a branch name and shell-safe unquoted. */
const ENUM_VALUE = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Checks a declaration (a programming error in variants/, not user input). */
export function checkParamSpecs(owner: string, specs: ParamSpecs): void {
  for (const [name, spec] of Object.entries(specs)) {
    if (!PARAM_NAME.test(name)) throw new Error(`${owner}: parameter name "${name}" must be camelCase (a-z, A-Z, 0-9)`);
    const values = spec.type === 'boolean' ? [false, true] : spec.values;
    if (values.length === 0) throw new Error(`${owner}: parameter ${name} has no allowed values`);
    for (const v of values) {
      const ok = spec.type === 'integer' ? Number.isInteger(v) : spec.type === 'enum' ? typeof v === 'string' && ENUM_VALUE.test(v) : typeof v === 'boolean';
      if (!ok) throw new Error(`${owner}: parameter ${name} (${spec.type}) lists ${JSON.stringify(v)}`);
    }
    if (!(values as readonly ParamValue[]).includes(spec.default)) throw new Error(`${owner}: parameter ${name}'s default ${JSON.stringify(spec.default)} is not among its values`);
  }
}

/** The allowed values of a spec (booleans: false, true). */
export function allowedValues(spec: ParamSpec): readonly ParamValue[] {
  return spec.type === 'boolean' ? [false, true] : spec.values;
}

export function defaultValues(specs: ParamSpecs): Record<string, ParamValue> {
  return Object.fromEntries(Object.entries(specs).map(([name, spec]) => [name, spec.default]));
}

function knownList(specs: ParamSpecs): string {
  const names = Object.keys(specs);
  return names.length ? names.join(', ') : 'none';
}

/** One value as the user typed it ("8", "paired", "true"), checked against its spec. */
export function parseParamValue(variant: string, name: string, spec: ParamSpec, text: string): ParamValue {
  const allowed = allowedValues(spec);
  let value: ParamValue | undefined;
  if (spec.type === 'integer') value = /^-?\d+$/.test(text) ? Number(text) : undefined;
  else if (spec.type === 'boolean') value = text === 'true' ? true : text === 'false' ? false : undefined;
  else value = text;
  if (value === undefined || !allowed.includes(value)) {
    throw new LabError(`${variant}: ${name}=${text} is outside its domain (${spec.type}: ${allowed.join(', ')})`, `pick one of ${allowed.join(', ')}`);
  }
  return value;
}

/** The spec of `name`, or one line naming the known ones. */
export function paramSpec(variant: string, specs: ParamSpecs | undefined, name: string): ParamSpec {
  if (!specs || Object.keys(specs).length === 0) {
    throw new LabError(`variant ${variant} has no parameters, so ${name}=... cannot apply to it`, "lab variant list --json shows each variant's params");
  }
  const spec = specs[name];
  if (!spec) throw new LabError(`variant ${variant} has no parameter "${name}"; its parameters: ${knownList(specs)}`, `lab variant list shows what each one does`);
  return spec;
}

/**
 * The text after a point's "@": "keysPerSplit=8,tiling=paired" -> values, each
 * checked; a name twice or a malformed pair is one line.
 */
export function parsePointSuffix(variant: string, specs: ParamSpecs | undefined, suffix: string): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  for (const pair of suffix.split(',')) {
    const eq = pair.indexOf('=');
    if (eq <= 0 || eq === pair.length - 1) throw new LabError(`${variant}@${suffix}: "${pair}" is not name=value`, `e.g. ${variant}@${Object.keys(specs ?? {})[0] ?? 'name'}=value`);
    const name = pair.slice(0, eq);
    if (name in out) throw new LabError(`${variant}@${suffix}: ${name} is set twice`);
    out[name] = parseParamValue(variant, name, paramSpec(variant, specs, name), pair.slice(eq + 1));
  }
  return out;
}

/**
 * The stable name of a point: the variant, "@", then the given parameters in
 * their declaration order ("wgsl-recorded-step@keysPerSplit=8,tiling=paired").
 * A valid git branch name and shell-safe without quotes.
 */
export function pointName(variant: string, specs: ParamSpecs, given: ParamValues): string {
  const parts = Object.keys(specs).filter((name) => name in given).map((name) => `${name}=${String(given[name])}`);
  return parts.length ? `${variant}@${parts.join(',')}` : variant;
}

/** `--param name=v1,v2` (repeatable) -> name -> values, in the order given; checked against the specs. */
export function parseGridFlags(variant: string, specs: ParamSpecs | undefined, flags: readonly string[]): Record<string, ParamValue[]> {
  const grid: Record<string, ParamValue[]> = {};
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    if (eq <= 0 || eq === flag.length - 1) throw new LabError(`--param ${flag}: expected name=value[,value...]`, 'e.g. --param keysPerSplit=8,16,32');
    const name = flag.slice(0, eq);
    if (name in grid) throw new LabError(`--param ${name} is given twice`, `list its values once: --param ${name}=a,b`);
    const spec = paramSpec(variant, specs, name);
    const values = flag.slice(eq + 1).split(',').map((text) => parseParamValue(variant, name, spec, text.trim()));
    if (new Set(values).size !== values.length) throw new LabError(`--param ${name} lists a value twice: ${flag.slice(eq + 1)}`);
    grid[name] = values;
  }
  return grid;
}

/** Every combination of a grid's values, the first parameter varying slowest. */
export function crossProduct(grid: Readonly<Record<string, readonly ParamValue[]>>): Record<string, ParamValue>[] {
  let points: Record<string, ParamValue>[] = [{}];
  for (const [name, values] of Object.entries(grid)) {
    points = points.flatMap((p) => values.map((v) => ({ ...p, [name]: v })));
  }
  return points;
}

/** How many points a grid has, without building them. */
export function gridSize(grid: Readonly<Record<string, readonly ParamValue[]>>): number {
  return Object.values(grid).reduce((n, values) => n * values.length, 1);
}

/** Past this many points a grid needs --max-points: 256 workers' worth of rounds is a day on one device. */
export const DEFAULT_MAX_POINTS = 256;
