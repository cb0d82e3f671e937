import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_TABLE_WIDTH, renderTable } from '../../src/report/formats/table.ts';
import { visibleWidth, wrapText, truncateMiddle } from '../../src/report/formats/terminal-text.ts';
import type { RenderOptions, ReportInput } from '../../src/report/report-input.ts';
import type { VariantResult } from '../../src/sweep/result.ts';
import { reportInput } from './fixtures.ts';
import { BEST_POINT, GRID_VARIANT, gridInput } from './grid-fixtures.ts';
import { tableRows } from './helpers.ts';

const plain: RenderOptions = { color: false, sort: 'run', metric: 'total' };
const WIDE_HEADERS = ['Prefill (s)', 'Generation (s)', 'Total (s)', 'Δ total (s)', 'Δ total %', 'Δ total % of means', 'Δ generation %', 'Δ prefill %', '95% CI Δ total %', 'Verdict'];

/**
 * The seed fixture's five variants as a GPU sweep names them today: presets of the parametrized
 * wgsl-recorded-step with their parameters, judged by the robust comparison (which adds the means' Δ column).
 */
function gpuPresetsInput(): ReportInput {
  const input = reportInput();
  const names: Record<string, string> = {
    'prefill-scan': 'baseline',
    'batched-attention': 'wgsl-recorded-split-keys-paired',
    'no-outer-map': 'wgsl-argmax-wide-norms-in-products',
    'fused-qkv': 'wgsl-recorded-tuned-tiling',
    'batched-no-outer-map': 'wgsl-recorded-split-keys-argmax-wide',
  };
  const params: Record<string, VariantResult['params']> = {
    'wgsl-recorded-split-keys-paired': { attention: 'split-k', keysPerSplit: 16, tiling: 'paired', normsInProducts: false, argmax: 'gpu' },
    'wgsl-argmax-wide-norms-in-products': { attention: 'split-k', keysPerSplit: 32, tiling: 'tuned', normsInProducts: true, argmax: 'wide' },
    'wgsl-recorded-tuned-tiling': { attention: 'split-k', keysPerSplit: 32, tiling: 'tuned', normsInProducts: false, argmax: 'gpu' },
    'wgsl-recorded-split-keys-argmax-wide': { attention: 'split-k', keysPerSplit: 16, tiling: 'paired', normsInProducts: false, argmax: 'wide' },
  };
  const result = input.result;
  result.baseline = 'baseline';
  result.sweep.settings.baseline = 'baseline';
  result.variants = result.variants.map((v) => {
    const name = names[v.name]!;
    const delta = v.delta && Object.fromEntries(Object.entries(v.delta).map(([m, d]) => [m, { ...d, method: 'paired-rank-sum', meanPct: d.pct * 1.1 }]));
    return { ...v, name, ...(delta ? { delta: delta as VariantResult['delta'] } : {}), ...(params[name] ? { params: params[name], pointOf: 'wgsl-recorded-step' } : {}) };
  });
  result.notes = ['wgsl-recorded-tuned-tiling: 1 run failed and was retried after the device was lost; its samples after the retry are the ones kept'];
  input.samples = Object.fromEntries(Object.entries(input.samples).map(([k, s]) => [names[k]!, s]));
  return input;
}

function assertFits(out: string, width = DEFAULT_TABLE_WIDTH): void {
  for (const line of out.split('\n')) assert.ok(visibleWidth(line) <= width, `${visibleWidth(line)} > ${width}: ${line}`);
}

test('the default table of a five-variant GPU sweep fits 120 columns, in colour too', () => {
  const input = gpuPresetsInput();
  for (const color of [false, true]) assertFits(renderTable(input, { ...plain, color }));
  const out = renderTable(input, plain);
  // The parameters' headers break at their camelCase words; the names give way in the middle.
  const [header, headerContinued, ...rows] = tableRows(out);
  assert.deepEqual(header, ['Variant', 'keysPer', 'tiling', 'normsIn', 'argmax', 'n', 'Total (s)', 'Δ total % [95% CI]', 'Verdict']);
  assert.deepEqual(headerContinued, ['', 'Split', '', 'Products', '', '', '', '', '']);
  assert.deepEqual(rows[0], ['baseline', '', '', '', '', '5', '0.873 ± 0.007', '', 'baseline']);
  assert.deepEqual(rows[1], ['wgsl-rec…-paired', '16', 'paired', 'false', 'gpu', '5', '0.828 ± 0.026', '-5.16 [-6.10, -4.22]', 'faster']);
  assert.match(out, /^- names shortened to fit 120 columns/m);
  // The parameter every preset shares is said once, under the table; a long note wraps.
  assert.match(out, /^- every variant with parameters ran at attention=split-k$/m);
  assert.match(out, /^! wgsl-recorded-tuned-tiling: 1 run failed .*\n {2}\S/m);
});

test('--wide prints every column of the five-variant sweep, the parameters after the name, nothing shortened', () => {
  const out = renderTable(gpuPresetsInput(), { ...plain, wide: true });
  const [header, ...rows] = tableRows(out);
  assert.deepEqual(header, ['Variant', 'attention', 'keysPerSplit', 'tiling', 'normsInProducts', 'argmax', ...WIDE_HEADERS]);
  assert.ok(rows.some((r) => r[0] === 'wgsl-argmax-wide-norms-in-products'));
  assert.ok(out.split('\n').some((l) => visibleWidth(l) > DEFAULT_TABLE_WIDTH), 'the wide table is wider than a terminal');
  assert.ok(!out.includes('…'));
});

test('a 12-point grid fits 120 columns: its parameters are columns and the points\' names drop them', () => {
  const out = renderTable(gridInput(), plain);
  assertFits(out);
  const [header, ...rows] = tableRows(out);
  assert.deepEqual(header, ['Variant', 'keysPerSplit', 'tiling', 'n', 'Total (s)', 'Δ total % [95% CI]', 'Verdict']);
  assert.equal(rows.length, 14);
  assert.deepEqual(rows[0]!.slice(0, 4), ['baseline', '', '', '8']);
  assert.deepEqual(rows[1]!.slice(0, 3), [GRID_VARIANT, '16', 'tuned']);
  assert.deepEqual(rows[3]!.slice(0, 3), [`${GRID_VARIANT}@…`, '8', 'paired']);
  assert.equal(rows[3]![6], 'faster');
  assert.ok(rows.some((r) => r[6] === 'no sig. change'));
  assert.match(out, /^- every variant with parameters ran at attention=split-k, normsInProducts=true, argmax=gpu$/m);
  assert.match(out, /^- names shortened to fit 120 columns \(…\): lab report --wide prints them whole/m);
});

test('--wide prints the grid with every parameter and column and the points\' whole names', () => {
  const out = renderTable(gridInput(), { ...plain, wide: true });
  const [header, ...rows] = tableRows(out);
  assert.deepEqual(header, ['Variant', 'attention', 'keysPerSplit', 'tiling', 'normsInProducts', 'argmax', ...WIDE_HEADERS]);
  assert.deepEqual(rows[3]!.slice(0, 6), [BEST_POINT, 'split-k', '8', 'paired', 'true', 'gpu']);
  assert.ok(!out.includes('names shortened'));
});

test('a narrower terminal gets a narrower table: names cut in the middle, then cells wrapped', () => {
  for (const width of [100, 80, 60]) assertFits(renderTable(gridInput(), { ...plain, width }), width);
  const rows = tableRows(renderTable(gpuPresetsInput(), { ...plain, width: 100 }));
  assert.ok(rows.some((r) => r[0]!.includes('…')), 'a name is cut');
});

test('text helpers: width without colour codes, a middle ellipsis, wrapping at spaces', () => {
  assert.equal(visibleWidth('\u001b[32mfaster\u001b[0m'), 6);
  assert.equal(truncateMiddle('wgsl-recorded-split-keys-paired', 11), 'wgsl-…aired');
  assert.deepEqual(wrapText('aa bb cc dd', 5), ['aa bb', '  cc', '  dd']);
  assert.deepEqual(wrapText('abcdefgh', 4, ''), ['abcd', 'efgh']);
});
