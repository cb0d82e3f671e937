/**
 * Bad input to the queue commands: one line, exit 2, and nothing written:
 * no experiment branch, no sweep row, no results.db.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { isOneLineUserError } from '../helpers/cli.ts';
import { freePort, startRedis, type TestRedis } from '../helpers/redis.ts';
import { ENV, labBranches, queueFixture, startLab, stopAll, sweepRows } from '../helpers/queue-fixture.ts';

const fx = queueFixture();
const SWEEP = ['sweep', 'fused-qkv', '--model', 'tiny', '--backend', 'wasm', '--runs', '2', '--warmup', '0', '--prompt-len', '4', '--gen-len', '4', '--db', fx.db];
let redis: TestRedis | null = null;
after(async () => {
  stopAll();
  await redis?.stop();
});

async function lab(args: string[], env: NodeJS.ProcessEnv = {}) {
  Object.assign(ENV, env);
  try {
    return await startLab(fx, args).done;
  } finally {
    for (const k of Object.keys(env)) delete ENV[k];
  }
}

function assertNothingWritten(): void {
  assert.deepEqual(labBranches(fx.repo), [], 'no experiment branch');
  assert.deepEqual(sweepRows(fx.db), [], 'no sweep row');
}

test('lab sweep --queue with an unreachable Redis: one line naming the address, exit 2, nothing written', async () => {
  const port = await freePort();
  const run = await lab([...SWEEP, '--queue', `redis://127.0.0.1:${port}`]);
  assert.ok(isOneLineUserError(run), run.stderr);
  assert.match(run.stderr, new RegExp(`cannot reach Redis at 127\\.0\\.0\\.1:${port}`));
  assertNothingWritten();
});

test('lab sweep --queue with a URL that does not parse: one line, exit 2, nothing written', async () => {
  for (const url of ['127.0.0.1:6379', 'http://127.0.0.1:6379', 'redis://127.0.0.1:notaport']) {
    const run = await lab([...SWEEP, '--queue', url]);
    assert.ok(isOneLineUserError(run), `${url}: ${run.stderr}`);
    assert.match(run.stderr, /--queue/);
  }
  assertNothingWritten();
});

test('--push and --resume need --queue; a queued sweep refuses --no-git and --until-resolved before writing anything', async () => {
  redis = await startRedis();
  const refusals: [string[], RegExp][] = [
    [[...SWEEP, '--push', 'origin'], /--push works with --queue only/],
    [['sweep', '--resume', 'x', '--db', fx.db], /--resume works with --queue only/],
    [[...SWEEP, '--queue', redis.url, '--no-git'], /code travels to the workers by git/],
    [[...SWEEP, '--queue', redis.url, '--until-resolved', '--max-runs', '4'], /--until-resolved is not supported with --queue/],
    [[...SWEEP, '--queue', redis.url, '--push', 'nowhere'], /no remote "nowhere"/],
    [['sweep', '--resume', 'x', '--queue', redis.url, '--db', fx.db], /no results database .* to resume sweep x from/],
    [['sweep', 'fused-qkv', '--resume', 'x', '--queue', redis.url, '--db', fx.db], /--resume takes no variants/],
  ];
  for (const [args, pattern] of refusals) {
    const run = await lab(args);
    assert.ok(isOneLineUserError(run), `${args.join(' ')}: ${run.stderr}`);
    assert.match(run.stderr, pattern);
  }
  assertNothingWritten();
  assert.equal(fs.existsSync(fx.db), false);
});

test('lab worker: an unreachable Redis, a bad URL, a GPU index this host lacks, or --gpu on a host without GPUs: one line, exit 2', async () => {
  const port = await freePort();
  const unreachable = await lab(['worker', '--queue', `redis://127.0.0.1:${port}`]);
  assert.ok(isOneLineUserError(unreachable), unreachable.stderr);
  assert.match(unreachable.stderr, new RegExp(`cannot reach Redis at 127\\.0\\.0\\.1:${port}`));
  const badUrl = await lab(['worker', '--queue', 'redis//oops']);
  assert.ok(isOneLineUserError(badUrl), badUrl.stderr);
  // A host with two GPUs, as nvidia-smi lists them.
  const bin = path.join(fx.base, 'fake-bin');
  fs.mkdirSync(bin, { recursive: true });
  fs.writeFileSync(path.join(bin, 'nvidia-smi'), "#!/bin/sh\nprintf '0, NVIDIA H200, 00000000:18:00.0\\n1, NVIDIA H200, 00000000:2A:00.0\\n'\n", { mode: 0o755 });
  const missing = await lab(['worker', '--queue', redis!.url, '--gpu', '2'], { PATH: `${bin}:${process.env.PATH}` });
  assert.ok(isOneLineUserError(missing), missing.stderr);
  assert.match(missing.stderr, /--gpu 2: this host has 2 GPUs \(0, 1\)/);
  // No nvidia-smi at all (PATH without it): a CPU host.
  const cpuHost = await lab(['worker', '--queue', redis!.url, '--gpu', '0'], { PATH: path.dirname(process.execPath) + ':/usr/bin:/bin' });
  if (!fs.existsSync('/usr/bin/nvidia-smi')) {
    assert.ok(isOneLineUserError(cpuHost), cpuHost.stderr);
    assert.match(cpuHost.stderr, /--gpu 0: this host has no GPU/);
  }
});
