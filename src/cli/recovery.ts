import fs from 'node:fs';
import { ResultsDb, isPostgresUrl } from '../db/results-db.ts';
import { recoverLeftovers } from '../git/experiment-git.ts';
import { projectRoot } from './project-root.ts';

/**
 * Run before every command: after a SIGKILL or a power cut, a sweep leaves
 * worktrees, a lock entry and a 'running' row behind. Clean them up and say so.
 */
export async function recoverFromCrashes(dbPath: string): Promise<string[]> {
  const lines: string[] = [];
  const root = projectRoot();
  if (fs.existsSync(`${root}/.git`)) {
    try {
      const { messages } = await recoverLeftovers(root);
      lines.push(...messages.map((m) => `lab: recovered: ${m}`));
    } catch {
      // Recovery must never stop the command the user asked for; the command itself reports git problems.
    }
  }
  // An empty file is not a results database yet: opening it for writing would make it one behind the user's back.
  // A PostgreSQL store is recovered too (this host's sweeps only, see recoverDeadSweeps); unreachable, the command says so.
  if (isPostgresUrl(dbPath) || (fs.existsSync(dbPath) && fs.statSync(dbPath).size > 0)) {
    let db: ResultsDb | null = null;
    try {
      db = ResultsDb.open(dbPath);
      for (const id of db.recoverDeadSweeps()) lines.push(`lab: recovered: sweep ${id} lost its process and is now marked interrupted`);
    } catch {
      // A broken database is reported by the command that needs it, with its own message.
    } finally {
      db?.close();
    }
  }
  return lines;
}
