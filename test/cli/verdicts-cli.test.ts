/**
 * lab sweep's verdict options and lab calibrate, as a user runs them: bad input in one line with nothing
 * written, --until-resolved's looks, a calibration that reports name, and the machine lock's --no-wait.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import type { SweepResult } from '../../src/sweep/result.ts';
import { isOneLineUserError, runLab } from '../helpers/cli.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-verdicts-cli-'));
const tiny = ['--model', 'tiny', '--prompt-len', '4', '--gen-len', '4', '--warmup', '0', '--no-git', '--quiet'];

test('bad verdict options: one line, exit 2, no database written', () => {
  const db = path.join(tmp, 'never.db');
  const cases: [string[], RegExp][] = [
    [['sweep', 'fused-qkv', '--until-resolved'], /--until-resolved needs a budget: --max-runs N, --max-time DURATION, or both/],
    [['sweep', 'fused-qkv', '--until-resolved', '--max-time', 'soon'], /--max-time "soon" is not a duration \(write it as e\.g\. 90s, 5m or 1h\)/],
    [['sweep', 'fused-qkv', '--max-runs', '20'], /--max-runs and --max-time are the budget of --until-resolved/],
    [['sweep', 'fused-qkv', '--until-resolved', '--max-runs', '5'], /--max-runs 5 is less than --runs 1[02], the first look/],
    [['sweep', 'fused-qkv', '--stat', 'median'], /unknown --stat "median" \(use one of: robust, mean\)/],
    [['sweep', 'fused-qkv', '--load-threshold', '-1'], /--load-threshold must be a number of cores >= 0/],
    [['calibrate', '--sweeps', '1'], /--sweeps must be an integer >= 2, got 1/],
  ];
  for (const [args, message] of cases) {
    const run = runLab([...args, ...(args[0] === 'calibrate' ? tiny.filter((a) => a !== '--no-git') : tiny), '--db', db]);
    assert.ok(isOneLineUserError(run), `${args.join(' ')}: ${run.code} ${run.stderr}`);
    assert.match(run.stderr, message);
  }
  assert.equal(fs.existsSync(db), false);
});

test('--until-resolved plans its looks, stops when resolved, and says how many runs the verdict took', () => {
  const db = path.join(tmp, 'until.db');
  const run = runLab(['sweep', 'fused-qkv', ...tiny, '--runs', '6', '--until-resolved', '--max-runs', '9', '--db', db, '--json'], { timeoutMs: 120_000 });
  assert.equal(run.code, 0, run.stderr);
  const result = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as SweepResult;
  assert.deepEqual(result.sweep.settings.untilResolved, { maxRuns: 9, maxTimeS: null, looks: [6, 9] });
  const v = result.variants.find((x) => x.name === 'fused-qkv')!;
  assert.ok(v.sequential, 'the variant records its look');
  assert.ok(v.sequential.runs === 6 || v.sequential.runs === 9, `${v.sequential.runs} runs`);
  assert.equal(v.sequential.looks, 2);
  // A look resolved early spends less than the full alpha; the last look spends what is left.
  assert.ok(v.sequential.alpha < 0.05);
  const report = runLab(['report', '--db', db]);
  assert.match(report.stdout, /fused-qkv: (resolved|unresolved) at look [12] of 2/);
  // On a CPU backend each run has a worker process of its own, the added look's runs too.
  if (result.sweep.environment.backend !== 'webgpu') {
    const raw = new Database(db, { readonly: true });
    const rows = raw.prepare("SELECT s.process, COUNT(*) AS n FROM samples s JOIN variants v ON v.sweep_id = s.sweep_id AND v.id = s.variant_id WHERE v.name = 'fused-qkv' AND s.superseded = 0 GROUP BY s.process").all() as { process: number; n: number }[];
    raw.close();
    assert.equal(rows.length, v.sequential.runs, JSON.stringify(rows));
    assert.ok(rows.every((r) => r.n === 1), JSON.stringify(rows));
  }
});

test('lab calibrate stores the A/A rate of this machine, and reports of its later sweeps name it', () => {
  const db = path.join(tmp, 'calibrated.db');
  const cal = runLab(['calibrate', '--sweeps', '2', ...tiny.filter((a) => a !== '--no-git'), '--runs', '6', '--db', db, '--json'], { timeoutMs: 120_000 });
  assert.equal(cal.code, 0, cal.stderr);
  const result = JSON.parse(cal.stdout.trim().split('\n').at(-1)!) as { sweeps: number; falseVerdicts: number; falseVerdictRate: number; ciLow: number; ciHigh: number; noisePct: number; sweepIds: string[] };
  assert.equal(result.sweeps, 2);
  assert.equal(result.falseVerdictRate, result.falseVerdicts / 2);
  assert.ok(result.ciLow <= result.falseVerdictRate && result.falseVerdictRate <= result.ciHigh);
  assert.ok(result.noisePct > 0);
  assert.equal(result.sweepIds.length, 2);
  // The calibration's own sweeps are not "the latest sweep".
  const none = runLab(['report', '--db', db]);
  assert.ok(isOneLineUserError(none), none.stderr);
  const sweep = runLab(['sweep', 'fused-qkv', ...tiny, '--runs', '6', '--db', db, '--json']);
  assert.equal(sweep.code, 0, sweep.stderr);
  const report = runLab(['report', '--db', db, '--format', 'json']);
  const reported = JSON.parse(report.stdout) as SweepResult;
  assert.equal(reported.calibration?.sweeps, 2);
  assert.match(reported.notes.join('\n'), /calibration \d+ of this machine \(.*, wasm|cpu.*\): \d false verdicts? in 2 A\/A sweeps/);
});

test('--no-wait refuses while another sweep holds the machine; --allow-concurrent measures anyway', () => {
  const lockDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-verdicts-lock-'));
  fs.writeFileSync(
    path.join(lockDir, 'gemma-lab-measuring.lock'),
    JSON.stringify({ pid: process.pid, host: os.hostname(), sweepId: 'someone-else', commandLine: 'lab sweep other', startedAt: new Date().toISOString() }),
  );
  const db = path.join(tmp, 'locked.db');
  const refused = runLab(['sweep', 'fused-qkv', ...tiny, '--runs', '2', '--no-wait', '--db', db], { env: { LAB_LOCK_DIR: lockDir } });
  assert.ok(isOneLineUserError(refused), refused.stderr);
  assert.match(refused.stderr, /another sweep is measuring on this machine: sweep someone-else \(pid \d+/);
  assert.equal(fs.existsSync(db), false);
  const concurrent = runLab(['sweep', 'fused-qkv', ...tiny, '--runs', '2', '--allow-concurrent', '--db', db, '--json'], { env: { LAB_LOCK_DIR: lockDir } });
  assert.equal(concurrent.code, 0, concurrent.stderr);
  assert.equal((JSON.parse(concurrent.stdout.trim().split('\n').at(-1)!) as SweepResult).sweep.settings.allowConcurrent, true);
});
