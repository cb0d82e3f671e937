import { test } from 'node:test';
import assert from 'node:assert/strict';
import { changedSlots } from '../../src/report/common.ts';
import type { VariantResult } from '../../src/sweep/result.ts';

const withSlots = (slots: Record<string, string>) => ({ name: 'v', slots }) as unknown as VariantResult;

test('changed slots are those whose implementation differs from the baseline\'s', () => {
  const base = { execution: 'tfjs-ops', attentionCore: 'per-head', norm: 'tfjs-ops' };
  assert.deepEqual(changedSlots(withSlots({ ...base, attentionCore: 'batched' }), base), { attentionCore: 'batched' });
  assert.deepEqual(changedSlots(withSlots(base), base), {});
});

test('a slot that moves into a recorded execution is a change; one performed by both executions follows the execution\'s change', () => {
  const composed = { execution: 'tfjs-ops', linear: 'wgsl-matvec', norm: 'wgsl-rmsnorm' };
  const split = { execution: 'wgsl-recorded-split', linear: 'wgsl-matvec', norm: 'in wgsl-recorded-split' };
  const tuned = { execution: 'wgsl-recorded-tuned', linear: 'wgsl-matvec', norm: 'in wgsl-recorded-tuned' };
  assert.deepEqual(changedSlots(withSlots(split), composed), { execution: 'wgsl-recorded-split', norm: 'in wgsl-recorded-split' });
  assert.deepEqual(changedSlots(withSlots(tuned), split), { execution: 'wgsl-recorded-tuned' });
  assert.deepEqual(changedSlots(withSlots(composed), split), { execution: 'tfjs-ops', norm: 'wgsl-rmsnorm' });
});
