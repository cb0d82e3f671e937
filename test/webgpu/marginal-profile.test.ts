import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeRun, runFileOnSoftwareGpu } from '../helpers/software-gpu.ts';

test("a recorded step's marginal profile has a line for each kind of launch its profile has, with the same launch counts, and a step time of its own", () => {
  const run = runFileOnSoftwareGpu('test/webgpu/fixtures/marginal-profile.ts', 240);
  assert.equal(run.code, 0, describeRun(run));
  const out = JSON.parse(run.stdout) as {
    launchCount: number;
    profile: { label: string; launches: number; weightBytes: number }[];
    marginal: { stepMs: number; lines: { label: string; launches: number; weightBytes: number; usPerLaunch: number }[] };
  };
  const counts = (lines: { label: string; launches: number; weightBytes: number }[]) => Object.fromEntries(lines.map((l) => [l.label, [l.launches, l.weightBytes]]));
  assert.deepEqual(counts(out.marginal.lines), counts(out.profile));
  assert.equal(out.marginal.lines.reduce((sum, l) => sum + l.launches, 0), out.launchCount);
  assert.ok(Number.isFinite(out.marginal.stepMs) && out.marginal.stepMs > 0, `step ${out.marginal.stepMs} ms`);
  // On a CPU-emulated GPU the differences are noise, possibly negative; they must still be numbers.
  for (const line of out.marginal.lines) assert.ok(Number.isFinite(line.usPerLaunch), `${line.label}: ${line.usPerLaunch}`);
});
