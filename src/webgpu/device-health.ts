import { DeviceFault } from '../errors.ts';

/** The parts of a GPUDevice the watch needs (Dawn's node binding implements both). */
interface WatchedDevice {
  lost: Promise<{ reason?: string; message?: string }>;
  addEventListener?(type: 'uncapturederror', listener: (event: { error?: { message?: string } }) => void): void;
  onuncapturederror?: ((event: { error?: { message?: string } }) => void) | null;
  limits: { maxStorageBufferBindingSize: number; maxBufferSize: number };
}

let fault: string | null = null;

/**
 * Records the first error the device reports: a validation error (a kernel
 * the device refused never ran, and its output buffer keeps whatever it held)
 * or the device's loss. Nothing throws from an event handler; callers check.
 */
export function watchDevice(device: WatchedDevice): void {
  const onError = (event: { error?: { message?: string } }) => {
    fault ??= `the GPU rejected a command: ${firstLine(event.error?.message ?? 'unknown error')}`;
  };
  if (device.addEventListener) device.addEventListener('uncapturederror', onError);
  else device.onuncapturederror = onError;
  void device.lost.then((info) => {
    fault ??= `the GPU device was lost (${info.reason ?? 'unknown reason'}): ${firstLine(info.message ?? '')}`;
  });
}

/** Throws DeviceFault if the device has reported an error or been lost since the watch began. */
export function assertDeviceHealthy(): void {
  if (fault) throw new DeviceFault(fault);
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}
