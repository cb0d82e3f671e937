import type { WeightDtype } from './weight-dtype.ts';
import { disposePackedWeights, type PackedWeights } from './packed-weights.ts';
import { disposeWeights, type ModelWeights } from './weights.ts';

/**
 * The weights a model was loaded with, all holding values exact in `dtype`:
 * float32 tensors for the TF.js ops (`dense`), and for a step that reads them
 * itself the matrices packed in `dtype` (`packed`, bf16/f16 only). Either is
 * null when nothing that runs reads it.
 */
export interface WeightSet {
  dtype: WeightDtype;
  dense: ModelWeights | null;
  packed: PackedWeights | null;
}

export function disposeWeightSet(w: WeightSet): void {
  if (w.dense) disposeWeights(w.dense);
  if (w.packed) disposePackedWeights(w.packed);
}

/** Float32 weights alone, as a WeightSet. */
export function denseWeightSet(dense: ModelWeights): WeightSet {
  return { dtype: 'f32', dense, packed: null };
}

