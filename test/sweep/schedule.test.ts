import assert from 'node:assert/strict';
import { test } from 'node:test';
import { interleavedSchedule, processOfRound } from '../../src/sweep/schedule.ts';

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

test('runs spread over processes go in consecutive blocks as even as can be, every process measuring at least one', () => {
  assert.deepEqual(processOfRound(5, 1), [0, 0, 0, 0, 0]);
  assert.deepEqual(processOfRound(4, 2), [0, 0, 1, 1]);
  assert.deepEqual(processOfRound(8, 3), [0, 0, 0, 1, 1, 1, 2, 2]);
  assert.deepEqual(processOfRound(3, 3), [0, 1, 2]);
  for (let runs = 2; runs <= 30; runs++) {
    for (let processes = 1; processes <= runs; processes++) {
      const of = processOfRound(runs, processes);
      const sizes = Array.from({ length: processes }, (_, k) => of.filter((p) => p === k).length);
      assert.ok(Math.min(...sizes) >= 1 && Math.max(...sizes) - Math.min(...sizes) <= 1, `${runs} over ${processes}: ${sizes}`);
      assert.ok(of.every((p, i) => i === 0 || p === of[i - 1] || p === of[i - 1]! + 1), `${runs} over ${processes}: consecutive`);
    }
  }
  assert.throws(() => processOfRound(3, 4), /processes must be 1 to 3/);
  assert.throws(() => processOfRound(3, 0), /processes must be 1 to 3/);
});
