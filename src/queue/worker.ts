/**
 * `lab worker`: takes blocks from the queue one at a time and measures each
 * on this worker's device with the local sweep's measure loop, streaming every
 * sample back as it lands. A worker killed mid-block loses nothing: its job's
 * lock expires, BullMQ's stalled check hands the job to another worker, and
 * the coordinator counts only the attempt that finished.
 */
import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { killAllWorkers } from '../processes.ts';
import { measureRounds } from '../sweep/measure-loop.ts';
import { workerOrder } from '../sweep/schedule.ts';
import { startVariantRunner, type VariantRunner } from '../sweep/variant-runner.ts';
import { checkoutBlock } from './block-code.ts';
import { connect, redisOptions, type QueueAddress } from './connection.ts';
import { BLOCK_QUEUE, type BlockJob, type ResultMessage } from './jobs.ts';
import { StreamingSink } from './sample-sink.ts';
import type { GpuChoice } from './gpu.ts';
import { queueTimings } from './timings.ts';

export interface WorkerOptions {
  address: QueueAddress;
  /** The checkout whose repository experiment commits are fetched into (its node_modules run them). */
  root: string;
  gpu: GpuChoice | null;
  /** Fetch experiment branches from here instead of the source each job names. */
  repo: string | null;
  say: (line: string) => void;
}

/** Runs until SIGINT/SIGTERM; then throws SweepInterrupted saying how many jobs it completed. */
export async function runWorker(options: WorkerOptions): Promise<number> {
  const { address, say } = options;
  if (options.gpu) Object.assign(process.env, options.gpu.env);
  const who = `${os.hostname()}:${process.pid}`;
  const deviceLabel = options.gpu ? `${os.hostname()} gpu ${options.gpu.index}` : `${os.hostname()} worker ${process.pid}`;
  const results: Redis = connect(address);
  results.on('error', () => undefined); // ioredis reconnects by itself; BullMQ reports what matters
  let completed = 0;
  let stopping: NodeJS.Signals | null = null;
  let resolveStopped: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => (resolveStopped = resolve));

  const pending: Promise<unknown>[] = [];
  const publish = (stream: string, message: ResultMessage) => {
    // One connection: the stream receives the messages in the order they were sent.
    pending.push(results.xadd(stream, '*', 'm', JSON.stringify(message)));
  };
  const flush = async () => {
    await Promise.all(pending.splice(0));
  };

  const processor = async (job: Job<BlockJob>) => {
    const data = job.data;
    const attempt = `${job.attemptsStarted}-${crypto.randomBytes(3).toString('hex')}`;
    const jobName = job.id!;
    const runners = new Map<string, VariantRunner>();
    let code: Awaited<ReturnType<typeof checkoutBlock>> | null = null;
    say(`job ${jobName}: ${data.variants.map((v) => v.name).join(', ')} (attempt ${attempt})`);
    const tag = (device: string) => ({ job: jobName, attempt, block: data.block, process: data.process, device });
    publish(data.stream, { t: 'start', job: jobName, attempt, worker: who, device: deviceLabel });
    try {
      code = await checkoutBlock(options.root, data, `q${process.pid}-${jobName.replace(/\./g, '-')}`, options.repo);
      const s = data.settings;
      const modelDir = s.model.startsWith('dir:') ? path.resolve(options.root, s.model.slice(4)) : undefined;
      let device = deviceLabel;
      for (const v of workerOrder(data.variants, s.seed, data.process)) {
        const runner = await startVariantRunner(code.roots.get(v.name)!, v.name, {
          variant: v.runsAs, model: modelDir ? undefined : s.model, modelDir, seed: s.seed, weightsDtype: s.weightsDtype, backend: s.backend, promptLen: s.promptLen, genLen: s.genLen,
        }, false);
        runners.set(v.name, runner);
        device = `${deviceLabel}: ${runner.ready.device}`;
        publish(data.stream, { t: 'ready', job: jobName, attempt, variant: v.name, startupS: runner.ready.startupS, loadS: runner.ready.loadS, device });
      }
      const sink = new StreamingSink(tag(device), (m) => publish(data.stream, m));
      await measureRounds({
        sweepId: data.sweepId,
        settings: s,
        db: sink,
        progress: { info: (line) => say(`job ${jobName}: ${line.trim()}`), sample: () => undefined, done: () => undefined },
        variants: () => data.variants.map((v) => ({ name: v.name, commit: v.commit, sample: () => runners.get(v.name)!.sample() })),
        restartWorkers: async () => {
          throw new Error('a queued job measures one process: it never restarts its workers');
        },
        stopIfInterrupted: () => {
          if (stopping) throw new Error(`worker stopped by ${stopping}`);
        },
        startedMs: performance.now(),
        gridBlock: data.gridBlocks ? data.block : null,
        processBase: data.block * (s.processes ?? 1),
        onlyProcess: data.process,
      });
      publish(data.stream, { t: 'done', job: jobName, attempt, samples: sink.samples, warmups: sink.warmups });
      await flush();
      completed++;
      say(`job ${jobName}: done, ${sink.samples} samples`);
      return { attempt, samples: sink.samples };
    } catch (e) {
      const message = e instanceof Error ? e.message.split('\n')[0]! : String(e);
      say(`job ${jobName}: failed: ${message}`);
      publish(data.stream, { t: 'failed', job: jobName, attempt, worker: who, message });
      await flush().catch(() => undefined);
      throw e;
    } finally {
      await Promise.allSettled([...runners.values()].map((r) => r.stop()));
      await code?.cleanup();
    }
  };

  const t = queueTimings();
  const worker = new Worker<BlockJob>(BLOCK_QUEUE, processor, {
    connection: redisOptions(address),
    // One block at a time: a block's rounds share the device with nothing else of this worker's.
    concurrency: 1,
    lockDuration: t.lockMs,
    stalledInterval: t.stalledMs,
    maxStalledCount: t.maxStalled,
    autorun: true,
  });
  let lastError = '';
  worker.on('error', (e) => {
    const line = e.message.split('\n')[0]!;
    if (line !== lastError) say(`queue: ${line}`);
    lastError = line;
  });
  const onSignal = (signal: NodeJS.Signals) => {
    stopping = signal;
    // The running block's variant processes go first: its job fails this attempt and is retried elsewhere.
    killAllWorkers('SIGTERM');
    resolveStopped();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  say(`worker ${who} on ${options.gpu ? `GPU ${options.gpu.index} (${options.gpu.name}, ${options.gpu.busId})` : 'this CPU'}, taking blocks from ${address.label}`);
  try {
    await stopped;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await worker.close();
    await flush().catch(() => undefined);
    results.disconnect();
  }
  if (stopping) {
    const { SweepInterrupted } = await import('../sweep/interrupted.ts');
    throw new SweepInterrupted(`worker stopped by ${stopping}`, `${completed} block${completed === 1 ? '' : 's'} done; a block it was measuring is retried on another worker`, stopping);
  }
  return completed;
}
