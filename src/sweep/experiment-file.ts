import fs from 'node:fs';
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
  noiseThreshold?: number;
}

const FIELDS: Record<keyof ExperimentFile, 'string' | 'number' | 'boolean' | 'string[]'> = {
  description: 'string', variants: 'string[]', combine: 'string[]', baseline: 'string', runs: 'number', warmup: 'number',
  model: 'string', modelDir: 'string', backend: 'string', promptLen: 'number', genLen: 'number', seed: 'number',
  inProcess: 'boolean', noiseThreshold: 'number',
};

/** Line and column (1-based) of a character offset, for pointing at a JSON error. */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

/** Where JSON.parse stopped: Node reports "at position N" (older) or "(line L column C)" (newer). */
function locateJsonError(text: string, message: string): string {
  const lc = /line (\d+) column (\d+)/.exec(message);
  if (lc) return `line ${lc[1]}, column ${lc[2]}`;
  const pos = /position (\d+)/.exec(message);
  if (pos) {
    const { line, column } = lineAndColumn(text, Number(pos[1]));
    return `line ${line}, column ${column}`;
  }
  const { line, column } = lineAndColumn(text, text.length);
  return `line ${line}, column ${column}`;
}

export function readExperimentFile(file: string): ExperimentFile {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new LabError(`cannot read experiment file ${file}`, 'check the path, e.g. experiments/seed-rerun.json');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    const reason = (e as Error).message.replace(/ in JSON at position \d+.*$/, '').replace(/\s*\(line \d+ column \d+\)$/, '');
    throw new LabError(`${file}: malformed JSON at ${locateJsonError(text, (e as Error).message)}: ${reason}`, 'fix the JSON syntax there');
  }
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
