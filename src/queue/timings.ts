/**
 * How fast the queue notices a dead worker. BullMQ renews a job's lock while its worker lives; a worker killed
 * mid-block stops renewing, and after the lock runs out another worker's stalled check moves the job back to
 * the queue. The defaults suit GPU blocks of minutes; tests and benchmarks shorten them through the
 * environment (LAB_QUEUE_LOCK_MS, LAB_QUEUE_STALLED_MS) so that a kill is noticed in seconds.
 */
export interface QueueTimings {
  lockMs: number;
  stalledMs: number;
  /** Times a job may stall (its worker die) before it fails for good. */
  maxStalled: number;
  /** Attempts of a job that fails (a variant crashed, a commit could not be fetched) before the sweep stops. */
  attempts: number;
}

function positive(name: string, fallback: number): number {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

export function queueTimings(): QueueTimings {
  return {
    lockMs: positive('LAB_QUEUE_LOCK_MS', 30_000),
    stalledMs: positive('LAB_QUEUE_STALLED_MS', 15_000),
    maxStalled: positive('LAB_QUEUE_MAX_STALLED', 5),
    attempts: positive('LAB_QUEUE_ATTEMPTS', 3),
  };
}
