import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from './cli.ts';

/**
 * A throwaway copy of the lab's sources (not a git repository) with
 * node_modules linked, for tests that change variants/ or need another checkout.
 */
export function copyProject(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-copy-'));
  for (const entry of ['src', 'variants', 'bin', 'package.json', 'tsconfig.json', '.gitignore']) {
    fs.cpSync(path.join(PROJECT_ROOT, entry), path.join(dir, entry), { recursive: true });
  }
  fs.symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  return dir;
}
