/**
 * `lab show <sweep>`: what a sweep was, where its code is, and how to run one
 * of its variants again. Reads results.db (read-only) and the experiment
 * branches; writes nothing.
 */
import { ResultsDb } from '../db/results-db.ts';
import { isLabError, LabError } from '../errors.ts';
import { commitsWithTree, listExperimentBranches, readCommittedFile } from '../git/experiment-git.ts';
import { workerLayout, type SweepSettings, type SweepStatus } from './result.ts';
import { experimentRecordPath } from './runner.ts';

export interface ShownVariant {
  name: string;
  description: string;
  isBaseline: boolean;
  /** lab/<sweep>/<variant>; null for a --no-git sweep. */
  branch: string | null;
  /** The experiment commit its samples ran from; null for a --no-git sweep. */
  commit: string | null;
  shortCommit: string | null;
  /** Whether the branch still exists; null when unknown (a --no-git sweep, or no repository here). */
  branchExists: boolean | null;
  /** Set when the branch exists but no longer points at the experiment commit. */
  branchNowAt: string | null;
  samples: number;
  /** Samples replaced by a re-run of their block (foreign load): kept in results.db, not counted. */
  remeasured: number;
  warmups: number;
  /** Path of the experiment record inside the commit. */
  recordPath: string | null;
  /** `git show <commit>:<recordPath>`. */
  showRecord: string | null;
  /** The record's own `reproduce` command; null when the record cannot be read (commit gone, or no commit). */
  reproduce: string | null;
  /** Problems finding this variant's code, one line each. */
  notes: string[];
}

export interface ShownSweep {
  id: string;
  status: SweepStatus;
  createdAt: string;
  finishedAt: string | null;
  baseline: string;
  settings: SweepSettings;
  /** One line: model, backend, lengths, runs, seed, baseline, git. */
  summary: string;
  commandLine: string;
  gitSha: string | null;
  gitDirty: boolean | null;
  /** The git tree id of the code the sweep ran (Environment.sourceTree); null when not recorded. */
  sourceTree: string | null;
  /** Commits in this repository whose tree is sourceTree: they hold exactly that code. */
  sourceCommits: string[];
  variants: ShownVariant[];
}

function summarize(s: SweepSettings): string {
  return [
    `model ${s.model}`,
    `backend ${s.backend}`,
    `prompt ${s.promptLen} + ${s.genLen} generated tokens`,
    `${s.runs} runs + ${s.warmup} warm-up per variant`,
    `seed ${s.seed}`,
    `baseline ${s.baseline}`,
    s.inProcess ? 'in-process' : workerLayout(s),
    s.git ? 'each variant from its experiment commit' : 'from the working tree (--no-git)',
    `${s.paired ? 'paired rounds' : 'interleaved rounds'}, judged ${(s.stat ?? 'mean') === 'robust' ? 'robustly (Hodges-Lehmann, rank test)' : 'on means (Welch)'}`,
    ...(s.untilResolved ? [`until resolved (budget ${[s.untilResolved.maxRuns !== null ? `${s.untilResolved.maxRuns} runs` : '', s.untilResolved.maxTimeS !== null ? `${s.untilResolved.maxTimeS} s` : ''].filter(Boolean).join(', ')}; looks at ${s.untilResolved.looks.join(', ')})`] : []),
    ...(s.loadThreshold != null ? [`re-run above ${s.loadThreshold} cores of foreign load`] : []),
    ...(s.allowConcurrent ? ['without the machine lock (--allow-concurrent)'] : []),
    ...(s.experiment ? [`experiment ${s.experiment}`] : []),
  ].join(', ');
}

/** Reads sweep `sweepId` from the database at `dbPath`, and its branches from the repository at `root`. */
export async function showSweep(options: { root: string; dbPath: string; sweepId: string }): Promise<ShownSweep> {
  const { root, dbPath, sweepId } = options;
  const db = ResultsDb.open(dbPath, { readonly: true });
  let stored: ReturnType<ResultsDb['getSweep']>;
  try {
    const known = db.listSweeps();
    if (!known.some((s) => s.id === sweepId)) {
      const latest = known.slice(0, 3).map((s) => s.id);
      throw new LabError(
        `no sweep ${sweepId} in ${db.path}`,
        latest.length ? `the latest: ${latest.join(', ')}` : 'it holds no sweeps yet: run lab sweep first',
      );
    }
    stored = db.getSweep(sweepId);
  } finally {
    db.close();
  }

  // Branches: only asked of git when the sweep made some. Outside a repository, or before any commit, unknown.
  let branches: Map<string, string> | null = null;
  if (stored.variants.some((v) => v.branch)) {
    try {
      branches = new Map((await listExperimentBranches(root, sweepId)).map((b) => [b.branch, b.commit]));
    } catch (e) {
      if (!isLabError(e)) throw e;
    }
  }

  const variants = await Promise.all(
    stored.variants.map(async (v): Promise<ShownVariant> => {
      const notes: string[] = [];
      const recordPath = v.commitSha ? experimentRecordPath(sweepId, v.name) : null;
      let reproduce: string | null = null;
      if (v.commitSha && recordPath) {
        const text = await readCommittedFile(root, v.commitSha, recordPath);
        if (text === null) notes.push(`commit ${v.commitSha.slice(0, 10)} or its record is not in this repository (deleted branch, garbage-collected?)`);
        else {
          try {
            const record = JSON.parse(text) as { reproduce?: unknown };
            if (typeof record.reproduce === 'string') reproduce = record.reproduce;
            else notes.push(`the record in ${v.commitSha.slice(0, 10)} has no reproduce command`);
          } catch {
            notes.push(`the record ${recordPath} in ${v.commitSha.slice(0, 10)} is not valid JSON`);
          }
        }
      }
      let branchExists: boolean | null = null;
      let branchNowAt: string | null = null;
      if (v.branch && branches) {
        const at = branches.get(v.branch);
        branchExists = at !== undefined;
        if (at !== undefined && v.commitSha && at !== v.commitSha) {
          branchNowAt = at;
          notes.push(`branch ${v.branch} has moved to ${at.slice(0, 10)}; the samples ran from ${v.commitSha.slice(0, 10)}`);
        }
        if (!branchExists && reproduce && v.commitSha) {
          notes.push(`branch ${v.branch} was deleted: use the commit instead of the branch`);
          reproduce = reproduce.split(v.branch).join(v.commitSha);
        }
      }
      if (!stored.settings.git) notes.push('ran from the working tree (--no-git): its code was not committed');
      return {
        name: v.name,
        description: v.description,
        isBaseline: v.isBaseline,
        branch: v.branch,
        commit: v.commitSha,
        shortCommit: v.commitSha ? v.commitSha.slice(0, 10) : null,
        branchExists,
        branchNowAt,
        samples: stored.samples.filter((s) => s.variant === v.name && !s.superseded).length,
        remeasured: stored.samples.filter((s) => s.variant === v.name && s.superseded).length,
        warmups: stored.warmups.filter((s) => s.variant === v.name).length,
        recordPath,
        showRecord: v.commitSha && recordPath ? `git show ${v.commitSha.slice(0, 10)}:${recordPath}` : null,
        reproduce,
        notes,
      };
    }),
  );

  const sourceTree = stored.environment.sourceTree ?? null;
  return {
    id: stored.id,
    status: stored.status,
    createdAt: stored.createdAt,
    finishedAt: stored.finishedAt,
    baseline: stored.baseline,
    settings: stored.settings,
    summary: summarize(stored.settings),
    commandLine: stored.environment.commandLine,
    gitSha: stored.environment.gitSha,
    gitDirty: stored.environment.gitDirty,
    sourceTree,
    sourceCommits: sourceTree ? await commitsWithTree(root, sourceTree) : [],
    variants,
  };
}

/** The plain-text form of `lab show`. */
export function renderShow(s: ShownSweep): string {
  const lines = [
    `sweep     ${s.id} (${s.status})`,
    `created   ${s.createdAt}`,
    `finished  ${s.finishedAt ?? '-'}`,
    `settings  ${s.summary}`,
    `command   ${s.commandLine}`,
  ];
  if (s.gitSha) lines.push(`checkout  ${s.gitSha.slice(0, 10)}${s.gitDirty ? ' with uncommitted changes (included in the experiment commits)' : ''}`);
  if (s.sourceTree) {
    const held = s.sourceCommits.length
      ? `the code of commit ${s.sourceCommits.map((c) => c.slice(0, 10)).join(', ')}`
      : 'no commit in this repository holds exactly this code';
    lines.push(`source    tree ${s.sourceTree.slice(0, 10)}: ${held}`);
  }
  for (const v of s.variants) {
    const branchState = v.branchExists === null ? '' : v.branchExists ? ' (exists)' : ' (deleted)';
    lines.push(
      '',
      `${v.name}${v.isBaseline ? ' (baseline)' : ''}: ${v.description}`,
      `  branch     ${v.branch ? `${v.branch}${branchState}` : '-'}`,
      `  commit     ${v.shortCommit ?? '-'}`,
      `  samples    ${v.samples}${v.warmups ? ` (+${v.warmups} warm-up)` : ''}${v.remeasured ? `; ${v.remeasured} more measured under foreign load and replaced` : ''}`,
    );
    if (v.showRecord) lines.push(`  record     ${v.showRecord}`);
    if (v.reproduce) lines.push(`  reproduce  ${v.reproduce}`);
    for (const note of v.notes) lines.push(`  note       ${note}`);
  }
  return lines.join('\n');
}
