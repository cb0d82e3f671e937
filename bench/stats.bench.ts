/**
 * npm run bench:stats — the simulation behind the lab's choice of comparison:
 * on synthetic paired rounds drawn from noise models fitted to the lab's own
 * GPU and CPU samples (test/helpers/noise-models.ts), each method's A/A
 * false-verdict rate, the coverage of its 95% interval, and its power to
 * call planted changes, at n runs per variant.
 *
 *   npm run bench:stats -- [--trials 1000] [--n 10]
 */
import { parseArgs } from 'node:util';
import { compareShift } from '../src/stats/compare-shift.ts';
import { CPU_MODEL, GPU_MODEL, pairedSamples } from '../test/helpers/noise-models.ts';

const { values } = parseArgs({ options: { trials: { type: 'string', default: '1000' }, n: { type: 'string', default: '10' } } });
const trials = Number(values.trials);
const n = Number(values.n);

type Method = { label: string; stat: 'robust' | 'mean'; paired: boolean };
const METHODS: Method[] = [
  { label: 'robust, paired (default)', stat: 'robust', paired: true },
  { label: 'robust, unpaired', stat: 'robust', paired: false },
  { label: 'Welch on means (--stat mean)', stat: 'mean', paired: false },
];

function run(model: typeof GPU_MODEL, method: Method, pct: number): { called: number; covered: number } {
  let called = 0;
  let covered = 0;
  for (let t = 0; t < trials; t++) {
    const { baseline, candidate } = pairedSamples(model, n, pct, 1_000_000 + t);
    const d = compareShift({ baseline, candidate, pairs: method.paired ? { baseline, candidate, process: baseline.map(() => 0) } : null, processes: null }, { stat: method.stat, noiseThresholdPct: 0 });
    if (d.p < 0.05) called++;
    if (d.ciLow <= pct && pct <= d.ciHigh) covered++;
  }
  return { called: called / trials, covered: covered / trials };
}

const pctText = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(6);
for (const [model, changes] of [[GPU_MODEL, [1, 3]], [CPU_MODEL, [2, 5]]] as const) {
  console.log(`\n${model.name} noise model, n = ${n} runs per variant, ${trials} trials`);
  console.log(`${'method'.padEnd(30)}  A/A false  CI coverage  ${changes.map((c) => `power +${c}%`).join('  ')}`);
  for (const method of METHODS) {
    const aa = run(model, method, 0);
    const cover = run(model, method, changes[1]!).covered;
    const power = changes.map((c) => pctText(run(model, method, c).called));
    console.log(`${method.label.padEnd(30)}  ${pctText(aa.called).padStart(9)}  ${pctText(cover).padStart(11)}  ${power.map((p) => p.padStart(9)).join('  ')}`);
  }
}
