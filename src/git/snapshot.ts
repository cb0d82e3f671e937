/**
 * A snapshot and fingerprint of the user's checkout (HEAD, index, status, stash, worktrees, every file), to check
 * that the lab left it exactly as it was. Read-only.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { IN_PROGRESS, locate } from './repo.ts';
import { git } from './run.ts';

// ---------------------------------------------------------------------------------------------------------------
// Fingerprint of the user's checkout
// ---------------------------------------------------------------------------------------------------------------

/**
 * Everything the lab promises to leave alone, as labelled strings: HEAD, branch, status (with ignored and
 * untracked files), index entries, the raw index file, stash, worktrees, in-progress markers, and every file
 * under the working tree except `.git/` (content, mode, symlink target; mtimes too with `mtimes`).
 * Writes nothing. Works outside a repository too (the git parts then read "not a repository").
 */
export async function checkoutSnapshot(dir: string, options: { mtimes?: boolean } = {}): Promise<Record<string, string>> {
  const repo = await locate(dir);
  const root = repo?.root ?? path.resolve(dir);
  const snap: Record<string, string> = {};
  if (repo) {
    const ro = { readOnly: true };
    // `--branch` adds the HEAD sha ("# branch.oid", "(initial)" before the first commit) and branch ("(detached)").
    [snap.status, snap.index, snap.stash, snap.worktrees] = await Promise.all([
      git(root, ['status', '--porcelain=v2', '--branch', '--untracked-files=all', '--ignored', '-z'], ro),
      git(root, ['ls-files', '--stage', '-z'], ro),
      git(root, ['stash', 'list', '--format=%H %gd %gs'], ro),
      git(root, ['worktree', 'list', '--porcelain'], ro),
    ]);
    snap.indexFile = hashFile(path.join(repo.gitDir, 'index'));
    snap.inProgress = [...IN_PROGRESS.map((m) => m.marker), 'index.lock'].filter((m) => fs.existsSync(path.join(repo.gitDir, m))).join(',');
  } else {
    snap.git = 'not a repository';
  }
  snap.files = walkTree(root, options.mtimes ?? false).join('\n');
  return snap;
}

/** A stable digest of `checkoutSnapshot`: equal before and after anything the lab does to a checkout. */
export async function checkoutFingerprint(dir: string, options: { mtimes?: boolean } = {}): Promise<string> {
  return fingerprintOf(await checkoutSnapshot(dir, options));
}

/** The sha256 digest of a `checkoutSnapshot`. */
export function fingerprintOf(snap: Record<string, string>): string {
  const h = createHash('sha256');
  for (const key of Object.keys(snap).sort()) h.update(`${key}\0${snap[key]}\0`);
  return h.digest('hex');
}

function hashFile(file: string): string {
  try {
    return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  } catch {
    return '(none)';
  }
}

function walkTree(root: string, mtimes: boolean): string[] {
  const lines: string[] = [];
  const visit = (rel: string) => {
    const abs = path.join(root, rel);
    const entries = fs.readdirSync(abs, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const ent of entries) {
      const r = rel ? `${rel}/${ent.name}` : ent.name;
      if (r === '.git') continue;
      const st = fs.lstatSync(path.join(root, r));
      const mode = (st.mode & 0o7777).toString(8);
      const time = mtimes ? ` ${st.mtimeMs}` : '';
      if (st.isSymbolicLink()) lines.push(`l ${r} -> ${fs.readlinkSync(path.join(root, r))}`);
      else if (st.isDirectory()) {
        lines.push(`d ${r} ${mode}`);
        visit(r);
      } else if (st.isFile()) lines.push(`f ${r} ${mode} ${hashFile(path.join(root, r))}${time}`);
      else lines.push(`? ${r}`);
    }
  };
  visit('');
  return lines;
}
