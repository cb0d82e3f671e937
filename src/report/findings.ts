/**
 * The findings document: a Markdown write-up of one sweep in the seed study's
 * shape (setup, baseline, one section per experiment with its delta and an
 * interpretation, key takeaways, next steps). Every sentence is generated from
 * the SweepResult's statistics; nothing here computes new ones.
 */
import { SEED_BASELINE_SLOTS } from '../baseline/origin.ts';
import { METRICS, workerLayout } from '../sweep/result.ts';
import type { DeltaSummary, Metric, SweepResult, VariantResult } from '../sweep/result.ts';
import { baselineEntry, changedSlots, deltaText, fixed, isNum, listInProse, METRIC_LABEL, notesOf, pClause, signed } from './common.ts';
import { combinationSentence, findCombinations, interactionSection, type Combination } from './findings-combinations.ts';
import { mdCode, mdEscape } from './formats/markdown.ts';
import type { ReportInput } from './report-input.ts';

/** `[-6.10%, -4.22%]` */
function ciPct(d: DeltaSummary): string {
  if (!isNum(d.ciLow) || !isNum(d.ciHigh)) return '[—]';
  return `[${signed(d.ciLow, 2)}%, ${signed(d.ciHigh, 2)}%]`;
}

function abs2(x: number): string {
  return Math.abs(x).toFixed(2);
}

function code(s: string): string {
  return mdCode(s);
}

function slotText(slots: Record<string, string>): string {
  const entries = Object.entries(slots);
  return entries.length ? entries.map(([k, v]) => code(`${k}=${v}`)).join(', ') : 'no slot changes';
}

function noisyMetrics(v: VariantResult): { metric: Metric; reason: string }[] {
  return METRICS.filter((m) => v[m]?.noisy).map((m) => ({ metric: m, reason: v[m].noisy! }));
}

function noisySentence(v: VariantResult): string {
  const noisy = noisyMetrics(v);
  if (noisy.length === 0) return '';
  const what = listInProse(noisy.map((n) => `${n.metric} (${mdEscape(n.reason)})`));
  return ` Caution: ${what} ${noisy.length === 1 ? 'is' : 'are'} flagged noisy, so treat this result with care.`;
}

function phaseSentence(v: VariantResult): string {
  const parts: string[] = [];
  for (const m of ['generation', 'prefill'] as const) {
    const d = v.delta?.[m];
    if (!d || !isNum(d.pct)) continue;
    const tag = d.verdict === 'faster' ? 'faster' : d.verdict === 'slower' ? 'slower' : 'within noise';
    parts.push(`${m} ${signed(d.pct, 2)}% (${tag})`);
  }
  return parts.length ? ` By phase: ${parts.join(', ')}.` : '';
}

function interpretation(v: VariantResult, strongest: VariantResult | undefined, combo: Combination | undefined): string {
  const d = v.delta?.total;
  const verdict = v.verdict ?? d?.verdict;
  if (v.n === 0) return 'No samples were recorded for this variant, so there is nothing to interpret.';
  if (!d || !isNum(d.pct) || !verdict) return 'No comparison is possible: the baseline has no samples.';
  let s: string;
  if (verdict === 'faster') {
    s = `A real speedup: total ${abs2(d.pct)}% faster (95% CI ${ciPct(d)}), ${pClause(d)}`;
    s += v === strongest ? ', the strongest win of this sweep.' : '.';
  } else if (verdict === 'slower') {
    s = `A regression: total ${abs2(d.pct)}% slower (95% CI ${ciPct(d)}), ${pClause(d)}. This is a useful negative result: keep it out of the baseline.`;
  } else {
    const spans = isNum(d.ciLow) && isNum(d.ciHigh) && d.ciLow <= 0 && d.ciHigh >= 0;
    s = `Within the noise envelope (${spans ? 'CI spans zero' : 'not significant'}: ${ciPct(d)}, ${pClause(d)}): no significant change in total (${signed(d.pct, 2)}%).`;
    if (isNum(d.runsToResolve)) {
      s += ` About ${d.runsToResolve} runs per variant would resolve a Δ of ${signed(d.pct, 2)}%.`;
    } else {
      s += ' The observed Δ is essentially zero.';
    }
  }
  s += phaseSentence(v);
  if (combo) s += ` ${combinationSentence(combo)}`;
  s += noisySentence(v);
  return s;
}

function gib(bytes: number): string {
  return isNum(bytes) ? `${(bytes / 1024 ** 3).toFixed(1)} GiB memory` : 'memory unknown';
}

function nSummary(result: SweepResult): string {
  const measured = result.variants.filter((v) => v.n > 0);
  const ns = [...new Set(measured.map((v) => v.n))];
  if (ns.length === 1) return `All experiments below are **n=${ns[0]}** runs per variant.`;
  if (ns.length === 0) return `No variant recorded any samples (planned: n=${result.sweep.settings.runs}).`;
  return `Runs per variant differ: ${measured.map((v) => `${code(v.name)} n=${v.n}`).join(', ')}.`;
}

/** ` (= `batched-attention`)` after the baseline's name when it was promoted, else nothing. */
function originShort(result: SweepResult): string {
  const o = result.baselineOrigin;
  if (!o) return '';
  return ` (= ${o.promotedFrom ? code(o.promotedFrom) : slotText(o.changedSlots)})`;
}

/** Says that the baseline is a promoted one, what it changes from the seed's, and that every delta is relative to it. */
function originSentence(result: SweepResult): string {
  const o = result.baselineOrigin;
  if (!o) return '';
  const seed: Record<string, string> = SEED_BASELINE_SLOTS;
  const changes = listInProse(Object.entries(o.changedSlots).map(([slot, impl]) => `${code(`${slot}=${impl}`)} (seed: ${code(seed[slot] ?? 'none')})`));
  const from = o.promotedFrom ? `promoted from ${code(o.promotedFrom)} (${code('lab baseline promote')})` : `a promoted one (${code('lab baseline promote')})`;
  return `This is not the seed's baseline: it is ${from}, with ${changes}. Every delta below is relative to it, not to the seed's baseline.`;
}

export function renderFindings(input: ReportInput): string {
  const { result } = input;
  const { sweep } = result;
  const env = sweep.environment;
  const settings = sweep.settings;
  const base = baselineEntry(result);
  const baseRaw = result.variants.find((v) => v.name === result.baseline);
  const experiments = result.variants.filter((v) => v.name !== result.baseline);
  const combos = findCombinations(result);
  const comboOf = new Map(combos.map((c) => [c.variant.name, c]));

  const verdictOfV = (v: VariantResult) => v.verdict ?? v.delta?.total?.verdict;
  const wins = experiments
    .filter((v) => verdictOfV(v) === 'faster' && isNum(v.delta?.total?.pct))
    .sort((a, b) => a.delta!.total.pct - b.delta!.total.pct);
  const strongest = wins[0];
  const regressions = experiments.filter((v) => verdictOfV(v) === 'slower');
  const noiseLevel = experiments.filter((v) => v.n > 0 && verdictOfV(v) === 'no significant change');

  const out: string[] = [];
  const title = settings.experiment ? `Sweep Findings: ${mdEscape(settings.experiment)}` : `Sweep Findings: ${mdEscape(sweep.id)}`;
  out.push(`# ${title}`, '');
  const measuredCount = experiments.filter((v) => v.n > 0).length;
  out.push(
    `This document summarizes sweep ${code(sweep.id)} (${mdEscape(sweep.createdAt)}, ${sweep.status}): ` +
      `${measuredCount} experiment${measuredCount === 1 ? '' : 's'} measured against the baseline ${code(result.baseline)}${originShort(result)} ` +
      `on ${mdEscape(env.backend || settings.backend)} / ${mdEscape(env.device)}. It records which changes help, which regress, and which are within the noise.`,
  );
  if (sweep.status !== 'completed') {
    out.push('', `**Note:** the sweep's status is **${sweep.status}**, so some variants may have fewer samples than planned.`);
  }
  const notes = notesOf(result);
  if (notes.length) {
    out.push('', '**Notes from the sweep:**', '');
    for (const n of notes) out.push(`- ${mdEscape(n)}`);
  }
  out.push('');

  // Measurement setup
  out.push('## Measurement Setup', '');
  out.push(`- Command: ${code(env.commandLine || '(not recorded)')}`);
  out.push(`- Harness: ${code('lab sweep')} (${workerLayout(settings)})`);
  const cfg = Object.entries(settings.modelConfig ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  out.push(
    `- Settings: model ${code(settings.model)}${cfg ? ` (${mdEscape(cfg)})` : ''}, backend ${code(settings.backend)}, device ${mdEscape(env.device)}, ` +
      `prompt length ${settings.promptLen}, generation length ${settings.genLen} tokens, n=${settings.runs} runs, ${settings.warmup} warm-up, seed ${settings.seed}` +
      (settings.experiment ? `, experiment ${code(settings.experiment)}` : ''),
  );
  out.push(
    `- Environment: ${mdEscape(env.cpuModel)} (${env.cpuCores} cores), ${gib(env.totalMemoryBytes)}, ${mdEscape(env.os)}, ` +
      `Node ${mdEscape(env.nodeVersion)}, TF.js ${mdEscape(env.tfjsVersion)}, ` +
      `git ${env.gitSha ? `${code(env.gitSha)}${env.gitDirty ? ' (dirty)' : ''}` : 'sha not recorded'}` +
      `${env.sourceTree ? `, source tree ${code(env.sourceTree.slice(0, 10))} (${code('lab show')} names the commit that holds it)` : ''}, lab ${mdEscape(env.labVersion)}`,
  );
  out.push(
    `- Git: ${settings.git === false ? 'off (--no-git): every variant ran from the working tree' : settings.git ? 'each variant ran from its own experiment commit' : 'not recorded'}`,
  );
  const threshold = isNum(settings.noiseThresholdPct) ? `; |Δ| ≤ ${settings.noiseThresholdPct}% counts as no significant change even when p is small` : '';
  const correction =
    settings.correction === 'holm'
      ? "; p-values Holm-adjusted over the sweep's comparisons with the baseline, per metric (family-wise error rate ≤ 0.05; the CIs are each at 95%)"
      : '';
  const method =
    (settings.stat ?? 'mean') === 'robust'
      ? `deltas vs the baseline as the Hodges-Lehmann shift of log time over ${settings.paired ? 'paired rounds (each variant run next to a baseline run)' : 'all samples'}, with a 95% CI and a Wilcoxon ${settings.paired ? 'signed-rank' : 'rank-sum'} p-value${(settings.processes ?? 1) > 1 ? ' (with several processes: one estimate per process, Student\'s t over them)' : ''}; the means' Δ% beside`
      : 'deltas vs the baseline with a 95% CI and a Welch t-test p-value';
  out.push(`- Metrics: prefill, generation and combined total wall time per run (mean ± std, seconds); ${method}${threshold}${correction}`);
  out.push('', nSummary(result), '');

  // Baseline
  out.push('## Baseline', '');
  if (base) {
    out.push(`**Baseline = ${code(base.name)}** (${slotText(base.slots ?? {})})`, '');
    const origin = originSentence(result);
    if (origin) out.push(origin, '');
    for (const m of METRICS) out.push(`- ${METRIC_LABEL[m]}: **${fixed(base[m].mean)} ± ${fixed(base[m].std)} s**`);
    const noisy = noisyMetrics(base);
    if (noisy.length) {
      out.push('', `**Caution:** the baseline's ${listInProse(noisy.map((n) => `${n.metric} (${mdEscape(n.reason)})`))} ${noisy.length === 1 ? 'is' : 'are'} flagged noisy, which widens every CI below.`);
    }
  } else {
    out.push(
      `**The baseline ${code(result.baseline)} has no samples** (${baseRaw ? 'it recorded 0 runs' : 'it is missing from the result'}), ` +
        'so no variant can be compared against it: deltas, CIs and verdicts are missing below.',
    );
  }
  out.push('');

  // Experiments
  out.push('## Results vs the Baseline', '');
  if (experiments.length === 0) {
    out.push('Only the baseline was measured in this sweep: there are no experiments to compare against it.', '');
  }
  experiments.forEach((v, i) => {
    const commit = v.commit ? ` (commit ${code(v.commit.slice(0, 12))})` : '';
    out.push(`### ${i + 1}) ${mdEscape(v.name)}`, '');
    if (baseRaw) out.push(`Changes vs baseline: ${slotText(changedSlots(v, baseRaw.slots ?? {}))}${commit}`, '');
    else out.push(`Slots: ${slotText(v.slots ?? {})}${commit}`, '');
    if (v.n === 0) {
      out.push('No samples were recorded for this variant.', '');
    } else {
      for (const m of METRICS) {
        const noisy = v[m].noisy ? ` (noisy: ${mdEscape(v[m].noisy!)})` : '';
        out.push(`- ${METRIC_LABEL[m]}: **${fixed(v[m].mean)} ± ${fixed(v[m].std)} s**${noisy}`);
      }
      out.push('');
      if (v.delta) {
        out.push('**Delta vs baseline:**');
        for (const m of ['total', 'generation', 'prefill'] as const) {
          const d = v.delta[m];
          if (!d) continue;
          out.push(`- ${METRIC_LABEL[m]}: **${deltaText(d)}**, 95% CI ${ciPct(d)}, ${pClause(d)}`);
        }
        out.push('');
      }
    }
    out.push(`**Interpretation:** ${interpretation(v, strongest, comboOf.get(v.name))}`, '');
    if (i < experiments.length - 1) out.push('---', '');
  });

  if (result.effects?.length) out.push(...interactionSection(result));

  // Key takeaways
  out.push('## Key Takeaways', '');
  const takeaways: string[] = [];
  if (base) {
    takeaways.push(
      `**The baseline is ~${fixed(base.total.mean, 2)} s total** (prefill ${fixed(base.prefill.mean)} s, generation ${fixed(base.generation.mean)} s).`,
    );
  } else {
    takeaways.push(`**The baseline ${code(result.baseline)} has no samples**, so this sweep cannot say whether any variant helps.`);
  }
  if (experiments.length === 0) {
    takeaways.push('**No experiments were measured**: this sweep only establishes the baseline.');
  } else if (base) {
    if (strongest) {
      const d = strongest.delta!.total;
      takeaways.push(`**${code(strongest.name)} is the strongest win**: total ${deltaText(d)}, 95% CI ${ciPct(d)}, ${pClause(d)}.`);
      const others = wins.slice(1);
      if (others.length) takeaways.push(`**Also faster:** ${listInProse(others.map((v) => `${code(v.name)} (${signed(v.delta!.total.pct, 2)}%)`))}.`);
    } else {
      takeaways.push('**No variant is a significant speedup** over the baseline in this sweep.');
    }
    if (regressions.length) {
      takeaways.push(
        `**Regressions:** ${listInProse(regressions.map((v) => `${code(v.name)} (${signed(v.delta?.total?.pct, 2)}% total, ${pClause(v.delta?.total)})`))}: ${regressions.length === 1 ? 'a useful negative result' : 'useful negative results'}.`,
      );
    }
    if (noiseLevel.length) {
      takeaways.push(
        `**Noise-level effects:** ${listInProse(noiseLevel.map((v) => `${code(v.name)} (${signed(v.delta?.total?.pct, 2)}%, CI ${v.delta?.total ? ciPct(v.delta.total) : '—'})`))}: not distinguishable from the baseline at this n.`,
      );
    }
    for (const c of combos) takeaways.push(`**Combination:** ${combinationSentence(c)}`);
  }
  const noisyAll = result.variants.flatMap((v) => noisyMetrics(v).map((n) => `${code(v.name)} ${n.metric}`));
  if (noisyAll.length) takeaways.push(`**Noisy measurements:** ${listInProse(noisyAll)}; their CIs are wide and verdicts less certain.`);
  const missing = experiments.filter((v) => v.n === 0);
  if (missing.length) takeaways.push(`**No samples:** ${listInProse(missing.map((v) => code(v.name)))}.`);
  takeaways.forEach((t, i) => out.push(`${i + 1}. ${t}`));
  out.push('');

  // Next steps
  out.push('## Recommended Next Steps', '');
  const steps: string[] = [];
  if (!base) {
    steps.push(`**Measure the baseline**: rerun the sweep so ${code(result.baseline)} records samples; without them no variant can be judged.`);
  } else if (experiments.length === 0) {
    steps.push('**Add variants to measure** against this baseline; this sweep only establishes it.');
  } else {
    if (strongest) {
      const rest = experiments.filter((v) => v !== strongest && v.n > 0).map((v) => code(v.name));
      steps.push(
        `**Promote ${code(strongest.name)} as the next baseline** (${code(`lab baseline promote ${strongest.name}`)})` +
          (rest.length ? ` and rerun the others on top of it (${listInProse(rest)}) to see which still help.` : '.'),
      );
    } else {
      steps.push(`**Nothing beats the baseline ${code(result.baseline)}** in this sweep: keep it, and look for larger changes.`);
    }
    const resolvable = noiseLevel.filter((v) => isNum(v.delta?.total?.runsToResolve));
    if (resolvable.length) {
      steps.push(
        `**Resolve the noise-level effects with more runs:** ${listInProse(
          resolvable.map((v) => `${code(v.name)} needs ~${v.delta!.total.runsToResolve} runs per variant to resolve its ${signed(v.delta!.total.pct, 2)}% Δ`),
        )} (this sweep ran n=${settings.runs}).`,
      );
    }
    const zero = noiseLevel.filter((v) => !isNum(v.delta?.total?.runsToResolve));
    if (zero.length) steps.push(`**Drop or rethink** ${listInProse(zero.map((v) => code(v.name)))}: no measurable effect.`);
    if (regressions.length) steps.push(`**Keep ${listInProse(regressions.map((v) => code(v.name)))} out of the baseline**, or rework ${regressions.length === 1 ? 'it' : 'them'} before measuring again.`);
  }
  if (noisyAll.length) steps.push('**Re-measure the noisy metrics** with more warm-up runs or on a quieter machine before trusting their verdicts.');
  for (const s of steps) out.push(`- ${s}`);
  out.push('');
  return out.join('\n');
}
