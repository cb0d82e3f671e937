/**
 * The random-effects pool against a published worked example: the 13 BCG
 * vaccine trials (Colditz et al. 1994; metafor's dat.bcg), log risk ratios
 * and their variances computed here from the 2×2 counts as metafor's
 * escalc(measure="RR") does. The expected figures are metafor's printed
 * output for rma(yi, vi, method="DL") (test="z", and test="knha").
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chiSquareUpperTail } from '../../src/stats/distributions.ts';
import { derSimonianLaird, randomEffects, studiesFromSe, type Study } from '../../src/stats/random-effects.ts';

/** [vaccinated TB+, vaccinated TB−, control TB+, control TB−] per trial, dat.bcg's tpos, tneg, cpos, cneg. */
const BCG: [number, number, number, number][] = [
  [4, 119, 11, 128], [6, 300, 29, 274], [3, 228, 11, 209], [62, 13536, 248, 12619], [33, 5036, 47, 5761],
  [180, 1361, 372, 1079], [8, 2537, 10, 619], [505, 87886, 499, 87892], [29, 7470, 45, 7232], [17, 1699, 65, 1600],
  [186, 50448, 141, 27197], [5, 2493, 3, 2338], [27, 16886, 29, 17825],
];

const bcgStudies: Study[] = BCG.map(([a, b, c, d]) => ({
  estimate: Math.log(a / (a + b) / (c / (c + d))),
  variance: 1 / a - 1 / (a + b) + 1 / c - 1 / (c + d),
}));

/** |actual − expected| within half a unit of the published figure's last digit. */
function near(actual: number, expected: number, digits: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= 0.5 * 10 ** -digits + 1e-12, `${what}: ${actual} is not ${expected} to ${digits} digits`);
}

test('BCG: the log risk ratios match metafor escalc (trials 1, 8 and 12)', () => {
  near(bcgStudies[0]!.estimate, -0.8893, 4, 'yi 1');
  near(bcgStudies[0]!.variance, 0.3256, 4, 'vi 1');
  near(bcgStudies[7]!.estimate, 0.012, 4, 'yi 8');
  near(bcgStudies[11]!.estimate, 0.4459, 4, 'yi 12');
  near(bcgStudies[11]!.variance, 0.5325, 4, 'vi 12');
});

test('BCG: DerSimonian-Laird with the Wald CI reproduces metafor rma(method="DL")', () => {
  const r = randomEffects(bcgStudies, { ci: 'wald' });
  assert.equal(r.k, 13);
  assert.equal(r.ci, 'wald');
  near(r.estimate, -0.7141, 4, 'estimate');
  near(r.se, 0.1787, 4, 'se');
  near(r.ciLow, -1.0644, 4, 'ci.lb');
  near(r.ciHigh, -0.3638, 4, 'ci.ub');
  near(r.tau2, 0.3088, 4, 'tau^2');
  near(r.tau, 0.5557, 4, 'tau');
  near(r.q, 152.233, 4, 'Q');
  assert.equal(r.qDf, 12);
  assert.ok(r.qP < 0.0001);
  near(r.i2, 92.12, 2, 'I^2');
  near(r.h2, 12.69, 2, 'H^2');
  near(r.estimate / r.se, -3.9952, 4, 'zval');
  assert.ok(r.p < 0.0001);
  near(r.fixedEstimate, -0.4303, 4, 'equal-effects estimate');
  near(r.fixedSe, 0.0405, 4, 'equal-effects se');
  near(r.weights.reduce((a, b) => a + b, 0), 1, 12, 'weights sum');
});

test('BCG: HKSJ (unfloored) reproduces metafor rma(method="DL", test="knha"); the floor changes nothing here (q > 1)', () => {
  const r = randomEffects(bcgStudies, { ci: 'hksj', hksjFloor: false });
  assert.equal(r.ci, 'hksj');
  assert.equal(r.df, 12);
  near(r.se, 0.1807, 4, 'se');
  near(r.estimate / r.se, -3.952, 4, 'tval');
  near(r.p, 0.0019, 4, 'pval');
  near(r.ciLow, -1.1078, 4, 'ci.lb');
  near(r.ciHigh, -0.3204, 4, 'ci.ub');
  assert.deepEqual(randomEffects(bcgStudies), r, 'the default is HKSJ, and with q > 1 the floor is inactive');
});

test('chi-square upper tail: known quantiles', () => {
  near(chiSquareUpperTail(3.841458820694124, 1), 0.05, 10, 'chi2(1) 95%');
  near(chiSquareUpperTail(21.02606981748307, 12), 0.05, 10, 'chi2(12) 95%');
});

test('k = 1 pools nothing: the study itself with a normal CI, no heterogeneity', () => {
  const r = randomEffects([{ estimate: -0.05, variance: 0.0001 }]);
  assert.equal(r.ci, 'single');
  assert.equal(r.estimate, -0.05);
  near(r.se, 0.01, 12, 'se');
  near(r.ciLow, -0.05 - 1.959963984540054 * 0.01, 12, 'ci low');
  assert.deepEqual([r.tau2, r.q, r.qDf, r.qP, r.i2, r.h2], [0, 0, 0, 1, 0, 1]);
});

test('studies that agree more than their variances say: τ² truncated at 0, I² = 0, the pool is the fixed effect', () => {
  const studies = studiesFromSe([0.1, 0.11, 0.09], [0.05, 0.05, 0.05]);
  const { tau2, q } = derSimonianLaird(studies);
  assert.ok(q < 2, `Q ${q} is below its df`);
  assert.equal(tau2, 0);
  const r = randomEffects(studies);
  assert.equal(r.i2, 0);
  assert.equal(r.h2, 1);
  near(r.estimate, 0.1, 12, 'estimate');
  near(r.estimate, r.fixedEstimate, 12, 'random = fixed when τ² = 0');
  // The floor: HKSJ's se is at least the Wald se.
  near(r.se, r.fixedSe, 12, 'floored se');
  const unfloored = randomEffects(studies, { hksjFloor: false });
  assert.ok(unfloored.se < r.se, 'without the floor the interval would be narrower than the Wald one');
});

test('identical studies: Q = 0, and only the floor keeps the HKSJ interval from collapsing to a point', () => {
  const studies = studiesFromSe([0.2, 0.2, 0.2, 0.2], [0.1, 0.1, 0.1, 0.1]);
  const r = randomEffects(studies);
  assert.ok(r.q < 1e-20, `Q ${r.q}`); // 0 up to rounding
  assert.equal(r.tau2, 0);
  assert.equal(r.i2, 0);
  near(r.qP, 1, 12, 'Q p');
  near(r.se, 0.05, 12, 'se = 0.1 / √4');
  assert.ok(r.ciLow < 0.2 && r.ciHigh > 0.2);
  const unfloored = randomEffects(studies, { hksjFloor: false });
  assert.ok(unfloored.se < 1e-12, `unfloored se ${unfloored.se}`);
  assert.ok(unfloored.ciHigh - unfloored.ciLow < 1e-10);
});

test('two devices with truly different effects: τ² > 0, high I², and HKSJ on 1 df is wide', () => {
  const studies = studiesFromSe([Math.log(0.9), Math.log(1.0)], [0.005, 0.005]);
  const r = randomEffects(studies);
  assert.ok(r.i2 > 95, `I² ${r.i2}`);
  assert.ok(r.tau2 > 0);
  assert.ok(r.qP < 0.001);
  near(r.estimate, (Math.log(0.9) + Math.log(1.0)) / 2, 12, 'equal weights: the mean');
  const wald = randomEffects(studies, { ci: 'wald' });
  assert.ok(r.ciHigh - r.ciLow > 5 * (wald.ciHigh - wald.ciLow), 'the t on 1 df (12.7) against z (1.96)');
  assert.ok(r.ciHigh > 0, 'two devices that disagree do not settle a 5% mean effect');
});

test('bad input throws', () => {
  assert.throws(() => randomEffects([]), /no studies/);
  assert.throws(() => randomEffects([{ estimate: 0, variance: 0 }]), /variances/);
  assert.throws(() => randomEffects([{ estimate: NaN, variance: 1 }]), /finite/);
  assert.throws(() => randomEffects([{ estimate: 0, variance: 1 }], { alpha: 1 }), /alpha/);
  assert.throws(() => studiesFromSe([1], []), /standard errors/);
});
