/**
 * A variant's experiment record: the file its experiment commit holds (what it is, the settings, how to
 * reproduce it), the branch-safe names it is filed under, and the commit that writes it.
 */
import * as git from '../git/experiment-git.ts';
import { slotChoices, type Variant } from '../variants.ts';
import type { SweepSettings, UntilResolved } from './result.ts';
import { SWEEP_DEFAULTS, type ResolvedSweep } from './settings.ts';

/** Branch-safe form of a variant name ("a+b" is fine in git, but keep file names plain). */
export function fileSafe(name: string): string {
  return name.replace(/[^a-zA-Z0-9._-]/g, '_');
}

/** Where a variant's experiment record lives in its experiment commit (relative to the repository root). */
export function experimentRecordPath(sweepId: string, variant: string): string {
  return `experiments/${sweepId}/${fileSafe(variant)}.json`;
}

/**
 * The shell command that re-runs one variant of a sweep from its experiment branch, with every setting that
 * shapes its numbers (the baseline's record re-runs the sweep's other variants against it).
 */
export function reproduceCommand(settings: SweepSettings, variant: string, branch: string): string {
  const dir = `/tmp/${fileSafe(variant)}`;
  const variants = variant === settings.baseline ? settings.variants.filter((v) => v !== settings.baseline) : [variant];
  const model = settings.model.startsWith('dir:') ? `--model-dir ${settings.model.slice(4)}` : `--model ${settings.model}`;
  return [
    `git worktree add ${dir} ${branch} && cd ${dir} && npm ci && npx lab sweep ${variants.join(' ')}`,
    ...(settings.baseline !== SWEEP_DEFAULTS.baseline ? [`--baseline ${settings.baseline}`] : []),
    `--no-git --runs ${settings.runs} --warmup ${settings.warmup} ${model} --backend ${settings.backend}`,
    `--prompt-len ${settings.promptLen} --gen-len ${settings.genLen} --seed ${settings.seed}`,
    ...(settings.inProcess ? ['--in-process'] : []),
    ...((settings.processes ?? 1) > 1 ? [`--processes ${settings.processes}`] : []),
    ...(settings.stat && settings.stat !== SWEEP_DEFAULTS.stat ? [`--stat ${settings.stat}`] : []),
    ...(settings.untilResolved ? [untilResolvedFlags(settings.untilResolved)] : []),
    ...(settings.weightsDtype ? [`--weights-dtype ${settings.weightsDtype}`] : []),
  ].join(' ');
}

function untilResolvedFlags(u: UntilResolved): string {
  return ['--until-resolved', ...(u.maxRuns !== null ? [`--max-runs ${u.maxRuns}`] : []), ...(u.maxTimeS !== null ? [`--max-time ${u.maxTimeS}s`] : [])].join(' ');
}

/**
 * Commits one variant of a sweep on its experiment branch, with its experiment record (what it is, the settings,
 * how to reproduce it); returns the commit. Local sweeps and queued ones (src/queue/coordinator.ts) alike.
 */
export async function commitVariant(root: string, sweepId: string, variant: Variant, branch: string, resolved: ResolvedSweep, repo: git.RepoState, commandLine: string): Promise<string> {
  const { settings } = resolved;
  const record = {
    sweepId,
    variant: variant.name,
    description: variant.description,
    parts: variant.parts ?? null,
    slots: slotChoices(variant, resolved.registry),
    baseline: settings.baseline,
    settings,
    userHead: repo.headSha,
    userBranch: repo.branch,
    includesUncommittedChanges: repo.dirty,
    reproduce: reproduceCommand(settings, variant.name, branch),
    commandLine,
  };
  const commit = await git.commitExperiment(root, {
    branch,
    message: `lab experiment ${sweepId}: ${variant.name}\n\n${variant.description}\n\nslots: ${JSON.stringify(record.slots)}`,
    files: { [experimentRecordPath(sweepId, variant.name)]: `${JSON.stringify(record, null, 2)}\n` },
  });
  return commit.commit;
}
