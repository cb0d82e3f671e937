/**
 * A sweep's child process: one variant, measured on request. Started by
 * src/processes.ts with an IPC channel; speaks worker-protocol.ts.
 */
import { DeviceFault, isLabError } from '../errors.ts';
import type { ParentMessage, WorkerMessage } from './worker-protocol.ts';
import { startWorkerSession, type WorkerSession } from './worker-session.ts';

const startedAt = performance.now() - process.uptime() * 1000;
let session: WorkerSession | null = null;

function send(message: WorkerMessage): void {
  process.send!(message);
}

function reportError(e: unknown): void {
  const error = e instanceof Error ? e : new Error(String(e));
  send({ type: 'error', message: error.message, hint: isLabError(e) ? e.hint : error.stack ?? '', userError: isLabError(e), deviceFault: e instanceof DeviceFault });
}

process.on('message', (message: ParentMessage) => {
  void (async () => {
    try {
      if (message.type === 'init') {
        session = await startWorkerSession(message.init, startedAt);
        send({ type: 'ready', ready: session.ready });
      } else if (message.type === 'sample') {
        const before = process.cpuUsage();
        const sample = await session!.runSample();
        const used = process.cpuUsage(before);
        send({ type: 'sample', sample: { ...sample, cpuS: (used.user + used.system) / 1e6 } });
      } else {
        session?.dispose();
        process.disconnect();
      }
    } catch (e) {
      reportError(e);
    }
  })();
});
// The parent going away (Ctrl-C, crash) ends the worker too.
process.on('disconnect', () => process.exit(0));
