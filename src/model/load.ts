import * as tf from '@tensorflow/tfjs-core';
import { maxTensorBytes, type TensorSizeLimit } from '../backend.ts';
import { LabError } from '../errors.ts';
import { expectedTensorShapes, openCheckpoint, type Checkpoint } from './checkpoint.ts';
import { presetConfig, validateConfig, type ModelConfig } from './config.ts';
import { buildPackedWeights, hostPackedSource, type PackedTensorSource } from './packed-weights.ts';
import { randomPackedSource, randomTensorSource } from './random-weights.ts';
import { readsPackedWeights, type Implementations } from './slots.ts';
import { untilComputed } from './until-computed.ts';
import { bytesPerWeight, packHalves, roundToDtype, weightDtypeOf, type WeightDtype } from './weight-dtype.ts';
import { disposeWeightSet, type WeightSet } from './weight-set.ts';
import { buildWeights, hostTensorSource, type RawTensorSource, type TensorSource } from './weights.ts';

const EMBEDDING = 'model.embed_tokens.weight';

export interface ModelSource {
  /** A preset name (seeded random weights) ... */
  model?: string;
  /** ... or a Gemma checkpoint directory. */
  modelDir?: string;
  seed: number;
  /** The weights' element type (--weights-dtype); absent: resolveWeightDtype's default. */
  weightsDtype?: WeightDtype;
}

export interface LoadedModel {
  config: ModelConfig;
  weights: WeightSet;
  /** What the weights are, for results: "tiny (random weights, seed 1)" or the directory, with the dtype unless f32. */
  description: string;
  /** Seconds spent making the weights: start-up cost, reported apart from the measured phases. */
  loadS: number;
  /** One line each about how the weights were made that a user should know (a conversion, how f16 is read). */
  notes: string[];
}

/** Which forms of the weights the models to be run read. */
export interface WeightForms {
  /** Float32 tensors for TF.js ops: any model that composes its step (or reads f32 weights). */
  dense: boolean;
  /** The matrices packed in a narrow dtype: a model whose execution reads them itself. */
  packed: boolean;
}

/** What models of `readers` need loaded in `dtype` (none named: float32 tensors). */
export function weightFormsFor(readers: readonly Implementations[], dtype: WeightDtype): WeightForms {
  const packed = readers.filter((impl) => readsPackedWeights(impl, dtype)).length;
  return { dense: readers.length === 0 || packed < readers.length, packed: packed > 0 };
}

/**
 * The weights' dtype: as asked, else the checkpoint's own on webgpu (the only
 * backend with a reader of narrow weights: the recorded step) and f32
 * elsewhere and for random presets. A narrow dtype on a CPU backend is refused.
 */
export function resolveWeightDtype(requested: WeightDtype | undefined, backend: string, stored: WeightDtype | null): WeightDtype {
  if (backend !== 'webgpu') {
    if (requested !== undefined && requested !== 'f32') {
      throw new LabError(
        `--weights-dtype ${requested} needs the webgpu backend: TF.js has no ${requested} tensors, and only the lab's recorded step (webgpu) reads narrow weights`,
        `use --backend webgpu, or --weights-dtype f32: a bf16 or f16 checkpoint is widened to float32 exactly on ${backend}`,
      );
    }
    return 'f32';
  }
  return requested ?? stored ?? 'f32';
}

/**
 * Refuses a model with a tensor larger than the backend can hold, naming the
 * tensor and the limit, before anything is allocated: matrices take 4 bytes
 * an element when float32 tensors are made, else their dtype's. The
 * embedding is exempt: it is held in row blocks within the limit (rowBlocks).
 */
export function assertTensorsFit(config: ModelConfig, limit: TensorSizeLimit | null, description: string, dtype: WeightDtype = 'f32', forms: WeightForms = { dense: true, packed: false }): void {
  if (!limit) return;
  const matrixDtype: WeightDtype = forms.dense ? 'f32' : dtype;
  for (const [name, shape] of expectedTensorShapes(config)) {
    if (name === EMBEDDING) continue;
    const elementDtype = shape.length === 2 ? matrixDtype : 'f32';
    const bytes = bytesPerWeight(elementDtype) * shape.reduce((a, b) => a * b, 1);
    if (bytes > limit.bytes) {
      throw new LabError(
        `${description} does not fit this GPU: tensor ${name} [${shape.join(', ')}] takes ${formatBytes(bytes)} as ${elementDtype === 'f32' ? 'float32' : elementDtype}, above the adapter's ${limit.limit} of ${formatBytes(limit.bytes)}`,
        'use a smaller model preset, a recorded-step variant alone with --weights-dtype bf16 (the matrices at 2 bytes), or a backend without this limit (--backend wasm)',
      );
    }
  }
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(2)} GiB` : `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
}

/** Where the two forms of the weights come from. */
interface Sources {
  dense(): TensorSource;
  packed(dtype: 'bf16' | 'f16'): PackedTensorSource;
}

/** A checkpoint's tensors in `dtype`: its own bits where they are stored so, else converted (rounded to nearest). */
function checkpointSources(checkpoint: Checkpoint, dtype: WeightDtype): Sources {
  const stored = (name: string) => weightDtypeOf(checkpoint.dtypeOf(name));
  const raw: RawTensorSource = (name) => {
    const t = checkpoint.read(name);
    if (stored(name) !== dtype) roundToDtype(t.data, dtype);
    return t;
  };
  return {
    dense: () => hostTensorSource(raw),
    packed: (narrow) =>
      hostPackedSource((name) => {
        if (stored(name) === narrow) return checkpoint.readHalfWords(name);
        const t = checkpoint.read(name);
        return { shape: t.shape, words: packHalves(t.data, narrow) };
      }, raw),
  };
}

/**
 * Makes the weights the models to be run read (`readers`: their
 * implementations; none: float32 tensors), in the dtype asked or
 * resolveWeightDtype's default. A model whose execution reads packed weights
 * gets no float32 copy unless another reader needs one.
 */
export async function loadModel(source: ModelSource, readers: readonly Implementations[] = [], options: { maxTensorBytes?: number } = {}): Promise<LoadedModel> {
  const start = performance.now();
  const backend = tf.getBackend();
  const checkpoint = source.modelDir ? openCheckpoint(source.modelDir) : null;
  const name = source.model ?? 'tiny';
  const config = checkpoint ? checkpoint.config : validateConfig(presetConfig(name), `preset ${name}`);
  const storedDtype = checkpoint ? weightDtypeOf(checkpoint.dtypeOf(EMBEDDING)) : null;
  const dtype = resolveWeightDtype(source.weightsDtype, backend, storedDtype);
  const forms = weightFormsFor(readers, dtype);
  const what = checkpoint ? `checkpoint ${source.modelDir}` : `model ${name}`;
  const limit = options.maxTensorBytes !== undefined ? { bytes: options.maxTensorBytes, limit: 'maxTensorBytes' } : maxTensorBytes();
  assertTensorsFit(config, limit, what, dtype, forms);
  const blockBytes = limit?.bytes ?? null;
  const sources: Sources = checkpoint
    ? checkpointSources(checkpoint, dtype)
    : { dense: () => randomTensorSource(config, source.seed, dtype), packed: (narrow) => randomPackedSource(config, source.seed, narrow) };
  const notes: string[] = [];
  if (storedDtype !== null && storedDtype !== dtype && dtype !== 'f32') notes.push(`weights: ${dtype} from a ${storedDtype} checkpoint is a conversion (each value rounded to the nearest ${dtype}), not the checkpoint's own values`);
  const weights: WeightSet = { dtype, dense: null, packed: null };
  try {
    if (forms.packed && dtype !== 'f32') {
      weights.packed = buildPackedWeights(config, dtype, sources.packed(dtype), blockBytes);
      if (dtype === 'f16') notes.push(`weights: f16 is served packed two to a u32 and widened by unpack2x16float in the kernels (no shader-f16 needed; math stays float32)`);
      await untilComputed(weights.packed.finalNormScale); // a GPU queues the work: start-up ends when the weights exist
    }
    if (forms.dense) {
      weights.dense = buildWeights(config, sources.dense(), blockBytes);
      await untilComputed(weights.dense.outputHead[weights.dense.outputHead.length - 1]!);
    }
  } catch (e) {
    disposeWeightSetQuietly(weights);
    throw e;
  }
  const base = checkpoint ? what : `${name} (random weights, seed ${source.seed}${dtype === 'f32' ? '' : `, ${dtype}`})`;
  return { config, weights, description: checkpoint && dtype !== storedDtype ? `${base} as ${dtype}` : base, loadS: elapsed(start), notes };
}

function disposeWeightSetQuietly(w: WeightSet): void {
  try {
    disposeWeightSet(w);
  } catch {
    // the error being reported matters more
  }
}

function elapsed(start: number): number {
  return (performance.now() - start) / 1000;
}
