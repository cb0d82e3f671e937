import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CSV_COLUMNS, renderCsv } from '../../src/report/formats/csv.ts';
import { renderJson } from '../../src/report/formats/json.ts';
import { renderMarkdown } from '../../src/report/formats/markdown.ts';
import type { RenderOptions } from '../../src/report/report-input.ts';
import { constantParams, paramNames, pointSuffix, varyingParamNames } from '../../src/report/params.ts';
import type { SweepResult } from '../../src/sweep/result.ts';
import { BEST_POINT, GRID_VARIANT, gridInput } from './grid-fixtures.ts';
import { markdownRows, parseCsv } from './helpers.ts';

const plain: RenderOptions = { color: false, sort: 'run', metric: 'total' };
const PARAMS = ['attention', 'keysPerSplit', 'tiling', 'normsInProducts', 'argmax'];

test('parameter names in declaration order; those that vary; those every parametrized variant shares', () => {
  const { variants } = gridInput().result;
  assert.deepEqual(paramNames(variants), PARAMS);
  assert.deepEqual(varyingParamNames(variants), ['keysPerSplit', 'tiling']);
  assert.deepEqual(constantParams(variants), ['attention=split-k', 'normsInProducts=true', 'argmax=gpu']);
  assert.equal(pointSuffix(BEST_POINT, GRID_VARIANT), '@keysPerSplit=8,tiling=paired');
  assert.equal(pointSuffix('wgsl-recorded-stepper', GRID_VARIANT), undefined);
});

test('markdown has one column per parameter after the name, empty for the baseline, and the grid in the context', () => {
  const out = renderMarkdown(gridInput(), plain);
  const [header, ...rows] = markdownRows(out);
  assert.deepEqual(header!.slice(0, 6), ['Variant', ...PARAMS]);
  assert.deepEqual(rows[0]!.slice(0, 6), ['**baseline (baseline)**', '', '', '', '', '']);
  const best = rows.find((r) => r[0] === BEST_POINT.replace(/_/g, '\\_'));
  assert.deepEqual(best!.slice(1, 6), ['split-k', '8', 'paired', 'true', 'gpu']);
  assert.match(out, /^- Grid of `wgsl-recorded-step`: keysPerSplit 8, 16, 32, 64 × tiling tuned, paired, none$/m);
  // The separator aligns numeric parameters right and the others left.
  assert.match(out, /^\| :--- \| :--- \| ---: \| :--- \| :--- \| :--- \| ---: /m);
});

test('a lab tune record is one line of the markdown context', () => {
  const input = gridInput();
  input.result.sweep.settings.tune = {
    variant: GRID_VARIANT, budgetS: 600,
    rungs: [{ runs: 4, points: ['a', 'b', 'c', 'd'] }, { runs: 8, points: ['a', 'b'] }],
    dropped: [{ point: 'c', rung: 0 }, { point: 'd', rung: 0 }],
  };
  assert.match(renderMarkdown(input, plain), /^- Tuned by successive halving: 2 rungs \(runs per survivor 4, 8\), 2 points dropped, budget 600 s$/m);
});

test('csv adds a param_ column per parameter after the fixed ones, empty where a variant has none', () => {
  const input = gridInput();
  const [header, ...rows] = parseCsv(renderCsv(input, plain));
  assert.deepEqual(header, [...CSV_COLUMNS, ...PARAMS.map((p) => `param_${p}`)]);
  const col = (name: string) => header!.indexOf(name);
  const baseline = rows.filter((r) => r[col('variant')] === 'baseline');
  assert.equal(baseline.length, 3);
  for (const r of baseline) assert.deepEqual(r.slice(CSV_COLUMNS.length), ['', '', '', '', '']);
  const best = rows.find((r) => r[col('variant')] === BEST_POINT && r[col('metric')] === 'total')!;
  assert.deepEqual(best.slice(CSV_COLUMNS.length), ['split-k', '8', 'paired', 'true', 'gpu']);
});

test('json rows carry params and pointOf as the result has them; without --best there is no best field', () => {
  const input = gridInput();
  const out = JSON.parse(renderJson(input, plain)) as SweepResult & { best?: unknown };
  const point = out.variants.find((v) => v.name === BEST_POINT)!;
  assert.deepEqual(point.params, { attention: 'split-k', keysPerSplit: 8, tiling: 'paired', normsInProducts: true, argmax: 'gpu' });
  assert.equal(point.pointOf, GRID_VARIANT);
  assert.equal(out.variants.find((v) => v.name === 'baseline')!.params, undefined);
  assert.deepEqual(out.sweep.settings.grid, { [GRID_VARIANT]: { keysPerSplit: [8, 16, 32, 64], tiling: ['tuned', 'paired', 'none'] } });
  assert.equal(out.best, undefined);
});
