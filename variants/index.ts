/**
 * The registry: every variant the lab knows, listed explicitly.
 * `lab variant new <name>` adds its import and entry at the markers below.
 */
import type { Variant } from '../src/variants.ts';
import baseline from './baseline.ts';
import batchedAttention from './batched-attention.ts';
import noOuterMap from './no-outer-map.ts';
import fusedQkv from './fused-qkv.ts';
import batchedNoOuterMap from './batched-no-outer-map.ts';
// lab:imports (new variants are imported above this line)

export const VARIANTS: readonly Variant[] = [
  baseline,
  batchedAttention,
  noOuterMap,
  fusedQkv,
  batchedNoOuterMap,
  // lab:variants (new variants are listed above this line)
];
