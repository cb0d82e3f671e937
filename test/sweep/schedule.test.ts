import assert from 'node:assert/strict';
import { test } from 'node:test';
import { interleavedSchedule, pairedRounds, processOfRound, workerOrder } from '../../src/sweep/schedule.ts';
import { seededRandom } from '../../src/random.ts';

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

test('paired rounds: each variant once per round beside one baseline run; in twos they flank it, alone it takes a side', () => {
  const random = seededRandom(5);
  const rounds = pairedRounds('baseline', ['a', 'b', 'c'], 40, random);
  const ids = new Set<number>();
  let aFirst = 0;
  for (const blocks of rounds) {
    assert.deepEqual(blocks.flatMap((b) => b.order.filter((v) => v !== 'baseline')).sort(), ['a', 'b', 'c']);
    for (const b of blocks) {
      assert.equal(b.order.filter((v) => v === 'baseline').length, 1, b.order.join(' '));
      assert.ok(b.order.length === 2 || (b.order.length === 3 && b.order[1] === 'baseline'), b.order.join(' '));
      assert.ok(!ids.has(b.id));
      ids.add(b.id);
      if (b.order.includes('a')) aFirst += b.order.indexOf('a') < b.order.indexOf('baseline') ? 1 : 0;
    }
    assert.equal(blocks.length, 2);
  }
  // Before its baseline run about half the time: a position effect favours neither side.
  assert.ok(aFirst > 10 && aFirst < 30, `a first in ${aFirst} of 40 rounds`);
});

test('paired rounds continue the seeded order and the block ids across calls (the looks of --until-resolved)', () => {
  const a = seededRandom(9);
  const first = pairedRounds('baseline', ['x'], 3, a);
  const more = pairedRounds('baseline', ['x'], 2, a, 3);
  const b = seededRandom(9);
  const all = pairedRounds('baseline', ['x'], 5, b);
  assert.deepEqual([...first, ...more], all);
  assert.throws(() => pairedRounds('baseline', ['baseline'], 1, a), /not one of the variants/);
});

test('worker orders are counterbalanced: over n consecutive processes each of n variants is warmed up in each place once', () => {
  for (const n of [2, 3, 5]) {
    const items = Array.from({ length: n }, (_, i) => `v${i}`);
    for (const seed of [1, 7, 42]) {
      for (const from of [0, 3]) {
        const orders = Array.from({ length: n }, (_, k) => workerOrder(items, seed, from + k));
        for (let place = 0; place < n; place++) assert.deepEqual(orders.map((o) => o[place]).sort(), [...items].sort(), `n=${n} seed=${seed} place ${place}`);
      }
    }
  }
  // Two workers alternate which is warmed up last, process by process.
  const last = Array.from({ length: 6 }, (_, k) => workerOrder(['baseline', 'copy'], 1, k).at(-1));
  assert.deepEqual(last.slice(2), [...last.slice(0, 2), ...last.slice(0, 2)]);
  assert.notEqual(last[0], last[1]);
});
