/**
 * npm run bench:queue — queued sweeps through a real Redis on this machine:
 *
 * 1. Throughput: one sweep measured by 1 local worker, then the same sweep by
 *    4 (wasm backend), in counted samples per second of wall time from the
 *    coordinator's start to its summary (start-ups, fetches and worktrees in).
 * 2. Faults: 10 sweeps with 4 workers, one of them SIGKILLed at a random moment
 *    of each (between its first sample and the sweep's expected end; a worker
 *    that is measuring when there is one) and replaced: per sweep, whether it
 *    completed with every
 *    (process, variant, round) counted exactly once, and what the kill cost.
 *
 *   npm run bench:queue -- [--sweeps 10] [--workers 4] [--runs 20] [--model tiny] [--prompt-len 4] [--gen-len 16] [--seed 1]
 *
 * Needs redis-server (apt-get install redis-server). A killed worker's job returns to the queue after the lock
 * expires: the bench shortens it to 2 s (LAB_QUEUE_LOCK_MS), as the tests do.
 */
import { parseArgs } from 'node:util';
import { seededRandom } from '../src/random.ts';
import { startRedis } from '../test/helpers/redis.ts';
import { countsOf, queueFixture, startLab, storedSamples, sweepRows, type QueueFixture, type Started } from '../test/helpers/queue-fixture.ts';

const { values } = parseArgs({
  options: {
    sweeps: { type: 'string', default: '10' },
    workers: { type: 'string', default: '4' },
    runs: { type: 'string', default: '20' },
    model: { type: 'string', default: 'tiny' },
    'prompt-len': { type: 'string', default: '4' },
    'gen-len': { type: 'string', default: '16' },
    seed: { type: 'string', default: '1' },
  },
});
const sweeps = Number(values.sweeps);
const many = Number(values.workers);
const runs = Number(values.runs);
const VARIANTS = ['fused-qkv', 'batched-attention', 'kv-cache', 'no-outer-map'];
const random = seededRandom(Number(values.seed));

const redis = await startRedis();
const fx = queueFixture();
const sweepArgs = (f: QueueFixture) => ['sweep', ...VARIANTS, '--model', values.model!, '--backend', 'wasm', '--runs', String(runs), '--warmup', '1',
  '--prompt-len', values['prompt-len']!, '--gen-len', values['gen-len']!, '--block-size', '1', '--processes', '2', '--load-threshold', '100', '--queue', redis.url, '--db', f.db, '--quiet'];
const expected = VARIANTS.length * 2 * runs; // each block: its variant's rounds and its baseline's
const workers: Started[] = [];
const spawnWorker = () => {
  const w = startLab(fx, ['worker', '--queue', redis.url]);
  workers.push(w);
  return w;
};
const alive = () => workers.filter((w) => w.child.exitCode === null && w.child.signalCode === null);
async function setWorkers(n: number): Promise<void> {
  while (alive().length > n) {
    const w = alive().at(-1)!;
    w.child.kill('SIGTERM');
    await w.done;
  }
  while (alive().length < n) spawnWorker();
}

interface Outcome {
  wallS: number;
  /** Seconds from the coordinator's start to the sweep's first stored sample. */
  firstSampleS: number;
  counted: number;
  wrong: string[];
  superseded: number;
  status: string;
  killedAfterS: number | null;
}

async function oneSweep(kill: { atS: number } | null): Promise<Outcome> {
  const before = new Set(sweepRows(fx.db).map((s) => s.id));
  const started = performance.now();
  const sweep = startLab(fx, sweepArgs(fx));
  let killedAfterS: number | null = null;
  // The sweep's first sample: before it, the coordinator is making commits and the workers worktrees.
  let exited = false;
  void sweep.done.then(() => (exited = true));
  for (;;) {
    const id = sweepRows(fx.db).find((s) => !before.has(s.id))?.id;
    if (exited || (id && storedSamples(fx.db).some((r) => r.sweepId === id))) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const firstSampleS = (performance.now() - started) / 1000;
  if (kill) {
    // Then the random moment, then one of the workers is SIGKILLed, whatever it is doing.
    await new Promise((r) => setTimeout(r, kill.atS * 1000));
    // A worker measuring right now (one of the last samples is its), so that the kill lands mid-block with samples
    // of its attempt already stored; any live worker if none is.
    const id = sweepRows(fx.db).find((s) => !before.has(s.id))?.id;
    const recent = new Set(storedSamples(fx.db).filter((r) => r.sweepId === id).slice(-8).map((r) => Number(/worker (\d+)/.exec(r.device ?? '')?.[1])));
    const measuring = alive().filter((w) => recent.has(w.child.pid!));
    const busy = measuring.length ? measuring : alive();
    const victim = busy[Math.floor(random() * busy.length)]!;
    victim.child.kill('SIGKILL');
    killedAfterS = (performance.now() - started) / 1000;
    spawnWorker(); // the host gets its worker back, as a supervisor would restart it
  }
  const ran = await sweep.done;
  const wallS = (performance.now() - started) / 1000;
  const id = sweepRows(fx.db).find((s) => !before.has(s.id));
  const rows = storedSamples(fx.db).filter((r) => r.sweepId === id?.id);
  const { total, wrong } = countsOf(rows);
  if (ran.code !== 0) wrong.push(`exit ${ran.code}: ${ran.stderr.trim().split('\n').at(-1)}`);
  return { wallS, firstSampleS, counted: total, wrong, superseded: rows.filter((r) => r.superseded).length, status: id?.status ?? 'none', killedAfterS };
}

const line = (o: Outcome) => `${o.counted}/${expected} counted, ${o.wrong.length === 0 && o.counted === expected ? 'every sample exactly once' : `WRONG: ${o.wrong.slice(0, 3).join('; ')}`}, ${o.superseded} superseded, ${o.wallS.toFixed(1)} s, ${(o.counted / o.wallS).toFixed(2)} samples/s, ${o.status}`;
try {
  console.log(`bench:queue: ${VARIANTS.length} variants x ${runs} runs, --block-size 1 --processes 2 (${VARIANTS.length * 2} jobs), ${values.model}, prompt ${values['prompt-len']} + ${values['gen-len']}, wasm, Redis on ${redis.url}`);
  // A first sweep, not reported, warms what every later one reuses (the page cache, git's objects, tsx's cache).
  await setWorkers(many);
  const warm = await oneSweep(null);
  console.log(`warm-up sweep (${many} workers, not compared): ${line(warm)}`);
  await setWorkers(1);
  const one = await oneSweep(null);
  console.log(`1 worker:  ${line(one)}`);
  await setWorkers(many);
  const four = await oneSweep(null);
  console.log(`${many} workers: ${line(four)} (first sample at ${four.firstSampleS.toFixed(1)} s)`);
  console.log(`throughput: ${(four.counted / four.wallS).toFixed(2)} samples/s with ${many} workers against ${(one.counted / one.wallS).toFixed(2)} with 1: x${(one.wallS / four.wallS).toFixed(2)}`);
  let exact = 0;
  let hit = 0;
  const faultWalls: number[] = [];
  for (let i = 0; i < sweeps; i++) {
    // Uniform over the measuring part of a sweep (first sample to 90% of the way to the end of the clean one).
    const atS = random() * Math.max(0.5, (four.wallS - four.firstSampleS) * 0.9);
    const o = await oneSweep({ atS });
    if (o.wrong.length === 0 && o.counted === expected && o.status === 'completed') exact++;
    faultWalls.push(o.wallS);
    if (o.superseded > 0) hit++;
    console.log(`sweep ${i + 1}/${sweeps}, a worker SIGKILLed at ${o.killedAfterS!.toFixed(1)} s (first sample at ${o.firstSampleS.toFixed(1)} s): ${line(o)}`);
  }
  const meanWall = faultWalls.reduce((a, b) => a + b, 0) / faultWalls.length;
  console.log(`faults: ${exact}/${sweeps} sweeps completed with every sample exactly once (in ${hit} the killed attempt had stored samples, then superseded); ${(expected / meanWall).toFixed(2)} samples/s on average with a kill (${many} workers), against ${(four.counted / four.wallS).toFixed(2)} without`);
  process.exitCode = exact === sweeps ? 0 : 1;
} finally {
  for (const w of alive()) w.child.kill('SIGTERM');
  await Promise.all(workers.map((w) => w.done));
  await redis.stop();
}
