/**
 * Running git: the one place that spawns it (through simple-git), with an environment stripped of the variables
 * that would point it at another repository or index. The bottom of src/git: it imports nothing of the lab's.
 */
import { simpleGit } from 'simple-git';
import type { SimpleGit } from 'simple-git';

// ---------------------------------------------------------------------------------------------------------------
// Running git
// ---------------------------------------------------------------------------------------------------------------

/** Variables that point git at another repository or index: ours would be silently redirected. */
const LOCATING_VARS = new Set([
  'GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY', 'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_COMMON_DIR', 'GIT_NAMESPACE', 'GIT_PREFIX', 'GIT_QUARANTINE_PATH', 'GIT_INDEX_VERSION',
]);
/**
 * Variables simple-git refuses to spawn with (its "unsafe" checks); none matter for the plumbing run here
 * (no editor, pager, ssh or askpass is ever used). Config-path variables are kept: see `allowUnsafeConfigPaths`.
 */
const REFUSED_VARS = new Set([
  'EDITOR', 'PAGER', 'SSH_ASKPASS', 'GIT_ASKPASS', 'GIT_EDITOR', 'GIT_SEQUENCE_EDITOR', 'GIT_PAGER', 'GIT_SSH',
  'GIT_SSH_COMMAND', 'GIT_PROXY_COMMAND', 'GIT_EXTERNAL_DIFF', 'GIT_TEMPLATE_DIR', 'GIT_EXEC_PATH', 'GIT_CONFIG_COUNT',
]);

function gitEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined) continue;
    const upper = key.toUpperCase();
    if (LOCATING_VARS.has(upper) || REFUSED_VARS.has(upper) || /^GIT_CONFIG_(KEY|VALUE)_\d+$/.test(upper)) continue;
    env[key] = value;
  }
  env.GIT_TERMINAL_PROMPT = '0';
  return { ...env, ...extra };
}

export interface RunOptions {
  env?: Record<string, string>;
  /** `-c key=value` settings for this call. */
  config?: string[];
  /** Read-only call: pass --no-optional-locks so git does not refresh the index behind the user's back. */
  readOnly?: boolean;
}

function client(cwd: string, options: RunOptions): SimpleGit {
  return simpleGit({
    baseDir: cwd,
    config: options.config ?? [],
    // simple-git's default treats a non-zero exit with empty stderr as success; any non-zero exit is a failure here.
    errors(error, result) {
      if (error) return error;
      if (result.exitCode === 0) return undefined;
      return Buffer.concat([...result.stdErr, ...result.stdOut]);
    },
    unsafe: { allowUnsafeHooksPath: true, allowUnsafeConfigPaths: true },
  }).env(gitEnv(options.env));
}

export async function git(cwd: string, args: string[], options: RunOptions = {}): Promise<string> {
  const fullArgs = options.readOnly ? ['--no-optional-locks', ...args] : args;
  try {
    return await client(cwd, options).raw(fullArgs);
  } catch (e) {
    const detail = (e instanceof Error ? e.message : String(e)).trim();
    throw new Error(`git ${args.join(' ')} (in ${cwd}) failed: ${detail}`, { cause: e });
  }
}

/** Like `git`, but null when the command fails (exit status used as an answer). */
export async function tryGit(cwd: string, args: string[], options: RunOptions = {}): Promise<string | null> {
  try {
    return await git(cwd, args, options);
  } catch {
    return null;
  }
}

export function splitZ(out: string): string[] {
  return out.split('\0').filter((s) => s.length > 0);
}
