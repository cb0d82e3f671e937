import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Environment } from './result.ts';

export function labVersion(root: string): string {
  try {
    return (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** The machine and software a sweep ran on, captured automatically. */
export function captureEnvironment(args: {
  root: string;
  gitSha: string | null;
  gitDirty: boolean | null;
  sourceTree: string | null;
  backend: string;
  device: string;
  tfjsVersion: string;
  commandLine: string;
}): Environment {
  const cpus = os.cpus();
  return {
    labVersion: labVersion(args.root),
    gitSha: args.gitSha,
    gitDirty: args.gitDirty,
    sourceTree: args.sourceTree,
    backend: args.backend,
    device: args.device,
    tfjsVersion: args.tfjsVersion,
    nodeVersion: process.version,
    hostname: os.hostname(),
    cpuModel: cpus[0]?.model?.trim() ?? 'unknown',
    cpuCores: cpus.length,
    totalMemoryBytes: os.totalmem(),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    commandLine: args.commandLine,
  };
}

/** The command line as the user typed it, with `lab` for the entry script. */
export function commandLine(args: readonly string[]): string {
  return ['lab', ...args].map((a) => (/[\s"'$]/.test(a) ? JSON.stringify(a) : a)).join(' ');
}
