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
