/**
 * Foreign load for the verdicts bench: one busy process per core, switched
 * on and off every `periodMs` (SIGCONT / SIGSTOP), as a compiler or a test
 * run beside a benchmark comes and goes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';

export interface CpuHog {
  stop(): void;
}

export function startCpuHog(periodMs = 2000, cores = os.cpus().length): CpuHog {
  // Each hog leaves when its parent does (checked every few million turns), so a killed bench leaves no load behind.
  const loop = 'const parent = process.ppid; for (let i = 0; ; i++) if ((i & 0xffffff) === 0 && process.ppid !== parent) process.exit(0);';
  const hogs: ChildProcess[] = Array.from({ length: cores }, () => spawn(process.execPath, ['-e', loop], { stdio: 'ignore' }));
  let on = true;
  const timer = setInterval(() => {
    on = !on;
    for (const h of hogs) h.kill(on ? 'SIGCONT' : 'SIGSTOP');
  }, periodMs);
  return {
    stop: () => {
      clearInterval(timer);
      for (const h of hogs) {
        h.kill('SIGCONT');
        h.kill('SIGKILL');
      }
    },
  };
}
