import assert from 'node:assert/strict';
import { test } from 'node:test';
import { factorialEffects } from '../../src/stats/factorial.ts';
import { seededRandom } from '../../src/random.ts';
import { factorialCells, cellMask } from '../../src/sweep/factorial.ts';
import { VARIANTS } from '../../variants/index.ts';
import { LabError } from '../../src/errors.ts';

test('factorial effects recover planted main effects and an interaction on log time, with CIs that cover them', () => {
  // a: -10%, b: -5%, and together 4% weaker than the two ratios multiply to; c: nothing.
  const truth = (mask: number) => Math.log(0.9) * (mask & 1) + Math.log(0.95) * ((mask >> 1) & 1) + Math.log(1.04) * ((mask & 3) === 3 ? 1 : 0);
  const random = seededRandom(3);
  const rounds = Array.from({ length: 12 }, () => {
    const drift = 0.05 * (random() - 0.5); // shared by a round's cells: cancels
    return new Map(Array.from({ length: 8 }, (_, mask) => [mask, Math.log(0.4) + drift + truth(mask) + 0.004 * (random() - 0.5)] as [number, number]));
  });
  const effects = factorialEffects(['a', 'b', 'c'], rounds);
  const byTerm = new Map(effects.map((e) => [e.term, e]));
  assert.deepEqual(effects.map((e) => e.term), ['a', 'b', 'c', 'a×b', 'a×c', 'b×c']);
  // Main effects average over the others: a is -10% without b and -10% x 1.04 with it.
  const a = byTerm.get('a')!;
  assert.ok(Math.abs(a.pct - (Math.sqrt(0.9 * 0.9 * 1.04) - 1) * 100) < 0.2, `a ${a.pct}`);
  const ab = byTerm.get('a×b')!;
  assert.ok(ab.ciLow < 4 && 4 < ab.ciHigh && ab.ciLow > 0, `a×b ${ab.pct} [${ab.ciLow}, ${ab.ciHigh}]`);
  assert.ok(Math.abs(ab.pct - 4) < 0.3);
  for (const t of ['c', 'a×c', 'b×c']) assert.ok(byTerm.get(t)!.ciLow < 0 && byTerm.get(t)!.ciHigh > 0, t);
  assert.equal(a.rounds, 12);
});

test('factorial cells: every combination in bit order; the same slot twice, a combination or one change is refused in one line', () => {
  assert.deepEqual(factorialCells(['batched-attention', 'no-outer-map', 'fused-qkv'], VARIANTS), [
    'batched-attention', 'no-outer-map', 'batched-attention+no-outer-map', 'fused-qkv', 'batched-attention+fused-qkv', 'no-outer-map+fused-qkv', 'batched-attention+no-outer-map+fused-qkv',
  ]);
  assert.equal(cellMask('batched-attention+fused-qkv', ['batched-attention', 'no-outer-map', 'fused-qkv'], 'baseline'), 0b101);
  assert.equal(cellMask('baseline', ['batched-attention'], 'baseline'), 0);
  assert.throws(() => factorialCells(['batched-attention', 'batched-no-outer-map'], VARIANTS), (e: unknown) => e instanceof LabError && /both fill the attentionCore slot/.test(e.message));
  assert.throws(() => factorialCells(['fused-qkv'], VARIANTS), /at least 2 changes/);
  assert.throws(() => factorialCells(['fused-qkv', 'batched-attention+no-outer-map'], VARIANTS), /not combinations/);
});
