import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LabError } from '../../src/errors.ts';
import { dawnFlags, parseDawnToggles, withToggles } from '../../src/webgpu/dawn-toggles.ts';

test('LAB_DAWN_TOGGLES: unset or blank names none; names are trimmed and kept once, in order', () => {
  assert.deepEqual(parseDawnToggles(undefined), []);
  assert.deepEqual(parseDawnToggles('  '), []);
  assert.deepEqual(parseDawnToggles('disable_robustness, enable_integer_range_analysis_in_robustness,disable_robustness'), ['disable_robustness', 'enable_integer_range_analysis_in_robustness']);
});

test('LAB_DAWN_TOGGLES: a malformed name is one LabError naming it', () => {
  for (const bad of ['disable-robustness', 'a,,b', 'Disable_Robustness', 'x=y']) {
    assert.throws(() => parseDawnToggles(bad), (e: unknown) => e instanceof LabError && /LAB_DAWN_TOGGLES/.test(e.message));
  }
});

test('Dawn flags keep the unquantized timestamps and add the enabled toggles; the device name carries them', () => {
  assert.deepEqual(dawnFlags([]), ['disable-dawn-features=timestamp_quantization']);
  assert.deepEqual(dawnFlags(['a', 'b']), ['disable-dawn-features=timestamp_quantization', 'enable-dawn-features=a,b']);
  assert.equal(withToggles('WebGPU nvidia h200', []), 'WebGPU nvidia h200');
  assert.equal(withToggles('WebGPU nvidia h200', ['disable_robustness']), 'WebGPU nvidia h200 (Dawn toggles: disable_robustness)');
});
