import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { ResultsDb } from '../../src/db/results-db.ts';
import type { SweepResult } from '../../src/sweep/result.ts';
import { isOneLineUserError, runLab } from '../helpers/cli.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-sweep-'));
const tinySweep = ['--model', 'tiny', '--warmup', '1', '--prompt-len', '4', '--gen-len', '4', '--no-git', '--quiet', '--backend', 'wasm'];

function checkResultSchema(result: SweepResult, variants: string[]): void {
  assert.deepEqual(Object.keys(result.sweep).sort(), ['createdAt', 'environment', 'id', 'settings', 'status']);
  assert.equal(result.sweep.status, 'completed');
  assert.equal(result.baseline, 'baseline');
  assert.deepEqual(result.variants.map((v) => v.name), variants);
  for (const key of ['labVersion', 'gitSha', 'backend', 'device', 'tfjsVersion', 'nodeVersion', 'cpuModel', 'cpuCores', 'totalMemoryBytes', 'os', 'commandLine']) {
    assert.ok(key in result.sweep.environment, key);
  }
  for (const v of result.variants) {
    assert.equal(v.n, 3);
    for (const metric of ['prefill', 'generation', 'total'] as const) {
      for (const stat of ['mean', 'std', 'median', 'min', 'max']) assert.equal(typeof (v[metric] as unknown as Record<string, number>)[stat], 'number');
    }
    if (v.name === 'baseline') {
      assert.equal(v.delta, undefined);
      continue;
    }
    for (const metric of ['prefill', 'generation', 'total'] as const) {
      // Every field the schema has always had, and the method and means' Δ% the robust comparison added.
      assert.deepEqual(Object.keys(v.delta![metric]).sort(), ['abs', 'alpha', 'ciHigh', 'ciLow', 'meanPct', 'method', 'p', 'pct', 'resolved', 'runsToResolve', 'verdict']);
      assert.equal(v.delta![metric].method, 'paired-rank-sum');
    }
    assert.ok(['faster', 'slower', 'no significant change'].includes(v.verdict!));
  }
}

test('an in-process sweep stores every sample and warm-up apart and prints the result schema as its last line', () => {
  const db = path.join(tmp, 'in-process.db');
  const run = runLab(['sweep', 'fused-qkv', ...tinySweep, '--runs', '3', '--in-process', '--db', db, '--json']);
  assert.equal(run.code, 0, run.stderr);
  const result = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as SweepResult;
  checkResultSchema(result, ['baseline', 'fused-qkv']);
  const stored = ResultsDb.open(db, { readonly: true });
  const sweep = stored.getSweep(result.sweep.id);
  stored.close();
  assert.equal(sweep.samples.filter((s) => !s.superseded).length, 6);
  assert.equal(sweep.warmups.length, 2);
  assert.ok(sweep.samples.every((s) => s.commitSha === null && s.totalS > 0 && s.peakMemoryBytes > 0));
});

test('a sweep in child processes measures each variant in its own process, with start-up kept apart', () => {
  const db = path.join(tmp, 'processes.db');
  const run = runLab(['sweep', 'batched-attention', ...tinySweep, '--runs', '3', '--db', db]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /batched-attention/);
  assert.match(run.stdout, /harness: start-up \d+\.\d+ s per variant/);
  assert.match(run.stdout, /sweep \d{8}-\d{6}-[0-9a-f]{4}/);
  const raw = new Database(db, { readonly: true });
  const startups = raw.prepare('SELECT startup_s FROM variants').all() as { startup_s: number }[];
  raw.close();
  assert.ok(startups.every((s) => s.startup_s > 0));
});

test('--processes spreads each variant\'s runs over fresh worker processes, warming up in each, and records which process measured what', () => {
  const db = path.join(tmp, 'spread.db');
  const run = runLab(['sweep', 'fused-qkv', ...tinySweep.filter((a) => a !== '--quiet'), '--runs', '4', '--processes', '2', '--db', db, '--json']);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /2 variants x 4 runs over 2 processes each \(\+1 warm-up per process\)/);
  assert.match(run.stderr, /fused-qkv \(process 2\/2\): ready in/);
  const result = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as SweepResult;
  assert.equal(result.sweep.settings.processes, 2);
  const stored = ResultsDb.open(db, { readonly: true });
  const sweep = stored.getSweep(result.sweep.id);
  stored.close();
  for (const name of ['baseline', 'fused-qkv']) {
    const samples = sweep.samples.filter((s) => s.variant === name).sort((a, b) => a.round - b.round);
    // A re-run under foreign load repeats a round in its process; the samples that count are one per round.
    assert.deepEqual(samples.filter((s) => !s.superseded).map((s) => [s.round, s.process]), [[0, 0], [1, 0], [2, 1], [3, 1]], name);
    assert.deepEqual(sweep.warmups.filter((w) => w.variant === name).map((w) => w.process), [0, 1], `${name}: a warm-up in each process`);
  }
  assert.ok(sweep.variants.every((v) => (v.startupS ?? 0) > 0));
  const show = runLab(['show', result.sweep.id, '--db', db]);
  assert.equal(show.code, 0, show.stderr);
  assert.match(show.stdout, /2 processes per variant, 4 runs spread over them, 1 warm-up in each/);
});

test('--runs 1 is refused: with one sample there is no standard deviation', () => {
  const db = path.join(tmp, 'refused.db');
  const run = runLab(['sweep', ...tinySweep, '--runs', '1', '--db', db]);
  assert.ok(isOneLineUserError(run), run.stderr);
  assert.equal(fs.existsSync(db), false);
});

test('a corrupt or foreign results database stops the sweep before anything is written', () => {
  const db = path.join(tmp, 'corrupt.db');
  fs.writeFileSync(db, 'this is not a database'.repeat(100));
  const before = fs.readFileSync(db);
  const run = runLab(['sweep', 'fused-qkv', ...tinySweep, '--db', db]);
  assert.ok(isOneLineUserError(run), run.stderr);
  assert.match(run.stderr, /corrupt\.db/);
  assert.deepEqual(fs.readFileSync(db), before);
});

test('a results database from a newer lab is refused and left as it was', () => {
  const db = path.join(tmp, 'newer.db');
  ResultsDb.open(db).close();
  const raw = new Database(db);
  raw.prepare("INSERT INTO schema_version (version, description, applied_at) VALUES (99, 'from the future', '2030-01-01')").run();
  raw.close();
  const run = runLab(['sweep', 'fused-qkv', ...tinySweep, '--db', db]);
  assert.ok(isOneLineUserError(run), run.stderr);
  assert.match(run.stderr, /newer lab/);
});

test('a results database in a missing folder is refused before anything runs', () => {
  const run = runLab(['sweep', 'fused-qkv', ...tinySweep, '--db', path.join(tmp, 'no', 'such', 'dir', 'r.db')]);
  assert.ok(isOneLineUserError(run), run.stderr);
});
