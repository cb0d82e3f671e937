/**
 * Sweeps over several devices (src/sweep/judge-devices.ts): synthetic stored
 * sweeps whose devices differ in speed and whose variants have a known true
 * effect per device.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countedSamples, judgeVariant } from '../../src/sweep/judge.ts';
import { deviceOf, devicesOf, deviceStudy } from '../../src/sweep/judge-devices.ts';
import { buildSweepResult } from '../../src/sweep/summarize.ts';
import type { PooledDelta, SweepResult, VariantResult } from '../../src/sweep/result.ts';
import { deviceStoredSweep, ENVIRONMENT_DEVICE, type FixtureDevice } from '../helpers/devices-fixture.ts';

const THREE: FixtureDevice[] = [
  { name: null, speed: 1 },
  { name: 'gpu-b', speed: 2 },
  { name: 'gpu-c', speed: 1.5 },
];

function variant(result: SweepResult, name: string): VariantResult {
  return result.variants.find((v) => v.name === name)!;
}

function pooledTotal(v: VariantResult): PooledDelta {
  return v.pooled!.find((p) => p.metric === 'total')!;
}

const JUDGE = { stat: 'robust' as const, alpha: 0.05, noiseThresholdPct: 1, perProcess: false };

test('a sample without a device is the environment\'s device', () => {
  assert.equal(deviceOf({ device: null }, 'env'), 'env');
  assert.equal(deviceOf({ device: undefined }, 'env'), 'env');
  assert.equal(deviceOf({ device: 'gpu-b' }, 'env'), 'gpu-b');
  assert.deepEqual(devicesOf([{ device: null }, { device: 'b' }, { device: 'env' }, {}], 'env'), ['env', 'b']);
});

test('a device\'s study: the log ratio, and the variance its CI implies', () => {
  const s = deviceStudy({ abs: 0, pct: -5, ciLow: -6, ciHigh: -4, p: 0.01, verdict: 'faster', runsToResolve: null, alpha: 0.05 }, 0.05)!;
  assert.equal(s.estimate, Math.log1p(-0.05));
  const se = (Math.log1p(-0.04) - Math.log1p(-0.06)) / (2 * 1.959963984540054);
  assert.ok(Math.abs(s.variance - se * se) < 1e-15);
  assert.equal(deviceStudy({ abs: 0, pct: 0, ciLow: -100, ciHigh: 1, p: 1, verdict: 'no significant change', runsToResolve: null }, 0.05), null);
});

test('(a) devices 2× apart in speed, no true effect, unpaired and unevenly spread: pooled ≈ 0%, while mixing the devices shows a spurious slowdown', () => {
  // The variant ran mostly on the slow device, the baseline evenly: any comparison across devices sees the device.
  const stored = deviceStoredSweep({
    devices: [{ name: 'gpu-fast', speed: 1 }, { name: 'gpu-slow', speed: 2 }],
    variants: [{ name: 'same', runs: [2, 18] }],
    baselineRuns: [14, 6],
    paired: false,
  });
  const mixed = judgeVariant(countedSamples(stored), 'baseline', 'same', JUDGE)!;
  assert.ok(mixed.delta.total.pct > 20, `the samples of both devices together: ${mixed.delta.total.pct}%`);
  assert.equal(mixed.delta.total.verdict, 'slower');

  const v = variant(buildSweepResult(stored), 'same');
  const pooled = pooledTotal(v);
  assert.ok(Math.abs(pooled.pct) < 1, `pooled ${pooled.pct}%`);
  assert.ok(pooled.ciLow < 0 && pooled.ciHigh > 0, `CI [${pooled.ciLow}, ${pooled.ciHigh}] covers 0`);
  assert.equal(v.verdict, 'no significant change');
  assert.equal(v.delta!.total.pct, pooled.pct, 'the pooled Δ is the variant\'s Δ');
  assert.equal(v.delta!.total.method, 'random-effects');
  const devices = v.devices!.filter((d) => d.metric === 'total');
  assert.deepEqual(devices.map((d) => [d.device, d.n, d.baselineN]), [['gpu-fast', 2, 14], ['gpu-slow', 18, 6]]);
  for (const d of devices) assert.ok(Math.abs(d.pct) < 2, `${d.device}: ${d.pct}%`);
});

test('(a) paired blocks whose ids collide across devices: a block\'s partner is looked up on its own device', () => {
  const stored = deviceStoredSweep({ devices: [{ name: 'gpu-fast', speed: 1 }, { name: 'gpu-slow', speed: 2 }], variants: [{ name: 'same' }], collidingBlocks: true });
  const mixed = judgeVariant(countedSamples(stored), 'baseline', 'same', JUDGE)!;
  // Across devices the colliding ids pair the fast device's variant runs with the slow device's baseline runs.
  assert.ok(Math.abs(mixed.delta.total.pct) > 10, `pairs across devices: ${mixed.delta.total.pct}%`);
  const v = variant(buildSweepResult(stored), 'same');
  assert.ok(Math.abs(pooledTotal(v).pct) < 1, `pooled ${pooledTotal(v).pct}%`);
  for (const d of v.devices!) assert.equal(d.n, 12, 'every pair found on its own device');
});

test('(b) a planted −5% on three devices of different speeds: each device sees it, the pooled CI covers it, little heterogeneity', () => {
  for (const seed of [1, 2, 3]) {
    const v = variant(buildSweepResult(deviceStoredSweep({ devices: THREE, variants: [{ name: 'fast', ratio: [0.95, 0.95, 0.95] }], seed })), 'fast');
    const pooled = pooledTotal(v);
    assert.equal(pooled.k, 3);
    assert.equal(pooled.method, 'dl-hksj');
    assert.ok(pooled.ciLow < -5 && pooled.ciHigh > -5, `seed ${seed}: CI [${pooled.ciLow}, ${pooled.ciHigh}] covers -5`);
    assert.ok(Math.abs(pooled.pct + 5) < 0.5, `seed ${seed}: ${pooled.pct}%`);
    assert.equal(v.verdict, 'faster');
    // With k = 3 I² itself is noisy (seed 1: 55%); what must hold is that Q finds no heterogeneity that is not there.
    assert.ok(pooled.qP > 0.05 && pooled.i2 < 90, `seed ${seed}: I² ${pooled.i2}, Q p ${pooled.qP}`);
    const devices = v.devices!.filter((d) => d.metric === 'total');
    assert.deepEqual(devices.map((d) => d.device), [ENVIRONMENT_DEVICE, 'gpu-b', 'gpu-c']);
    for (const d of devices) assert.ok(d.ciLow < -5 && d.ciHigh > -5 - 1 && d.verdict === 'faster', `${d.device}: ${d.pct}% [${d.ciLow}, ${d.ciHigh}]`);
    assert.ok(Math.abs(devices.reduce((a, d) => a + d.weightPct!, 0) - 100) < 1e-9);
  }
});

test('over 40 seeded sweeps: the pooled CI covers the planted −5% every time, Q rejects at about its level, and a null variant is never called', () => {
  let covered = 0;
  let heterogeneous = 0;
  let falseVerdicts = 0;
  for (let seed = 101; seed <= 140; seed++) {
    const r = buildSweepResult(deviceStoredSweep({ devices: THREE, variants: [{ name: 'fast', ratio: [0.95, 0.95, 0.95] }, { name: 'same' }], seed, runs: 8 }));
    const p = pooledTotal(variant(r, 'fast'));
    if (p.ciLow < -5 && p.ciHigh > -5) covered++;
    if (p.qP < 0.05) heterogeneous++;
    if (variant(r, 'same').verdict !== 'no significant change') falseVerdicts++;
  }
  assert.ok(covered >= 38, `covered ${covered} of 40`);
  assert.ok(heterogeneous <= 6, `Q p < 0.05 in ${heterogeneous} of 40 with no true heterogeneity`);
  assert.ok(falseVerdicts <= 2, `${falseVerdicts} false verdicts of 40`);
});

test('(c) an effect that truly differs by device (−10%, 0%, −5%): high I², τ² > 0, and a CI as wide as that disagreement', () => {
  const v = variant(buildSweepResult(deviceStoredSweep({ devices: THREE, variants: [{ name: 'mixed', ratio: [0.9, 1.0, 0.95] }] })), 'mixed');
  const pooled = pooledTotal(v);
  assert.ok(pooled.i2 > 90, `I² ${pooled.i2}`);
  assert.ok(pooled.tau2 > 0.001, `τ² ${pooled.tau2}`);
  assert.ok(pooled.qP < 0.001);
  assert.ok(Math.abs(pooled.pct + 5) < 1, `pooled ${pooled.pct}%`);
  assert.ok(pooled.ciLow < -10 && pooled.ciHigh > 0, `CI [${pooled.ciLow}, ${pooled.ciHigh}] spans the devices' effects`);
  const byDevice = Object.fromEntries(v.devices!.filter((d) => d.metric === 'total').map((d) => [d.device, d.pct]));
  assert.ok(Math.abs(byDevice[ENVIRONMENT_DEVICE]! + 10) < 1 && Math.abs(byDevice['gpu-b']!) < 1 && Math.abs(byDevice['gpu-c']! + 5) < 1, JSON.stringify(byDevice));
});

test('a variant measured on one device only pools nothing: its Δ is that device\'s own, k = 1', () => {
  const stored = deviceStoredSweep({ devices: THREE, variants: [{ name: 'fast', ratio: [0.95, 0.95, 0.95] }, { name: 'only-b', ratio: [1, 0.9, 1], runs: [0, 12, 0] }] });
  const v = variant(buildSweepResult(stored), 'only-b');
  assert.equal(pooledTotal(v).k, 1);
  assert.equal(pooledTotal(v).method, 'single');
  assert.equal(v.delta!.total.method, 'paired-rank-sum');
  assert.equal(v.delta!.total.pct, v.devices!.find((d) => d.metric === 'total')!.pct);
  assert.equal(v.verdict, 'faster');
});

test('(d) a sweep on one device: no devices, no pooled, and the same result whether the device is null, the environment\'s or another name', () => {
  const one = (name: string | null) => buildSweepResult(deviceStoredSweep({ devices: [{ name, speed: 1 }], variants: [{ name: 'fast', ratio: [0.95] }] }));
  const base = one(null);
  for (const v of base.variants) assert.ok(!('devices' in v) && !('pooled' in v), v.name);
  assert.equal(variant(base, 'fast').delta!.total.method, 'paired-rank-sum');
  assert.deepEqual(one(ENVIRONMENT_DEVICE), base);
  assert.deepEqual(one('gpu-elsewhere'), base);
  assert.ok(!base.notes.some((n) => n.includes('devices')));
});

test('Holm over a multi-device sweep adjusts the pooled p-values and names no runs to resolve', () => {
  const stored = deviceStoredSweep({ devices: THREE, variants: [{ name: 'fast', ratio: [0.95, 0.95, 0.95] }, { name: 'same' }] });
  const r = buildSweepResult(stored, { correction: 'holm' });
  for (const name of ['fast', 'same']) {
    const d = variant(r, name).delta!.total;
    assert.ok(d.pAdjusted !== undefined && d.pAdjusted >= d.p, name);
    assert.equal(d.runsToResolve, null);
  }
  assert.equal(variant(r, 'fast').verdict, 'faster');
});
