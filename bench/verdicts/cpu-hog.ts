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
  const hogs: ChildProcess[] = Array.from({ length: cores }, () => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
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
