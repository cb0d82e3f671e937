import { initBackend } from '../../src/backend.ts';

/** Tests run on the lab's default CPU backend (wasm here); LAB_TEST_BACKEND picks another. */
export async function testBackend() {
  return initBackend(process.env.LAB_TEST_BACKEND ?? 'wasm');
}
