import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderMarkdown } from '../../src/report/formats/markdown.ts';
import type { RenderOptions } from '../../src/report/report-input.ts';
import { reportInput } from './fixtures.ts';
import { markdownRows } from './helpers.ts';

const plain: RenderOptions = { color: false, sort: 'run', metric: 'total' };

test('markdown opens with the sweep id, backend/device and n', () => {
  const out = renderMarkdown(reportInput(), plain);
  assert.ok(out.startsWith('## Sweep `sw-20250301-ab12`\n'));
  assert.ok(out.includes('- Backend / device: cpu / Intel(R) Xeon(R) CPU @ 2.20GHz'));
  assert.ok(out.includes('n=5 per variant'));
});

test('markdown renders the delta table as GitHub Markdown rows', () => {
  const out = renderMarkdown(reportInput(), plain);
  assert.ok(out.includes('| Variant | Prefill (s) | Generation (s) | Total (s) | Δ total (s) | Δ total % | Δ generation % | Δ prefill % | 95% CI Δ total % | Verdict |'));
  assert.ok(out.includes('| :--- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | :--- |'));
  assert.ok(out.includes('| **prefill-scan (baseline)** | 0.277 ± 0.006 | 0.596 ± 0.003 | 0.873 ± 0.007 |  |  |  |  |  | baseline |'));
  assert.ok(out.includes('| batched-attention | 0.283 ± 0.017 | 0.545 ± 0.016 | 0.828 ± 0.026 | -0.045 | -5.16 | -8.56 | +2.17 | [-6.10, -4.22] | faster |'));
  const rows = markdownRows(out);
  assert.equal(rows.length, 6);
  for (const r of rows) assert.equal(r.length, 10);
});

test('markdown lists the noisy and runs-to-resolve footnotes', () => {
  const out = renderMarkdown(reportInput(), plain);
  assert.ok(out.includes('- \\* batched-no-outer-map generation is noisy: cv 3.4% above 2% (2 outliers)'));
  assert.ok(out.includes('- no-outer-map: ~38 runs would resolve a Δ of -0.34%'));
});

test('markdown follows the sort option', () => {
  const rows = markdownRows(renderMarkdown(reportInput(), { ...plain, sort: 'name' }));
  assert.deepEqual(rows.slice(1).map((r) => r[0]), [
    '**prefill-scan (baseline)**', 'batched-attention', 'batched-no-outer-map', 'fused-qkv', 'no-outer-map',
  ]);
});

test('markdown escapes a variant name with pipes and emphasis so the row keeps its columns', () => {
  const input = reportInput();
  input.result.variants[1]!.name = 'a|b*c*';
  const out = renderMarkdown(input, plain);
  assert.ok(out.includes('| a\\|b\\*c\\* | 0.283 ± 0.017 |'));
  for (const r of markdownRows(out)) assert.equal(r.length, 10);
});
