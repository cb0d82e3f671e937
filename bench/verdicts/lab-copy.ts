/**
 * A throwaway copy of the lab (sources, variants, node_modules linked) in
 * which the verdicts bench plants its slowdown variants, so that they are
 * real variant files measured by real sweeps, and the user's checkout never
 * sees them.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createVariant } from '../../src/variant-scaffold.ts';
import type { SweepResult } from '../../src/sweep/result.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export function copyLab(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-verdicts-'));
  for (const entry of ['src', 'variants', 'bin', 'package.json', 'tsconfig.json']) fs.cpSync(path.join(ROOT, entry), path.join(dir, entry), { recursive: true });
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  return dir;
}

/** Variant file names are the variants' names; a spec a+b+c names three of them. */
function importsOf(spec: string): { imports: string; list: string } {
  const parts = spec === 'baseline' ? [] : spec.split('+');
  const ids = parts.map((_, i) => `part${i}`);
  return { imports: parts.map((p, i) => `import ${ids[i]} from './${p}.ts';`).join('\n'), list: `[${ids.join(', ')}]` };
}

/**
 * Registers `name` in the copy: `on`'s slots with its generation followed by
 * a busy-wait of `delayMs` (src/model/implementations/planted-delay.ts).
 */
export function plantSlowdown(copy: string, name: string, on: string, delayMs: number): void {
  createVariant(copy, name, `planted: ${on} ${delayMs.toFixed(3)} ms slower per sample`);
  const { imports, list } = importsOf(on);
  fs.writeFileSync(
    path.join(copy, 'variants', `${name}.ts`),
    `import { composeVariants, defineVariant } from '../src/variants.ts';
import { BASELINE_IMPLEMENTATIONS } from '../src/model/baseline-implementations.ts';
import { plantedDelay } from '../src/model/implementations/planted-delay.ts';
${imports}

const on = composeVariants('${name}-base', '', ${list});
export default defineVariant({
  name: '${name}',
  description: 'planted: ${on}, then ${delayMs.toFixed(3)} ms of busy-waiting per sample',
  slots: { ...on.slots, generation: plantedDelay(on.slots.generation ?? BASELINE_IMPLEMENTATIONS.generation, ${delayMs}) },
});
`,
  );
}

/** Runs `lab sweep ... --json` in the copy; resolves with its result and wall seconds. */
export function sweepIn(copy: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ result: SweepResult; wallS: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(copy, 'bin', 'lab.js'), 'sweep', ...args, '--json', '--quiet'], { cwd: copy, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`lab sweep ${args.join(' ')} exited ${code}: ${err.trim().split('\n').slice(-3).join(' | ')}`));
      const last = out.trim().split('\n').at(-1)!;
      resolve({ result: JSON.parse(last) as SweepResult, wallS: (performance.now() - started) / 1000 });
    });
  });
}
