import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface LabRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the lab's CLI as a user would: `node bin/lab.js ...args` (from another checkout with `root`; `env` adds to or overrides this process's environment). */
export function runLab(args: string[], options: { root?: string; cwd?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): LabRun {
  const root = options.root ?? PROJECT_ROOT;
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'lab.js'), ...args], {
    cwd: options.cwd ?? root,
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 60_000,
    env: { ...process.env, ...options.env, FORCE_COLOR: '0' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A user error: exactly one line on stderr, no stack trace, exit code 2. */
export function isOneLineUserError(run: LabRun): boolean {
  const lines = run.stderr.trim().split('\n');
  return run.code === 2 && lines.length === 1 && lines[0]!.startsWith('error: ') && !/\n\s+at /.test(run.stderr);
}

/**
 * Runs a lab command inside the test's own process, capturing what it prints:
 * the same code path as bin/lab.js without a new Node process (each costs
 * about a CPU-second of TypeScript loading). For commands that need their own
 * process (sweeps, signals, another checkout), use runLab.
 */
export async function runLabInProcess(args: string[], options: { cwd?: string } = {}): Promise<LabRun> {
  const { runCli } = await import('../../src/cli/main.ts');
  let stdout = '';
  let stderr = '';
  // Commands print through console; the stream itself stays untouched because the test runner reports over it.
  const saved = { log: console.log, error: console.error, warn: console.warn };
  const line = (args: unknown[]) => `${args.map((a) => (typeof a === 'string' ? a : String(a))).join(' ')}\n`;
  console.log = (...a: unknown[]) => void (stdout += line(a));
  console.error = (...a: unknown[]) => void (stderr += line(a));
  console.warn = console.error;
  const cwd = process.cwd();
  if (options.cwd) process.chdir(options.cwd);
  try {
    const code = await runCli(args);
    return { code, stdout, stderr };
  } finally {
    process.chdir(cwd);
    Object.assign(console, saved);
  }
}
