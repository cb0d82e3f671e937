import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { LabError } from './errors.ts';
import { dawnFlags, parseDawnToggles, withToggles } from './webgpu/dawn-toggles.ts';

import { BACKEND_CHOICES, type BackendName } from './backend-names.ts';

export { BACKEND_CHOICES, BACKEND_NAMES, type BackendChoice, type BackendName } from './backend-names.ts';

/** What every result carries: which backend ran it and on what. */
export interface BackendInfo {
  name: BackendName;
  device: string;
  /** Backends `auto` tried before this one, each with the one-line reason it was skipped. */
  skipped: { name: BackendName; reason: string }[];
}

class BackendUnavailable extends Error {}

/**
 * Each loader registers and activates one backend, or throws BackendUnavailable
 * with a one-line reason. `auto` is true when the user did not name it.
 */
const LOADERS: Record<BackendName, (auto: boolean) => Promise<string>> = {
  'node-gpu': () => loadTensorflowBinding('@tensorflow/tfjs-node-gpu', 'CUDA GPU (libtensorflow)'),
  node: () => loadTensorflowBinding('@tensorflow/tfjs-node', `CPU (libtensorflow) ${cpuName()}`),
  webgpu: loadWebGpu,
  wasm: loadWasm,
  cpu: async () => {
    await import('@tensorflow/tfjs-backend-cpu');
    await activate('cpu');
    return `CPU (plain JS) ${cpuName()}`;
  },
};

function cpuName(): string {
  return `${os.cpus()[0]?.model?.trim() ?? 'unknown CPU'} x${os.cpus().length}`;
}

async function activate(name: string): Promise<void> {
  let ok = false;
  try {
    ok = await tf.setBackend(name);
  } catch (e) {
    throw new BackendUnavailable(`backend "${name}" failed to initialize: ${firstLine(e)}`);
  }
  if (!ok) throw new BackendUnavailable(`backend "${name}" failed to initialize`);
  await tf.ready();
}

function firstLine(e: unknown): string {
  return String(e instanceof Error ? e.message : e).split('\n')[0] ?? '';
}

/**
 * tfjs-node(-gpu) are optional dependencies: their install step downloads
 * libtensorflow, which fails on machines without that access, and npm then
 * leaves them out. Say so rather than print a resolution stack.
 */
async function loadTensorflowBinding(pkg: string, device: string): Promise<string> {
  try {
    await import(pkg);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new BackendUnavailable(
        `${pkg} is not installed: it is an optional dependency whose install step downloads libtensorflow, which failed or was skipped on this machine`,
      );
    }
    throw new BackendUnavailable(`${pkg} did not load: ${firstLine(e)}`);
  }
  await activate('tensorflow');
  return device;
}

/**
 * WebGPU through Dawn (the `webgpu` package). The TF.js backend registers itself
 * only if navigator.gpu exists when its module is evaluated, so the Dawn GPU is
 * created first and the backend imported dynamically afterwards.
 */
async function loadWebGpu(auto: boolean): Promise<string> {
  if (process.platform === 'linux' && !findLibrary('libvulkan.so.1')) {
    // Dawn would print a native warning and return no adapter; say it in one line instead.
    throw new BackendUnavailable('no WebGPU adapter: no Vulkan loader (libvulkan.so.1) on this machine, so Dawn cannot reach a GPU');
  }
  let dawn: typeof import('webgpu');
  try {
    dawn = await import('webgpu');
  } catch (e) {
    throw new BackendUnavailable(`the webgpu (Dawn) package did not load: ${firstLine(e)}`);
  }
  const toggles = parseDawnToggles(process.env.LAB_DAWN_TOGGLES);
  const g = globalThis as unknown as { navigator?: { gpu?: unknown } };
  if (!g.navigator?.gpu) {
    Object.assign(globalThis, dawn.globals);
    Object.defineProperty(globalThis, 'navigator', { value: { gpu: dawn.create(dawnFlags(toggles)) }, configurable: true, writable: true });
  }
  const gpu = (globalThis as unknown as { navigator: { gpu: { requestAdapter(o?: object): Promise<GpuAdapterLike | null> } } }).navigator.gpu;
  const found = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!found?.requestDevice) {
    throw new BackendUnavailable('no WebGPU adapter: Dawn found no usable GPU (Vulkan) on this machine');
  }
  const adapter = found as GpuAdapterLike & { requestDevice(descriptor: object): Promise<GPUDevice> };
  const info = adapter.info ?? {};
  if (auto && isSoftwareAdapter(adapter)) {
    // A CPU emulating a GPU (e.g. Chromium's SwiftShader found through VK_ICD_FILENAMES): right for testing kernels, wrong to measure by default.
    throw new BackendUnavailable(`only a software WebGPU adapter (${info.architecture || info.description || 'fallback'}), slower than the CPU backends; name --backend webgpu to use it anyway`);
  }
  const tfWebGpu = await import('@tensorflow/tfjs-backend-webgpu');
  // TF.js registered a factory that asks the device for timestamp queries only; the lab's own kernels also use
  // subgroups where the adapter has them, so the lab makes the device itself (with TF.js's limits).
  tf.removeBackend('webgpu');
  tf.registerBackend('webgpu', async () => new tfWebGpu.WebGPUBackend(await adapter.requestDevice(deviceDescriptor(adapter)), adapter.info as GPUAdapterInfo), 3);
  await activate('webgpu');
  await import('./webgpu/kernels.ts'); // the lab's own kernels: on-device weights, wgsl-* implementations
  await (await import('./webgpu/subgroups.ts')).probeSubgroups((tf.backend() as unknown as { device: GPUDevice }).device);
  const health = await import('./webgpu/device-health.ts');
  const memory = await import('./webgpu/device-memory.ts');
  const device = (tf.backend() as unknown as { device: Parameters<typeof health.watchDevice>[0] }).device;
  health.watchDevice(device);
  deviceChecks = {
    assertHealthy: health.assertDeviceHealthy,
    releasePooledMemory: memory.releasePooledBuffers,
    // A tensor is one buffer bound whole to a kernel: both limits apply to each.
    maxTensorBytes: {
      bytes: Math.min(device.limits.maxStorageBufferBindingSize, device.limits.maxBufferSize),
      limit: device.limits.maxStorageBufferBindingSize <= device.limits.maxBufferSize ? 'maxStorageBufferBindingSize' : 'maxBufferSize',
    },
  };
  const name = [info.vendor, info.device || info.description, info.architecture].filter(Boolean).join(' ');
  return withToggles(`WebGPU ${name || 'adapter'}`, toggles);
}

/** Whether the dynamic linker can find `name` in LD_LIBRARY_PATH or the usual library folders. */
function findLibrary(name: string): boolean {
  const dirs = [
    ...(process.env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean),
    '/usr/lib/x86_64-linux-gnu', '/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib64', '/usr/lib', '/lib64', '/lib', '/usr/local/lib',
  ];
  return dirs.some((dir) => fs.existsSync(path.join(dir, name)));
}

interface GpuAdapterLike {
  info?: { vendor?: string; device?: string; description?: string; architecture?: string; isFallbackAdapter?: boolean };
  isFallbackAdapter?: boolean;
  features?: ReadonlySet<string>;
  limits?: Record<string, number>;
  requestDevice?(descriptor: object): Promise<GPUDevice>;
}

/** Features the lab's device gets where the adapter has them: GPU timestamps (profiles, benches) and subgroups (reductions). */
const WANTED_FEATURES = ['timestamp-query', 'subgroups'];

/** TF.js's own device descriptor (its largest limits of the adapter), with the lab's features. */
function deviceDescriptor(adapter: GpuAdapterLike): GPUDeviceDescriptor {
  const limits = adapter.limits ?? {};
  const names = ['maxComputeWorkgroupStorageSize', 'maxComputeWorkgroupsPerDimension', 'maxStorageBufferBindingSize', 'maxBufferSize', 'maxComputeWorkgroupSizeX', 'maxComputeInvocationsPerWorkgroup'];
  return {
    requiredFeatures: WANTED_FEATURES.filter((f) => adapter.features?.has(f)) as GPUFeatureName[],
    requiredLimits: Object.fromEntries(names.filter((n) => limits[n] !== undefined).map((n) => [n, limits[n]!])),
  };
}

export function isSoftwareAdapter(adapter: GpuAdapterLike): boolean {
  const info = adapter.info ?? {};
  if (adapter.isFallbackAdapter || info.isFallbackAdapter) return true;
  return /swiftshader|llvmpipe|lavapipe/i.test([info.vendor, info.architecture, info.description, info.device].join(' '));
}

async function loadWasm(): Promise<string> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  await activate('wasm');
  const threads = wasm.getThreadsCount?.() ?? 1;
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  return `WASM (XNNPACK${simd ? ', SIMD' : ''}, ${threads} thread${threads === 1 ? '' : 's'}) ${cpuName()}`;
}

/** The order `auto` tries, fastest first. */
const AUTO_ORDER: BackendName[] = ['node-gpu', 'webgpu', 'node', 'wasm', 'cpu'];

let active: BackendInfo | null = null;

/** What a GPU backend adds: whether its device is still sound, how large one tensor may be, and giving freed memory back. */
let deviceChecks: { assertHealthy: () => void; maxTensorBytes: TensorSizeLimit; releasePooledMemory: () => Promise<void> } | null = null;

export interface TensorSizeLimit {
  bytes: number;
  /** The device limit it comes from, as the user would look it up. */
  limit: string;
}

/** Throws DeviceFault when the GPU has rejected a command or been lost; nothing on a CPU backend. */
export function assertBackendHealthy(): void {
  deviceChecks?.assertHealthy();
}

/**
 * Gives the device back the memory of disposed large tensors (TF.js's WebGPU
 * backend pools them; see src/webgpu/device-memory.ts); nothing on a CPU backend.
 */
export async function releasePooledDeviceMemory(): Promise<void> {
  await deviceChecks?.releasePooledMemory();
}

/** The largest tensor the active backend can hold, when it has such a limit (WebGPU's buffer limits). */
export function maxTensorBytes(): TensorSizeLimit | null {
  return deviceChecks?.maxTensorBytes ?? null;
}

/**
 * Activates the backend a user asked for. `auto` takes the first of
 * AUTO_ORDER that initializes and records why the others were skipped.
 */
export async function initBackend(choice: string): Promise<BackendInfo> {
  if (!(BACKEND_CHOICES as readonly string[]).includes(choice)) {
    throw new LabError(`unknown backend "${choice}"`, `use one of: ${BACKEND_CHOICES.join(', ')}`);
  }
  if (active && (choice === 'auto' || choice === active.name)) return active;
  const candidates = choice === 'auto' ? AUTO_ORDER : [choice as BackendName];
  const skipped: BackendInfo['skipped'] = [];
  for (const name of candidates) {
    try {
      const device = await LOADERS[name](choice === 'auto');
      active = { name, device, skipped };
      return active;
    } catch (e) {
      if (!(e instanceof BackendUnavailable)) throw e;
      if (choice !== 'auto') {
        throw new LabError(`backend ${name} is unavailable: ${e.message}`, 'run `lab backends` to see which backends load here, or use --backend auto');
      }
      skipped.push({ name, reason: e.message });
    }
  }
  throw new LabError('no TensorFlow.js backend initialized', skipped.map((s) => `${s.name}: ${s.reason}`).join('; '));
}

/** Probes every backend in a fresh state; for `lab backends`. Leaves the last one that loaded active. */
export async function probeBackends(): Promise<{ name: BackendName; ok: boolean; detail: string }[]> {
  const out: { name: BackendName; ok: boolean; detail: string }[] = [];
  for (const name of AUTO_ORDER) {
    try {
      out.push({ name, ok: true, detail: await LOADERS[name](true) });
    } catch (e) {
      if (!(e instanceof BackendUnavailable)) throw e;
      out.push({ name, ok: false, detail: e.message });
    }
  }
  return out;
}

export function activeBackend(): BackendInfo {
  if (!active) throw new Error('initBackend() has not been called');
  return active;
}

/**
 * Whether `choice` measures on a CPU or a GPU, without activating anything: for `auto`, a GPU when
 * tfjs-node-gpu is installed or Dawn finds a hardware adapter (what initBackend would then pick). It sets the
 * sweep's default shape (sweep/defaults.ts), so a wrong guess costs only speed.
 */
export async function measuringKind(choice: string): Promise<'cpu' | 'gpu'> {
  if (choice === 'webgpu' || choice === 'node-gpu') return 'gpu';
  if (choice !== 'auto') return 'cpu';
  if (active) return active.name === 'webgpu' || active.name === 'node-gpu' ? 'gpu' : 'cpu';
  try {
    await import.meta.resolve('@tensorflow/tfjs-node-gpu');
    return 'gpu';
  } catch {
    // not installed: try Dawn
  }
  if (process.platform === 'linux' && !findLibrary('libvulkan.so.1')) return 'cpu';
  try {
    const dawn = await import('webgpu');
    const adapter = (await (dawn.create([]) as { requestAdapter(o?: object): Promise<GpuAdapterLike | null> }).requestAdapter({ powerPreference: 'high-performance' })) ?? null;
    return adapter && !isSoftwareAdapter(adapter) ? 'gpu' : 'cpu';
  } catch {
    return 'cpu';
  }
}
