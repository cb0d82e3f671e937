/**
 * The one module that spawns processes: sweep workers, each a Node child with
 * an IPC channel running src/sweep/worker.ts from a given checkout (the
 * user's, or an experiment worktree).
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { DeviceFault, LabError } from './errors.ts';
import type { ParentMessage, WorkerInit, WorkerMessage, WorkerReady, SampleMeasurement } from './sweep/worker-protocol.ts';

const live = new Set<ChildProcess>();

/** Whether a process with this pid exists (EPERM: it does, owned by someone else). */
export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pids of the workers running now: the lab's own load, which foreign load must not count. */
export function liveWorkerPids(): number[] {
  return [...live].map((c) => c.pid).filter((pid): pid is number => pid !== undefined);
}

/** Ends every worker still running; for Ctrl-C / SIGTERM. */
export function killAllWorkers(signal: NodeJS.Signals = 'SIGTERM'): void {
  for (const child of live) child.kill(signal);
}

export class WorkerProcess {
  private readonly child: ChildProcess;
  private pending: { resolve: (m: WorkerMessage) => void; reject: (e: Error) => void } | null = null;
  private exited: string | null = null;
  private stderr = '';

  constructor(codeRoot: string, readonly label: string) {
    this.child = fork(path.join(codeRoot, 'src', 'sweep', 'worker.ts'), [], {
      cwd: codeRoot,
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    live.add(this.child);
    // A worker that dies first (Ctrl-C reaches the whole process group) makes a later send fail
    // asynchronously; the 'exit' handler below already reports it, so the error event only needs a listener.
    this.child.on('error', () => undefined);
    this.child.stderr!.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-4000);
    });
    this.child.on('message', (m: WorkerMessage) => {
      const p = this.pending;
      this.pending = null;
      p?.resolve(m);
    });
    this.child.on('exit', (code, signal) => {
      live.delete(this.child);
      this.exited = signal ? `killed by ${signal}` : `exited with code ${code}`;
      const p = this.pending;
      this.pending = null;
      const detail = this.stderr.trim().split('\n').filter((l) => !/^\s+at /.test(l)).slice(-2).join(' | ');
      p?.reject(new Error(`worker for ${this.label} ${this.exited}${detail ? `: ${detail}` : ''}`));
    });
  }

  /** Whether the worker's channel is still open: false once it has exited or disconnected. */
  get connected(): boolean {
    return this.child.connected;
  }

  private request(message: ParentMessage): Promise<WorkerMessage> {
    if (this.exited) return Promise.reject(new Error(`worker for ${this.label} ${this.exited}`));
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.child.send(message, (error) => {
        if (error && this.pending?.reject === reject) {
          this.pending = null;
          reject(new Error(`worker for ${this.label} cannot be reached: ${error.message}`));
        }
      });
    });
  }

  private static unwrap<T extends WorkerMessage['type']>(m: WorkerMessage, type: T, label: string): Extract<WorkerMessage, { type: T }> {
    if (m.type === 'error') {
      if (m.deviceFault) throw new DeviceFault(`${label}: ${m.message}`, m.hint);
      if (m.userError) throw new LabError(`${label}: ${m.message}`, m.hint);
      throw new Error(`${label}: ${m.message}\n${m.hint}`);
    }
    if (m.type !== type) throw new Error(`${label}: expected ${type}, got ${m.type}`);
    return m as Extract<WorkerMessage, { type: T }>;
  }

  async init(init: WorkerInit): Promise<WorkerReady> {
    return WorkerProcess.unwrap(await this.request({ type: 'init', init }), 'ready', this.label).ready;
  }

  async sample(): Promise<SampleMeasurement> {
    return WorkerProcess.unwrap(await this.request({ type: 'sample' }), 'sample', this.label).sample;
  }

  /** Asks the worker to leave, and kills it if it does not within a second. */
  async stop(): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    // Sent with a callback so a channel the worker already closed ends in the kill below, not an 'error' event.
    if (this.child.connected) this.child.send({ type: 'exit' } satisfies ParentMessage, () => undefined);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 1000);
    await gone;
    clearTimeout(timer);
  }
}
