import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bestLine, bestOfGrids } from '../../src/report/best.ts';
import { renderJson } from '../../src/report/formats/json.ts';
import { renderMarkdown } from '../../src/report/formats/markdown.ts';
import { renderTable } from '../../src/report/formats/table.ts';
import { LabError } from '../../src/errors.ts';
import { logDifferences, processLevelShift, rankSumShift, shiftPct } from '../../src/stats.ts';
import { buildSweepResult } from '../../src/sweep/summarize.ts';
import { BEST_POINT, DEFAULTS_FACTOR, GRID_VARIANT, gridStoredSweep, gridVariants, pointFactor, totalsOf, type GridOptions } from './grid-fixtures.ts';

const plain = { color: false, sort: 'run', metric: 'total' } as const;

function best(options: GridOptions = {}) {
  const stored = gridStoredSweep(options);
  return bestOfGrids(stored, buildSweepResult(stored));
}

/** The fixture's totals of a variant, by name. */
function totals(name: string, runs = 8): number[] {
  const index = gridVariants().findIndex((v) => v.name === name);
  return totalsOf(index, gridVariants()[index]!.factor, runs);
}

test('the best point of a grid is the one with the lowest Δ total vs the baseline, compared with the defaults unpaired', () => {
  const [b, ...rest] = best();
  assert.equal(rest.length, 0);
  assert.equal(b!.variant, GRID_VARIANT);
  assert.equal(b!.points, 12);
  assert.equal(b!.best, BEST_POINT);
  assert.deepEqual(b!.params, { attention: 'split-k', keysPerSplit: 8, tiling: 'paired', normsInProducts: true, argmax: 'gpu' });
  assert.equal(b!.defaults, GRID_VARIANT);
  // Every total is its factor times one noise pattern: the Hodges-Lehmann shift is exactly the factors' ratio.
  const d = b!.vsDefaults!;
  assert.ok(Math.abs(d.pct - (pointFactor(8, 'paired') / DEFAULTS_FACTOR - 1) * 100) < 1e-9, String(d.pct));
  const expected = rankSumShift(totals(GRID_VARIANT), totals(BEST_POINT));
  assert.deepEqual([d.ciLow, d.ciHigh, d.p, d.method], [shiftPct(expected.low), shiftPct(expected.high), expected.p, 'hodges-lehmann']);
  assert.deepEqual(d.n, { best: 8, defaults: 8 });
  assert.ok(d.ciHigh < 0 && d.p < 0.05);
  assert.equal(b!.note, undefined);
});

test('with runs spread over processes, the processes are the unit: one shift per process, Student\'s t over them', () => {
  const [b] = best({ processes: 4 });
  const processOf = (r: number) => Math.floor((r * 4) / 8);
  const per = [0, 1, 2, 3].map((p) => {
    const pick = (xs: number[]) => xs.filter((_, r) => processOf(r) === p);
    return logDifferences(pick(totals(GRID_VARIANT)), pick(totals(BEST_POINT))).estimate;
  });
  const expected = processLevelShift(per);
  assert.equal(b!.vsDefaults!.method, 'process-t');
  assert.equal(b!.vsDefaults!.pct, shiftPct(expected.estimate));
  assert.equal(b!.vsDefaults!.ciLow, shiftPct(expected.low));
  assert.equal(b!.vsDefaults!.p, expected.p);
});

test('points measured in another memory block than the defaults say so', () => {
  const [b] = best({ gridBlock: (name, round) => (name === 'baseline' ? round % 2 : name === GRID_VARIANT ? 0 : 1) });
  assert.ok(b!.vsDefaults);
  assert.equal(b!.note, 'measured in memory blocks 1 and 0: the comparison spans the time between them');
});

test('without settings.grid, the points sharing a pointOf are the grid', () => {
  const [b] = best({ withGrid: false });
  assert.equal(b!.variant, GRID_VARIANT);
  assert.equal(b!.points, 12);
  assert.equal(b!.best, BEST_POINT);
});

test('when the defaults are fastest they are the best point, with nothing to compare', () => {
  const stored = gridStoredSweep();
  const result = buildSweepResult(stored);
  // Make the defaults the fastest by the result's Δ.
  result.variants.find((v) => v.name === GRID_VARIANT)!.delta!.total.pct = -50;
  const [b] = bestOfGrids(stored, result);
  assert.equal(b!.best, GRID_VARIANT);
  assert.equal(b!.vsDefaults, null);
  assert.equal(bestLine(b!), `best of ${GRID_VARIANT} (12 points): its defaults, -50.00% vs the baseline`);
});

test('a grid whose defaults were not measured names the best point against the baseline only', () => {
  const stored = gridStoredSweep();
  stored.samples = stored.samples.filter((s) => s.variant !== GRID_VARIANT);
  const [b] = bestOfGrids(stored, buildSweepResult(stored));
  assert.equal(b!.defaults, null);
  assert.equal(b!.vsDefaults, null);
  assert.match(bestLine(b!), /^best of wgsl-recorded-step \(12 points\): @keysPerSplit=8,tiling=paired, -7\.00% vs the baseline \(its defaults were not measured\)$/);
});

test('a sweep with no grid and no points is a LabError with a hint', () => {
  const stored = gridStoredSweep({ withGrid: false });
  stored.variants = stored.variants.map(({ pointOf: _p, ...v }) => v);
  assert.throws(() => bestOfGrids(stored, buildSweepResult(stored)), (e: unknown) => e instanceof LabError && /no grid and no points/.test(e.message) && e.hint.includes('--param'));
});

test('the best line, in the table (wrapped to its width), the markdown and the JSON', () => {
  const stored = gridStoredSweep();
  const result = buildSweepResult(stored);
  const input = { result, samples: {}, history: [], best: bestOfGrids(stored, result) };
  const line = bestLine(input.best[0]!);
  assert.match(line, /^best of wgsl-recorded-step \(12 points\): @keysPerSplit=8,tiling=paired, -4\.12% \[-\d\.\d\d, -\d\.\d\d\] vs its defaults \(p=0\.\d+\); -7\.00% vs the baseline$/);
  const table = renderTable(input, plain);
  assert.ok(table.replace(/\n {2}/g, ' ').includes(line));
  assert.ok(renderTable(input, { ...plain, wide: true }).includes(line), 'whole with --wide');
  assert.ok(renderMarkdown(input, plain).includes(`- ${line.replace(/\[/g, '\\[').replace(/\]/g, '\\]')}`));
  const json = JSON.parse(renderJson(input, plain)) as { best: unknown[]; variants: unknown[] };
  assert.deepEqual(json.best, JSON.parse(JSON.stringify(input.best)));
  assert.equal(json.variants.length, 14);
});
