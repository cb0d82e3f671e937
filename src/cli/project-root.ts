import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The lab's own checkout (where variants/ lives): the CLI runs from its sources. */
export function projectRoot(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
}
