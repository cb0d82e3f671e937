// The PostgreSQL side of the synchronous bridge (pg-bridge.ts): a worker thread
// that holds one `pg` client and answers one request at a time. Plain
// JavaScript, so the worker starts without the TypeScript loader.
import { workerData } from 'node:worker_threads';
import pg from 'pg';

// SQLite hands back 64-bit integers as numbers; so does this (ids and counts stay far below 2^53).
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

const { port, signal } = workerData;
const flag = new Int32Array(signal);
let client = null;

function reply(message) {
  port.postMessage(message);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
}

function describeError(e) {
  const err = /** @type {any} */ (e);
  return {
    message: String(err?.message ?? err),
    code: err?.code ?? null,
    constraint: err?.constraint ?? null,
    errors: Array.isArray(err?.errors) ? err.errors.map((x) => String(x?.code ?? x?.message ?? x)) : null,
  };
}

// The caller is blocked waiting for an answer: whatever goes wrong here must still answer.
process.on('uncaughtException', (e) => reply({ ok: false, error: describeError(e) }));
process.on('unhandledRejection', (e) => reply({ ok: false, error: describeError(e) }));

port.on('message', async (msg) => {
  try {
    if (msg.op === 'connect') {
      client = new pg.Client({ connectionString: msg.url, connectionTimeoutMillis: msg.timeoutMs, application_name: 'lab' });
      // A dropped connection fails the next query; it must not crash the worker.
      client.on('error', () => {});
      await client.connect();
      reply({ ok: true });
    } else if (msg.op === 'query') {
      const result = await client.query(msg.values ? { text: msg.text, values: msg.values } : msg.text);
      const last = Array.isArray(result) ? result.at(-1) : result;
      reply({ ok: true, rows: last?.rows ?? [], rowCount: last?.rowCount ?? 0 });
    } else if (msg.op === 'end') {
      const c = client;
      client = null;
      await c?.end().catch(() => {});
      reply({ ok: true });
      port.close();
    }
  } catch (e) {
    reply({ ok: false, error: describeError(e) });
  }
});
