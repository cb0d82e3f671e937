import { seededRandom } from '../random.ts';

/**
 * Drift control: variants are measured in interleaved rounds (every variant
 * once per round, in an order shuffled per round from the sweep's seed), so a
 * machine that slows down mid-sweep slows every variant alike.
 */

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
