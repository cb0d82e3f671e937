import { test } from 'node:test';
import assert from 'node:assert/strict';
import { METRICS } from '../../src/sweep/result.ts';
import type { SweepResult } from '../../src/sweep/result.ts';
import { CSV_COLUMNS, renderCsv } from '../../src/report/formats/csv.ts';
import { renderJson } from '../../src/report/formats/json.ts';
import type { RenderOptions } from '../../src/report/report-input.ts';
import { noBaselineSamplesInput, reportInput } from './fixtures.ts';
import { parseCsv } from './helpers.ts';

const plain: RenderOptions = { color: false, sort: 'delta', metric: 'generation' };

test('json is exactly JSON.stringify(result) on one line and parses back equal', () => {
  const input = reportInput();
  const out = renderJson(input, plain);
  assert.equal(out, JSON.stringify(input.result));
  assert.ok(!out.includes('\n'));
  assert.deepEqual(JSON.parse(out), input.result);
});

test('csv has the header and one row per variant and metric, CRLF-terminated', () => {
  const input = reportInput();
  const out = renderCsv(input, plain);
  assert.ok(out.startsWith('sweep_id,variant,is_baseline,metric,n,mean_s,std_s,median_s,min_s,max_s,cv,delta_s,delta_pct,ci_low_pct,ci_high_pct,p,verdict,p_adjusted,method,mean_delta_pct,resolved,runs_to_verdict\r\n'));
  assert.ok(out.endsWith('\r\n'));
  const rows = parseCsv(out);
  assert.deepEqual(rows[0], [...CSV_COLUMNS]);
  assert.equal(rows.length, 1 + input.result.variants.length * 3);
  assert.ok(rows.slice(1).every((r) => r.length === CSV_COLUMNS.length));
  assert.deepEqual(rows[1]!.slice(0, 5), ['sw-20250301-ab12', 'prefill-scan', 'true', 'prefill', '5']);
  assert.deepEqual(rows[1]!.slice(11), Array(11).fill(''), 'the baseline has no delta');
});

/** Every CSV number parses back to exactly the JSON's value. */
function assertRoundTrip(csv: string, json: string): void {
  const result = JSON.parse(json) as SweepResult;
  const [header, ...rows] = parseCsv(csv);
  const col = (name: string): number => header!.indexOf(name);
  const num = (s: string): number | null => (s === '' ? null : Number(s));
  let checked = 0;
  for (const v of result.variants) {
    for (const metric of METRICS) {
      const row = rows.find((r) => r[col('variant')] === v.name && r[col('metric')] === metric);
      assert.ok(row, `${v.name} ${metric}`);
      assert.equal(row[col('sweep_id')], result.sweep.id);
      assert.equal(row[col('is_baseline')], String(v.name === result.baseline));
      const s = v[metric];
      assert.equal(num(row[col('n')]!), s.n);
      assert.equal(num(row[col('mean_s')]!), s.mean);
      assert.equal(num(row[col('std_s')]!), s.std);
      assert.equal(num(row[col('median_s')]!), s.median);
      assert.equal(num(row[col('min_s')]!), s.min);
      assert.equal(num(row[col('max_s')]!), s.max);
      assert.equal(num(row[col('cv')]!), s.cv);
      const d = v.name === result.baseline ? undefined : v.delta?.[metric];
      assert.equal(num(row[col('delta_s')]!), d?.abs ?? null);
      assert.equal(num(row[col('delta_pct')]!), d?.pct ?? null);
      assert.equal(num(row[col('ci_low_pct')]!), d?.ciLow ?? null);
      assert.equal(num(row[col('ci_high_pct')]!), d?.ciHigh ?? null);
      assert.equal(num(row[col('p')]!), d?.p ?? null);
      assert.equal(row[col('verdict')], d?.verdict ?? '');
      assert.equal(num(row[col('p_adjusted')]!), d?.pAdjusted ?? null);
      checked += 1;
    }
  }
  assert.equal(checked, rows.length);
}

test('csv round trip: every number parses back equal to the JSON', () => {
  const input = reportInput();
  assertRoundTrip(renderCsv(input, plain), renderJson(input, plain));
});

test('csv quotes names with commas, quotes and line breaks (RFC 4180) and still round-trips', () => {
  const input = reportInput();
  input.result.variants[1]!.name = 'batched, "fast"\nv2';
  const out = renderCsv(input, plain);
  assert.ok(out.includes('"batched, ""fast""\nv2"'));
  assertRoundTrip(out, renderJson(input, plain));
});

test('csv leaves delta fields empty when the baseline has no samples', () => {
  const input = noBaselineSamplesInput();
  const rows = parseCsv(renderCsv(input, plain));
  assert.equal(rows.length, 1 + 4 * 3);
  for (const r of rows.slice(1)) assert.deepEqual(r.slice(11), Array(11).fill(''));
  assertRoundTrip(renderCsv(input, plain), renderJson(input, plain));
});
