import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { renderHtml } from '../../src/report/formats/html.ts';
import type { RenderOptions } from '../../src/report/report-input.ts';
import { baselineOnlyInput, noBaselineSamplesInput, reportInput } from './fixtures.ts';

const opts: RenderOptions = { color: false, sort: 'delta', metric: 'total' };
const CHROMIUM = '/usr/bin/chromium';

function count(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}

/** Text outside tags, with the five entities decoded. */
function pageText(html: string): string {
  return html
    .replace(/<style>[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

test('html is one self-contained document: no network src/href, no external scripts, fonts or stylesheets', () => {
  const html = renderHtml(reportInput(), opts);
  assert.ok(html.startsWith('<!doctype html>'));
  assert.equal(count(html, '<html'), 1);
  assert.ok(html.trimEnd().endsWith('</html>'));
  assert.doesNotMatch(html, /(src|href)\s*=\s*["']?\s*(https?:)?\/\//i);
  assert.ok(!html.includes('http://') && !html.includes('https://'));
  assert.ok(!/<script|<link|@import|url\(/i.test(html));
});

test('html names every variant in the page text', () => {
  const input = reportInput();
  const text = pageText(renderHtml(input, opts));
  for (const v of input.result.variants) assert.ok(text.includes(v.name), v.name);
});

test('html has one svg per chart: three distributions, a forest plot and a history chart', () => {
  const html = renderHtml(reportInput(), opts);
  assert.equal(count(html, '<svg'), 5);
  assert.equal(count(html, '</svg>'), 5);
  assert.ok(html.includes('aria-label="Prefill time per run, by variant"'));
  assert.ok(html.includes('aria-label="Generation time per run, by variant"'));
  assert.ok(html.includes('aria-label="Total time per run, by variant"'));
  assert.ok(html.includes('aria-label="Δ total % vs baseline with 95% CI"'));
  assert.ok(html.includes('aria-label="Total mean per sweep, by variant"'));
});

test('html tags are balanced for the elements it writes', () => {
  const html = renderHtml(reportInput(), opts);
  for (const tag of ['svg', 'g', 'table', 'tr', 'td', 'th', 'section', 'figure', 'title', 'text', 'ul', 'li']) {
    const open = (html.match(new RegExp(`<${tag}[\\s>]`, 'g')) ?? []).length;
    const close = count(html, `</${tag}>`);
    assert.equal(open, close, `<${tag}>`);
  }
});

test('html table carries the same cells as the text table', () => {
  const html = renderHtml(reportInput(), opts);
  assert.ok(html.includes('<td class="num">0.277 ± 0.006</td>'));
  assert.ok(html.includes('<td class="num v-faster">-5.16</td>'));
  assert.ok(html.includes('<td class="num v-faster">[-6.10, -4.22]</td>'));
  assert.ok(html.includes('<td class="v-slower">slower</td>'));
  assert.ok(html.includes('<td class="v-same">no significant change</td>'));
  assert.ok(html.includes('<span class="noisy" title="noisy: cv 3.4% above 2% (2 outliers)">*</span>'));
  assert.ok(html.includes('no-outer-map: ~38 runs would resolve a Δ of -0.34%'));
});

test('html plots every raw sample as a dot and the forest plot has a zero line and CI labels', () => {
  const input = reportInput();
  const html = renderHtml(input, opts);
  const samples = Object.values(input.samples).reduce((n, s) => n + s.prefill.length + s.generation.length + s.total.length, 0);
  assert.equal(count(html, '<circle') - count(html.slice(html.indexOf('aria-label="Total mean per sweep')), '<circle'), samples);
  assert.ok(html.includes('run 1: 0.2690 s'));
  assert.ok(html.includes('-5.16% [-6.10, -4.22]'));
  assert.ok(html.includes('← faster') && html.includes('slower →'));
});

test('the history chart puts the baseline name of each sweep in a title', () => {
  const html = renderHtml(reportInput(), opts);
  assert.ok(html.includes('<title>sweep sw-20250215-0001 (2025-02-15T09:00:00.000Z), baseline host-loop</title>'));
  assert.ok(html.includes('batched-attention in sweep sw-20250222-0002 (2025-02-22T09:00:00.000Z): total 0.835 ± 0.020 s, baseline prefill-scan'));
  // This sweep is the last point.
  assert.ok(html.includes('batched-attention in sweep sw-20250301-ab12 (2025-03-01T12:00:00.000Z): total 0.828 ± 0.026 s, baseline prefill-scan'));
});

test('without history there is no history chart', () => {
  const html = renderHtml(reportInput({ history: [] }), opts);
  assert.equal(count(html, '<svg'), 4);
  assert.ok(!html.includes('History'));
});

test('html escapes every user string: a hostile variant name stays text', () => {
  const input = reportInput();
  const evil = `<img src=x onerror="alert(1)">&'b'`;
  const old = input.result.variants[1]!.name;
  input.result.variants[1]!.name = evil;
  input.samples[evil] = input.samples[old]!;
  input.history = input.history.map((h) => (h.variant === old ? { ...h, variant: evil } : h));
  input.result.sweep.environment.commandLine = 'lab sweep </style><script>x()</script>';
  const html = renderHtml(input, opts);
  assert.ok(!html.includes('<img'));
  assert.ok(!html.includes('<script'));
  assert.ok(html.includes('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;&#39;b&#39;'));
  assert.ok(pageText(html).includes(evil));
});

test('html renders a sweep without baseline samples and one with only the baseline', () => {
  const none = renderHtml(noBaselineSamplesInput(), opts);
  assert.ok(none.includes('no deltas: baseline prefill-scan has no samples'));
  assert.equal(count(none, '<svg'), 4);
  assert.ok(!none.includes('NaN'));
  const only = renderHtml(baselineOnlyInput(), opts);
  assert.ok(only.includes('only the baseline was measured: no deltas'));
  assert.ok(!only.includes('NaN'));
});

test('headless Chromium renders the page with every variant name, and screenshots it', () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} not found: this test renders the report in headless Chromium (.ci/run installs it; locally: apt-get install -y chromium)`);
  const input = reportInput();
  const dir = mkdtempSync(join(tmpdir(), 'lab-report-'));
  try {
    const file = join(dir, 'report.html');
    writeFileSync(file, renderHtml(input, opts));
    const url = pathToFileURL(file).href;
    const base = ['--headless', '--no-sandbox', '--disable-gpu', `--user-data-dir=${join(dir, 'profile')}`];
    const run = (args: string[]): string =>
      execFileSync(CHROMIUM, [...base, ...args, url], { encoding: 'utf8', timeout: 90_000, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 32 * 1024 * 1024 });
    const dom = run(['--dump-dom']);
    assert.ok(dom.includes('<svg'), 'the DOM has the charts');
    for (const v of input.result.variants) assert.ok(dom.includes(v.name), `DOM names ${v.name}`);
    const png = '/tmp/lab-report.png';
    rmSync(png, { force: true });
    run([`--screenshot=${png}`, '--window-size=1200,2000']);
    assert.ok(existsSync(png), 'screenshot written');
    assert.ok(statSync(png).size > 10_000, 'screenshot is not blank-sized');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
