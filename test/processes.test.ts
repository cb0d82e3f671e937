import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WorkerProcess } from '../src/processes.ts';
import type { WorkerInit } from '../src/sweep/worker-protocol.ts';

/** A checkout whose worker answers init, then closes its channel and lingers, as a worker hit by Ctrl-C can. */
function checkoutWithClosingWorker(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'lab-processes-'));
  mkdirSync(path.join(root, 'src', 'sweep'), { recursive: true });
  // Workers start with --import tsx from their own checkout.
  symlinkSync(path.resolve('node_modules'), path.join(root, 'node_modules'));
  writeFileSync(
    path.join(root, 'src', 'sweep', 'worker.ts'),
    `process.on('message', () => {
       process.send!({ type: 'ready', ready: {} }, () => process.disconnect());
       setTimeout(() => process.exit(0), 3000);
     });\n`,
  );
  return root;
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}

/** Runs `use` on a worker that has answered init and closed its channel, then removes its checkout. */
async function withClosedWorker(use: (worker: WorkerProcess) => Promise<void>): Promise<void> {
  const root = checkoutWithClosingWorker();
  try {
    const worker = new WorkerProcess(root, 'closing');
    await worker.init({} as WorkerInit);
    await until(() => !worker.connected);
    await use(worker);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

test('a worker whose channel closed rejects the next request and stops without an unhandled error', () =>
  withClosedWorker(async (worker) => {
    await assert.rejects(worker.sample(), /worker for closing cannot be reached/);
    await worker.stop();
  }));

test('stopping a worker whose channel already closed ends it without an unhandled error', () =>
  withClosedWorker(async (worker) => {
    await worker.stop();
    assert.equal(worker.connected, false);
  }));
