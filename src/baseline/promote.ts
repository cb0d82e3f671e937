/**
 * `lab baseline promote | show | reset`: which slot choices later sweeps use as
 * their baseline. The choice lives in the repository (variants/baseline.json,
 * committed alone on the user's branch, read by variants/index.ts) and its
 * history in results.db (the baselines table). Every refusal is a LabError
 * raised before anything is written; a failed commit puts the file back.
 * The text the commands print is render.ts's.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ResultsDb, displayDbName, isPostgresUrl, type BaselineEntry } from '../db/results-db.ts';
import { isLabError, LabError } from '../errors.ts';
import * as git from '../git/experiment-git.ts';
import { BASELINE_NAME, baselineOf, resolveVariant, slotChoices, type Variant } from '../variants.ts';
import { applyPromotedBaseline, BASELINE_FILE, baselineFilePath, readBaselineFile, type BaselineFile } from './file.ts';
import { SEED_BASELINE_SLOTS, slotsChangedFromSeed, slotsText } from './origin.ts';

export interface BaselineChangeOptions {
  /** The project root: variants/baseline.json is under it, and the commit goes to the repository it is in. */
  root: string;
  dbPath: string;
  /** Clock for promotedAt and the history row; for tests. */
  now?: () => Date;
}

export interface PromoteOptions extends BaselineChangeOptions {
  /** The variant to promote: a registered name, or a+b. */
  variant: string;
  /** The registry as registered (variants/index.ts's REGISTERED_VARIANTS): the seed's baseline entry, every variant. */
  registered: readonly Variant[];
}

export interface BaselineChange {
  /** Absolute path of the file written. */
  file: string;
  content: BaselineFile;
  /** The commit on the user's branch (committed false: the file already matched HEAD, which `commit` is); null outside a git repository. */
  commit: { commit: string; branch: string; committed: boolean } | null;
  /** The latest sweep in the database that measured the promoted variant (null: none; always null for a reset). */
  sourceSweepId: string | null;
  /** Things the user should know (e.g. uncommitted changes the commit does not include). */
  notes: string[];
}

export interface BaselineReport {
  file: string;
  /** The promoted variant; null for the seed's baseline. */
  promoted: string | null;
  /** Every slot's implementation name. */
  slots: Record<string, string>;
  /** The slots that differ from the seed's baseline. */
  changed: Record<string, string>;
  promotedAt: string | null;
  /** The sweep the promotion was measured in, from the database's history; null when unknown. */
  sourceSweepId: string | null;
  /** The database's history, oldest first; null when there is no database. */
  history: BaselineEntry[] | null;
  dbPath: string;
  /** Why the registry cannot use this baseline (e.g. it promotes a variant no longer registered); absent when it can. */
  problem?: string;
}

export function fileLabel(root: string, file: string): string {
  return path.relative(root, file) || file;
}

/** Writes through a temporary file beside the target, so a failure never leaves half a file. */
function writeAtomically(file: string, text: string): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw new LabError(`cannot write ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, 'check the permissions of variants/');
  }
}

function readRaw(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/** The newest sweep in which `variant` recorded at least one sample; null when none did. */
export function latestSweepMeasuring(db: ResultsDb, variant: string): string | null {
  for (const row of db.listSweeps()) {
    if (db.getSweep(row.id).samples.some((s) => s.variant === variant)) return row.id;
  }
  return null;
}

/** Checks git before anything is written: null outside a repository, else the state (LabError for a merge in progress, a detached HEAD, ...). */
async function gitPreflight(root: string): Promise<git.RepoState | null> {
  if ((await git.workTreeRoot(root)) === null) return null;
  const state = await git.preflight(root);
  if (state.branch === null) {
    throw new LabError(`HEAD is detached in ${state.root}, so there is no branch to commit ${BASELINE_FILE} to`, 'check out a branch (git switch <branch>), then retry');
  }
  return state;
}

/** Writes the file and commits it; on a failed commit the file is put back as it was. */
async function writeAndCommit(root: string, file: string, content: BaselineFile, message: string, repo: git.RepoState | null): Promise<BaselineChange['commit']> {
  const previous = readRaw(file);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  writeAtomically(file, `${JSON.stringify(content, null, 2)}\n`);
  if (!repo) return null;
  try {
    return await git.commitFileOnBranch(root, file, message);
  } catch (e) {
    if (previous === null) fs.rmSync(file, { force: true });
    else writeAtomically(file, previous);
    throw e;
  }
}

function uncommittedNote(repo: git.RepoState | null): string[] {
  if (!repo?.dirty) return [];
  return [
    'your working tree has other uncommitted changes, which the commit leaves alone: ' +
      'if the promoted variant\'s code is among them, commit it too, or other checkouts cannot resolve variants/baseline.json',
  ];
}

/**
 * Makes `variant`'s slot choices (as it runs now: on top of the current
 * baseline) the baseline of later sweeps: writes variants/baseline.json,
 * commits it alone on the current branch (outside a git repository: only
 * writes it), and appends to the database's history with the latest sweep that
 * measured the variant as its source.
 */
export async function promoteBaseline(options: PromoteOptions): Promise<BaselineChange> {
  const { root, registered } = options;
  const spec = options.variant.trim();
  const file = baselineFilePath(root);
  const label = fileLabel(root, file);
  if (spec.split('+').some((part) => part.trim() === BASELINE_NAME)) {
    throw new LabError(`cannot promote ${BASELINE_NAME}: it is the baseline itself`, 'name the variant to promote, e.g. lab baseline promote batched-attention');
  }
  if (!baselineOf(registered)) throw new LabError(`the registry has no "${BASELINE_NAME}" entry to promote onto`, 'restore variants/baseline.ts in variants/index.ts');
  const variant = resolveVariant(registered, spec);
  const current = readBaselineFile(file);
  const effective = applyPromotedBaseline(registered, current, label);
  if (current.promoted === variant.name) {
    throw new LabError(`${variant.name} is already the baseline${current.promotedAt ? ` (promoted ${current.promotedAt})` : ''}`, 'lab baseline show says what the baseline is');
  }
  const slots = slotChoices(variant, effective);
  const currentSlots = slotChoices(baselineOf(effective)!, effective);
  if (JSON.stringify(slots) === JSON.stringify(currentSlots)) {
    throw new LabError(
      `promoting ${variant.name} would not change the baseline: it runs with the baseline's own slot choices (${slotsText(slotsChangedFromSeed(slots)) || 'the seed\'s'})`,
      'promote a variant that fills a slot differently',
    );
  }

  const repo = await gitPreflight(root);
  const at = (options.now ?? (() => new Date()))();
  const db = ResultsDb.open(options.dbPath, { now: () => at });
  try {
    const sourceSweepId = latestSweepMeasuring(db, variant.name);
    const content: BaselineFile = { promoted: variant.name, slots, promotedAt: at.toISOString() };
    const commit = await writeAndCommit(root, file, content, `lab baseline promote ${variant.name}`, repo);
    db.recordBaseline({ variant: variant.name, slots, sourceSweepId, reset: false });
    const notes = uncommittedNote(repo);
    if (sourceSweepId) {
      const measured = db.getSweep(sourceSweepId).variants.find((v) => v.name === variant.name)?.slots;
      const differs = measured && Object.entries(slots).filter(([slot, impl]) => measured[slot] !== undefined && measured[slot] !== impl);
      if (differs && differs.length > 0) {
        notes.push(`in sweep ${sourceSweepId} ${variant.name} ran with ${differs.map(([slot]) => `${slot}=${measured[slot]}`).join(', ')}; the baseline now uses ${slotsText(Object.fromEntries(differs))}`);
      }
    }
    return { file, content, commit, sourceSweepId, notes };
  } finally {
    db.close();
  }
}

/**
 * Goes back to the seed's baseline: writes `{"promoted": null}`, commits it,
 * and records a reset in the database's history. Returns null (and writes
 * nothing) when the baseline already is the seed's. Works on a broken
 * variants/baseline.json too, which is what it is for.
 */
export async function resetBaseline(options: BaselineChangeOptions): Promise<BaselineChange | null> {
  const { root } = options;
  const file = baselineFilePath(root);
  let current: BaselineFile | null;
  try {
    current = readBaselineFile(file);
  } catch (e) {
    if (!isLabError(e)) throw e;
    current = null; // broken: resetting is the fix
  }
  if (current !== null && current.promoted === null) return null;

  const repo = await gitPreflight(root);
  const at = (options.now ?? (() => new Date()))();
  const db = ResultsDb.open(options.dbPath, { now: () => at });
  try {
    const content: BaselineFile = { promoted: null };
    const commit = await writeAndCommit(root, file, content, 'lab baseline reset', repo);
    db.recordBaseline({ variant: BASELINE_NAME, slots: { ...SEED_BASELINE_SLOTS }, sourceSweepId: null, reset: true });
    return { file, content, commit, sourceSweepId: null, notes: uncommittedNote(repo) };
  } finally {
    db.close();
  }
}

/**
 * The current baseline (from variants/baseline.json) and the database's
 * history (when there is a database). With `registry` (variants/index.ts's
 * VARIANTS), says when the registry cannot use the file. Writes nothing.
 */
export function showBaseline(options: { root: string; dbPath: string; registry?: readonly Variant[] }): BaselineReport {
  const file = baselineFilePath(options.root);
  const current = readBaselineFile(file);
  const slots = current.promoted === null ? { ...SEED_BASELINE_SLOTS } : { ...SEED_BASELINE_SLOTS, ...current.slots };
  let history: BaselineEntry[] | null = null;
  // A PostgreSQL store is never absent: an unreachable one is an error, not an empty history.
  if (isPostgresUrl(options.dbPath) || fs.existsSync(options.dbPath)) {
    const db = ResultsDb.open(options.dbPath, { readonly: true });
    try {
      history = db.baselineHistory();
    } finally {
      db.close();
    }
  }
  let sourceSweepId: string | null = null;
  if (current.promoted !== null && history) {
    const promotions = history.filter((e) => !e.reset && e.variant === current.promoted);
    const entry = promotions.findLast((e) => e.promotedAt === current.promotedAt) ?? promotions.at(-1);
    sourceSweepId = entry?.sourceSweepId ?? null;
  }
  const unusable = options.registry ? baselineOf(options.registry)?.unusable : undefined;
  return {
    ...(unusable ? { problem: unusable.hint ? `${unusable.message} (${unusable.hint})` : unusable.message } : {}),
    file,
    promoted: current.promoted,
    slots,
    changed: slotsChangedFromSeed(slots),
    promotedAt: current.promotedAt ?? null,
    sourceSweepId,
    history,
    dbPath: displayDbName(options.dbPath),
  };
}
