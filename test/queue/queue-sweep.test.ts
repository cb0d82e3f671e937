/**
 * Queued sweeps end to end on the CPU: a real redis-server, `lab worker`s and
 * a `lab sweep --queue` coordinator as separate processes, and the faults the
 * queue must survive: a worker SIGKILLed mid-block, the coordinator SIGKILLed
 * (then --resume), Redis killed and restarted mid-sweep. Every test checks
 * that each (process, variant, round) is counted exactly once.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { startRedis, type TestRedis } from '../helpers/redis.ts';
import { countsOf, g, labBranches, queueFixture, startLab, stopAll, storedSamples, sweepRows, until, type QueueFixture, type Started } from '../helpers/queue-fixture.ts';

let redis: TestRedis;
before(async () => {
  redis = await startRedis();
});
after(async () => {
  stopAll();
  await redis?.stop();
});

/** Two blocks (--block-size 1) x two processes = 4 jobs of `runs / 2` rounds each; gen-len 16 keeps a job a few seconds long. */
function sweepArgs(fx: QueueFixture, runs: number): string[] {
  return ['sweep', 'fused-qkv', 'batched-attention', '--model', 'tiny', '--backend', 'wasm', '--runs', String(runs), '--warmup', '1', '--prompt-len', '4', '--gen-len', '16',
    '--block-size', '1', '--processes', '2', '--load-threshold', '100', '--queue', redis.url, '--db', fx.db];
}

function worker(fx: QueueFixture): Started {
  return startLab(fx, ['worker', '--queue', redis.url]);
}

async function stopWorkers(workers: Started[]): Promise<void> {
  for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGTERM');
  await Promise.all(workers.map((w) => w.done));
}

function assertExact(fx: QueueFixture, runs: number): void {
  const rows = storedSamples(fx.db);
  const { total, wrong } = countsOf(rows);
  assert.deepEqual(wrong, [], 'every (process, variant, round) counted exactly once');
  // 2 blocks, each runs rounds of its baseline and its variant.
  assert.equal(total, 2 * 2 * runs);
  assert.ok(rows.every((r) => r.sampleKey !== null && r.device !== null));
}

test('a worker SIGKILLed mid-block: its block is retried on another worker, no sample lost or counted twice', { timeout: 300_000 }, async () => {
  const fx = queueFixture();
  const runs = 40;
  const workers = [worker(fx), worker(fx)];
  const sweep = startLab(fx, sweepArgs(fx, runs));
  // The first sample of any worker: kill that worker while its block is under way.
  const first = await until('a first sample', () => storedSamples(fx.db).find((r) => r.device));
  const pid = Number(/worker (\d+)/.exec(first.device!)![1]);
  const victim = workers.find((w) => w.child.pid === pid)!;
  victim.child.kill('SIGKILL');
  const attempt = first.sampleKey!.split('.')[2]!;
  // A third worker joins, so that two are left to finish the sweep.
  workers.push(worker(fx));
  const ran = await sweep.done;
  assert.equal(ran.code, 0, ran.stderr);
  assertExact(fx, runs);
  const rows = storedSamples(fx.db);
  const dead = rows.filter((r) => r.sampleKey!.split('.')[2] === attempt);
  assert.ok(dead.length > 0 && dead.every((r) => r.superseded === 1), "the killed attempt's samples are kept, superseded");
  assert.ok(rows.filter((r) => !r.superseded).every((r) => !r.device!.includes(`worker ${pid}:`)), 'nothing of the killed worker counts');
  assert.match(ran.stderr, /attempt 2-/);
  assert.deepEqual(sweepRows(fx.db).map((s) => s.status), ['completed']);
  await stopWorkers(workers);
});

test('the coordinator SIGKILLed mid-sweep: lab sweep --resume picks it up from the store and the queue', { timeout: 300_000 }, async () => {
  const fx = queueFixture();
  const runs = 24;
  const workers = [worker(fx)];
  const sweep = startLab(fx, sweepArgs(fx, runs));
  const first = await until('a first sample', () => storedSamples(fx.db)[0]);
  sweep.child.kill('SIGKILL');
  await sweep.done;
  const id = first.sweepId;
  const resumed = await startLab(fx, ['sweep', '--resume', id, '--queue', redis.url, '--db', fx.db]).done;
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.match(resumed.stderr, new RegExp(`sweep ${id}: resuming 4 queued blocks`));
  assert.match(resumed.stdout, new RegExp(`sweep ${id} \\(lab report ${id}\\)`));
  assertExact(fx, runs);
  assert.deepEqual(sweepRows(fx.db).map((s) => s.status), ['completed']);
  assert.equal(labBranches(fx.repo).length, 3, 'the experiment branches are the record');
  const again = await startLab(fx, ['sweep', '--resume', id, '--queue', redis.url, '--db', fx.db]).done;
  assert.equal(again.code, 2);
  assert.match(again.stderr, new RegExp(`error: sweep ${id} is already completed`));
  await stopWorkers(workers);
});

test('Redis killed and restarted mid-sweep: workers and coordinator reconnect, and the sweep goes on to the end', { timeout: 300_000 }, async () => {
  const fx = queueFixture();
  const runs = 24;
  const workers = [worker(fx), worker(fx)];
  const sweep = startLab(fx, sweepArgs(fx, runs));
  await until('a first sample', () => storedSamples(fx.db)[0]);
  redis.kill();
  await new Promise((r) => setTimeout(r, 1500));
  await redis.start();
  const ran = await sweep.done;
  assert.equal(ran.code, 0, ran.stderr);
  assert.match(ran.stderr, /does not answer .*waiting for it to come back/);
  assert.match(ran.stderr, /is back after \d+\.\d s; the sweep goes on/);
  assertExact(fx, runs);
  await stopWorkers(workers);
});

test('--push origin: a worker in another clone fetches the experiment branches from the remote and runs them', { timeout: 300_000 }, async () => {
  const fx = queueFixture();
  const remote = path.join(fx.base, 'remote.git');
  g(fx.base, 'init', '-q', '--bare', '-b', 'main', remote);
  g(fx.repo, 'remote', 'add', 'origin', remote);
  g(fx.repo, 'push', '-q', 'origin', 'main');
  // The worker's host: its own clone of main, with none of the sweep's branches.
  const clone = path.join(fx.base, 'worker-clone');
  g(fx.base, 'clone', '-q', remote, clone);
  // (The fixture's node_modules is a symlink, which `node_modules/` in .gitignore does not match: the clone has it too.)
  if (!fs.existsSync(path.join(clone, 'node_modules'))) fs.symlinkSync(path.join(fx.repo, 'node_modules'), path.join(clone, 'node_modules'), 'dir');
  const w = startLab({ ...fx, repo: clone }, ['worker', '--queue', redis.url]);
  const runs = 4;
  const ran = await startLab(fx, [...sweepArgs(fx, runs), '--push', 'origin']).done;
  assert.equal(ran.code, 0, ran.stderr);
  assert.match(ran.stderr, /branches pushed to origin/);
  assertExact(fx, runs);
  const pushed = g(remote, 'for-each-ref', '--format=%(refname:short)', 'refs/heads/lab/').split('\n').filter(Boolean);
  assert.deepEqual(pushed.sort(), labBranches(fx.repo).sort());
  assert.equal(pushed.length, 3);
  await stopWorkers([w]);
});

test('a block no worker can get the code of fails on every attempt, and the sweep stops saying why (exit 2, marked failed)', { timeout: 300_000 }, async () => {
  const fx = queueFixture();
  // The worker's own clone, pointed (--repo) at a source that does not exist: every attempt fails to fetch.
  const clone = path.join(fx.base, 'worker-clone');
  g(fx.base, 'clone', '-q', fx.repo, clone);
  const w = startLab({ ...fx, repo: clone }, ['worker', '--queue', redis.url, '--repo', path.join(fx.base, 'nowhere')]);
  const ran = await startLab(fx, [...sweepArgs(fx, 4)]).done;
  assert.equal(ran.code, 2, ran.stderr);
  const last = ran.stderr.trim().split('\n').at(-1)!;
  assert.match(last, /^error: block \S+ failed on every attempt: cannot get commit [0-9a-f]{12} of \S+ from .*nowhere/);
  assert.match(last, /lab sweep --resume \S+ --queue redis:\/\/127\.0\.0\.1:\d+ retries it/);
  assert.deepEqual(sweepRows(fx.db).map((s) => s.status), ['failed']);
  assert.deepEqual(storedSamples(fx.db), []);
  await stopWorkers([w]);
});
