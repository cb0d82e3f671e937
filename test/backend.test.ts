import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isSoftwareAdapter } from '../src/backend.ts';

test('an adapter flagged as a fallback, on itself or in its info, is a software adapter', () => {
  assert.equal(isSoftwareAdapter({ isFallbackAdapter: true }), true);
  assert.equal(isSoftwareAdapter({ isFallbackAdapter: true, info: { vendor: 'nvidia' } }), true);
  assert.equal(isSoftwareAdapter({ info: { vendor: 'nvidia', isFallbackAdapter: true } }), true);
});

test('SwiftShader, llvmpipe or lavapipe named in the vendor, architecture or description makes a software adapter, in any case', () => {
  for (const name of ['SwiftShader', 'swiftshader', 'llvmpipe', 'LLVMPIPE', 'lavapipe']) {
    for (const field of ['vendor', 'architecture', 'description'] as const) {
      assert.equal(isSoftwareAdapter({ info: { [field]: `x ${name} (LLVM 15.0.7)` } }), true, `${field}: ${name}`);
    }
  }
  // What Dawn reports for Chromium's SwiftShader.
  assert.equal(isSoftwareAdapter({ info: { vendor: 'google', device: 'swiftshader-device-subzero-', architecture: 'swiftshader', description: '' }, isFallbackAdapter: false }), true);
});

test('a hardware GPU is not a software adapter', () => {
  assert.equal(isSoftwareAdapter({ info: { vendor: 'nvidia', architecture: 'hopper', device: '', description: 'NVIDIA H100 80GB HBM3', isFallbackAdapter: false }, isFallbackAdapter: false }), false);
  assert.equal(isSoftwareAdapter({ info: { vendor: 'amd', architecture: 'rdna-3', description: 'AMD Radeon RX 7900 XTX' } }), false);
  assert.equal(isSoftwareAdapter({}), false);
});
