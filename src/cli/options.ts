import type { Argv } from 'yargs';
import { BACKEND_CHOICES } from '../backend-names.ts';
import { LabError } from '../errors.ts';
import { PRESET_NAMES } from '../model/config.ts';
import { WEIGHT_DTYPES, type WeightDtype } from '../model/weight-dtype.ts';
import { SWEEP_DEFAULTS } from '../sweep/defaults.ts';

/** Flags every command that builds a model shares. */
export function withModelOptions<T>(y: Argv<T>) {
  return y
    .option('model', { type: 'string', default: 'tiny', describe: `preset with seeded random weights: ${PRESET_NAMES.join(', ')}` })
    .option('model-dir', { type: 'string', describe: 'a Gemma checkpoint directory (config.json + safetensors) instead of a preset' })
    .option('backend', { type: 'string', default: 'auto', describe: `TensorFlow.js backend: ${BACKEND_CHOICES.join(', ')}` })
    .option('seed', { type: 'number', default: 1, describe: 'seed of the random weights' })
    .option('weights-dtype', {
      type: 'string',
      describe: `weights' element type: ${WEIGHT_DTYPES.join(', ')} (default: the checkpoint's own on webgpu, else f32; only the recorded step stores bf16/f16, TF.js ops read them widened to f32)`,
    });
}

/**
 * The workload flags of the commands that run sweeps (lab sweep, tune, calibrate), without yargs defaults:
 * unset, each falls back to the experiment file and then to SWEEP_DEFAULTS (shown in the help).
 */
export function withSweepWorkloadOptions<T>(y: Argv<T>) {
  const d = SWEEP_DEFAULTS;
  return y
    .option('model', { type: 'string', describe: `preset: ${PRESET_NAMES.join(', ')} [default: ${d.model}]` })
    .option('model-dir', { type: 'string', describe: 'a Gemma checkpoint directory instead of a preset' })
    .option('backend', { type: 'string', describe: `${BACKEND_CHOICES.join(', ')} [default: ${d.backend}]` })
    .option('prompt-len', { type: 'number', describe: `prompt tokens [default: ${d.promptLen}]` })
    .option('gen-len', { type: 'number', describe: `tokens generated [default: ${d.genLen}]` })
    .option('warmup', { type: 'number', describe: `warm-up runs per variant and worker process, recorded apart [default: ${d.warmup}]` });
}

/** --weights-dtype as given (absent: the default for the backend and model), or one clear line. */
export function parseWeightsDtype(value: unknown): WeightDtype | undefined {
  return value === undefined ? undefined : parseChoice(value, WEIGHT_DTYPES, '--weights-dtype');
}

/** "2,5,9" -> [2, 5, 9]; one clear line for anything else. */
export function parseTokenList(text: string, flag: string): number[] {
  const trimmed = text.trim();
  if (!trimmed) throw new LabError(`${flag} is empty`, `give comma-separated token ids, e.g. ${flag} 2,5,9`);
  return trimmed.split(',').map((part) => {
    const value = Number(part.trim());
    if (part.trim() === '' || !Number.isInteger(value) || value < 0) {
      throw new LabError(`${flag}: "${part.trim()}" is not a token id`, `give comma-separated non-negative integers, e.g. ${flag} 2,5,9`);
    }
    return value;
  });
}

export function requirePositiveInteger(value: number, flag: string): number {
  if (!Number.isInteger(value) || value < 1) throw new LabError(`${flag} must be a positive integer, got ${value}`);
  return value;
}

/** One of `choices`, or one clear line naming them (yargs' own `choices` check prints several lines). */
export function parseChoice<T extends string>(value: unknown, choices: readonly T[], flag: string): T {
  const text = String(value);
  if (!(choices as readonly string[]).includes(text)) {
    throw new LabError(`${flag} ${JSON.stringify(text)} is not one of ${choices.join(', ')}`, `e.g. ${flag} ${choices[0]}`);
  }
  return text as T;
}
