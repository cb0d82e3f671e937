import fs from 'node:fs';
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { LabError } from '../errors.ts';

/** The settings a sweep definition file may hold: the same names as lab sweep's flags, in camelCase. */
export interface ExperimentFile {
  description?: string;
  variants?: string[];
  combine?: string[];
  baseline?: string;
  runs?: number;
  warmup?: number;
  model?: string;
  modelDir?: string;
  backend?: string;
  promptLen?: number;
  genLen?: number;
  seed?: number;
  inProcess?: boolean;
  processes?: number;
  noiseThreshold?: number;
  correction?: string;
  stat?: string;
  untilResolved?: boolean;
  maxRuns?: number;
  maxTime?: string;
  loadThreshold?: number;
  factorial?: string[];
  weightsDtype?: string;
  /** Per variant, each parameter's values: {"wgsl-recorded-step": {"keysPerSplit": [8, 16, 32]}}. */
  grid?: Record<string, Record<string, unknown[]>>;
  maxPoints?: number;
  blockSize?: number;
}

const FIELDS: Record<keyof ExperimentFile, 'string' | 'number' | 'boolean' | 'string[]' | 'grid'> = {
  description: 'string', variants: 'string[]', combine: 'string[]', baseline: 'string', runs: 'number', warmup: 'number',
  model: 'string', modelDir: 'string', backend: 'string', promptLen: 'number', genLen: 'number', seed: 'number',
  inProcess: 'boolean', processes: 'number', noiseThreshold: 'number', correction: 'string', stat: 'string',
  untilResolved: 'boolean', maxRuns: 'number', maxTime: 'string', loadThreshold: 'number', weightsDtype: 'string',
  factorial: 'string[]', grid: 'grid', maxPoints: 'number', blockSize: 'number',
};

/** {"variant": {"param": [values...]}}: the values' types are checked against the parameters when the sweep resolves. */
function isGrid(value: unknown): boolean {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  return isObject(value) && Object.values(value).every((params) => isObject(params) && Object.values(params).every((values) => Array.isArray(values) && values.every((v) => ['number', 'string', 'boolean'].includes(typeof v))));
}

/** Line and column (1-based) of a character offset, for pointing at a JSON error. */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

/**
 * Strict JSON with the position of the first error: Node 20's JSON.parse names
 * no position, so jsonc-parser (comments and trailing commas disallowed) finds it.
 */
function parseStrictJson(text: string, file: string): unknown {
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (first) {
    const { line, column } = lineAndColumn(text, first.offset);
    throw new LabError(`${file}: malformed JSON at line ${line}, column ${column}: ${printParseErrorCode(first.error)}`, 'fix the JSON syntax there');
  }
  return value;
}

export function readExperimentFile(file: string): ExperimentFile {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new LabError(`cannot read experiment file ${file}`, 'check the path, e.g. experiments/seed-rerun.json');
  }
  const parsed = parseStrictJson(text, file);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new LabError(`${file}: an experiment file must be a JSON object`, 'e.g. {"variants": ["batched-attention"], "runs": 5}');
  }
  for (const [key, value] of Object.entries(parsed)) {
    const kind = FIELDS[key as keyof ExperimentFile];
    if (!kind) throw new LabError(`${file}: unknown setting "${key}"`, `known settings: ${Object.keys(FIELDS).join(', ')}`);
    const ok = kind === 'string[]' ? Array.isArray(value) && value.every((v) => typeof v === 'string') : kind === 'grid' ? isGrid(value) : typeof value === kind;
    const expected = kind === 'string[]' ? 'an array of strings' : kind === 'grid' ? 'an object {"variant": {"param": [values...]}}' : `a ${kind}`;
    if (!ok) throw new LabError(`${file}: "${key}" must be ${expected}, got ${JSON.stringify(value)}`);
  }
  return parsed as ExperimentFile;
}
