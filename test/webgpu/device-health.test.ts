import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DeviceFault } from '../../src/errors.ts';
import { assertDeviceHealthy, watchDevice } from '../../src/webgpu/device-health.ts';

/** A stand-in for Dawn's GPUDevice: the two signals the watch listens to, fired by hand. */
function fakeDevice() {
  let fire: ((event: { error?: { message?: string } }) => void) | null = null;
  let lose: (info: { reason?: string; message?: string }) => void = () => undefined;
  const device = {
    lost: new Promise<{ reason?: string; message?: string }>((resolve) => (lose = resolve)),
    addEventListener: (_type: 'uncapturederror', listener: (event: { error?: { message?: string } }) => void) => (fire = listener),
    limits: { maxStorageBufferBindingSize: 2 ** 31, maxBufferSize: 2 ** 32 },
  };
  return { device, fire: (message: string) => fire!({ error: { message } }), lose };
}

test('a healthy device passes; the first error the device reports fails every later check with a DeviceFault naming it', () => {
  const { device, fire } = fakeDevice();
  watchDevice(device);
  assertDeviceHealthy();
  fire('vkAllocateMemory failed with VK_ERROR_OUT_OF_DEVICE_MEMORY\n - While calling [Device].CreateBuffer');
  fire('a later error');
  assert.throws(assertDeviceHealthy, (e: unknown) => {
    assert.ok(e instanceof DeviceFault);
    assert.equal(e.message, 'the GPU rejected a command: vkAllocateMemory failed with VK_ERROR_OUT_OF_DEVICE_MEMORY');
    assert.match(e.oneLine(), /not trustworthy/);
    return true;
  });
});
