/**
 * A grid whose workers do not fit the device at once runs in blocks: the
 * baseline and a share of the points, one block after another, each block
 * with baseline samples of its own (every point is compared with its own
 * block's baseline: src/sweep/judge.ts).
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import type { ModelConfig } from '../model/config.ts';
import type { WeightDtype } from '../model/weight-dtype.ts';
import { weightBytesPerToken } from '../model/weights.ts';
import type { Variant } from '../variants.ts';
import type { SweepSettings } from './result.ts';

/** The share of the device's memory the workers may take: the rest is the driver's, the display's, and slack. */
const USABLE_SHARE = 0.9;

/**
 * The device memory the sweep's workers share: the GPU's (nvidia-smi, the one
 * source Dawn's adapters do not hide) on webgpu, the machine's on the CPU
 * backends; null when unknown (then one block: nothing to size it by).
 */
export function deviceMemoryBytes(backend: string): number | null {
  if (backend === 'webgpu' || backend === 'node-gpu' || backend === 'auto') {
    try {
      const out = execFileSync('nvidia-smi', ['--query-gpu=memory.total', '--format=csv,noheader,nounits'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 });
      const mib = Number(out.trim().split('\n')[0]);
      return Number.isFinite(mib) && mib > 0 ? mib * 1024 * 1024 : null;
    } catch {
      return null;
    }
  }
  return os.totalmem();
}

/** What one worker holds: its weights in their dtype (the KV cache and activations of a step are a rounding error beside them). */
export function workerBytes(config: ModelConfig, dtype: WeightDtype): number {
  return weightBytesPerToken(config, dtype); // a token reads every weight once: the bytes the worker holds
}

/**
 * How many workers fit at once: the steady weights of each, plus the one
 * being loaded holding a second copy while its layout is prepared.
 */
export function workersThatFit(deviceBytes: number, perWorkerBytes: number): number {
  return Math.max(2, Math.floor((deviceBytes * USABLE_SHARE - perWorkerBytes) / perWorkerBytes));
}

/**
 * The variants (baseline aside) in blocks of at most `perBlock` each, as even
 * as possible and in their order; one block when they all fit.
 */
export function memoryBlocks<T>(variants: readonly T[], perBlock: number): T[][] {
  if (perBlock < 1) throw new Error(`memoryBlocks: perBlock must be at least 1, got ${perBlock}`);
  const count = Math.max(1, Math.ceil(variants.length / perBlock));
  const size = Math.ceil(variants.length / count);
  const blocks: T[][] = [];
  for (let i = 0; i < variants.length; i += size) blocks.push(variants.slice(i, i + size));
  return blocks.length ? blocks : [[]];
}

/**
 * The variants (baseline aside) in blocks that fit the device together with
 * the baseline: --block-size when given, else what the device's memory holds
 * of workers of this model (sized for the widest: a point may choose its
 * weights' dtype over the sweep's); one block when that is unknown.
 */
export function planMemoryBlocks<T>(items: readonly T[], variantOf: (item: T) => Variant, settings: SweepSettings, config: ModelConfig): T[][] {
  if (settings.blockSize !== undefined) return memoryBlocks(items, settings.blockSize);
  if (settings.inProcess || items.length === 0) return [[...items]];
  const device = deviceMemoryBytes(settings.backend);
  if (device === null) return [[...items]];
  const widest = Math.max(...items.map((item) => workerBytes(config, variantOf(item).runWith?.weightsDtype ?? settings.weightsDtype ?? 'f32')));
  return memoryBlocks(items, workersThatFit(device, widest) - 1);
}
