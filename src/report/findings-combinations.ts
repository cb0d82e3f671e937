/**
 * The findings document's sentences about variants measured together: a variant that combines two or more others'
 * changes against its best part, and a factorial sweep's main effects and interactions (findings.ts places them).
 */
import type { SweepResult, VariantResult } from '../sweep/result.ts';
import { changedSlots, isNum, listInProse, pText, signed } from './common.ts';
import { mdCode as code } from './formats/markdown.ts';

export interface Combination {
  variant: VariantResult;
  parts: VariantResult[];
  bestPart: VariantResult | undefined;
}

/**
 * Variants whose changed slots (vs the baseline's) are a superset of two or
 * more other measured variants' changed slots: `batched-no-outer-map` =
 * `batched-attention` + `no-outer-map`.
 */
export function findCombinations(result: SweepResult): Combination[] {
  const baseRaw = result.variants.find((v) => v.name === result.baseline);
  if (!baseRaw) return [];
  const measured = result.variants.filter((v) => v.name !== result.baseline && v.n > 0);
  const changes = new Map(measured.map((v) => [v.name, changedSlots(v, baseRaw.slots ?? {})]));
  const out: Combination[] = [];
  for (const v of measured) {
    const mine = changes.get(v.name)!;
    const mineKeys = Object.keys(mine);
    const parts = measured.filter((p) => {
      if (p === v) return false;
      const theirs = changes.get(p.name)!;
      const keys = Object.keys(theirs);
      return keys.length > 0 && keys.length < mineKeys.length && keys.every((k) => mine[k] === theirs[k]);
    });
    if (parts.length >= 2) {
      const withDelta = parts.filter((p) => isNum(p.delta?.total?.pct));
      const bestPart = withDelta.length
        ? withDelta.reduce((a, b) => (b.delta!.total.pct < a.delta!.total.pct ? b : a))
        : undefined;
      out.push({ variant: v, parts, bestPart });
    }
  }
  return out;
}

export function combinationSentence(c: Combination): string {
  const parts = listInProse(c.parts.map((p) => code(p.name)));
  const d = c.variant.delta?.total;
  const best = c.bestPart;
  const bd = best?.delta?.total;
  if (!best || !d || !bd || !isNum(d.pct)) return `${code(c.variant.name)} combines ${parts}.`;
  const better = d.pct < bd.pct;
  const overlap = isNum(d.ciLow) && isNum(d.ciHigh) && isNum(bd.ciLow) && isNum(bd.ciHigh) && d.ciLow <= bd.ciHigh && bd.ciLow <= d.ciHigh;
  const cmp = d.pct === bd.pct ? 'does as well as' : better ? 'does better than' : 'does worse than';
  return (
    `${code(c.variant.name)} combines ${parts} and ${cmp} its best part, ${code(best.name)}: ` +
    `${signed(d.pct, 2)}% vs ${signed(bd.pct, 2)}% total` +
    (overlap ? ' (their CIs overlap, so the gap may be noise)' : ' (their CIs do not overlap)') +
    '.'
  );
}

/**
 * A factorial sweep's answer to "is the combination weaker than its parts
 * because they interact?": every main effect and two-way interaction on log
 * total time, each with its CI, and a sentence per interaction.
 */
export function interactionSection(result: SweepResult): string[] {
  const total = (result.effects ?? []).filter((e) => e.metric === 'total');
  const out = ['## Main Effects and Interactions', ''];
  out.push(
    `A ${2 ** (result.sweep.settings.factorial?.length ?? 0)}-cell factorial of ${listInProse((result.sweep.settings.factorial ?? []).map(code))}: every combination measured in the same paired rounds. ` +
      'On log total time, a main effect is the average change from applying one change (over the settings of the others), and an interaction a×b how much slower a+b is than the two separate ratios multiply to: 0 when they are independent, positive when together they gain less. Each is estimated once per round and averaged over the rounds (Student t, 95% CI).',
    '',
  );
  out.push('| Effect | Kind | Δ total % | 95% CI | p |', '| :--- | :--- | ---: | ---: | ---: |');
  for (const e of total) out.push(`| ${code(e.term)} | ${e.kind} | ${signed(e.pct, 2)} | [${signed(e.ciLow, 2)}, ${signed(e.ciHigh, 2)}] | ${pText(e.p)} |`);
  out.push('');
  for (const e of total.filter((x) => x.kind === 'interaction')) {
    const significant = e.ciLow > 0 || e.ciHigh < 0;
    const [a, b] = e.term.split('×');
    out.push(
      significant
        ? `- ${code(e.term)}: ${e.pct > 0 ? `together ${code(a!)} and ${code(b!)} are ${signed(e.pct, 2)}% slower than their separate effects predict: they interact, and the combination is weaker than its parts` : `together ${code(a!)} and ${code(b!)} are ${signed(e.pct, 2)}% faster than their separate effects predict: they reinforce each other`} (CI ${signed(e.ciLow, 2)} to ${signed(e.ciHigh, 2)}%).`
        : `- ${code(e.term)}: no interaction resolved (${signed(e.pct, 2)}%, CI ${signed(e.ciLow, 2)} to ${signed(e.ciHigh, 2)}%): as far as this sweep can tell, the two changes' effects multiply.`,
    );
  }
  out.push('');
  return out;
}
