import { seededRandom } from '../random.ts';

/**
 * Drift control: variants are measured in interleaved rounds (every variant
 * once per round, in an order shuffled per round from the sweep's seed), so a
 * machine that slows down mid-sweep slows every variant alike.
 */

/**
 * Which worker process measures each round when a variant's runs are spread
 * over `processes` processes (as pyperf does): consecutive rounds, as even as
 * can be (8 runs over 3 processes: 3, 3, 2). Anything particular to one
 * process (heap layout, JIT decisions, the core it ran on) then varies
 * between a variant's samples instead of being shared by all of them.
 */
export function processOfRound(runs: number, processes: number): number[] {
  if (!Number.isInteger(processes) || processes < 1 || processes > runs) throw new Error(`processOfRound: processes must be 1 to ${runs}, got ${processes}`);
  return Array.from({ length: runs }, (_, round) => Math.floor((round * processes) / runs));
}

/** rounds[r] is the order variants run in round r: each exactly once, Fisher-Yates shuffled. */
export function interleavedSchedule(variants: readonly string[], runs: number, seed: number): string[][] {
  const random = seededRandom(seed);
  return Array.from({ length: runs }, () => {
    const order = [...variants];
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    return order;
  });
}

/**
 * A block of a paired round: the baseline once and one or two variants on
 * either side of it, measured back to back. Each variant's sample pairs with
 * the block's baseline sample, so drift and foreign load that last longer
 * than a block hit both members of a pair alike and cancel in their ratio.
 */
export interface PairedBlock {
  /** Unique within the sweep: samples of one block share it (results.db samples.block). */
  id: number;
  /** The run order, the baseline included. */
  order: string[];
}

/**
 * Paired rounds: in each round every variant runs once, next to a baseline
 * run. The variants are shuffled; in twos they flank one baseline run (x B y:
 * the baseline costs half a run per variant), a lone one runs before or after
 * its baseline run at random. A variant is first in its pair half the time
 * on average, so a position effect (say, a warmer cache for the second run)
 * favours neither side, and under "no change" a pair's two runs are
 * exchangeable, which is what makes the signed-rank test exact.
 * `random` carries on across calls, so that the rounds an --until-resolved
 * look adds continue the sweep's seeded order; block ids start at `firstId`.
 */
export function pairedRounds(baseline: string, variants: readonly string[], rounds: number, random: () => number, firstId = 0): PairedBlock[][] {
  if (variants.includes(baseline)) throw new Error(`pairedRounds: the baseline ${baseline} is not one of the variants it pairs with`);
  let id = firstId;
  return Array.from({ length: rounds }, () => {
    const order = [...variants];
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const blocks: PairedBlock[] = [];
    for (let i = 0; i < order.length; i += 2) {
      const pair = order.slice(i, i + 2);
      const run = pair.length === 2 ? [pair[0]!, baseline, pair[1]!] : random() < 0.5 ? [baseline, pair[0]!] : [pair[0]!, baseline];
      blocks.push({ id: id++, order: run });
    }
    return blocks;
  });
}

/**
 * The order in which process `processIndex` starts and warms up its variants'
 * workers. On the 2-core machine the worker warmed up last ran its rounds 2-7%
 * faster than an identical one warmed up before it, for the whole sweep
 * (docs/findings/2026-12-01-cpu-aa/): a fixed order would make that a bias of
 * every process in the same direction, and an order drawn afresh per process
 * leaves it unbalanced by chance (12 processes with 8 of one order and 4 of the
 * other called 2 of 10 A/A sweeps). So the orders are counterbalanced, a Latin
 * square: one seeded order, rotated by one place per process, so that over any
 * n consecutive processes of n variants each variant takes each place once.
 */
export function workerOrder<T>(items: readonly T[], seed: number, processIndex: number): T[] {
  const random = seededRandom((seed * 7919 + 1) >>> 0);
  const order = [...items];
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const shift = order.length ? processIndex % order.length : 0;
  return [...order.slice(shift), ...order.slice(0, shift)];
}
