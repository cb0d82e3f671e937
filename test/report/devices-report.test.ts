/**
 * Every report format of a sweep over several devices: the per-device
 * section, the pooled Δ with its heterogeneity, and nothing of it for a sweep
 * on one device.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bestOfGrids } from '../../src/report/best.ts';
import { exporterFor } from '../../src/report/exporter.ts';
import { deviceSection, tau2Text } from '../../src/report/devices-section.ts';
import { CSV_COLUMNS, CSV_DEVICE_COLUMNS } from '../../src/report/formats/csv.ts';
import { visibleWidth } from '../../src/report/formats/terminal-text.ts';
import type { RenderOptions, ReportInput } from '../../src/report/report-input.ts';
import { buildSweepResult, samplesByVariant } from '../../src/sweep/summarize.ts';
import type { SweepResult } from '../../src/sweep/result.ts';
import { deviceStoredSweep, type DeviceSweepOptions } from '../helpers/devices-fixture.ts';
import { markdownRows, parseCsv, tableRows } from './helpers.ts';

const plain: RenderOptions = { color: false, sort: 'run', metric: 'total' };

function input(o: Partial<DeviceSweepOptions> = {}): ReportInput {
  const stored = deviceStoredSweep({
    devices: [{ name: null, speed: 1 }, { name: 'gpu-b', speed: 2 }, { name: 'gpu-c', speed: 1.5 }],
    variants: [{ name: 'fast', ratio: [0.95, 0.95, 0.95] }, { name: 'mixed', ratio: [0.9, 1.0, 0.95] }],
    ...o,
  });
  return { result: buildSweepResult(stored), samples: samplesByVariant(stored), history: [] };
}

function render(format: string, i: ReportInput, options: Partial<RenderOptions> = {}): string {
  return exporterFor(format).render(i, { ...plain, ...options });
}

test('json: each compared variant has devices (one per device and metric) and pooled (one per metric), with the named fields', () => {
  const result = JSON.parse(render('json', input())) as SweepResult;
  const base = result.variants.find((v) => v.name === 'baseline')!;
  assert.ok(!('devices' in base) && !('pooled' in base));
  for (const v of result.variants.filter((x) => x.name !== 'baseline')) {
    assert.equal(v.devices!.length, 9);
    for (const d of v.devices!) for (const key of ['device', 'metric', 'pct', 'ciLow', 'ciHigh', 'n', 'baselineN']) assert.ok(key in d, key);
    assert.deepEqual(v.pooled!.map((p) => p.metric), ['prefill', 'generation', 'total']);
    for (const p of v.pooled!) {
      assert.deepEqual(Object.keys(p).sort(), ['ciHigh', 'ciLow', 'i2', 'k', 'method', 'metric', 'p', 'pct', 'q', 'qP', 'tau2'].sort());
      assert.equal(p.method, 'dl-hksj');
      assert.equal(p.k, 3);
    }
    assert.equal(v.delta!.total.abs, null, 'no one baseline time spans the devices');
    assert.equal(v.delta!.total.pct, v.pooled!.find((p) => p.metric === 'total')!.pct);
  }
});

test('table: the pooled Δ in the delta table, and a per-device section with the pooled row\'s I² and τ²', () => {
  const i = input();
  const out = render('table', i);
  const sections = out.split('\n\n');
  const devices = tableRows(sections.find((s) => s.includes('per device'))!);
  assert.deepEqual(devices[0], ['Variant', 'Device', 'n', 'Base n', 'Δ total % [95% CI]', 'Weight', 'p', 'I²', 'τ²']);
  assert.equal(devices.length, 1 + 2 * 4);
  const pooledMixed = devices[8]!;
  const mixed = i.result.variants.find((v) => v.name === 'mixed')!.pooled!.find((p) => p.metric === 'total')!;
  assert.equal(pooledMixed[1], 'pooled (k=3)');
  assert.equal(pooledMixed[7], `${mixed.i2.toFixed(0)}%`);
  assert.equal(pooledMixed[8], tau2Text(mixed.tau2));
  assert.ok(mixed.i2 > 90);
  assert.deepEqual(devices.slice(1, 5).map((r) => r[0]), ['fast', '', '', ''], 'a variant\'s name on its first row only');
  const main = tableRows(sections[0]!);
  assert.match(main[2]![3]!, /^-4\.\d\d \[/);
  assert.equal(main[2]![4], 'faster');
});

test('table: long variant and device names still fit 120 columns (in colour too), and --wide prints them whole', () => {
  const long = input({
    devices: [{ name: 'NVIDIA H200 141GB HBM3e (cuda:0, host gpu-node-17.cluster.internal)', speed: 1 }, { name: 'NVIDIA H200 141GB HBM3e (cuda:1, host gpu-node-18.cluster.internal)', speed: 1.1 }],
    variants: [{ name: 'wgsl-recorded-split-keys-argmax-wide-norms-in-products', ratio: [0.95, 0.96] }],
  });
  for (const color of [false, true]) {
    for (const line of render('table', long, { color }).split('\n')) assert.ok(visibleWidth(line) <= 120, `${visibleWidth(line)}: ${line}`);
  }
  const out = render('table', long);
  assert.match(out, /names shortened to fit 120 columns/);
  assert.ok(render('table', long, { wide: true }).includes('NVIDIA H200 141GB HBM3e (cuda:1, host gpu-node-18.cluster.internal)'));
});

test('md: the per-device table with a row per device and a pooled row per variant', () => {
  const out = render('md', input());
  const rows = markdownRows(out.slice(out.indexOf('per device')));
  assert.equal(rows.length, 1 + 8);
  assert.deepEqual(rows.filter((r) => r[1] === '**pooled (k=3)**').map((r) => r[0]), ['`fast`', '`mixed`']);
});

test('html: a forest plot (a diamond per pooled variant) and the listing, device names escaped', () => {
  const out = render('html', input({ devices: [{ name: '<b>gpu</b>', speed: 1 }, { name: 'gpu-b', speed: 2 }] }));
  assert.match(out, /<h2>Δ total % per device and pooled<\/h2>/);
  assert.equal(out.match(/<polygon /g)?.length, 2);
  assert.ok(!out.includes('<b>gpu</b>'));
  assert.ok(out.includes('&lt;b&gt;gpu&lt;/b&gt;'));
  assert.equal(out.match(/<table class="delta devices">/g)?.length, 1);
});

test('csv: the device columns after the fixed ones, a row per device under each variant row, the pool\'s heterogeneity on the variant row', () => {
  const i = input();
  const rows = parseCsv(render('csv', i));
  assert.deepEqual(rows[0], [...CSV_COLUMNS, ...CSV_DEVICE_COLUMNS]);
  const col = (name: string) => rows[0]!.indexOf(name);
  const fastTotal = rows.findIndex((r) => r[1] === 'fast' && r[3] === 'total' && r[col('device')] === '');
  const pooled = i.result.variants.find((v) => v.name === 'fast')!.pooled!.find((p) => p.metric === 'total')!;
  assert.equal(Number(rows[fastTotal]![col('i2_pct')]), pooled.i2);
  assert.equal(Number(rows[fastTotal]![col('k_devices')]), 3);
  assert.equal(rows[fastTotal]![col('method')], 'random-effects');
  const perDevice = rows.slice(fastTotal + 1, fastTotal + 4);
  assert.deepEqual(perDevice.map((r) => r[col('device')]), ['NVIDIA H200 (cuda:0)', 'gpu-b', 'gpu-c']);
  for (const r of perDevice) assert.equal(r.length, rows[0]!.length);
  assert.equal(perDevice.reduce((a, r) => a + Number(r[col('weight_pct')]), 0).toFixed(9), '100.000000000');
});

test('a sweep on one device: no per-device section in any format, the CSV with its fixed columns only', () => {
  const one = input({ devices: [{ name: 'gpu-b', speed: 2 }] });
  assert.equal(deviceSection(one.result, plain), null);
  for (const format of ['table', 'md', 'html']) assert.ok(!render(format, one).includes('per device'), format);
  assert.ok(!render('json', one).includes('"pooled"'));
  assert.deepEqual(parseCsv(render('csv', one))[0], [...CSV_COLUMNS]);
});

test('τ² as text: two significant digits, small ones in exponent form', () => {
  assert.equal(tau2Text(0), '0');
  assert.equal(tau2Text(0.0023994), '0.0024');
  assert.equal(tau2Text(0.000012345), '1.2e-5');
  assert.equal(tau2Text(NaN), '—');
});

test('--best over devices: the best point against its defaults per device, pooled, never across devices', () => {
  // The point ran mostly on the slow device, its defaults mostly on the fast one: mixed, the point would look 88% slower.
  const stored = deviceStoredSweep({
    devices: [{ name: 'gpu-fast', speed: 1 }, { name: 'gpu-slow', speed: 2 }],
    variants: [{ name: 'grid', ratio: [1, 1], runs: [10, 3] }, { name: 'grid@k=8', ratio: [0.95, 0.95], runs: [3, 10] }],
  });
  for (const v of stored.variants) {
    if (v.name === 'grid') Object.assign(v, { params: { k: 4 } });
    if (v.name === 'grid@k=8') Object.assign(v, { params: { k: 8 }, pointOf: 'grid' });
  }
  const [best] = bestOfGrids(stored, buildSweepResult(stored));
  assert.equal(best!.best, 'grid@k=8');
  assert.equal(best!.vsDefaults!.method, 'random-effects');
  assert.ok(best!.vsDefaults!.ciLow < -5 && best!.vsDefaults!.ciHigh > -5, JSON.stringify(best!.vsDefaults));
  assert.ok(Math.abs(best!.vsDefaults!.pct + 5) < 1.5, `${best!.vsDefaults!.pct}%`);
});
