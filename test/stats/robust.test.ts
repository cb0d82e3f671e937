import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareShift } from '../../src/stats/compare-shift.ts';
import { pairedRankSumP, pairedRankSumShift, processLevelShift, rankSumShift, shiftPct } from '../../src/stats/robust.ts';
import { clopperPearson } from '../../src/stats/proportion.ts';
import { CPU_MODEL, GPU_MODEL, pairedSamples } from '../helpers/noise-models.ts';

const close = (actual: number, expected: number, tol: number, what = '') =>
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} is not within ${tol} of ${expected}`);

test('the paired rank-sum p is the exact share of the 2^n relabellings of the pairs at least as extreme (brute force)', () => {
  for (const seed of [1, 2, 3]) {
    const { baseline, candidate } = pairedSamples(CPU_MODEL, 9, 2, seed);
    const lb = baseline.map(Math.log);
    const lc = candidate.map(Math.log);
    const all = [...lc, ...lb];
    const rank = (x: number) => all.filter((y) => y < x).length + 1; // no ties in continuous samples
    const rc = lc.map(rank);
    const rb = lb.map(rank);
    const observed = rc.reduce((a, b) => a + b, 0);
    const centre = rc.reduce((a, x, i) => a + (x + rb[i]!) / 2, 0);
    let extreme = 0;
    for (let mask = 0; mask < 2 ** 9; mask++) {
      const w = rc.reduce((a, x, i) => a + ((mask >> i) & 1 ? rb[i]! : x), 0);
      if (Math.abs(w - centre) >= Math.abs(observed - centre) - 1e-9) extreme++;
    }
    // The distribution is symmetric about its centre, so twice the smaller tail is the share at least as far out.
    close(pairedRankSumP(lb, lc, 0), extreme / 2 ** 9, 1e-12, `seed ${seed}`);
  }
});

test("the unpaired rank-sum test and two-sample Hodges-Lehmann interval agree with scipy and an exact enumeration", () => {
  // scipy 1.17: mannwhitneyu(log(y), log(x), method='exact').pvalue = 0.2544122544122544; the median of the 50
  // log differences -0.27137518778627184; the interval from the exact U distribution (all C(15, 5) labellings)
  // is the 9th smallest and largest difference: [-0.6726686492164047, 0.15139964645536838].
  const x = [0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46];
  const y = [1.15, 0.88, 0.9, 0.74, 1.21];
  const r = rankSumShift(x, y);
  close(r.p, 0.2544122544122544, 1e-12, 'p');
  close(r.estimate, -0.27137518778627184, 1e-12, 'estimate');
  close(r.low, -0.6726686492164047, 1e-12, 'low');
  close(r.high, 0.15139964645536838, 1e-12, 'high');
});

test('the paired interval excludes 0 exactly when p < alpha, exact (n <= 30) and approximate', () => {
  for (const [n, seed] of [[8, 1], [12, 2], [30, 3], [60, 4]] as const) {
    for (let shift = -3; shift <= 3; shift += 0.5) {
      const { baseline, candidate } = pairedSamples(GPU_MODEL, n, shift * 0.2, seed * 100 + shift * 10);
      const r = pairedRankSumShift(baseline, candidate);
      assert.equal(r.low > 0 || r.high < 0, r.p < 0.05, `n=${n} shift=${shift}: p=${r.p}, CI [${r.low}, ${r.high}]`);
      assert.ok(r.low <= r.estimate && r.estimate <= r.high);
    }
  }
});

/** Over `trials` synthetic sweeps: the share that call a change, and the share whose CI covers the true shift. */
function simulate(model: typeof GPU_MODEL, n: number, truePct: number, trials: number, stat: 'robust' | 'mean', paired = true) {
  let called = 0;
  let covered = 0;
  for (let t = 0; t < trials; t++) {
    const { baseline, candidate } = pairedSamples(model, n, truePct, 10_000 + t);
    const d = compareShift({ baseline, candidate, pairs: paired ? { baseline, candidate, process: baseline.map(() => 0) } : null, processes: null }, { stat, noiseThresholdPct: 0 });
    if (d.verdict !== 'no significant change') called++;
    if (d.ciLow <= truePct && truePct <= d.ciHigh) covered++;
  }
  return { called: called / trials, covered: covered / trials, calledCount: called };
}

test('A/A on the GPU and CPU noise models: at most 5% false verdicts, paired or not', () => {
  for (const model of [GPU_MODEL, CPU_MODEL]) {
    for (const paired of [true, false]) {
      const r = simulate(model, 10, 0, 1000, 'robust', paired);
      const ci = clopperPearson(r.calledCount, 1000);
      assert.ok(r.called <= 0.05 && ci.low <= 0.05, `${model.name} ${paired ? 'paired' : 'unpaired'}: ${r.called}`);
    }
  }
});

test('the robust interval covers a planted shift at least 94% of the time on both noise models', () => {
  for (const model of [GPU_MODEL, CPU_MODEL]) {
    for (const pct of [-3, 2, 5]) {
      const r = simulate(model, 10, pct, 1000, 'robust');
      assert.ok(r.covered >= 0.94, `${model.name} ${pct}%: coverage ${r.covered}`);
    }
  }
});

test('on the GPU model the robust comparison resolves a 3% change at n = 10 where Welch on means mostly cannot', () => {
  const robust = simulate(GPU_MODEL, 10, 3, 400, 'robust');
  const welch = simulate(GPU_MODEL, 10, 3, 400, 'mean');
  assert.ok(robust.called >= 0.85, `robust detects ${robust.called}`);
  assert.ok(welch.called <= 0.5, `Welch detects ${welch.called}`);
});

test('on the CPU model (drift and tails) the pairing helps: a 2% change at n = 30 is found more often than unpaired', () => {
  const paired = simulate(CPU_MODEL, 30, 2, 400, 'robust', true);
  const unpaired = simulate(CPU_MODEL, 30, 2, 400, 'robust', false);
  assert.ok(paired.called >= 0.85, `paired detects ${paired.called}`);
  assert.ok(paired.called > unpaired.called + 0.03, `paired ${paired.called} vs unpaired ${unpaired.called}`);
});

test('processes as the unit: Student t over per-process estimates, df = processes - 1', () => {
  const r = processLevelShift([0.01, 0.012, 0.008, 0.011]);
  close(r.estimate, 0.01025, 1e-12, 'mean');
  // sd 0.0017078, se 0.00085391, t(0.975, 3) = 3.1824
  close(r.high - r.estimate, 3.182446 * 0.000853913, 1e-8, 'half width');
  assert.ok(r.p < 0.01);
  assert.equal(r.method, 'process-t');
  assert.throws(() => processLevelShift([0.1]), /at least 2 processes/);
});

test('compareShift: log shifts read as percent, with the means beside and the method named', () => {
  const baseline = [1, 1.01, 0.99, 1.02, 0.98, 1, 1.01, 0.99];
  const candidate = baseline.map((b) => b * 1.05);
  const d = compareShift({ baseline, candidate, pairs: { baseline, candidate, process: baseline.map(() => 0) }, processes: null });
  close(d.pct, 5, 1e-9, 'pct');
  close(d.meanPct!, 5, 1e-9, 'meanPct');
  assert.equal(d.method, 'paired-rank-sum');
  assert.equal(d.verdict, 'slower');
  assert.equal(d.resolved, true);
  close(shiftPct(Math.log(1.05)), 5, 1e-12);
  const equal = compareShift({ baseline, candidate: [...baseline], pairs: { baseline, candidate: [...baseline], process: baseline.map(() => 0) }, processes: null });
  assert.equal(equal.verdict, 'no significant change');
  assert.equal(equal.p, 1);
});

test('a CI inside the noise threshold resolves "no change"; one straddling it does not', () => {
  const { baseline, candidate } = pairedSamples(GPU_MODEL, 20, 0, 5);
  const tight = compareShift({ baseline, candidate, pairs: { baseline, candidate, process: baseline.map(() => 0) }, processes: null }, { noiseThresholdPct: 1 });
  assert.equal(tight.verdict, 'no significant change');
  assert.equal(tight.resolved, true, `CI [${tight.ciLow}, ${tight.ciHigh}]`);
  const few = pairedSamples(CPU_MODEL, 6, 0, 6);
  const loose = compareShift({ ...few, pairs: { ...few, process: few.baseline.map(() => 0) }, processes: null }, { noiseThresholdPct: 1 });
  assert.equal(loose.resolved, false, `CI [${loose.ciLow}, ${loose.ciHigh}]`);
});
