/**
 * A synchronous call into the asynchronous `pg` client: a worker thread
 * (pg-worker.js) holds the client; the caller posts a request and blocks on
 * Atomics.wait over a SharedArrayBuffer until the worker has posted its answer,
 * then takes it with receiveMessageOnPort. It keeps ResultsDb, and its ~19
 * callers, synchronous over both databases (the synckit pattern, in 60 lines).
 */
import { MessageChannel, type MessagePort, Worker, receiveMessageOnPort } from 'node:worker_threads';

export interface PgErrorInfo {
  message: string;
  /** A SQLSTATE (23505) or a Node error code (ECONNREFUSED). */
  code: string | null;
  constraint: string | null;
  /** The codes of an AggregateError's errors (a host that resolves to several addresses). */
  errors: string[] | null;
}

/** An error PostgreSQL (or the way to it) reported. */
export class PgError extends Error {
  readonly code: string | null;
  readonly constraint: string | null;
  readonly errors: string[] | null;
  constructor(info: PgErrorInfo) {
    super(info.message);
    this.name = 'PgError';
    this.code = info.code;
    this.constraint = info.constraint;
    this.errors = info.errors;
  }
}

export interface QueryResult {
  rows: Record<string, unknown>[];
  rowCount: number;
}

type Reply = { ok: true; rows?: Record<string, unknown>[]; rowCount?: number } | { ok: false; error: PgErrorInfo };

/** How long one request may take before the bridge gives up on the worker. */
const REQUEST_TIMEOUT_MS = 10 * 60 * 1000;

export class PgBridge {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly flag = new Int32Array(new SharedArrayBuffer(4));
  private ended = false;

  constructor() {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(new URL('./pg-worker.js', import.meta.url), {
      workerData: { port: port2, signal: this.flag.buffer },
      transferList: [port2],
      // Plain JavaScript: no loader flags (tsx, the test runner's) in the worker.
      execArgv: [],
    });
    // An unclosed store must not keep the process alive.
    this.worker.unref();
    this.port.unref();
  }

  private call(message: Record<string, unknown>, timeoutMs = REQUEST_TIMEOUT_MS): Reply {
    if (this.ended) throw new Error('the PostgreSQL connection is closed');
    Atomics.store(this.flag, 0, 0);
    this.port.postMessage(message);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      Atomics.wait(this.flag, 0, 0, Math.max(1, deadline - Date.now()));
      const received = receiveMessageOnPort(this.port);
      if (received) return received.message as Reply;
      if (Date.now() >= deadline) throw new Error(`PostgreSQL did not answer within ${Math.round(timeoutMs / 1000)} s`);
    }
  }

  private check(reply: Reply): QueryResult {
    if (!reply.ok) throw new PgError(reply.error);
    return { rows: reply.rows ?? [], rowCount: reply.rowCount ?? 0 };
  }

  connect(url: string, timeoutMs: number): void {
    this.check(this.call({ op: 'connect', url, timeoutMs }, timeoutMs + 30_000));
  }

  /** One statement with parameters ($1, $2, ...), or, without values, a script of several. */
  query(text: string, values?: unknown[]): QueryResult {
    return this.check(this.call({ op: 'query', text, values }));
  }

  end(): void {
    if (this.ended) return;
    try {
      this.call({ op: 'end' }, 10_000);
    } catch {
      // closing a broken connection: nothing left to do
    }
    this.ended = true;
    void this.worker.terminate();
  }
}
