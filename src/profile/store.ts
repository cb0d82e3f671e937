import * as tf from '@tensorflow/tfjs-core';
import type { ResultsDb } from '../db/results-db.ts';
import * as git from '../git/experiment-git.ts';
import { captureEnvironment } from '../sweep/environment.ts';
import type { Environment } from '../sweep/result.ts';
import type { ProfileResult } from './types.ts';

/** The machine and software a profile ran on; the git state is best-effort (null outside a usable repository). */
export async function profileEnvironment(root: string, result: ProfileResult, commandLine: string): Promise<Environment> {
  let repo: git.RepoState | null = null;
  try {
    repo = await git.preflight(root);
  } catch {
    // A profile does not need git; the environment then says so with nulls.
  }
  return captureEnvironment({
    root,
    gitSha: repo?.headSha ?? null,
    gitDirty: repo?.dirty ?? null,
    sourceTree: repo ? await git.workTreeId(root).catch(() => null) : null,
    backend: result.backend,
    device: result.device,
    tfjsVersion: tf.version_core,
    commandLine,
  });
}

/** Appends a profile to an open results database; returns its id. */
export function storeProfile(db: ResultsDb, result: ProfileResult, environment: Environment): number {
  return db.addProfile({
    variant: result.variant,
    slots: result.slots,
    model: result.model,
    backend: result.backend,
    device: result.device,
    promptLen: result.promptLen,
    genLen: result.genLen,
    environment,
    result,
  });
}
