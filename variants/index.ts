/**
 * The registry: every variant the lab knows, listed explicitly.
 * `lab variant new <name>` adds its import and entry at the markers below.
 */
import { fileURLToPath } from 'node:url';
import { loadRegistry } from '../src/baseline/file.ts';
import { withPresets, type Variant } from '../src/variants.ts';
import baseline from './baseline.ts';
import batchedAttention from './batched-attention.ts';
import noOuterMap from './no-outer-map.ts';
import fusedQkv from './fused-qkv.ts';
import batchedNoOuterMap from './batched-no-outer-map.ts';
import parallelPrefill from './parallel-prefill.ts';
import kvCache from './kv-cache.ts';
import hostSyncGeneration from './host-sync-generation.ts';
import wgslMatvec from './wgsl-matvec.ts';
import wgslRmsnorm from './wgsl-rmsnorm.ts';
import wgslRope from './wgsl-rope.ts';
import wgslGeluGate from './wgsl-gelu-gate.ts';
import wgslAll from './wgsl-all.ts';
import wgslDecodeAttention from './wgsl-decode-attention.ts';
import wgslRecordedStep from './wgsl-recorded-step.ts';
import wgslArgmax from './wgsl-argmax.ts';
import wgslArgmaxWide from './wgsl-argmax-wide.ts';
// lab:imports (new variants are imported above this line)

/** The variants as registered, with the seed's baseline; a parametrized variant's presets follow it. */
export const REGISTERED_VARIANTS: readonly Variant[] = withPresets([
  baseline,
  batchedAttention,
  noOuterMap,
  fusedQkv,
  batchedNoOuterMap,
  parallelPrefill,
  kvCache,
  hostSyncGeneration,
  wgslMatvec,
  wgslRmsnorm,
  wgslRope,
  wgslGeluGate,
  wgslAll,
  wgslDecodeAttention,
  wgslRecordedStep,
  wgslArgmax,
  wgslArgmaxWide,
  // lab:variants (new variants are listed above this line)
]);

/**
 * The registry every command uses: as registered, except that when
 * variants/baseline.json promotes a variant (`lab baseline promote`) the
 * baseline entry carries its slot choices, and every variant runs on top of it.
 */
export const VARIANTS: readonly Variant[] = loadRegistry(REGISTERED_VARIANTS, fileURLToPath(new URL('./baseline.json', import.meta.url)));
