/**
 * A throw-away PostgreSQL cluster for tests: initdb into a temp folder, the
 * server on a free loopback port (its unix socket in that folder too), trust
 * authentication, fsync off. Each test makes a database of its own in it
 * (createDatabase). Stopped and removed by stop(), or at exit.
 *
 * The server's binaries (initdb, pg_ctl, postgres) come from $LAB_PG_BINDIR
 * (only there, when it is set), else Debian's /usr/lib/postgresql/<version>/bin, else PATH. When they are
 * missing, startPostgres throws saying how to get them: these tests never skip.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface PostgresCluster {
  port: number;
  /** The folder of the server's unix socket. */
  socketDir: string;
  /** A postgres:// URL of database `db` in the cluster (user postgres, no password). */
  url(db: string): string;
  /** Creates database `name` (a fresh, empty one) and returns its URL. */
  createDatabase(name: string): string;
  /** Runs SQL in database `db` with psql; returns its unaligned, tuples-only output. */
  psql(db: string, sql: string): string;
  stop(): void;
}

function findBinDir(): string {
  const candidates: string[] = [];
  const chosen = process.env['LAB_PG_BINDIR'];
  if (chosen) candidates.push(chosen);
  const debian = '/usr/lib/postgresql';
  if (fs.existsSync(debian)) {
    for (const v of fs.readdirSync(debian).sort((a, b) => Number(b) - Number(a))) candidates.push(path.join(debian, v, 'bin'));
  }
  for (const dir of (process.env['PATH'] ?? '').split(path.delimiter)) if (dir) candidates.push(dir);
  // LAB_PG_BINDIR, when set, is the only place looked in.
  if (chosen) candidates.splice(1);
  const found = candidates.find((dir) => ['initdb', 'pg_ctl', 'postgres'].every((b) => fs.existsSync(path.join(dir, b))));
  if (!found) {
    throw new Error(
      'PostgreSQL server binaries (initdb, pg_ctl, postgres) not found: install them (Debian: apt-get install postgresql; .ci/run does) ' +
        'or set LAB_PG_BINDIR to the folder that holds them',
    );
  }
  return found;
}

/** initdb and postgres refuse to run as root: as root, run them as the postgres system user. */
function serverUser(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    throw new Error('running as root, and there is no postgres user to run the test cluster as: create one (useradd -r postgres) or run as another user');
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function startPostgres(): Promise<PostgresCluster> {
  const bin = findBinDir();
  const user = serverUser();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-pg-'));
  const data = path.join(dir, 'data');
  if (user) fs.chownSync(dir, user.uid, user.gid);
  const run = (cmd: string, args: string[]): string => {
    const r = spawnSync(path.join(bin, cmd), args, { encoding: 'utf8', cwd: dir, ...(user ?? {}), env: { ...process.env, LC_ALL: 'C' } });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal}): ${r.stderr || r.stdout}`);
    return r.stdout;
  };
  run('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
  let port = 0;
  for (let attempt = 0; ; attempt++) {
    port = await freePort();
    const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
    try {
      run('pg_ctl', ['-D', data, '-o', options, '-l', path.join(dir, 'server.log'), '-w', '-t', '60', 'start']);
      break;
    } catch (e) {
      // another process took the port between freePort and the server's bind: try another
      if (attempt >= 2) throw new Error(`${(e as Error).message}\n${fs.readFileSync(path.join(dir, 'server.log'), 'utf8')}`);
    }
  }
  let stopped = false;
  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    spawnSync(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'], { ...(user ?? {}), stdio: 'ignore' });
    fs.rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', stop);
  const psqlBin = fs.existsSync(path.join(bin, 'psql')) ? path.join(bin, 'psql') : 'psql';
  const psql = (db: string, sql: string): string => {
    const r = spawnSync(psqlBin, ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', db, '-c', sql], {
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`psql -c ${JSON.stringify(sql)} failed: ${r.stderr}`);
    return r.stdout.trim();
  };
  const url = (db: string): string => `postgres://postgres@127.0.0.1:${port}/${db}`;
  return {
    port,
    socketDir: dir,
    url,
    createDatabase(name: string): string {
      psql('postgres', `CREATE DATABASE "${name}"`);
      return url(name);
    },
    psql,
    stop,
  };
}
