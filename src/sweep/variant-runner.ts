import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { WorkerProcess } from '../processes.ts';
import type { SampleMeasurement, WorkerInit, WorkerReady } from './worker-protocol.ts';

/** One variant, ready to be measured, whether in its own process or in the sweep's. */
export interface VariantRunner {
  ready: WorkerReady;
  sample(): Promise<SampleMeasurement>;
  stop(): Promise<void>;
}

/**
 * Starts a variant from the code in `codeRoot` (an experiment worktree, or the
 * user's checkout with --no-git). By default in a child process, for fresh
 * backend state; `inProcess` imports that checkout's worker session here.
 */
export async function startVariantRunner(codeRoot: string, label: string, init: WorkerInit, inProcess: boolean): Promise<VariantRunner> {
  if (inProcess) {
    const started = performance.now();
    const module = (await import(pathToFileURL(path.join(codeRoot, 'src', 'sweep', 'worker-session.ts')).href)) as typeof import('./worker-session.ts');
    const session = await module.startWorkerSession(init, started);
    return { ready: session.ready, sample: () => session.runSample(), stop: async () => session.dispose() };
  }
  const worker = new WorkerProcess(codeRoot, label);
  try {
    const ready = await worker.init(init);
    return { ready, sample: () => worker.sample(), stop: () => worker.stop() };
  } catch (e) {
    await worker.stop();
    throw e;
  }
}
