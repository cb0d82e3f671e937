/**
 * Where the queue lives: parsing `--queue redis://HOST:PORT[/DB]` and checking,
 * before anything is written, that a Redis answers there. Every other queue
 * module connects through `redisOptions` so that all of them agree on the
 * settings BullMQ requires (maxRetriesPerRequest: null).
 */
import { Redis, type RedisOptions } from 'ioredis';
import { LabError } from '../errors.ts';

export interface QueueAddress {
  host: string;
  port: number;
  db: number;
  password?: string;
  username?: string;
  /** host:port, the form every message names the address by (never the password). */
  label: string;
}

const EXAMPLE = 'e.g. --queue redis://127.0.0.1:6379';

/** Parses a queue URL; anything but redis://host[:port][/db] is a LabError (exit 2, nothing written). */
export function parseQueueUrl(text: string): QueueAddress {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new LabError(`--queue ${JSON.stringify(text)} is not a URL`, EXAMPLE);
  }
  if (url.protocol !== 'redis:') throw new LabError(`--queue ${JSON.stringify(text)}: the scheme must be redis://, not ${url.protocol}//`, EXAMPLE);
  if (!url.hostname) throw new LabError(`--queue ${JSON.stringify(text)} names no host`, EXAMPLE);
  const port = url.port === '' ? 6379 : Number(url.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new LabError(`--queue ${JSON.stringify(text)}: port ${url.port} is not 1-65535`, EXAMPLE);
  const dbPart = url.pathname.replace(/^\//, '');
  const db = dbPart === '' ? 0 : Number(dbPart);
  if (!/^\d*$/.test(dbPart) || !Number.isInteger(db)) throw new LabError(`--queue ${JSON.stringify(text)}: the path must be a database number, not /${dbPart}`, EXAMPLE);
  if (url.search || url.hash) throw new LabError(`--queue ${JSON.stringify(text)}: no query or fragment is understood`, EXAMPLE);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return {
    host,
    port,
    db,
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    label: `${url.hostname}:${port}`,
  };
}

/**
 * Connection options for BullMQ and the results stream: commands wait through a Redis restart (ioredis
 * reconnects and replays them) instead of failing, which is what lets a sweep go on when Redis comes back.
 */
export function redisOptions(address: QueueAddress): RedisOptions {
  return {
    host: address.host,
    port: address.port,
    db: address.db,
    ...(address.password ? { password: address.password } : {}),
    ...(address.username ? { username: address.username } : {}),
    maxRetriesPerRequest: null,
    // Reconnect quickly at first, then every 2 s: a restarted Redis is back within seconds.
    retryStrategy: (times) => Math.min(100 * times, 2000),
  };
}

/** A connection of the lab's own (the results stream, job bookkeeping). */
export function connect(address: QueueAddress): Redis {
  return new Redis(redisOptions(address));
}

/**
 * Pings Redis once with a short timeout and no retries: unreachable is one line naming the address.
 * Runs before any branch, worktree or sweep row exists.
 */
export async function assertReachable(address: QueueAddress, timeoutMs = 3000): Promise<void> {
  const client = new Redis({ ...redisOptions(address), lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  // The socket's own error (ECONNREFUSED, ENOTFOUND) says more than the "Connection is closed" that follows it.
  let socketError: Error | null = null;
  client.on('error', (e: Error) => {
    socketError ??= e;
  });
  try {
    await withTimeout(client.connect().then(() => client.ping()), timeoutMs);
  } catch (e) {
    const cause: unknown = socketError ?? e;
    const why = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
    throw new LabError(`cannot reach Redis at ${address.label}: ${why}`, 'start redis-server there, or pass another --queue');
  } finally {
    client.disconnect();
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
