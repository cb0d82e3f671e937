/**
 * How much CPU other processes took while a sample ran: the machine's busy
 * CPU time (/proc/stat) over the sample, minus the lab's own (the worker's
 * and the sweep's). A sample measured beside a compiler, a test run or
 * another benchmark is then flagged and measured again, instead of quietly
 * moving a verdict.
 */
import fs from 'node:fs';

/** /proc/stat counts in USER_HZ ticks, 100 a second on every Linux the lab runs on. */
const TICKS_PER_S = 100;

/** Seconds of CPU the whole machine has spent busy since boot (all cores), or null where /proc/stat is absent. */
export function machineBusyS(): number | null {
  let text: string;
  try {
    text = fs.readFileSync('/proc/stat', 'utf8');
  } catch {
    return null;
  }
  const fields = text.slice(0, text.indexOf('\n')).trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal (guest time is already inside user).
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
  return (user + nice + system + irq + softirq + steal) / TICKS_PER_S;
}

/** This process's CPU seconds (user + system, every thread). */
export function ownCpuS(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** CPU seconds (user + system) of these processes so far, from /proc/<pid>/stat; a process gone counts 0. */
export function processesCpuS(pids: readonly number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
      const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15)
    } catch {
      // exited, or no /proc: nothing to count
    }
  }
  return ticks / TICKS_PER_S;
}

/**
 * The lab's own CPU seconds so far: the sweep's process and every worker it
 * runs. The idle workers count too: with one worker per variant, their
 * drivers' threads (a GPU driver polling, a wasm runtime's timers) add up to
 * a busy core on a large grid, and are no foreign program.
 */
export function labCpuS(workerPids: readonly number[]): number {
  return ownCpuS() + processesCpuS(workerPids);
}

export interface ForeignLoad {
  /** CPU seconds that other processes took during the sample. */
  cpuS: number;
  /** The same as an average number of busy cores over the sample's wall time. */
  cores: number;
}

/** Below two ticks of /proc/stat the figure is rounding, not load. */
const RESOLUTION_S = 2 / TICKS_PER_S;

/**
 * Foreign load over a window of `wallS` seconds: the machine's busy time
 * minus the lab's own CPU time in it (never below 0: the counters tick at
 * different moments). null when the machine's counters are unavailable.
 */
export function foreignLoad(busyBeforeS: number | null, busyAfterS: number | null, labCpuS: number, wallS: number): ForeignLoad | null {
  if (busyBeforeS === null || busyAfterS === null || !(wallS > 0)) return null;
  const cpuS = Math.max(0, busyAfterS - busyBeforeS - labCpuS);
  return { cpuS, cores: cpuS < RESOLUTION_S ? 0 : cpuS / wallS };
}

/** Foreign load (average busy cores) above which a sample is flagged and measured again, unless a sweep says otherwise. */
export const DEFAULT_LOAD_THRESHOLD = 0.25;

/** Times a block with a flagged sample is measured again at the end of its round before its last try is kept. */
export const MAX_RERUNS = 2;
