import assert from 'node:assert/strict';
import { test } from 'node:test';
import { interleavedSchedule } from '../../src/sweep/schedule.ts';

const variants = ['baseline', 'a', 'b', 'c', 'd'];

test('every round runs every variant exactly once', () => {
  for (const round of interleavedSchedule(variants, 20, 3)) assert.deepEqual([...round].sort(), [...variants].sort());
});

test('the same seed gives the same schedule, another seed another one', () => {
  assert.deepEqual(interleavedSchedule(variants, 5, 11), interleavedSchedule(variants, 5, 11));
  assert.notDeepEqual(interleavedSchedule(variants, 5, 11), interleavedSchedule(variants, 5, 12));
});

test('the order is shuffled between rounds, so no variant always runs first', () => {
  const rounds = interleavedSchedule(variants, 50, 1);
  const firsts = new Set(rounds.map((r) => r[0]));
  assert.equal(firsts.size, variants.length);
  const positions = new Map(variants.map((v) => [v, 0]));
  for (const r of rounds) r.forEach((v, i) => positions.set(v, positions.get(v)! + i));
  // Each variant's mean position is near the middle (2), not stuck at one end.
  for (const total of positions.values()) assert.ok(total / 50 > 1.2 && total / 50 < 2.8, `mean position ${total / 50}`);
});
