import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bestOfGrids } from '../../src/report/best.ts';
import { renderHtml } from '../../src/report/formats/html.ts';
import type { RenderOptions } from '../../src/report/report-input.ts';
import { buildSweepResult } from '../../src/sweep/summarize.ts';
import { reportInput } from './fixtures.ts';
import { BEST_POINT, gridInput, gridStoredSweep } from './grid-fixtures.ts';

const opts: RenderOptions = { color: false, sort: 'run', metric: 'total' };

/** The grid section's SVG charts, by their aria-label. */
function gridCharts(html: string): Map<string, string> {
  const charts = new Map<string, string>();
  for (const m of html.matchAll(/<svg [^>]*aria-label="(Δ [a-z]+ % vs baseline by [^"]+)"[^>]*>([\s\S]*?)<\/svg>/g)) charts.set(m[1]!, m[2]!);
  return charts;
}

test('a grid sweep\'s page charts each metric against each parameter, one series per setting of the other', () => {
  const html = renderHtml(gridInput(), opts);
  assert.match(html, /<h2>Grid of wgsl-recorded-step: Δ % vs baseline by parameter \(95% CI\)<\/h2>/);
  const charts = gridCharts(html);
  assert.deepEqual([...charts.keys()], ['total', 'prefill', 'generation'].flatMap((m) => ['keysPerSplit', 'tiling'].map((p) => `Δ ${m} % vs baseline by ${p} (wgsl-recorded-step)`)));
  const byKeys = charts.get('Δ total % vs baseline by keysPerSplit (wgsl-recorded-step)')!;
  // Every point once, with its CI; a line per tiling; the defaults as a dashed line.
  assert.equal(byKeys.split('<circle').length - 1, 12);
  assert.equal(byKeys.split('<polyline').length - 1, 3);
  for (const t of ['tiling=tuned', 'tiling=paired', 'tiling=none']) assert.ok(byKeys.includes(`>${t}</text>`), t);
  assert.match(byKeys, new RegExp(`<title>${BEST_POINT}: Δ total -7\\.00%, 95% CI \\[-\\d\\.\\d\\d, -\\d\\.\\d\\d\\], p=[^,]+, faster</title>`));
  assert.match(byKeys, /stroke-dasharray="5 3"><title>wgsl-recorded-step at its defaults: -3\.00% /);
  assert.equal(charts.get('Δ total % vs baseline by tiling (wgsl-recorded-step)')!.split('<polyline').length - 1, 4);
});

test('a sweep without a grid has no grid section; --best adds its lines to the page', () => {
  assert.equal(gridCharts(renderHtml(reportInput(), opts)).size, 0);
  assert.ok(!renderHtml(reportInput(), opts).includes('Grid of'));
  const stored = gridStoredSweep();
  const result = buildSweepResult(stored);
  const html = renderHtml({ ...gridInput(), best: bestOfGrids(stored, result) }, opts);
  assert.match(html, /<h2>Best points<\/h2><ul class="best"><li>best of wgsl-recorded-step \(12 points\): @keysPerSplit=8,tiling=paired, -4\.12% /);
});
