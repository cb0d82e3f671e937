/**
 * `lab report` as a user runs it: `node bin/lab.js report ...` against
 * databases filled with known samples through ResultsDb.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ResultsDb } from '../../src/db/results-db.ts';
import { CSV_COLUMNS } from '../../src/report/formats/csv.ts';
import { compare } from '../../src/stats.ts';
import { buildSweepResult } from '../../src/sweep/summarize.ts';
import { METRICS, type SweepResult } from '../../src/sweep/result.ts';
import { isOneLineUserError, runLabInProcess, type LabRun } from '../helpers/cli.ts';
import { fillDb, GENERATION_FASTER, GENERATION_SAME, GENERATION_SEED, PREFILL, tempDir, type FixtureSweep } from '../helpers/results-fixture.ts';
import { parseCsv, tableRows } from '../report/helpers.ts';
import { addStoredSweep, BEST_POINT, gridStoredSweep } from '../report/grid-fixtures.ts';
import { bestLine, bestOfGrids, type GridBest } from '../../src/report/best.ts';

const total = (gen: number[]) => PREFILL.map((p, i) => Number((p + gen[i]!).toFixed(9)));

const SEED_SWEEP: FixtureSweep = {
  id: 'sw1',
  createdAt: '2026-01-01T10:00:00.000Z',
  variants: [
    { name: 'baseline', prefill: PREFILL, generation: GENERATION_SEED },
    { name: 'batched-attention', slots: { attentionCore: 'batched' }, prefill: PREFILL, generation: GENERATION_FASTER },
    { name: 'fused-qkv', slots: { qkvProjection: 'fused' }, prefill: PREFILL, generation: GENERATION_SAME },
  ],
};

const PROMOTED_SWEEP: FixtureSweep = {
  id: 'sw2',
  createdAt: '2026-01-02T10:00:00.000Z',
  variants: [
    { name: 'baseline', slots: { attentionCore: 'batched' }, description: 'promoted from batched-attention: all heads at once', prefill: PREFILL, generation: GENERATION_FASTER },
    { name: 'fused-qkv', slots: { attentionCore: 'batched', qkvProjection: 'fused' }, prefill: PREFILL, generation: GENERATION_FASTER },
  ],
};

const dir = tempDir('lab-report-cli-');
const DB = path.join(dir, 'results.db');
fillDb(DB, [SEED_SWEEP, PROMOTED_SWEEP]);

function report(...args: string[]): Promise<LabRun> {
  return runLabInProcess(['report', ...args], { cwd: dir });
}

function stored(id: string, file = DB): SweepResult {
  const db = ResultsDb.open(file, { readonly: true });
  try {
    return JSON.parse(JSON.stringify(buildSweepResult(db.getSweep(id)))) as SweepResult;
  } finally {
    db.close();
  }
}

function ci(lo: number, hi: number): string {
  const s = (x: number) => (x > 0 ? `+${x.toFixed(2)}` : x.toFixed(2));
  return `[${s(lo)}, ${s(hi)}]`;
}

test('--wide: the table shows each variant of the named sweep with exactly the expected cells', async () => {
  const run = await report('sw1', '--db', DB, '--wide');
  assert.equal(run.code, 0, run.stderr);
  const rows = tableRows(run.stdout);
  assert.deepEqual(rows[0], ['Variant', 'Prefill (s)', 'Generation (s)', 'Total (s)', 'Δ total (s)', 'Δ total %', 'Δ generation %', 'Δ prefill %', '95% CI Δ total %', 'Verdict']);
  assert.deepEqual(rows[1], ['baseline (baseline)', '0.300 ± 0.003', '0.700 ± 0.010', '1.000 ± 0.009', '', '', '', '', '', 'baseline']);
  const batched = compare(total(GENERATION_SEED), total(GENERATION_FASTER));
  assert.deepEqual(rows[2], ['batched-attention', '0.300 ± 0.003', '0.600 ± 0.010', '0.900 ± 0.009', '-0.100', '-10.00', '-14.29', '0.00', ci(batched.ciLow, batched.ciHigh), 'faster']);
  const fused = compare(total(GENERATION_SEED), total(GENERATION_SAME));
  assert.deepEqual(rows[3], ['fused-qkv', '0.300 ± 0.003', '0.701 ± 0.010', '1.001 ± 0.009', '+0.001', '+0.10', '+0.14', '0.00', ci(fused.ciLow, fused.ciHigh), 'no significant change']);
  assert.equal(rows.length, 4);
});

test("without a sweep id the latest sweep is reported, and a promoted baseline says what it stands for", async () => {
  const run = await report('--db', DB);
  assert.equal(run.code, 0, run.stderr);
  const rows = tableRows(run.stdout);
  assert.deepEqual(rows[1]!.slice(0, 3), ['baseline (= batched-attention)', '5', '0.900 ± 0.009']);
  assert.deepEqual(rows.slice(1).map((r) => r[0]), ['baseline (= batched-attention)', 'fused-qkv']);
});

test('--format json prints exactly the stored sweep as the result schema', async () => {
  for (const id of ['sw1', 'sw2']) {
    const run = await report(id, '--db', DB, '--format', 'json');
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout.trimEnd().split('\n').length, 1, 'one line');
    const out = JSON.parse(run.stdout) as SweepResult;
    assert.deepEqual(out, stored(id));
    assert.deepEqual(Object.keys(out), id === 'sw1' ? ['sweep', 'baseline', 'variants', 'notes'] : ['sweep', 'baseline', 'baselineOrigin', 'variants', 'notes']);
    assert.deepEqual(Object.keys(out.sweep), ['id', 'createdAt', 'status', 'environment', 'settings']);
    for (const v of out.variants) {
      for (const m of METRICS) assert.deepEqual(Object.keys(v[m]).filter((k) => k !== 'noisy'), ['mean', 'std', 'median', 'min', 'max', 'cv', 'n']);
      if (v.name !== out.baseline) assert.deepEqual(Object.keys(v.delta!.total).slice(0, 7), ['abs', 'pct', 'ciLow', 'ciHigh', 'p', 'verdict', 'runsToResolve']);
    }
  }
  assert.deepEqual(stored('sw2').baselineOrigin, { promotedFrom: 'batched-attention', changedSlots: { attentionCore: 'batched' } });
});

test('--format csv round-trips: every field parses back to the JSON value', async () => {
  const run = await report('sw1', '--db', DB, '--format', 'csv');
  assert.equal(run.code, 0, run.stderr);
  const json = stored('sw1');
  const [header, ...rows] = parseCsv(run.stdout.replace(/\n$/, ''));
  assert.deepEqual(header, [...CSV_COLUMNS]);
  assert.equal(rows.length, json.variants.length * METRICS.length);
  const names: string[] = header ?? [];
  const col = (name: string) => names.indexOf(name);
  const num = (s: string) => (s === '' ? null : Number(s));
  for (const v of json.variants) {
    for (const metric of METRICS) {
      const row = rows.find((r) => r[col('variant')] === v.name && r[col('metric')] === metric)!;
      assert.ok(row, `${v.name} ${metric}`);
      assert.equal(row[col('sweep_id')], 'sw1');
      assert.equal(row[col('is_baseline')], String(v.name === json.baseline));
      for (const [c, key] of [['mean_s', 'mean'], ['std_s', 'std'], ['median_s', 'median'], ['min_s', 'min'], ['max_s', 'max'], ['cv', 'cv'], ['n', 'n']] as const) {
        assert.equal(num(row[col(c)]!), v[metric][key], `${v.name} ${metric} ${c}`);
      }
      const d = v.delta?.[metric];
      assert.equal(num(row[col('delta_pct')]!), d?.pct ?? null);
      assert.equal(num(row[col('ci_low_pct')]!), d?.ciLow ?? null);
      assert.equal(num(row[col('p')]!), d?.p ?? null);
      assert.equal(row[col('verdict')], d?.verdict ?? '');
    }
  }
});

test('--correction holm judges the sweep on Holm-adjusted p-values: in the JSON, the CSV, the findings and the notes under the table', async () => {
  const json = await report('sw1', '--db', DB, '--format', 'json', '--correction', 'holm');
  assert.equal(json.code, 0, json.stderr);
  const out = JSON.parse(json.stdout) as SweepResult;
  assert.equal(out.sweep.settings.correction, 'holm');
  const plain = stored('sw1');
  for (const v of out.variants.filter((x) => x.delta)) {
    const before = plain.variants.find((x) => x.name === v.name)!.delta!.total;
    assert.equal(v.delta!.total.p, before.p);
    assert.ok(v.delta!.total.pAdjusted! >= before.p && v.delta!.total.pAdjusted! <= Math.min(1, 2 * before.p) + 1e-12);
  }
  const csv = await report('sw1', '--db', DB, '--format', 'csv', '--correction', 'holm');
  const [header, ...rows] = parseCsv(csv.stdout.replace(/\n$/, ''));
  const adjusted = rows.find((r) => r[header!.indexOf('variant')] === 'batched-attention' && r[header!.indexOf('metric')] === 'total')![header!.indexOf('p_adjusted')];
  assert.equal(Number(adjusted), out.variants.find((v) => v.name === 'batched-attention')!.delta!.total.pAdjusted);
  const findings = await report('sw1', '--db', DB, '--findings', '--correction', 'holm');
  assert.match(findings.stdout, /p-values Holm-adjusted over the sweep's comparisons with the baseline/);
  assert.match(findings.stdout, /p=[^ ]+ \(Holm; unadjusted [^ )]+\)/);
  const table = await report('sw1', '--db', DB, '--correction', 'holm');
  assert.match(table.stdout, /Holm-adjusted over the 2 comparisons with the baseline/);
  assert.doesNotMatch((await report('sw1', '--db', DB)).stdout, /Holm/);
});

test('--findings writes the findings document with every section', async () => {
  const run = await report('sw1', '--db', DB, '--findings');
  assert.equal(run.code, 0, run.stderr);
  const headings = run.stdout.split('\n').filter((l) => l.startsWith('#'));
  assert.deepEqual(headings, [
    '# Sweep Findings: sw1',
    '## Measurement Setup',
    '## Baseline',
    '## Results vs the Baseline',
    '### 1) batched-attention',
    '### 2) fused-qkv',
    '## Key Takeaways',
    '## Recommended Next Steps',
  ]);
  assert.match(run.stdout, /\*\*`batched-attention` is the strongest win\*\*: total -0\.100 s \(-10\.00%\)/);
  assert.match(run.stdout, /Promote `batched-attention` as the next baseline\*\* \(`lab baseline promote batched-attention`\)/);

  const promoted = await report('sw2', '--db', DB, '--findings');
  assert.equal(promoted.code, 0, promoted.stderr);
  assert.match(promoted.stdout, /against the baseline `baseline` \(= `batched-attention`\)/);
  assert.match(promoted.stdout, /This is not the seed's baseline: it is promoted from `batched-attention` .* with `attentionCore=batched` \(seed: `per-head`\)/);
});

test('--out writes the report to the file and only a confirmation to stderr', async () => {
  const out = path.join(dir, 'out', 'report.md');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const run = await report('sw1', '--db', DB, '--format', 'md', '--out', out);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, '');
  assert.equal(run.stderr.trim(), `wrote ${out}`);
  const printed = await report('sw1', '--db', DB, '--format', 'md');
  assert.equal(fs.readFileSync(out, 'utf8').trimEnd(), printed.stdout.trimEnd());
  assert.deepEqual(fs.readdirSync(path.dirname(out)), ['report.md'], 'no temporary file left');
});

test('a sweep whose baseline recorded no sample reports what exists and says what is missing', async () => {
  const file = path.join(tempDir(), 'results.db');
  fillDb(file, [{
    id: 'cut',
    createdAt: '2026-01-03T00:00:00.000Z',
    status: 'interrupted',
    runs: 5,
    variants: [
      { name: 'baseline', prefill: [], generation: [] },
      { name: 'batched-attention', slots: { attentionCore: 'batched' }, prefill: PREFILL.slice(0, 3), generation: GENERATION_FASTER.slice(0, 3) },
    ],
  }]);
  const run = await runLabInProcess(['report', '--db', file, '--wide'], { cwd: dir });
  assert.equal(run.code, 0, run.stderr);
  const rows = tableRows(run.stdout);
  assert.deepEqual(rows[1], ['baseline (baseline)', '—', '—', '—', '', '', '', '', '', 'no samples']);
  assert.deepEqual(rows[2]!.slice(0, 4), ['batched-attention', '0.300 ± 0.002', '0.600 ± 0.010', '0.900 ± 0.011']);
  assert.equal(rows[2]![9], 'no delta');
  assert.match(run.stdout, /^! the baseline \(baseline\) has no samples: no deltas can be computed$/m);
  assert.match(run.stdout, /^! batched-attention has 3 of 5 samples$/m);
  const json = JSON.parse((await runLabInProcess(['report', '--db', file, '--format', 'json'], { cwd: dir })).stdout) as SweepResult;
  assert.ok(json.notes.includes('the baseline (baseline) has no samples: no deltas can be computed'));
});

/** A user error: one line, exit 2. */
function assertUserError(run: LabRun, pattern: RegExp): void {
  assert.ok(isOneLineUserError(run), `expected one error line and exit 2, got ${run.code}: ${run.stderr}`);
  assert.match(run.stderr, pattern);
  assert.equal(run.stdout, '');
}

test('an unknown sweep id, a missing, empty or sweepless database: one line each, exit 2', async () => {
  assertUserError(await report('nope', '--db', DB), /^error: no sweep nope in .*results\.db/);
  assertUserError(await report('--db', path.join(dir, 'missing.db')), /^error: no results database at .*missing\.db/);
  const zero = path.join(tempDir(), 'zero.db');
  fs.writeFileSync(zero, '');
  assertUserError(await report('--db', zero), /is an empty database, not a lab results database yet/);
  assert.equal(fs.statSync(zero).size, 0, 'the empty file stays empty');
  const sweepless = path.join(tempDir(), 'sweepless.db');
  ResultsDb.open(sweepless).close();
  assertUserError(await report('--db', sweepless), /^error: no sweeps in .*sweepless\.db \(run lab sweep first\)/);
});

test('an unknown format or an unwritable --out: one line, exit 2, nothing written', async () => {
  const outDir = tempDir('lab-report-out-');
  assertUserError(await report('sw1', '--db', DB, '--format', 'yaml', '--out', path.join(outDir, 'r.yaml')), /^error: unknown report format "yaml" \(use one of: table, md, json, csv, html\)/);
  assert.deepEqual(fs.readdirSync(outDir), []);

  const missing = path.join(outDir, 'no', 'such', 'folder', 'r.txt');
  assertUserError(await report('sw1', '--db', DB, '--out', missing), /^error: cannot write .*r\.txt: folder .* does not exist/);
  assert.equal(fs.existsSync(path.join(outDir, 'no')), false);

  assertUserError(await report('sw1', '--db', DB, '--out', '/proc/x'), /^error: cannot write \/proc\/x/);
  assert.equal(fs.existsSync('/proc/x'), false);

  assertUserError(await report('sw1', '--db', DB, '--out', outDir), /is a directory/);
  assertUserError(await report('sw1', '--db', DB, '--metric', 'latency', '--out', path.join(outDir, 'r.txt')), /^error: --metric "latency" is not one of prefill, generation, total/);
  assertUserError(await report('sw1', '--db', DB, '--sort', 'size', '--out', path.join(outDir, 'r.txt')), /^error: --sort "size" is not one of run, delta, name/);
  assertUserError(await report('sw1', '--db', DB, '--correction', 'bonferroni', '--out', path.join(outDir, 'r.txt')), /^error: --correction "bonferroni" is not one of none, holm/);
  assert.deepEqual(fs.readdirSync(outDir), []);
});

const GRID_DB = path.join(dir, 'grid.db');
{
  const db = ResultsDb.open(GRID_DB);
  try {
    addStoredSweep(db, gridStoredSweep({ processes: 2 }));
  } finally {
    db.close();
  }
}

test('a 12-point grid: the default table fits 120 columns with the parameters as columns; --wide has every column', async () => {
  const run = await report('grid1', '--db', GRID_DB);
  assert.equal(run.code, 0, run.stderr);
  assert.ok(run.stdout.split('\n').every((l) => l.length <= 120), 'every line fits');
  const [header, ...rows] = tableRows(run.stdout);
  assert.deepEqual(header, ['Variant', 'keysPerSplit', 'tiling', 'n', 'Total (s)', 'Δ total % [95% CI]', 'Verdict']);
  assert.equal(rows.length, 14);
  const wide = tableRows((await report('grid1', '--db', GRID_DB, '--wide')).stdout);
  assert.deepEqual(wide[0]!.slice(0, 7), ['Variant', 'attention', 'keysPerSplit', 'tiling', 'normsInProducts', 'argmax', 'Prefill (s)']);
  assert.ok(wide.some((r) => r[0] === BEST_POINT));
});

test('--best names the grid\'s best point and its Δ against the defaults, from the stored samples with processes as the unit', async () => {
  const run = await report('grid1', '--db', GRID_DB, '--best', '--wide');
  assert.equal(run.code, 0, run.stderr);
  const db = ResultsDb.open(GRID_DB, { readonly: true });
  let expected: GridBest[];
  try {
    const storedSweep = db.getSweep('grid1');
    expected = bestOfGrids(storedSweep, buildSweepResult(storedSweep));
  } finally {
    db.close();
  }
  assert.equal(expected[0]!.vsDefaults!.method, 'process-t');
  assert.match(run.stdout, /^best of wgsl-recorded-step \(12 points\): @keysPerSplit=8,tiling=paired, -4\.12% \[[^\]]+\] vs its defaults \(p=[^)]+\); -7\.00% vs the baseline$/m);
  assert.ok(run.stdout.includes(bestLine(expected[0]!)));
  const json = JSON.parse((await report('grid1', '--db', GRID_DB, '--best', '--format', 'json')).stdout) as SweepResult & { best: GridBest[] };
  assert.deepEqual(json.best, JSON.parse(JSON.stringify(expected)));
  assert.equal(json.variants.length, 14);
});

test('--best on a sweep with no grid and no points: one line, exit 2, nothing written', async () => {
  const outDir = tempDir('lab-report-best-');
  assertUserError(await report('sw1', '--db', DB, '--best', '--out', path.join(outDir, 'r.txt')), /^error: sweep sw1 has no grid and no points of a parametrized variant: --best has nothing to choose from \(run a grid, e\.g\. lab sweep /);
  assert.deepEqual(fs.readdirSync(outDir), []);
});
