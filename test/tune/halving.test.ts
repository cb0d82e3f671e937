import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StoredSweep } from '../../src/db/results-db.ts';
import { seededRandom } from '../../src/random.ts';
import { compareWithBest, halve } from '../../src/tune/halving.ts';

type Sample = StoredSweep['samples'][number];

/** Rounds of points with the given true times, each round sharing a drift (which the round pairing cancels). */
function rounds(times: Record<string, number>, n: number, seed = 1, noise = 0.01): Sample[] {
  const random = seededRandom(seed);
  const out: Sample[] = [];
  for (let round = 0; round < n; round++) {
    const drift = 1 + 0.2 * (random() - 0.5);
    for (const [variant, t] of Object.entries(times)) {
      const totalS = t * drift * (1 + noise * (random() - 0.5));
      out.push({ variant, round, prefillS: totalS / 2, generationS: totalS / 2, totalS, prefillTokensPerS: 1, generationTokensPerS: 1, peakMemoryBytes: 0, harnessS: 0, commitSha: null, process: 0, recordedAt: '' });
    }
  }
  return out;
}

const opts = { stat: 'robust' as const, alpha: 0.05, noiseThresholdPct: 1 };

test('a point clearly slower than the best is dropped; points within the noise threshold stay', () => {
  const samples = rounds({ a: 1.0, b: 1.003, c: 1.1, d: 1.3 }, 12);
  const decision = halve(samples, ['a', 'b', 'c', 'd'], opts);
  assert.equal(decision.best, 'a');
  assert.deepEqual(decision.dropped.map((d) => d.point).sort(), ['c', 'd']);
  assert.deepEqual(decision.keep, ['a', 'b']);
  assert.ok(decision.dropped.every((d) => d.vsBest.verdict === 'slower' && d.vsBest.pct > 5));
  // b is within 1% of a and the pairs say so: nothing more to learn.
  assert.equal(decision.settled, true);
});

test('the round pairing sees through drift 20x the difference; without enough pairs nothing is dropped', () => {
  const samples = rounds({ a: 1.0, b: 1.05 }, 10, 7, 0.002);
  assert.equal(compareWithBest(samples, 'a', 'b', opts).verdict, 'slower');
  // Two rounds: the rank test cannot reach a small p, so the race goes on.
  const few = halve(rounds({ a: 1.0, b: 1.05 }, 2), ['a', 'b'], opts);
  assert.deepEqual(few.dropped, []);
  assert.equal(few.settled, false);
});

test('identical points are never dropped over many seeds (each look spends alpha split over its comparisons)', () => {
  let drops = 0;
  for (let seed = 1; seed <= 200; seed++) {
    const d = halve(rounds({ a: 1, b: 1, c: 1 }, 10, seed, 0.05), ['a', 'b', 'c'], opts);
    drops += d.dropped.length;
  }
  // 200 searches x 2 comparisons at alpha 0.025 each: about 10 expected at most, far fewer since a drop needs |Δ| > 1%.
  assert.ok(drops <= 10, `${drops} drops of identical points`);
});
