import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DeviceFault } from '../../src/errors.ts';
import { assertDeviceHealthy, watchDevice } from '../../src/webgpu/device-health.ts';

test('a lost device fails the next check with a DeviceFault saying why it was lost', async () => {
  let lose: (info: { reason?: string; message?: string }) => void = () => undefined;
  watchDevice({
    lost: new Promise((resolve) => (lose = resolve)),
    onuncapturederror: null,
    limits: { maxStorageBufferBindingSize: 2 ** 31, maxBufferSize: 2 ** 32 },
  });
  assertDeviceHealthy();
  lose({ reason: 'unknown', message: 'Device lost: the GPU was reset' });
  await new Promise((resolve) => setImmediate(resolve));
  assert.throws(assertDeviceHealthy, (e: unknown) => e instanceof DeviceFault && e.message === 'the GPU device was lost (unknown): Device lost: the GPU was reset');
});
