/**
 * The measuring part of a sweep, once its workers and its database rows
 * exist: warm-ups, paired rounds (with re-runs under foreign load), worker
 * processes replaced between blocks of rounds, and --until-resolved's looks.
 */
import type { ResultsDb, StoredSweep } from '../db/results-db.ts';
import { seededRandom } from '../random.ts';
import { lookSchedule } from '../stats/sequential.ts';
import { foreignLoad, labCpuS, machineBusyS } from './foreign-load.ts';
import { liveWorkerPids } from '../processes.ts';
import type { Progress } from './progress.ts';
import type { SweepSettings } from './result.ts';
import { measurePairedRound, type RoundMeasurer } from './rounds.ts';
import { pairedRounds, processOfRound, workerOrder } from './schedule.ts';
import { buildSweepResult } from './summarize.ts';
import type { SampleMeasurement } from './worker-protocol.ts';
import { LabError } from '../errors.ts';

/** Block ids per process for the re-runs of a queued job (far above any sweep's own rounds). */
const RERUN_ID_SPAN = 1_000_000;

/** One variant's worker, as the loop sees it. */
export interface LoopVariant {
  name: string;
  commit: string | null;
  sample(): Promise<SampleMeasurement>;
}

/** What the loop writes samples to: the results database, or (lab worker) a sink that streams them to the sweep's coordinator. */
export type SampleStore = Pick<ResultsDb, 'addSample' | 'addWarmup' | 'supersedeSamples' | 'getSweep' | 'updateSettings'>;

export interface LoopContext {
  sweepId: string;
  settings: SweepSettings;
  db: SampleStore;
  progress: Progress;
  /** The variants' current workers (they change between processes). */
  variants: () => LoopVariant[];
  /** Replaces every variant's worker with a fresh one, for process k > 0. */
  restartWorkers: (processIndex: number) => Promise<void>;
  stopIfInterrupted: () => void;
  /** performance.now() when the sweep began, for --max-time. */
  startedMs: number;
  /** A grid run in memory blocks: the block these rounds measure (samples are tagged with it); null for one block. */
  gridBlock?: number | null;
  /** The first process number of these rounds: blocks number their processes apart, so that a process is one worker's. */
  processBase?: number;
  /** Stores the sweep's settings once --until-resolved has planned its looks (the whole sweep's, not this block's). */
  saveSettings?: () => void;
  /**
   * Which variants (baseline aside) the next look measures, decided after look `completed` (0-based) of `looks`;
   * none: stop. Absent: those whose verdict against the baseline is unresolved (--until-resolved). lab tune
   * sets it to its successive halving.
   */
  nextActive?: (stored: StoredSweep, completed: number, looks: readonly number[]) => { active: string[]; why: string };
  /**
   * Measure only this one of the processes (lab worker: a queue job is one process of a block, on one device);
   * the other processes' rounds are still drawn, so that the rounds' orders and block ids are a local sweep's.
   */
  onlyProcess?: number;
}

export interface LoopOutcome {
  flagged: number;
  reruns: number;
  /** Rounds measured, looks included. */
  rounds: number;
  /** Process numbers used, from processBase on. */
  processesUsed: number;
}

/**
 * Runs every round of the sweep. Without --until-resolved that is --runs
 * rounds of every variant; with it, after those, more rounds of the variants
 * whose verdicts are not yet resolved, look by look, until none is left or
 * the budget (runs per variant, seconds of sweep) ends.
 */
export async function measureRounds(ctx: LoopContext): Promise<LoopOutcome> {
  const { settings, db, progress, sweepId } = ctx;
  const processes = settings.processes ?? 1;
  const baseline = settings.baseline;
  const random = seededRandom(settings.seed);
  let blockId = 0;
  let rerunIds = 0;
  let flaggedTotal = 0;
  let rerunsTotal = 0;
  const expectedTokens = new Map<string, string>();
  const byName = () => new Map(ctx.variants().map((v) => [v.name, v]));
  let done = 0;
  const others = (active: readonly string[]) => active.filter((v) => v !== baseline);
  const perRound = (active: readonly string[]) => others(active).length + Math.ceil(others(active).length / 2);
  const measuredProcesses = ctx.onlyProcess === undefined ? processes : 1;
  let total = ctx.variants().length * settings.warmup * measuredProcesses + perRound(settings.variants) * (ctx.onlyProcess === undefined ? settings.runs : processOfRound(settings.runs, processes).filter((p) => p === ctx.onlyProcess).length);

  const processBase = ctx.processBase ?? 0;
  let processesUsed = 0;
  const sampleOnce = async (name: string, round: number, block: number | null, processIndex: number, warmup: boolean) => {
    processesUsed = Math.max(processesUsed, processIndex + 1);
    const v = byName().get(name)!;
    const busyBefore = machineBusyS();
    const workers = liveWorkerPids();
    const labBefore = labCpuS(workers);
    const sent = performance.now();
    const s = await v.sample();
    const wallS = (performance.now() - sent) / 1000;
    const load = foreignLoad(busyBefore, machineBusyS(), labCpuS(workers) - labBefore, wallS);
    ctx.stopIfInterrupted();
    const tokens = s.tokens.join(',');
    // Every run of a sweep computes the same greedy tokens; anything else is a broken variant or backend.
    if (!expectedTokens.has(name)) expectedTokens.set(name, tokens);
    else if (expectedTokens.get(name) !== tokens) throw new LabError(`${name} generated different tokens in round ${round}: its forward pass is not deterministic`, 'run lab verify on it');
    const flagged = settings.loadThreshold != null && load !== null && load.cores > settings.loadThreshold;
    const record = {
      round,
      prefillS: s.prefillS,
      generationS: s.generationS,
      totalS: s.totalS,
      prefillTokensPerS: settings.promptLen / s.prefillS,
      generationTokensPerS: settings.genLen / s.generationS,
      peakMemoryBytes: s.peakTensorBytes,
      harnessS: Math.max(0, wallS - s.totalS),
      commitSha: v.commit,
      process: processBase + processIndex,
      block,
      foreignCpuS: load?.cpuS ?? null,
      foreignLoad: load?.cores ?? null,
      loadFlagged: flagged,
      gridBlock: ctx.gridBlock ?? null,
    };
    const id = warmup ? (db.addWarmup(sweepId, name, record), -1) : db.addSample(sweepId, name, record);
    done++;
    if (done > total) total = done;
    progress.sample({ variant: name, phase: warmup ? 'warm-up' : 'round', index: round + 1, of: warmup ? settings.warmup : settings.runs, done, total, lastS: s.totalS });
    return { id, flagged };
  };

  const measurer: RoundMeasurer = {
    sample: (variant, round, block, processIndex) => sampleOnce(variant, round, block, processIndex, false),
    supersede: (ids) => db.supersedeSamples(sweepId, ids),
    // A queued job measures one process of a block while other workers measure the others: its re-runs take ids
    // from a range of its own, where they cannot meet the ids another process's rounds were drawn with.
    nextBlockId: () => (ctx.onlyProcess === undefined ? blockId++ : RERUN_ID_SPAN * (ctx.onlyProcess + 1) + rerunIds++),
    say: (line) => progress.info(line),
  };
  const runRounds = async (active: readonly string[], from: number, count: number, processIndex: number) => {
    const rounds = pairedRounds(baseline, others(active), count, random, blockId);
    blockId += rounds.reduce((n, r) => n + r.length, 0);
    for (let i = 0; i < rounds.length; i++) {
      const outcome = await measurePairedRound(rounds[i]!, from + i, processIndex, measurer);
      flaggedTotal += outcome.flagged;
      rerunsTotal += outcome.reruns;
      if (outcome.reruns > 0) total += outcome.reruns * perRound(active);
    }
  };

  // The first look: --runs rounds of every variant, spread over the processes.
  const processOf = processOfRound(settings.runs, processes);
  for (let k = 0; k < processes; k++) {
    if (ctx.onlyProcess !== undefined && k !== ctx.onlyProcess) {
      const count = processOf.filter((p) => p === k).length;
      const skipped = pairedRounds(baseline, others(settings.variants), count, random, blockId);
      blockId += skipped.reduce((n, r) => n + r.length, 0);
      continue;
    }
    if (k > 0 && ctx.onlyProcess === undefined) await ctx.restartWorkers(k);
    // Every process warms up: the first run in a fresh process compiles and allocates what later runs reuse.
    for (let w = 0; w < settings.warmup; w++) for (const v of workerOrder(ctx.variants(), settings.seed, k)) await sampleOnce(v.name, w, null, k, true);
    const first = processOf.indexOf(k);
    const count = processOf.filter((p) => p === k).length;
    await runRounds(settings.variants, first, count, k);
  }
  let rounds = settings.runs;
  if (settings.untilResolved && ctx.onlyProcess !== undefined) throw new Error('measureRounds: --until-resolved measures every process of a block itself; onlyProcess cannot be given with it');
  if (!settings.untilResolved) return { flagged: flaggedTotal, reruns: rerunsTotal, rounds, processesUsed };

  // --until-resolved: fix the budget in runs from the first look's pace, then look again and again.
  const until = settings.untilResolved;
  const elapsedS = () => (performance.now() - ctx.startedMs) / 1000;
  const perRoundS = elapsedS() / rounds;
  const byTime = until.maxTimeS === null ? Infinity : rounds + Math.max(0, Math.floor((until.maxTimeS - elapsedS()) / perRoundS));
  const maxRuns = Math.max(settings.runs, Math.min(until.maxRuns ?? Infinity, byTime));
  until.looks = lookSchedule(settings.runs, maxRuns);
  if (ctx.saveSettings) ctx.saveSettings();
  else db.updateSettings(sweepId, settings);
  const runsPerProcess = Math.max(...[...Array(processes).keys()].map((k) => processOf.filter((p) => p === k).length));
  let nextProcess = processes;
  let processIndex = processes - 1;
  for (let look = 1; look < until.looks.length; look++) {
    const stored = db.getSweep(sweepId);
    const next = ctx.nextActive ? ctx.nextActive(stored, look - 1, until.looks) : unresolvedOf(stored, settings.variants);
    const unresolved = next.active;
    if (unresolved.length === 0) break;
    if (until.maxTimeS !== null && elapsedS() >= until.maxTimeS) break;
    const count = until.looks[look]! - rounds;
    progress.info(`look ${look + 1}/${until.looks.length}: ${unresolved.length} ${next.why} (${unresolved.join(', ')}); ${count} more rounds, to ${until.looks[look]} runs`);
    const active = [baseline, ...unresolved];
    total += perRound(active) * count;
    // With processes as the unit, each look measures in fresh processes of its own (warmed up like the first
    // look's), as many runs to a process as the first look had at most, so that the process-level test gains
    // units at the first look's rate (with one pair a process: a process per added round).
    const spread = processes > 1 ? processOfRound(count, Math.max(1, Math.ceil(count / runsPerProcess))) : Array<number>(count).fill(0);
    let started = -1;
    // Round by round, so that a time budget stops between rounds rather than after a whole look.
    for (let i = 0; i < count; i++) {
      if (until.maxTimeS !== null && elapsedS() >= until.maxTimeS) break;
      if (processes > 1 && spread[i] !== started) {
        started = spread[i]!;
        processIndex = nextProcess++;
        await ctx.restartWorkers(processIndex);
        for (let w = 0; w < settings.warmup; w++) for (const v of workerOrder(ctx.variants(), settings.seed, processIndex)) await sampleOnce(v.name, w, null, processIndex, true);
      }
      await runRounds(active, rounds, 1, processIndex);
      rounds++;
    }
  }
  return { flagged: flaggedTotal, reruns: rerunsTotal, rounds, processesUsed };
}

/** --until-resolved's rule: the variants of these rounds whose verdict against the baseline is not yet resolved. */
function unresolvedOf(stored: StoredSweep, variants: readonly string[]): { active: string[]; why: string } {
  const judged = buildSweepResult(stored);
  return { active: judged.variants.filter((v) => variants.includes(v.name) && v.delta && !v.delta.total.resolved).map((v) => v.name), why: 'unresolved' };
}
