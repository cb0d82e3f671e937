import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface LabRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the lab's CLI as a user would: `node bin/lab.js ...args` (from another checkout with `root`). */
export function runLab(args: string[], options: { root?: string; cwd?: string; timeoutMs?: number } = {}): LabRun {
  const root = options.root ?? PROJECT_ROOT;
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'lab.js'), ...args], {
    cwd: options.cwd ?? root,
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 60_000,
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A user error: exactly one line on stderr, no stack trace, exit code 2. */
export function isOneLineUserError(run: LabRun): boolean {
  const lines = run.stderr.trim().split('\n');
  return run.code === 2 && lines.length === 1 && lines[0]!.startsWith('error: ') && !/\n\s+at /.test(run.stderr);
}
