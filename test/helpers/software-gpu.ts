import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { PROJECT_ROOT, runLab, type LabRun } from './cli.ts';

/**
 * WebGPU on the CPU: Dawn over Vulkan, with the Vulkan driver Debian's
 * chromium package ships (SwiftShader) and its loader, for the tests of
 * test/webgpu that run the lab's kernels on any machine.
 */
const CHROMIUM_LIBS = '/usr/lib/chromium';
const SWIFTSHADER_ICD = `${CHROMIUM_LIBS}/vk_swiftshader_icd.json`;
const REQUIRED = [SWIFTSHADER_ICD, `${CHROMIUM_LIBS}/libvk_swiftshader.so`, `${CHROMIUM_LIBS}/libvulkan.so.1`];

/** The environment that puts a child's Dawn on SwiftShader; fails (never skips) when chromium's files are missing. */
export function softwareGpuEnv(): NodeJS.ProcessEnv {
  for (const file of REQUIRED) {
    assert.ok(existsSync(file), `${file} not found: this test runs WebGPU on the CPU through the SwiftShader Vulkan driver of Debian's chromium package (.ci/run installs it; locally: apt-get install -y chromium)`);
  }
  return {
    LD_LIBRARY_PATH: [CHROMIUM_LIBS, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':'),
    VK_ICD_FILENAMES: SWIFTSHADER_ICD,
  };
}

/** SwiftShader compiles every new shader shape slowly: generous, so that a loaded machine does not kill the child. */
export function runOnSoftwareGpu(args: string[]): LabRun {
  return runLab(args, { env: softwareGpuEnv(), timeoutMs: 240_000 });
}

/** Runs a TypeScript file of this project (with `args`) in a child process on the SwiftShader device. */
export function runFileOnSoftwareGpu(file: string, timeoutS = 240, args: string[] = []): LabRun {
  const r = spawnSync(process.execPath, ['--import', 'tsx', file, ...args], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    timeout: timeoutS * 1000,
    env: { ...process.env, ...softwareGpuEnv() },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function describeRun(run: LabRun): string {
  return `exit ${run.code}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`;
}
