/**
 * Dawn toggles the user asks for (LAB_DAWN_TOGGLES, comma-separated names), passed to Dawn when it creates its
 * GPU. Some change what the same WGSL costs: Tint's robustness transform clamps every dynamic array index, and
 * `enable_integer_range_analysis_in_robustness` drops the clamps it can prove needless while
 * `disable_robustness` (unsafe: an out-of-bounds index is then undefined behaviour) drops them all. A result
 * measured under toggles is a different environment, so the toggles join the device's name that every sample
 * and calibration carries: samples taken with and without them never pool.
 */
import { LabError } from '../errors.ts';

const TOGGLE_NAME = /^[a-z0-9_]+$/;

/** The toggles named by `value` (LAB_DAWN_TOGGLES), in order, without repeats; a malformed name is refused. */
export function parseDawnToggles(value: string | undefined): string[] {
  if (value === undefined || value.trim() === '') return [];
  const names = value.split(',').map((s) => s.trim());
  for (const name of names) {
    if (!TOGGLE_NAME.test(name)) {
      throw new LabError(`LAB_DAWN_TOGGLES: "${name}" is not a Dawn toggle name`, 'give comma-separated names in lower case, e.g. LAB_DAWN_TOGGLES=enable_integer_range_analysis_in_robustness');
    }
  }
  return [...new Set(names)];
}

/** Dawn's `create` flags: the lab's own disabled toggles, and the user's enabled ones. */
export function dawnFlags(enabled: string[]): string[] {
  // Dawn rounds GPU timestamps to 65.5 µs by default (a browser's defence against timing attacks), coarser
  // than most of a step's launches: the lab's profiles need them as the GPU reports them.
  const flags = ['disable-dawn-features=timestamp_quantization'];
  if (enabled.length > 0) flags.push(`enable-dawn-features=${enabled.join(',')}`);
  return flags;
}

/** The device's name with the toggles it ran under, as results record it. */
export function withToggles(device: string, enabled: string[]): string {
  return enabled.length === 0 ? device : `${device} (Dawn toggles: ${enabled.join(', ')})`;
}
