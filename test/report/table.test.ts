import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderTable } from '../../src/report/formats/table.ts';
import type { RenderOptions } from '../../src/report/report-input.ts';
import { baselineOnlyInput, noBaselineSamplesInput, reportInput } from './fixtures.ts';
import { tableOrder, tableRows } from './helpers.ts';

const plain: RenderOptions = { color: false, sort: 'run', metric: 'total' };
/** Every column, as the table was before it fitted a terminal. */
const wide: RenderOptions = { ...plain, wide: true };
const ESC = '\u001b[';

function rowOf(text: string, name: string): string[] {
  const row = tableRows(text).find((r) => r[0] === name || r[0] === `${name} (baseline)`);
  assert.ok(row, `row for ${name}`);
  return row;
}

test('--wide: the table header lists phases, Δ total s and %, the other Δ %, the CI and the verdict', () => {
  const [header] = tableRows(renderTable(reportInput(), wide));
  assert.deepEqual(header, [
    'Variant', 'Prefill (s)', 'Generation (s)', 'Total (s)', 'Δ total (s)', 'Δ total %', 'Δ generation %', 'Δ prefill %',
    '95% CI Δ total %', 'Verdict',
  ]);
});

test('--wide: the baseline row comes first with mean ± std to 3 decimals and no deltas', () => {
  const out = renderTable(reportInput(), wide);
  assert.deepEqual(tableRows(out)[1], [
    'prefill-scan (baseline)', '0.277 ± 0.006', '0.596 ± 0.003', '0.873 ± 0.007', '', '', '', '', '', 'baseline',
  ]);
});

test('--wide: a variant row shows signed deltas, the CI of Δ total % and the verdict', () => {
  const out = renderTable(reportInput(), wide);
  assert.deepEqual(rowOf(out, 'batched-attention'), [
    'batched-attention', '0.283 ± 0.017', '0.545 ± 0.016', '0.828 ± 0.026', '-0.045', '-5.16', '-8.56', '+2.17', '[-6.10, -4.22]', 'faster',
  ]);
  assert.deepEqual(rowOf(out, 'fused-qkv').slice(4), ['+0.008', '+0.92', '+1.51', '-0.36', '[+0.20, +1.64]', 'slower']);
  // A zero delta carries no sign.
  assert.deepEqual(rowOf(out, 'no-outer-map').slice(4), ['-0.003', '-0.34', '-0.50', '0.00', '[-1.10, +0.42]', 'no significant change']);
});

test('--wide: a noisy metric gets a marker and a footnote line under the table', () => {
  const out = renderTable(reportInput(), wide);
  assert.equal(rowOf(out, 'batched-no-outer-map')[2], '0.555 ± 0.019 *');
  assert.match(out, /^\* batched-no-outer-map generation is noisy: cv 3\.4% above 2% \(2 outliers\)$/m);
});

test('a no-significant-change verdict with runsToResolve gets a runs-to-resolve footnote', () => {
  const out = renderTable(reportInput(), plain);
  assert.ok(out.includes('no-outer-map: ~38 runs would resolve a Δ of -0.34%'));
  assert.ok(!out.includes('batched-attention: ~'), 'no hint for a resolved verdict');
});

test('sort run keeps the stored order, name sorts alphabetically, delta by Δ total (baseline first)', () => {
  const input = reportInput();
  assert.deepEqual(tableOrder(renderTable(input, { ...plain, sort: 'run' })), [
    'prefill-scan', 'batched-attention', 'no-outer-map', 'fused-qkv', 'batched-no-outer-map',
  ]);
  assert.deepEqual(tableOrder(renderTable(input, { ...plain, sort: 'name' })), [
    'prefill-scan', 'batched-attention', 'batched-no-outer-map', 'fused-qkv', 'no-outer-map',
  ]);
  assert.deepEqual(tableOrder(renderTable(input, { ...plain, sort: 'delta' })), [
    'prefill-scan', 'batched-attention', 'batched-no-outer-map', 'no-outer-map', 'fused-qkv',
  ]);
});

test('--wide: metric picks the Δ column that comes first and the one sort delta orders by', () => {
  const out = renderTable(reportInput(), { ...wide, sort: 'delta', metric: 'prefill' });
  const rows = tableRows(out);
  assert.deepEqual(rows[0]!.slice(4), ['Δ prefill (s)', 'Δ prefill %', 'Δ total %', 'Δ generation %', '95% CI Δ prefill %', 'Verdict (prefill)']);
  assert.deepEqual(tableOrder(out), ['prefill-scan', 'fused-qkv', 'no-outer-map', 'batched-no-outer-map', 'batched-attention']);
  assert.deepEqual(rowOf(out, 'fused-qkv').slice(4), ['-0.001', '-0.36', '+0.92', '+1.51', '[-2.40, +1.70]', 'no significant change']);
  assert.ok(out.includes('fused-qkv: ~210 runs would resolve a Δ prefill of -0.36%'));
});

test('no ANSI codes without color', () => {
  assert.ok(!renderTable(reportInput(), plain).includes(ESC));
});

test('--wide: with color: faster cells green, slower red, no significant change dim', () => {
  const out = renderTable(reportInput(), { ...wide, color: true });
  assert.ok(out.includes(`${ESC}32m-5.16${ESC}0m`), 'faster Δ green');
  assert.ok(out.includes(`${ESC}32mfaster${ESC}0m`), 'faster verdict green');
  assert.ok(out.includes(`${ESC}31m+0.92${ESC}0m`), 'slower Δ red');
  assert.ok(out.includes(`${ESC}31mslower${ESC}0m`), 'slower verdict red');
  assert.ok(out.includes(`${ESC}2mno significant change${ESC}0m`), 'neutral verdict dim');
  assert.ok(out.includes(`${ESC}2m-0.34${ESC}0m`), 'neutral Δ dim');
  // cli-table3 still aligns the borders around coloured cells.
  const widths = new Set(out.split('\n').filter((l) => l.startsWith('┌') || l.startsWith('└')).map((l) => l.length));
  assert.equal(widths.size, 1);
});

test('--wide: a sweep whose baseline has no samples renders dashes and says why', () => {
  const out = renderTable(noBaselineSamplesInput(), wide);
  assert.deepEqual(tableRows(out)[1]!.slice(0, 4), ['prefill-scan (baseline)', '—', '—', '—']);
  assert.deepEqual(rowOf(out, 'batched-attention').slice(3), ['0.828 ± 0.026', '—', '—', '—', '—', '—', 'no delta']);
  // The sweep's own note explains it, so it replaces the generic footnote.
  assert.match(out, /^! the sweep was interrupted before baseline prefill-scan ran: no deltas$/m);
  assert.ok(!out.includes('has no samples: deltas cannot be computed'));
});

test('without a note from the sweep, a missing baseline gets its own footnote', () => {
  const input = noBaselineSamplesInput();
  input.result.notes = [];
  assert.match(renderTable(input, plain), /^! baseline prefill-scan has no samples: deltas cannot be computed$/m);
});

test('the sweep\'s notes appear as footnotes; a result without the notes field still renders', () => {
  const input = reportInput();
  input.result.notes = ['fused-qkv: 1 run failed and was retried'];
  assert.match(renderTable(input, plain), /^! fused-qkv: 1 run failed and was retried$/m);
  const legacy = reportInput();
  delete (legacy.result as { notes?: string[] }).notes;
  assert.ok(renderTable(legacy, plain).includes('batched-attention'));
});

test('a sweep with only the baseline renders the baseline row alone', () => {
  const out = renderTable(baselineOnlyInput(), plain);
  assert.deepEqual(tableOrder(out), ['prefill-scan']);
});
