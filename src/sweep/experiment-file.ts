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
}

const FIELDS: Record<keyof ExperimentFile, 'string' | 'number' | 'boolean' | 'string[]'> = {
  description: 'string', variants: 'string[]', combine: 'string[]', baseline: 'string', runs: 'number', warmup: 'number',
  model: 'string', modelDir: 'string', backend: 'string', promptLen: 'number', genLen: 'number', seed: 'number',
  inProcess: 'boolean', processes: 'number', noiseThreshold: 'number', correction: 'string', stat: 'string',
  untilResolved: 'boolean', maxRuns: 'number', maxTime: 'string', loadThreshold: 'number', weightsDtype: 'string',
  factorial: 'string[]',
};

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
    const ok = kind === 'string[]' ? Array.isArray(value) && value.every((v) => typeof v === 'string') : typeof value === kind;
    if (!ok) throw new LabError(`${file}: "${key}" must be ${kind === 'string[]' ? 'an array of strings' : `a ${kind}`}, got ${JSON.stringify(value)}`);
  }
  return parsed as ExperimentFile;
}
