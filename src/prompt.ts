/** A deterministic prompt of `length` tokens for benchmarks: spread over the vocabulary, the same for every variant. */
export function syntheticPrompt(length: number, vocabSize: number): number[] {
  return Array.from({ length }, (_, i) => (i * 7919 + 3) % vocabSize);
}
