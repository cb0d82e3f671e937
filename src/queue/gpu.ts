/**
 * `lab worker --gpu N`: pinning a worker's variant processes to one GPU of several.
 *
 * Dawn (the `webgpu` package) can pick an adapter by name (`create(['adapter=NAME'])`), but the GPUs of one host
 * are usually the same model with the same name, so a name cannot tell them apart. The Vulkan layer Mesa ships
 * (VK_LAYER_MESA_device_select, an implicit layer of mesa-vulkan-drivers) can: DRI_PRIME=pci-DDDD_BB_DD_F puts
 * the device on that PCI bus first, and MESA_VK_DEVICE_SELECT_FORCE_DEFAULT_DEVICE=1 hides every other one, so
 * Dawn sees exactly one adapter. The index is nvidia-smi's (the same as CUDA's order by PCI bus), and the PCI bus
 * comes from it too; CUDA_VISIBLE_DEVICES pins the libtensorflow GPU backend (node-gpu) to the same device.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { LabError } from '../errors.ts';

export interface Gpu {
  index: number;
  name: string;
  /** nvidia-smi's form, e.g. 00000000:41:00.0 */
  busId: string;
}

export interface GpuChoice extends Gpu {
  /** The environment that pins the worker's variant processes to this GPU. */
  env: Record<string, string>;
}

/** Folders the Vulkan loader reads implicit layer manifests from. */
const LAYER_DIRS = ['/usr/share/vulkan/implicit_layer.d', '/etc/vulkan/implicit_layer.d', '/usr/local/share/vulkan/implicit_layer.d'];

/** The GPUs nvidia-smi lists, or null when there is no nvidia-smi (a CPU host). */
export function listGpus(run: () => string = () => execFileSync('nvidia-smi', ['--query-gpu=index,name,pci.bus_id', '--format=csv,noheader'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 15_000 })): Gpu[] | null {
  let out: string;
  try {
    out = run();
  } catch {
    return null;
  }
  return out
    .split('\n')
    .map((line) => line.split(',').map((f) => f.trim()))
    .filter((f) => f.length >= 3 && /^\d+$/.test(f[0]!))
    .map(([index, name, busId]) => ({ index: Number(index), name: name!, busId: busId! }));
}

/** DRI_PRIME's tag of a PCI bus id: 00000000:41:00.0 -> pci-0000_41_00_0. */
export function driPrimeTag(busId: string): string {
  const m = /^([0-9a-fA-F]+):([0-9a-fA-F]{2}):([0-9a-fA-F]{2})\.([0-7])$/.exec(busId.trim());
  if (!m) throw new LabError(`cannot read the PCI bus id ${JSON.stringify(busId)} that nvidia-smi gave`, 'nvidia-smi --query-gpu=pci.bus_id --format=csv shows it');
  return `pci-${m[1]!.slice(-4).padStart(4, '0')}_${m[2]}_${m[3]}_${m[4]}`.toLowerCase();
}

function deviceSelectLayerPresent(dirs: readonly string[]): boolean {
  return dirs.some((d) => {
    try {
      return fs.readdirSync(d).some((f) => /device_select/i.test(f));
    } catch {
      return false;
    }
  });
}

/** Validates --gpu N against the GPUs this host has, and returns the environment that pins a process to it. */
export function chooseGpu(index: number, gpus: Gpu[] | null = listGpus(), layerDirs: readonly string[] = LAYER_DIRS): GpuChoice {
  if (!Number.isInteger(index) || index < 0) throw new LabError(`--gpu must be a GPU index (0, 1, ...), got ${index}`, 'nvidia-smi -L lists them');
  if (gpus === null || gpus.length === 0) {
    throw new LabError(`--gpu ${index}: this host has no GPU that nvidia-smi lists`, 'leave --gpu out on a CPU host (the CPU backends need none)');
  }
  const gpu = gpus.find((g) => g.index === index);
  if (!gpu) throw new LabError(`--gpu ${index}: this host has ${gpus.length} GPU${gpus.length === 1 ? '' : 's'} (${gpus.map((g) => g.index).join(', ')})`, 'nvidia-smi -L lists them');
  const layer = deviceSelectLayerPresent(layerDirs);
  // A host of one GPU has nothing to choose between: Dawn's one adapter is it (the lent H200 hosts lack the layer).
  if (!layer && gpus.length === 1) return { ...gpu, env: { CUDA_VISIBLE_DEVICES: String(index) } };
  if (!layer) {
    // Without the layer Dawn would see every GPU and take the first: all workers would measure on one device.
    throw new LabError(`--gpu ${index}: Mesa's Vulkan device-select layer is not installed, so Dawn cannot be pinned to one GPU`, 'apt-get install mesa-vulkan-drivers');
  }
  return {
    ...gpu,
    env: { DRI_PRIME: driPrimeTag(gpu.busId), MESA_VK_DEVICE_SELECT_FORCE_DEFAULT_DEVICE: '1', CUDA_VISIBLE_DEVICES: String(index) },
  };
}
