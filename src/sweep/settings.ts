import path from 'node:path';
import { BACKEND_CHOICES, measuringKind } from '../backend.ts';
import { LabError } from '../errors.ts';
import { openCheckpoint } from '../model/checkpoint.ts';
import { presetConfig, type ModelConfig } from '../model/config.ts';
import { aaCopyOf, resolveVariant, unsupportedReasons, type Variant } from '../variants.ts';
import { parseDuration } from '../duration.ts';
import { factorialCells } from './factorial.ts';
import { gridFromFile, gridFromFlags, gridVariants, type GridRequest } from './grid.ts';
import { DEFAULT_MAX_POINTS } from '../variants/params.ts';
import { WEIGHT_DTYPES, type WeightDtype } from '../model/weight-dtype.ts';
import { readExperimentFile, type ExperimentFile } from './experiment-file.ts';
import { CORRECTIONS, isCorrection, isStat, STATS, type SweepSettings, type UntilResolved } from './result.ts';

/** What the user asked for: the experiment file's settings as flags (undefined when not given), plus the file itself. */
export interface SweepRequest extends Omit<ExperimentFile, 'description'> {
  experiment?: string;
  git: boolean;
  /** Measure without the machine's lock (--allow-concurrent). */
  allowConcurrent?: boolean;
  /** Add the baseline's A/A copy as a variant (lab calibrate). */
  aaCopy?: boolean;
  /** --param name=v1,v2 (repeatable): a grid of the one variant named. */
  params?: string[];
  /** What kind of backend will measure (measuringKindOf): it picks the default runs and processes. Absent: a GPU's. */
  measuring?: MeasuringKind;
}

export { SWEEP_DEFAULTS } from './defaults.ts';
import { defaultProcesses, defaultRuns, SWEEP_DEFAULTS, type MeasuringKind } from './defaults.ts';

export interface ResolvedSweep {
  settings: SweepSettings;
  config: ModelConfig;
  /** Baseline first, then each variant once. */
  variants: Variant[];
  /** The registry they were resolved from: its baseline entry is what every variant runs on top of. */
  registry: readonly Variant[];
}

function integer(value: number, flag: string, min: number, why = ''): number {
  if (!Number.isInteger(value) || value < min) {
    throw new LabError(`${flag} must be an integer >= ${min}, got ${value}${why ? `: ${why}` : ''}`);
  }
  return value;
}

/**
 * Flags on the command line win over the experiment file, which wins over the
 * defaults. Everything is checked here, before a sweep writes anything.
 */
export function resolveSweep(request: SweepRequest, registry: readonly Variant[], root: string): ResolvedSweep {
  const file: ExperimentFile = request.experiment ? readExperimentFile(path.resolve(root, request.experiment)) : {};
  const pick = <K extends keyof typeof SWEEP_DEFAULTS>(key: K, fromFlag: unknown, fromFile: unknown) =>
    (fromFlag ?? fromFile ?? SWEEP_DEFAULTS[key]) as (typeof SWEEP_DEFAULTS)[K] extends number ? number : (typeof SWEEP_DEFAULTS)[K] extends boolean ? boolean : string;

  const runs = integer(request.runs ?? file.runs ?? defaultRuns(request.measuring), '--runs', 2, 'with fewer than 2 runs there is no standard deviation');
  const warmup = integer(pick('warmup', request.warmup, file.warmup), '--warmup', 0);
  const promptLen = integer(pick('promptLen', request.promptLen, file.promptLen), '--prompt-len', 1);
  const genLen = integer(pick('genLen', request.genLen, file.genLen), '--gen-len', 1);
  const seed = integer(pick('seed', request.seed, file.seed), '--seed', 0);
  const inProcess = request.inProcess ?? file.inProcess ?? SWEEP_DEFAULTS.inProcess;
  // Unless told: one worker process per run on a CPU backend, else up to SWEEP_DEFAULTS.processes of two runs or
  // more. One worker process has an offset of its own (on the 2-core machine A/A pairs of processes differed by
  // -4% to +13%), so processes are the unit (defaults.ts).
  const processesAsked = request.processes ?? file.processes;
  const processes = processesAsked === undefined ? (inProcess ? 1 : defaultProcesses(request.measuring, runs)) : integer(processesAsked, '--processes', 1);
  if (processes > runs) throw new LabError(`--processes ${processes} is more than --runs ${runs}: each process measures at least one run`, `use --processes ${runs} or fewer, or more runs`);
  if (inProcess && processes > 1) throw new LabError(`--in-process measures every variant in the sweep's own process, so it cannot spread runs over --processes ${processes}`, 'drop one of the two');
  const noiseThresholdPct = pick('noiseThreshold', request.noiseThreshold, file.noiseThreshold);
  if (!(noiseThresholdPct >= 0)) throw new LabError(`--noise-threshold must be a percentage >= 0, got ${noiseThresholdPct}`);
  const correction = pick('correction', request.correction, file.correction);
  if (!isCorrection(correction)) throw new LabError(`unknown --correction "${correction}"`, `use one of: ${CORRECTIONS.join(', ')}`);
  const stat = pick('stat', request.stat, file.stat);
  if (!isStat(stat)) throw new LabError(`unknown --stat "${stat}"`, `use one of: ${STATS.join(', ')}`);
  const loadThreshold = pick('loadThreshold', request.loadThreshold, file.loadThreshold);
  if (!(loadThreshold >= 0 && Number.isFinite(loadThreshold))) throw new LabError(`--load-threshold must be a number of cores >= 0, got ${loadThreshold}`, 'e.g. --load-threshold 0.25');
  const untilResolved = resolveUntilResolved(request, file);
  const backend = pick('backend', request.backend, file.backend);
  if (!(BACKEND_CHOICES as readonly string[]).includes(backend)) {
    throw new LabError(`unknown backend "${backend}"`, `use one of: ${BACKEND_CHOICES.join(', ')}`);
  }
  const weightsDtype = request.weightsDtype ?? file.weightsDtype;
  if (weightsDtype !== undefined && !(WEIGHT_DTYPES as readonly string[]).includes(weightsDtype)) {
    throw new LabError(`--weights-dtype ${JSON.stringify(weightsDtype)} is not one of ${WEIGHT_DTYPES.join(', ')}`, 'e.g. --weights-dtype bf16');
  }
  if (weightsDtype !== undefined && weightsDtype !== 'f32' && backend !== 'webgpu' && backend !== 'auto') {
    throw new LabError(`--weights-dtype ${weightsDtype} needs the webgpu backend: TF.js has no ${weightsDtype} tensors, and only the lab's recorded step (webgpu) reads narrow weights`, 'use --backend webgpu, or --weights-dtype f32');
  }
  const modelDir = request.modelDir ?? (request.model ? undefined : file.modelDir);
  const model = modelDir ? `dir:${modelDir}` : pick('model', request.model, file.model);
  const config = modelDir ? openCheckpoint(path.resolve(root, modelDir)).config : presetConfig(model);
  if (promptLen + genLen > config.maxSeq) {
    throw new LabError(`--prompt-len ${promptLen} + --gen-len ${genLen} exceeds the model's maxSeq ${config.maxSeq}`, 'use shorter lengths');
  }

  const baselineName = pick('baseline', request.baseline, file.baseline);
  // By default every registered variant but those made for other backends (with `auto`, for any one backend: it is only known in the workers).
  const runsHere = (v: Variant) => unsupportedReasons(v, registry, backend).length === 0;
  // An A/A calibration measures the baseline against its copy alone.
  const factorial = request.factorial ?? file.factorial;
  if (factorial && (request.variants?.length || request.combine?.length || file.variants?.length || file.combine?.length)) {
    throw new LabError('--factorial measures every combination of its changes itself', 'drop the variant names and --combine, or --factorial');
  }
  const grid = resolveGrid(request, file, registry);
  if (grid && factorial) throw new LabError('--param (a grid) and --factorial are two designs', 'run them as two sweeps');
  const maxPoints = integer(request.maxPoints ?? file.maxPoints ?? DEFAULT_MAX_POINTS, '--max-points', 1);
  const blockSize = request.blockSize ?? file.blockSize;
  if (blockSize !== undefined) integer(blockSize, '--block-size', 1);
  const listed = request.params?.length ? [] : request.variants?.length ? request.variants : file.variants ?? (grid ? [] : registry.filter(runsHere).map((v) => v.name));
  const names = request.aaCopy ? [] : factorial ? factorialCells(factorial, registry) : [...listed];
  names.push(...(request.combine ?? file.combine ?? []));
  const variants: Variant[] = [resolveVariant(registry, baselineName)];
  const add = (variant: Variant) => {
    if (!variants.some((v) => v.name === variant.name)) variants.push(variant);
  };
  for (const name of names) add(resolveVariant(registry, name));
  if (grid) for (const point of gridVariants(grid, registry, maxPoints)) add(point);
  if (request.aaCopy) variants.push(aaCopyOf(variants[0]!));
  if (variants.length < 2) throw new LabError('the sweep has no variant besides the baseline', 'name variants, e.g. lab sweep batched-attention');
  if (backend !== 'auto') {
    for (const variant of variants) {
      const unsupported = unsupportedReasons(variant, registry, backend);
      if (unsupported.length > 0) {
        throw new LabError(`variant ${variant.name} cannot run on the ${backend} backend: ${unsupported.join('; ')}`, 'run the sweep with --backend webgpu, or leave this variant out');
      }
    }
  }

  return {
    config,
    variants,
    registry,
    settings: {
      model,
      modelConfig: { ...config },
      backend,
      promptLen,
      genLen,
      runs,
      warmup,
      seed,
      inProcess,
      processes,
      variants: variants.map((v) => v.name),
      baseline: baselineName,
      experiment: request.experiment ?? null,
      noiseThresholdPct,
      correction,
      git: request.git,
      stat,
      paired: true,
      loadThreshold,
      allowConcurrent: request.allowConcurrent ?? false,
      ...(untilResolved ? { untilResolved } : {}),
      ...(request.aaCopy ? { purpose: 'calibration' as const } : {}),
      ...(factorial ? { factorial: [...factorial] } : {}),
      ...(grid ? { grid } : {}),
      ...(blockSize !== undefined ? { blockSize } : {}),
      ...(weightsDtype !== undefined ? { weightsDtype: weightsDtype as WeightDtype } : {}),
    },
  };
}

/**
 * What kind of backend the sweep will measure on: the backend asked for (flag, else the experiment file), and
 * for `auto` the one it would pick on this machine (a GPU one when one loads).
 */
export async function measuringKindOf(request: Pick<SweepRequest, 'backend' | 'experiment'>, root: string): Promise<MeasuringKind> {
  const backend = request.backend ?? (request.experiment ? readExperimentFile(path.resolve(root, request.experiment)).backend : undefined) ?? SWEEP_DEFAULTS.backend;
  return measuringKind(backend);
}

/** The grid of --param flags, else of the experiment file's "grid"; null without one. */
function resolveGrid(request: SweepRequest, file: ExperimentFile, registry: readonly Variant[]): GridRequest | null {
  if (request.params?.length) return gridFromFlags(request.variants, request.params, registry);
  if (file.grid && Object.keys(file.grid).length) return gridFromFile(file.grid, registry);
  return null;
}

/**
 * --until-resolved with its budget: runs per variant (--max-runs) and/or
 * seconds of sweep (--max-time); the looks are planned once the pace is known.
 */
function resolveUntilResolved(request: SweepRequest, file: ExperimentFile): UntilResolved | null {
  const on = request.untilResolved ?? file.untilResolved ?? false;
  const maxRunsIn = request.maxRuns ?? file.maxRuns;
  const maxTimeIn = request.maxTime ?? file.maxTime;
  if (!on) {
    if (maxRunsIn !== undefined || maxTimeIn !== undefined) throw new LabError('--max-runs and --max-time are the budget of --until-resolved', 'add --until-resolved, or drop them');
    return null;
  }
  if (maxRunsIn === undefined && maxTimeIn === undefined) {
    throw new LabError('--until-resolved needs a budget: --max-runs N, --max-time DURATION, or both', 'e.g. --until-resolved --max-runs 60 --max-time 5m');
  }
  const maxRuns = maxRunsIn === undefined ? null : integer(maxRunsIn, '--max-runs', 2);
  const maxTimeS = maxTimeIn === undefined ? null : parseDuration(maxTimeIn, '--max-time');
  const runs = request.runs ?? file.runs ?? defaultRuns(request.measuring);
  if (maxRuns !== null && maxRuns < runs) throw new LabError(`--max-runs ${maxRuns} is less than --runs ${runs}, the first look`, `use --max-runs ${runs} or more`);
  return { maxRuns, maxTimeS, looks: [] };
}
