import type { GemmaModel, GenerationResult } from './model/gemma.ts';

/** The tolerance of `lab verify`: max|Δlogit| <= LOGIT_TOLERANCE * max|logit| (float32 rounding, relative to the logits' scale). */
export const LOGIT_TOLERANCE = 1e-4;

export interface VerifyRow {
  variant: string;
  tokensMatch: boolean;
  /** First position where the greedy tokens differ, or null. */
  firstMismatch: number | null;
  maxAbsLogitDiff: number;
  maxAbsLogit: number;
  /** maxAbsLogitDiff / maxAbsLogit. */
  relativeDiff: number;
  passed: boolean;
}

/** Compares a variant's greedy tokens and logits with the baseline's, both generated with collectLogits. */
export function compareGenerations(variant: string, baseline: GenerationResult, candidate: GenerationResult): VerifyRow {
  if (!baseline.logits || !candidate.logits) throw new Error('compareGenerations needs logits: generate with collectLogits');
  let firstMismatch: number | null = null;
  for (let i = 0; i < Math.max(baseline.tokens.length, candidate.tokens.length); i++) {
    if (baseline.tokens[i] !== candidate.tokens[i]) {
      firstMismatch = i;
      break;
    }
  }
  let maxAbsLogitDiff = 0;
  let maxAbsLogit = 0;
  // Logits are compared only where both runs saw the same tokens: after a divergence they are not comparable.
  const comparable = firstMismatch === null ? baseline.logits.length : firstMismatch + 1;
  for (let i = 0; i < comparable; i++) {
    const a = baseline.logits[i]!;
    const b = candidate.logits[i]!;
    for (let j = 0; j < a.length; j++) {
      maxAbsLogit = Math.max(maxAbsLogit, Math.abs(a[j]!));
      const d = Math.abs(a[j]! - b[j]!);
      maxAbsLogitDiff = Number.isNaN(d) ? Infinity : Math.max(maxAbsLogitDiff, d);
    }
  }
  const relativeDiff = maxAbsLogit > 0 ? maxAbsLogitDiff / maxAbsLogit : maxAbsLogitDiff;
  const tokensMatch = firstMismatch === null;
  return {
    variant,
    tokensMatch,
    firstMismatch,
    maxAbsLogitDiff,
    maxAbsLogit,
    relativeDiff,
    passed: tokensMatch && relativeDiff <= LOGIT_TOLERANCE,
  };
}

/** Runs the baseline and each variant on the same weights and prompt and compares them. */
export async function verifyModels(
  baseline: GemmaModel,
  variants: { name: string; model: GemmaModel }[],
  prompt: readonly number[],
  maxNewTokens: number,
): Promise<VerifyRow[]> {
  const reference = await baseline.generate(prompt, maxNewTokens, { collectLogits: true });
  const rows: VerifyRow[] = [];
  for (const { name, model } of variants) {
    const result = await model.generate(prompt, maxNewTokens, { collectLogits: true });
    rows.push(compareGenerations(name, reference, result));
  }
  return rows;
}
