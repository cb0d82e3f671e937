/**
 * lab tune end to end on the CPU: a parametrized variant planted in a copy of the project, whose knob is a
 * known busy-wait per sample, searched by successive halving; and its bad input.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { ResultsDb } from '../../src/db/results-db.ts';
import type { TuneSummary } from '../../src/tune/summary.ts';
import { isOneLineUserError, runLab } from '../helpers/cli.ts';
import { copyProject } from '../helpers/project-copy.ts';

/** waitMs: a busy-wait after each generation. 0 and 1 are near the noise (1 ms a sample may or may not resolve); 60 is far slower than either. */
const PLANTED = `import { onDeviceGeneration } from '../src/model/implementations/generation.ts';
import { plantedDelay } from '../src/model/implementations/planted-delay.ts';
import { defineParametrizedVariant } from '../src/variants.ts';

export default defineParametrizedVariant({
  name: 'planted-wait',
  description: 'planted: the baseline, then waitMs of busy-waiting per sample',
  params: { waitMs: { type: 'integer', default: 1, values: [0, 1, 60], description: 'milliseconds of busy-wait after each generation' } },
  slots: (p) => ({ generation: plantedDelay(onDeviceGeneration, p.waitMs as number) }),
});
`;

function plantedCopy(): string {
  const root = copyProject();
  fs.writeFileSync(path.join(root, 'variants', 'planted-wait.ts'), PLANTED);
  const index = path.join(root, 'variants', 'index.ts');
  const text = fs.readFileSync(index, 'utf8').replace('// lab:imports', "import plantedWait from './planted-wait.ts';\n// lab:imports").replace('  // lab:variants', '  plantedWait,\n  // lab:variants');
  fs.writeFileSync(index, text);
  return root;
}

const TINY = ['--model', 'tiny', '--prompt-len', '4', '--gen-len', '4', '--warmup', '1', '--processes', '1', '--no-git'];

test('lab tune drops the point significantly slower than the best, measures the rest further, and stores every sample', () => {
  const root = plantedCopy();
  const db = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lab-tune-')), 'results.db');
  const run = runLab(['tune', 'planted-wait', '--param', 'waitMs=0,1,60', ...TINY, '--runs', '10', '--max-runs', '15', '--db', db, '--json', '--quiet'], { root, timeoutMs: 240_000 });
  assert.equal(run.code, 0, run.stderr);
  const summary = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as TuneSummary;
  assert.equal(summary.variant, 'planted-wait');
  assert.equal(summary.points, 3); // planted-wait (waitMs=1, the defaults), @waitMs=0, @waitMs=60
  assert.notEqual(summary.best.params.waitMs, 60);
  // 60 ms is dropped at the first look. 1 ms against 0 is a real difference too, near the noise of a 2-core
  // machine: it may be detected or not, but only ever against a point that waits less.
  const waitOf = (point: string) => (point === 'planted-wait' ? 1 : Number(/waitMs=(\d+)/.exec(point)![1]));
  assert.deepEqual(summary.dropped.find((d) => d.point === 'planted-wait@waitMs=60'), { point: 'planted-wait@waitMs=60', rung: 0 });
  for (const d of summary.dropped) assert.ok(waitOf(d.point) > (summary.best.params.waitMs as number), `${d.point} dropped against the best, waitMs=${summary.best.params.waitMs}`);
  assert.equal(summary.rungs[0]!.runs, 10);
  assert.ok(summary.samplesSpent < summary.samplesExhaustive || summary.rungs.length === 1, JSON.stringify(summary));
  // Every sample is in results.db like a sweep's, and lab report reads it.
  const stored = ResultsDb.open(db, { readonly: true });
  try {
    const sweep = stored.getSweep(summary.sweepId);
    assert.equal(sweep.settings.purpose, 'tune');
    assert.equal(sweep.samples.filter((s) => s.variant === 'planted-wait@waitMs=60' && !s.superseded).length, 10);
    assert.equal(sweep.samples.filter((s) => !s.superseded).length, summary.samplesSpent);
    assert.deepEqual(sweep.settings.tune?.dropped, summary.dropped);
  } finally {
    stored.close();
  }
  const report = runLab(['report', summary.sweepId, '--db', db], { root });
  assert.equal(report.code, 0, report.stderr);
  assert.match(report.stdout, /planted-wait@waitMs=60/);
  // lab report --best on a tune sweep gives the search's own answer, not a second opinion.
  const best = runLab(['report', summary.sweepId, '--db', db, '--best', '--format', 'json'], { root });
  assert.equal(best.code, 0, best.stderr);
  const grids = (JSON.parse(best.stdout) as { best: { best: string; vsDefaults: { pct: number } | null }[] }).best;
  assert.equal(grids[0]!.best, summary.best.name);
  if (summary.best.name !== summary.defaults) assert.equal(grids[0]!.vsDefaults!.pct, summary.vsDefaults.pct);
});

test('lab tune refuses a variant without parameters, no grid, a one-point grid and values outside the domain, writing nothing', () => {
  const db = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lab-tune-')), 'results.db');
  const cases: [string[], RegExp][] = [
    [['tune', 'fused-qkv', '--param', 'a=1'], /fused-qkv has no parameters/],
    [['tune', 'kv-cache'], /lab tune needs a grid to search: --param/],
    [['tune', 'kv-cache', '--param', 'growBy=32'], /is its defaults alone: there is nothing to search/],
    [['tune', 'kv-cache', '--param', 'growBy=9,16'], /growBy=9 is outside its domain/],
    [['tune', 'kv-cache', '--param', 'growBy=8,16', '--budget', 'soon'], /--max-time|soon/],
  ];
  for (const [args, pattern] of cases) {
    const run = runLab([...args, ...TINY, '--db', db]);
    assert.ok(isOneLineUserError(run), `${args.join(' ')}: ${run.code} ${run.stderr}`);
    assert.match(run.stderr, pattern);
  }
  assert.equal(fs.existsSync(db), false);
});
