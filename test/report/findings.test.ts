import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findCombinations } from '../../src/report/findings-combinations.ts';
import { renderFindings } from '../../src/report/findings.ts';
import { baselineOnlyInput, noBaselineSamplesInput, reportInput } from './fixtures.ts';

/** The text of one `## ` or `### ` section, up to the next heading of the same or a higher level. */
function section(doc: string, heading: string): string {
  const start = doc.indexOf(`\n${heading}\n`);
  assert.ok(start >= 0, `section ${heading}`);
  const level = heading.split(' ')[0]!;
  const rest = doc.slice(start + heading.length + 2);
  const next = rest.search(new RegExp(`^#{2,${level.length}} `, 'm'));
  return next < 0 ? rest : rest.slice(0, next);
}

test('findings has the seed document shape: title, setup, baseline, experiments, takeaways, next steps', () => {
  const doc = renderFindings(reportInput());
  assert.ok(doc.startsWith('# Sweep Findings: attention-rerun\n'));
  const headings = doc.split('\n').filter((l) => l.startsWith('#'));
  assert.deepEqual(headings, [
    '# Sweep Findings: attention-rerun',
    '## Measurement Setup',
    '## Baseline',
    '## Results vs the Baseline',
    '### 1) batched-attention',
    '### 2) no-outer-map',
    '### 3) fused-qkv',
    '### 4) batched-no-outer-map',
    '## Key Takeaways',
    '## Recommended Next Steps',
  ]);
});

test('the measurement setup records the command, harness, settings and environment', () => {
  const s = section(renderFindings(reportInput()), '## Measurement Setup');
  assert.ok(s.includes('- Command: `lab sweep --runs 5 --baseline prefill-scan --variants all`'));
  assert.ok(s.includes('- Harness: `lab sweep`'));
  for (const bit of [
    'model `small`', 'backend `cpu`', 'device Intel(R) Xeon(R) CPU @ 2.20GHz', 'prompt length 64', 'generation length 32', 'n=5 runs',
    '1 warm-up', 'seed 42', '(16 cores)', '64.0 GiB memory', 'linux 6.1.0 x64', 'Node v20.19.0', 'TF.js 4.22.0',
    'git `0123456789abcdef0123456789abcdef01234567`', '- Git: each variant ran from its own experiment commit',
    '|Δ| ≤ 0.5% counts as no significant change',
  ]) {
    assert.ok(s.includes(bit), bit);
  }
  assert.ok(s.includes('All experiments below are **n=5** runs per variant.'));
});

test('the baseline section gives prefill, generation and total mean ± std', () => {
  const s = section(renderFindings(reportInput()), '## Baseline');
  assert.ok(s.includes('**Baseline = `prefill-scan`**'));
  assert.ok(s.includes('- Prefill: **0.277 ± 0.006 s**'));
  assert.ok(s.includes('- Generation: **0.596 ± 0.003 s**'));
  assert.ok(s.includes('- Total: **0.873 ± 0.007 s**'));
});

test('an experiment section gives its values and the delta vs baseline with CI and p', () => {
  const s = section(renderFindings(reportInput()), '### 1) batched-attention');
  assert.ok(s.includes('Changes vs baseline: `attention=batched`'));
  assert.ok(s.includes('- Total: **0.828 ± 0.026 s**'));
  assert.ok(s.includes('**Delta vs baseline:**'));
  assert.ok(s.includes('- Total: **-0.045 s (-5.16%)**, 95% CI [-6.10%, -4.22%], p=0.0012'));
  assert.ok(s.includes('- Generation: **-0.051 s (-8.56%)**'));
  assert.ok(s.includes('- Prefill: **+0.006 s (+2.17%)**'));
});

test('a faster variant is called a real speedup, and the strongest win says so', () => {
  const doc = renderFindings(reportInput());
  const s = section(doc, '### 1) batched-attention');
  assert.ok(s.includes('**Interpretation:** A real speedup: total 5.16% faster (95% CI [-6.10%, -4.22%]), p=0.0012, the strongest win of this sweep.'));
  const other = section(doc, '### 4) batched-no-outer-map');
  assert.ok(other.includes('A real speedup: total 4.58% faster'));
  assert.ok(!other.includes('strongest win'));
});

test('a slower variant is called a regression and a useful negative result', () => {
  const s = section(renderFindings(reportInput()), '### 3) fused-qkv');
  assert.ok(s.includes('**Interpretation:** A regression: total 0.92% slower (95% CI [+0.20%, +1.64%]), p=0.021.'));
  assert.ok(s.includes('a useful negative result'));
});

test('a noise-level variant is within the noise envelope with its runs-to-resolve hint', () => {
  const s = section(renderFindings(reportInput()), '### 2) no-outer-map');
  assert.ok(s.includes('**Interpretation:** Within the noise envelope (CI spans zero: [-1.10%, +0.42%], p=0.31)'));
  assert.ok(s.includes('About 38 runs per variant would resolve a Δ of -0.34%.'));
});

test('noisy metrics are called out in the interpretation', () => {
  const s = section(renderFindings(reportInput()), '### 4) batched-no-outer-map');
  assert.ok(s.includes('- Generation: **0.555 ± 0.019 s** (noisy: cv 3.4% above 2% (2 outliers))'));
  assert.match(s, /Caution: generation \(cv 3\.4% above 2% \(2 outliers\)\) is flagged noisy/);
});

test('a variant whose changed slots cover two others is found as their combination', () => {
  const combos = findCombinations(reportInput().result);
  assert.equal(combos.length, 1);
  assert.equal(combos[0]!.variant.name, 'batched-no-outer-map');
  assert.deepEqual(combos[0]!.parts.map((p) => p.name), ['batched-attention', 'no-outer-map']);
  assert.equal(combos[0]!.bestPart?.name, 'batched-attention');
});

test('key takeaways name the strongest win, regressions, noise-level effects and the combination', () => {
  const s = section(renderFindings(reportInput()), '## Key Takeaways');
  assert.ok(s.includes('1. **The baseline is ~0.87 s total**'));
  assert.ok(s.includes('**`batched-attention` is the strongest win**: total -0.045 s (-5.16%)'));
  assert.ok(s.includes('**Regressions:** `fused-qkv` (+0.92% total, p=0.021)'));
  assert.ok(s.includes('**Noise-level effects:** `no-outer-map` (-0.34%'));
  assert.ok(
    s.includes('`batched-no-outer-map` combines `batched-attention` and `no-outer-map` and does worse than its best part, `batched-attention`: -4.58% vs -5.16% total'),
  );
  assert.ok(s.includes('**Noisy measurements:** `batched-no-outer-map` generation'));
});

test('a combination that beats its best part says it does better', () => {
  const input = reportInput();
  const combo = input.result.variants.find((v) => v.name === 'batched-no-outer-map')!;
  combo.delta!.total.pct = -7.5;
  combo.delta!.total.ciLow = -9;
  combo.delta!.total.ciHigh = -6.5;
  const s = section(renderFindings(input), '## Key Takeaways');
  assert.ok(s.includes('does better than its best part, `batched-attention`: -7.50% vs -5.16% total (their CIs do not overlap)'));
});

test('next steps promote the winner, rerun the others on top and give the runs that would resolve noise', () => {
  const s = section(renderFindings(reportInput()), '## Recommended Next Steps');
  assert.ok(s.includes('**Promote `batched-attention` as the next baseline** (`lab baseline promote batched-attention`)'));
  assert.ok(s.includes('rerun the others on top of it (`no-outer-map`, `fused-qkv` and `batched-no-outer-map`)'));
  assert.ok(s.includes('`no-outer-map` needs ~38 runs per variant to resolve its -0.34% Δ'));
});

test('when nothing wins, the next steps say so and promote nothing', () => {
  const input = reportInput();
  input.result.variants = input.result.variants.filter((v) => v.verdict !== 'faster');
  const doc = renderFindings(input);
  assert.ok(section(doc, '## Key Takeaways').includes('**No variant is a significant speedup**'));
  const steps = section(doc, '## Recommended Next Steps');
  assert.ok(steps.includes('**Nothing beats the baseline `prefill-scan`**'));
  assert.ok(!steps.includes('lab baseline promote'));
  assert.ok(!doc.includes('strongest win'));
});

test('a sweep with only the baseline says there is nothing to compare', () => {
  const doc = renderFindings(baselineOnlyInput());
  assert.ok(section(doc, '## Baseline').includes('- Total: **0.873 ± 0.007 s**'));
  assert.ok(section(doc, '## Results vs the Baseline').includes('Only the baseline was measured'));
  assert.ok(section(doc, '## Recommended Next Steps').includes('Add variants'));
});

test('a sweep without baseline samples says what is missing instead of crashing', () => {
  const doc = renderFindings(noBaselineSamplesInput());
  assert.ok(doc.includes("the sweep's status is **interrupted**"));
  assert.ok(doc.includes('**Notes from the sweep:**\n\n- the sweep was interrupted before baseline prefill-scan ran: no deltas'));
  assert.ok(section(doc, '## Baseline').includes('**The baseline `prefill-scan` has no samples**'));
  assert.ok(section(doc, '### 1) batched-attention').includes('No comparison is possible: the baseline has no samples.'));
  assert.ok(section(doc, '## Recommended Next Steps').includes('**Measure the baseline**'));
  assert.ok(!doc.includes('NaN') && !doc.includes('undefined'));
});

test('a result from JSON with null numbers (NaN serialised) renders dashes, not NaN', () => {
  const input = reportInput();
  const v = input.result.variants[2]!;
  v.delta!.total.p = Number.NaN;
  v.total.std = Number.NaN;
  input.result = JSON.parse(JSON.stringify(input.result));
  const doc = renderFindings(input);
  assert.ok(!doc.includes('NaN') && !doc.includes('null'));
  assert.ok(doc.includes('- Total: **0.870 ± — s**'));
});
