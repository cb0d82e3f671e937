/**
 * Effects of a 2^k factorial study on log time (lab sweep --factorial): every
 * change's main effect and every two-way interaction, each estimated once
 * per round from that round's cells and then averaged over the rounds, so
 * that drift between rounds cancels (each round measured every cell), with
 * Student's t over the rounds (df = rounds - 1). Pure functions.
 *
 * On log time a main effect is the average over the other changes' settings
 * of ln t(with) - ln t(without): Δ% = (e^effect - 1)·100 is the change's
 * typical speed-up. An interaction a×b is the average of ln t(ab) - ln t(a) -
 * ln t(b) + ln t(neither): 0 when the two changes' ratios multiply (they are
 * independent), negative when together they gain more than both alone would,
 * positive when they gain less (the seed's "combined is weaker than batched
 * attention alone" is a positive interaction).
 */
import { studentTQuantile, studentTTwoSidedP } from './distributions.ts';

export interface FactorialEffect {
  /** The change's name, or `a×b` for an interaction. */
  term: string;
  kind: 'main' | 'interaction';
  /** The effect as a change in percent, with its (1 - alpha) CI. */
  pct: number;
  ciLow: number;
  ciHigh: number;
  p: number;
  /** Rounds that measured every cell. */
  rounds: number;
}

/**
 * `cells[r]` maps a cell (the set of changes it applies, as a bit mask over
 * `factors`) to its mean log time in round r. Rounds that lack a cell are
 * left out.
 */
export function factorialEffects(factors: readonly string[], cells: readonly Map<number, number>[], alpha = 0.05): FactorialEffect[] {
  const k = factors.length;
  if (k < 2) throw new Error(`factorialEffects: need at least 2 factors, got ${k}`);
  const all = 2 ** k;
  const complete = cells.filter((round) => round.size === all);
  const terms: { term: string; kind: 'main' | 'interaction'; sign: (mask: number) => number; scale: number }[] = [];
  const bit = (mask: number, i: number) => ((mask >> i) & 1 ? 1 : -1);
  factors.forEach((f, i) => terms.push({ term: f, kind: 'main', sign: (m) => bit(m, i), scale: 2 ** (k - 1) }));
  for (let i = 0; i < k; i++) {
    for (let j = i + 1; j < k; j++) {
      terms.push({ term: `${factors[i]}×${factors[j]}`, kind: 'interaction', sign: (m) => bit(m, i) * bit(m, j), scale: 2 ** (k - 2) });
    }
  }
  return terms.map(({ term, kind, sign, scale }) => {
    const perRound = complete.map((round) => {
      let sum = 0;
      for (const [mask, y] of round) sum += sign(mask) * y;
      return sum / scale;
    });
    return { term, kind, ...tInterval(perRound, alpha), rounds: perRound.length };
  });
}

function tInterval(xs: readonly number[], alpha: number): { pct: number; ciLow: number; ciHigh: number; p: number } {
  const n = xs.length;
  if (n < 2) return { pct: n === 1 ? Math.expm1(xs[0]!) * 100 : NaN, ciLow: NaN, ciHigh: NaN, p: NaN };
  const m = xs.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (n - 1));
  const se = sd / Math.sqrt(n);
  const pct = (x: number) => Math.expm1(x) * 100;
  if (se === 0) return { pct: pct(m), ciLow: pct(m), ciHigh: pct(m), p: m === 0 ? 1 : 0 };
  const half = studentTQuantile(1 - alpha / 2, n - 1) * se;
  return { pct: pct(m), ciLow: pct(m - half), ciHigh: pct(m + half), p: studentTTwoSidedP(m / se, n - 1) };
}
