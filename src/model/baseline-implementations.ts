import type { Implementations } from './slots.ts';
import { composedExecution } from './implementations/execution.ts';
import { perHeadAttention } from './implementations/attention-core.ts';
import { mappedGroups } from './implementations/group-mapping.ts';
import { separateQkv } from './implementations/qkv-projection.ts';
import { concatHeadsFirstCache } from './implementations/kv-cache.ts';
import { scanPrefill } from './implementations/prefill.ts';
import { onDeviceGeneration } from './implementations/generation.ts';
import { stockMatMul } from './implementations/linear.ts';
import { stockGeluGate, stockRmsNorm, stockRope } from './implementations/elementwise.ts';

/**
 * The seed's baseline, "prefill scan + on-device generation": per-head attention
 * mapped over KV groups, separate Q/K/V projections, a cache grown by concatenation,
 * TF.js's own ops for every product and element-wise stage.
 */
export const BASELINE_IMPLEMENTATIONS: Implementations = {
  execution: composedExecution,
  prefill: scanPrefill,
  generation: onDeviceGeneration,
  qkvProjection: separateQkv,
  attentionCore: perHeadAttention,
  groupMapping: mappedGroups,
  kvCache: concatHeadsFirstCache,
  linear: stockMatMul,
  norm: stockRmsNorm,
  rope: stockRope,
  mlpActivation: stockGeluGate,
};
