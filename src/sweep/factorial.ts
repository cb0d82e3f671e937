/**
 * lab sweep --factorial a,b,c: the 2^k combinations of k changes, each a
 * variant (a, b, a+b, ...), the baseline being none of them, measured in the
 * same paired rounds as any sweep; the report then estimates every main
 * effect and two-way interaction (src/stats/factorial.ts).
 */
import { LabError } from '../errors.ts';
import { composeVariants, findVariant, type Variant } from '../variants.ts';

/** More changes than this make 2^k workers: more than a machine holds, and an afternoon of rounds. */
export const MAX_FACTORS = 5;

/** The variant names of every non-empty combination, in bit order (a, b, a+b, c, a+c, ...); checked before anything is written. */
export function factorialCells(factors: readonly string[], registry: readonly Variant[]): string[] {
  if (factors.length < 2) throw new LabError(`--factorial needs at least 2 changes, got ${factors.length}`, 'e.g. --factorial batched-attention,no-outer-map,fused-qkv');
  if (factors.length > MAX_FACTORS) throw new LabError(`--factorial with ${factors.length} changes measures ${2 ** factors.length} combinations`, `use at most ${MAX_FACTORS} changes`);
  if (new Set(factors).size !== factors.length) throw new LabError(`--factorial names a change twice: ${factors.join(', ')}`);
  const parts = factors.map((f) => {
    if (f.includes('+')) throw new LabError(`--factorial takes registered variants, not combinations: ${f}`, 'name its parts as changes of their own');
    return findVariant(registry, f);
  });
  const cells: string[] = [];
  for (let mask = 1; mask < 2 ** factors.length; mask++) {
    const chosen = parts.filter((_, i) => (mask >> i) & 1);
    // Two changes that fill the same slot cannot be combined: composeVariants says which, in one line.
    composeVariants(chosen.map((p) => p.name).join('+'), '', chosen);
    cells.push(chosen.map((p) => p.name).join('+'));
  }
  return cells;
}

/** The bit mask of a variant of a factorial sweep: which of `factors` it applies (0 for the baseline). */
export function cellMask(variant: string, factors: readonly string[], baseline: string): number {
  if (variant === baseline) return 0;
  const parts = variant.split('+');
  return factors.reduce((mask, f, i) => (parts.includes(f) ? mask | (1 << i) : mask), 0);
}
