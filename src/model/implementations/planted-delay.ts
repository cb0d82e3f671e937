import type { GenerationLoop } from '../slots.ts';

/**
 * A known slowdown, planted: `inner`'s generation, then a busy-wait of
 * `delayMs` on the host once its tokens are back, so that every sample is
 * exactly that much slower. For measuring what the lab can detect (npm run
 * bench:verdicts plants 1-5% slowdowns this way); never a real optimization.
 */
export function plantedDelay(inner: GenerationLoop, delayMs: number): GenerationLoop {
  if (!(delayMs >= 0 && Number.isFinite(delayMs))) throw new Error(`plantedDelay: delayMs must be a finite number >= 0, got ${delayMs}`);
  return {
    name: `${inner.name}-then-wait-${Math.round(delayMs * 1000)}us`,
    ...(inner.backends ? { backends: inner.backends } : {}),
    run: async (...args) => {
      const result = await inner.run(...args);
      const end = performance.now() + delayMs;
      while (performance.now() < end) {
        // Busy on purpose: a timer would let the event loop do other work, and sleep less exactly.
      }
      return result;
    },
  };
}
