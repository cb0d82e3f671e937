import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DeviceFault, LabError } from '../errors.ts';
import { ResultsDb, isPostgresUrl } from '../db/results-db.ts';
import * as git from '../git/experiment-git.ts';
import { killAllWorkers } from '../processes.ts';
import { slotChoices, type Variant } from '../variants.ts';
import { captureEnvironment } from './environment.ts';
import { commitVariant, fileSafe } from './experiment-record.ts';
import { harnessCost, type HarnessCost } from './harness-cost.ts';
import { mean } from '../stats/descriptive.ts';
import type { Progress } from './progress.ts';
import type { Environment, SweepResult } from './result.ts';
import { acquireMachineLock, type MachineLock } from './machine-lock.ts';
import { measureRounds, type LoopContext } from './measure-loop.ts';
import { workerOrder } from './schedule.ts';
import { planMemoryBlocks } from './memory-blocks.ts';
import type { ResolvedSweep } from './settings.ts';
import { buildSweepResult } from './summarize.ts';
import { startVariantRunner, type VariantRunner } from './variant-runner.ts';
import type { WorkerInit } from './worker-protocol.ts';

/** Ctrl-C or SIGTERM during a sweep: the CLI exits 128 + the signal's number (130 for Ctrl-C) after cleaning up. */
export { SweepInterrupted } from './interrupted.ts';
import { SweepInterrupted } from './interrupted.ts';
export { commitVariant, experimentRecordPath, reproduceCommand } from './experiment-record.ts';
export { harnessCost, type HarnessCost } from './harness-cost.ts';

export interface SweepRun {
  root: string;
  dbPath: string;
  resolved: ResolvedSweep;
  keepBranches: boolean;
  commandLine: string;
  progress: Progress;
  /** Refuse instead of waiting when another sweep holds the machine (--no-wait). */
  noWait?: boolean;
  /** Chooses the variants of each look after the first (lab tune's successive halving); absent: --until-resolved's rule. */
  nextActive?: LoopContext['nextActive'];
}

export interface SweepOutcome {
  sweepId: string;
  result: SweepResult;
  harness: HarnessCost;
  branches: { variant: string; branch: string | null; commit: string | null }[];
}

export function newSweepId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${crypto.randomBytes(2).toString('hex')}`;
}

interface Prepared {
  variant: Variant;
  branch: string | null;
  commit: string | null;
  worktree: string | null;
  runner: VariantRunner | null;
}

/**
 * Runs a sweep end to end: experiment commits and worktrees (unless --no-git),
 * one worker per variant, warm-ups, interleaved rounds with every sample
 * committed to results.db as it lands, then the summary. The user's checkout
 * is never touched; worktrees and workers are cleaned up whatever happens.
 */
export async function runSweep(run: SweepRun): Promise<SweepOutcome> {
  const { resolved, progress, root } = run;
  const { settings } = resolved;
  const sweepId = newSweepId();
  const startedMs = performance.now();
  let machineLock: MachineLock | null = null;
  const prepared: Prepared[] = resolved.variants.map((variant) => ({ variant, branch: null, commit: null, worktree: null, runner: null }));
  let repo: git.RepoState | null = null;
  let db: ResultsDb | null = null;
  let sweepCreated = false;
  let finished = false;
  let interrupted: NodeJS.Signals | null = null;
  const onSignal = (signal: NodeJS.Signals) => {
    interrupted = signal;
    killAllWorkers('SIGTERM');
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const interruptedError = (signal: NodeJS.Signals) =>
    new SweepInterrupted(`sweep ${sweepId} interrupted by ${signal}`, sweepCreated ? 'its samples so far are in results.db, marked interrupted' : 'nothing was recorded', signal);
  const stopIfInterrupted = () => {
    if (interrupted) throw interruptedError(interrupted);
  };

  try {
    assertDatabaseUsable(run.dbPath);
    if (!settings.allowConcurrent) {
      machineLock = await acquireMachineLock(
        { sweepId, commandLine: run.commandLine },
        { noWait: run.noWait ?? false, say: (line) => progress.info(line), cancelled: () => interrupted !== null },
      );
    }
    if (settings.git) {
      repo = await git.preflight(root);
      for (const p of prepared) p.branch = `lab/${sweepId}/${p.variant.name}`;
      await git.assertBranchesFree(root, prepared.map((p) => p.branch!));
      await git.acquireSweepLock(root, sweepId);
    }
    // Nothing has been written so far; from here on a failure removes what this sweep made.
    const sourceTree = settings.git ? await git.workTreeId(root) : null;
    const environmentBase = { root, gitSha: repo?.headSha ?? null, gitDirty: repo?.dirty ?? null, sourceTree, commandLine: run.commandLine };
    const modelDir = settings.model.startsWith('dir:') ? path.resolve(root, settings.model.slice(4)) : undefined;
    for (const p of prepared) {
      if (!settings.git) continue;
      p.commit = await commitVariant(root, sweepId, p.variant, p.branch!, resolved, repo!, run.commandLine);
      p.worktree = await git.addWorktree(root, p.commit, `${sweepId}-${fileSafe(p.variant.name)}`, { linkNodeModules: true });
      stopIfInterrupted();
    }

    const processes = settings.processes ?? 1;
    const spread = processes > 1 ? ` over ${processes} processes each` : '';
    progress.info(`sweep ${sweepId}: ${prepared.length} variants x ${settings.runs} runs${spread} (+${settings.warmup} warm-up${processes > 1 ? ' per process' : ''}), ${settings.model}, prompt ${settings.promptLen} + ${settings.genLen} generated`);
    const init = (variant: string): WorkerInit => ({
      variant,
      model: modelDir ? undefined : settings.model,
      modelDir,
      seed: settings.seed,
      weightsDtype: settings.weightsDtype,
      backend: settings.backend,
      promptLen: settings.promptLen,
      genLen: settings.genLen,
    });
    const startups = new Map<string, { startupS: number[]; loadS: number[] }>(prepared.map((p) => [p.variant.name, { startupS: [], loadS: [] }]));
    // Workers start one after another: concurrent starts would fight over 2 cores and inflate each start-up figure.
    // A variant's previous worker is gone before its next starts, so a GPU never holds two copies of its weights.
    const startWorkers = async (processIndex: number, active: readonly Prepared[]) => {
      for (const p of workerOrder(active, settings.seed, processIndex)) {
        const previous = p.runner;
        p.runner = null;
        await previous?.stop();
        p.runner = await startVariantRunner(p.worktree ?? root, p.variant.name, init(p.variant.runsAs ?? p.variant.name), settings.inProcess);
        const ready = p.runner.ready;
        startups.get(p.variant.name)!.startupS.push(ready.startupS);
        startups.get(p.variant.name)!.loadS.push(ready.loadS);
        const which = processes > 1 ? ` (process ${processIndex + 1}/${processes})` : '';
        progress.info(`  ${p.variant.name}${which}: ready in ${ready.startupS.toFixed(2)} s on ${ready.backend} (${ready.device})`);
        stopIfInterrupted();
      }
    };
    const recordStartups = () => {
      for (const p of prepared) {
        const s = startups.get(p.variant.name)!;
        if (s.startupS.length) db!.setVariantStartup(sweepId, p.variant.name, mean(s.startupS), mean(s.loadS));
      }
    };
    const blocks = planMemoryBlocks(prepared.slice(1), (p) => p.variant, settings, resolved.config);
    if (blocks.length > 1) {
      settings.gridBlocks = blocks.map((b) => b.map((p) => p.variant.name));
      progress.info(`  the ${prepared.length - 1} variants do not fit the device at once: ${blocks.length} blocks of up to ${Math.max(...blocks.map((b) => b.length))}, each with baseline samples of its own`);
    }
    let active: Prepared[] = [prepared[0]!, ...blocks[0]!];
    await startWorkers(0, active);
    const first = prepared[0]!.runner!.ready;
    const environment: Environment = captureEnvironment({ ...environmentBase, backend: first.backend, device: first.device, tfjsVersion: first.tfjsVersion });

    db = ResultsDb.open(run.dbPath);
    db.createSweep({ id: sweepId, createdAt: new Date().toISOString(), environment, settings: { ...settings, backend: first.backend } });
    sweepCreated = true;
    for (const p of prepared) {
      db.addVariant(sweepId, {
        name: p.variant.name,
        description: p.variant.description,
        isBaseline: p.variant.name === settings.baseline,
        slots: p.runner?.ready.slots ?? slotChoices(p.variant, resolved.registry),
        commitSha: p.commit,
        branch: p.branch,
        ...(p.variant.values ? { params: { ...p.variant.values } } : {}),
        pointOf: p.variant.pointOf ?? null,
      });
    }
    recordStartups();

    const outcome = { flagged: 0, reruns: 0 };
    let processBase = 0;
    for (let b = 0; b < blocks.length; b++) {
      if (b > 0) {
        // The last block's workers leave the device before this block's load their weights.
        await Promise.all(active.map(async (p) => {
          await p.runner?.stop();
          p.runner = null;
        }));
        active = [prepared[0]!, ...blocks[b]!];
        progress.info(`  block ${b + 1}/${blocks.length}: ${blocks[b]!.map((p) => p.variant.name).join(', ')}`);
        await startWorkers(0, active);
        recordStartups();
      }
      const current = active;
      const measured = await measureRounds({
        sweepId,
        settings: { ...settings, backend: first.backend, variants: current.map((p) => p.variant.name) },
        db,
        progress,
        variants: () => current.map((p) => ({ name: p.variant.name, commit: p.commit, sample: () => p.runner!.sample() })),
        restartWorkers: async (k) => {
          await startWorkers(k, current);
          recordStartups();
        },
        stopIfInterrupted,
        // A budget in time is each block's: every block is a sweep of its points against its own baseline samples.
        startedMs: b === 0 ? startedMs : performance.now(),
        gridBlock: blocks.length > 1 ? b : null,
        processBase,
        saveSettings: () => db!.updateSettings(sweepId, { ...settings, backend: first.backend }),
        ...(run.nextActive ? { nextActive: run.nextActive } : {}),
      });
      processBase += measured.processesUsed;
      outcome.flagged += measured.flagged;
      outcome.reruns += measured.reruns;
    }
    if (outcome.flagged > 0) {
      progress.info(`  ${outcome.flagged} sample${outcome.flagged === 1 ? '' : 's'} ran under foreign load above ${settings.loadThreshold} cores; ${outcome.reruns} block${outcome.reruns === 1 ? '' : 's'} measured again`);
    }
    progress.done();
    db.finishSweep(sweepId, 'completed');
    finished = true;
    const stored = db.getSweep(sweepId);
    return {
      sweepId,
      result: buildSweepResult(stored),
      harness: harnessCost(stored),
      branches: prepared.map((p) => ({ variant: p.variant.name, branch: p.branch, commit: p.commit })),
    };
  } catch (e) {
    progress.done();
    // A lost or faulting GPU is like a signal: the samples so far are sound, the rest never came.
    if (db && sweepCreated && !finished) db.finishSweep(sweepId, interrupted || e instanceof DeviceFault ? 'interrupted' : 'failed');
    if (e instanceof DeviceFault) {
      throw new DeviceFault(e.message, sweepCreated ? `sweep ${sweepId} is marked interrupted; its samples so far are in results.db` : 'nothing was recorded');
    }
    if (interrupted && !(e instanceof SweepInterrupted)) {
      throw interruptedError(interrupted);
    }
    throw e;
  } finally {
    await Promise.allSettled(prepared.map((p) => p.runner?.stop()));
    if (settings.git) {
      for (const p of prepared) if (p.worktree) await git.removeWorktree(root, p.worktree).catch(() => undefined);
      // Branches are the experiment's record once a sweep exists in the database; before that, nothing may be left behind.
      const made = prepared.filter((p) => p.commit).map((p) => p.branch!);
      if (made.length && (!sweepCreated || (finished && !run.keepBranches))) await git.deleteBranches(root, made).catch(() => undefined);
      await git.releaseSweepLock(root, sweepId).catch(() => undefined);
    }
    db?.close();
    machineLock?.release();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/**
 * A corrupt, foreign or newer results.db, or a folder it cannot be written in,
 * must stop the sweep before any git branch or worker exists.
 */
export function assertDatabaseUsable(dbPath: string): void {
  // A PostgreSQL store is checked by connecting to it (and migrating an empty one): unreachable, it stops here.
  if (isPostgresUrl(dbPath) || fs.existsSync(dbPath)) {
    ResultsDb.open(dbPath).close();
    return;
  }
  const dir = path.dirname(path.resolve(dbPath));
  try {
    fs.accessSync(dir, fs.constants.W_OK);
  } catch {
    throw new LabError(`cannot create results database ${dbPath}: folder ${dir} is missing or not writable`, 'choose another --db');
  }
}

