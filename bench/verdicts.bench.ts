/**
 * npm run bench:verdicts — whether the lab's verdicts can be trusted on this
 * machine, from real sweeps (worker processes, paired rounds, foreign-load
 * checks), in a throwaway copy of the lab:
 *
 * 1. A/A: `lab calibrate` sweeps of the baseline against an identical copy,
 *    half of them quiet and half beside a CPU hog (every core busy, switched
 *    on and off every 2 s): the false-verdict rate of each half.
 * 2. Planted slowdowns (a busy-wait after generation, sized from the
 *    baseline's measured time): the share of default sweeps that call them
 *    slower, and with --until-resolved the share resolved within the budget
 *    and the time it took.
 * 3. --resolve A:B: the runs --until-resolved needs to resolve variant A
 *    against baseline B.
 *
 *   npm run bench:verdicts -- [--aa 40] [--planted 2,5] [--planted-sweeps 10] [--until 2] [--until-sweeps 3]
 *     [--max-time 5m] [--baseline baseline] [--model small] [--prompt-len 64] [--gen-len 64] [--backend auto]
 *     [--hog | --no-hog] [--resolve A:B] [--resolve-max-runs 40] [--noise-threshold 1] [--out verdicts.json] [--db-out verdicts.db]
 *     [--runs N] [--processes N]   (sweeps of another shape than the default's)
 *     [--load-threshold CORES]     (the sweeps' foreign-load threshold, if not lab sweep's default)
 *     [--hog-only]                 (only the A/A half beside the CPU hog: --aa / 2 sweeps)
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { clopperPearson } from '../src/stats/proportion.ts';
import { startCpuHog } from './verdicts/cpu-hog.ts';
import { copyLab, plantSlowdown, sweepIn } from './verdicts/lab-copy.ts';

const { values } = parseArgs({
  options: {
    aa: { type: 'string', default: '40' },
    planted: { type: 'string', default: '2,5' },
    'planted-sweeps': { type: 'string', default: '10' },
    until: { type: 'string', default: '2' },
    'until-sweeps': { type: 'string', default: '3' },
    'max-time': { type: 'string', default: '5m' },
    baseline: { type: 'string', default: 'baseline' },
    model: { type: 'string', default: 'small' },
    'prompt-len': { type: 'string', default: '64' },
    'gen-len': { type: 'string', default: '64' },
    backend: { type: 'string', default: 'auto' },
    hog: { type: 'boolean', default: true },
    resolve: { type: 'string' },
    'resolve-max-runs': { type: 'string', default: '40' },
    'noise-threshold': { type: 'string', default: '1' },
    out: { type: 'string' },
    'db-out': { type: 'string' },
    runs: { type: 'string' },
    processes: { type: 'string' },
    'load-threshold': { type: 'string' },
    'hog-only': { type: 'boolean', default: false },
  },
  allowNegative: true,
});

const copy = copyLab();
const db = path.join(copy, 'verdicts.db');
// --runs and --processes: a sweep other than the default one (e.g. how many processes a verdict needs here).
const shape = [
  ...(values.runs ? ['--runs', values.runs] : []),
  ...(values.processes ? ['--processes', values.processes] : []),
  ...(values['load-threshold'] ? ['--load-threshold', values['load-threshold']] : []),
];
const base = ['--model', values.model!, '--prompt-len', values['prompt-len']!, '--gen-len', values['gen-len']!, '--backend', values.backend!, '--noise-threshold', values['noise-threshold']!, '--no-git', '--db', db];
const common = [...shape, ...base];
const report: Record<string, unknown> = { model: values.model, promptLen: Number(values['prompt-len']), genLen: Number(values['gen-len']), baseline: values.baseline };
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const rateText = (k: number, n: number) => {
  const ci = clopperPearson(k, n);
  return `${k}/${n} = ${pct(k / n)} (95% CI ${pct(ci.low)}-${pct(ci.high)})`;
};
console.log(`bench:verdicts in ${copy}: ${values.model}, prompt ${values['prompt-len']} + ${values['gen-len']}, baseline ${values.baseline}, backend ${values.backend}`);

/** `lab calibrate` in the copy, its JSON result. */
function calibrate(sweeps: number): Promise<{ falseVerdicts: number; sweeps: number; noisePct: number; perSweep: { flagged: number; pct: number }[]; resolvable: { pct: number; runs: number } }> {
  const args = ['calibrate', '--sweeps', String(sweeps), '--baseline', values.baseline!, '--json', ...common.filter((a) => a !== '--no-git')];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(copy, 'bin', 'lab.js'), ...args], { cwd: copy, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1)!)) : reject(new Error(`lab calibrate exited ${code}`))));
  });
}

// 1. A/A, quiet and under a switching CPU hog.
const aa = Number(values.aa);
if (aa > 0) {
  const halves = values.hog ? [Math.ceil(aa / 2), Math.floor(aa / 2)] : [aa, 0];
  if (!values['hog-only']) {
    const quiet = await calibrate(halves[0]!);
    console.log(`A/A quiet:    false verdicts ${rateText(quiet.falseVerdicts, quiet.sweeps)}; pair noise ${quiet.noisePct.toFixed(2)}%; flagged samples ${quiet.perSweep.reduce((a, s) => a + s.flagged, 0)}; resolves ${quiet.resolvable.pct.toFixed(2)}% at n=${quiet.resolvable.runs}`);
    report['aaQuiet'] = quiet;
  }
  if (halves[1]! > 0) {
    const hog = startCpuHog();
    const stopHog = () => {
      hog.stop();
      process.exit(130);
    };
    process.once('SIGINT', stopHog);
    process.once('SIGTERM', stopHog);
    try {
      const loaded = await calibrate(halves[1]!);
      console.log(`A/A with hog: false verdicts ${rateText(loaded.falseVerdicts, loaded.sweeps)}; pair noise ${loaded.noisePct.toFixed(2)}%; flagged samples ${loaded.perSweep.reduce((a, s) => a + s.flagged, 0)}`);
      report['aaHog'] = loaded;
    } finally {
      hog.stop();
      process.off('SIGINT', stopHog);
      process.off('SIGTERM', stopHog);
    }
  }
}

// The baseline's time, to size the planted delays.
const plantedPcts = values.planted ? values.planted.split(',').map(Number).filter((x) => x > 0) : [];
const untilPct = Number(values.until);
if (plantedPcts.length > 0 || untilPct > 0) {
  plantSlowdown(copy, 'planted-probe', values.baseline!, 0);
  const probe = await sweepIn(copy, ['planted-probe', '--baseline', values.baseline!, '--runs', '3', ...base]);
  const baseMedianS = probe.result.variants.find((v) => v.name === probe.result.baseline)!.total.median;
  console.log(`baseline total: median ${(baseMedianS * 1000).toFixed(1)} ms (from ${probe.result.sweep.id})`);
  report['baselineMedianS'] = baseMedianS;

  // 2a. Planted slowdowns at the default runs.
  const planted: Record<string, unknown> = {};
  for (const p of plantedPcts) {
    const name = `planted-${String(p).replace('.', 'p')}pct`;
    plantSlowdown(copy, name, values.baseline!, (p / 100) * baseMedianS * 1000);
    const n = Number(values['planted-sweeps']);
    let detected = 0;
    const deltas: number[] = [];
    for (let i = 0; i < n; i++) {
      const { result } = await sweepIn(copy, [name, '--baseline', values.baseline!, '--seed', String(100 + i), ...common]);
      const d = result.variants.find((v) => v.name === name)!.delta!.total;
      deltas.push(d.pct);
      if (d.verdict === 'slower') detected++;
    }
    console.log(`planted +${p}% at ${shape.length ? shape.join(' ') : 'the default runs'}: detected ${rateText(detected, n)}; Δ total median ${deltas.sort((a, b) => a - b)[Math.floor(n / 2)]!.toFixed(2)}%`);
    planted[name] = { pct: p, sweeps: n, detected, deltas };
  }
  report['planted'] = planted;

  // 2b. A planted slowdown with --until-resolved within the time budget.
  if (untilPct > 0 && Number(values['until-sweeps']) > 0) {
    const name = `planted-${String(untilPct).replace('.', 'p')}pct-until`;
    plantSlowdown(copy, name, values.baseline!, (untilPct / 100) * baseMedianS * 1000);
    const n = Number(values['until-sweeps']);
    let detected = 0;
    const runs: number[] = [];
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      const { result, wallS } = await sweepIn(copy, [name, '--baseline', values.baseline!, '--seed', String(200 + i), '--until-resolved', '--max-time', values['max-time']!, ...common]);
      const v = result.variants.find((x) => x.name === name)!;
      if (v.delta!.total.verdict === 'slower') detected++;
      runs.push(v.sequential?.runs ?? v.n);
      times.push(wallS);
      console.log(`  until-resolved +${untilPct}%: ${v.delta!.total.verdict}, Δ ${v.delta!.total.pct.toFixed(2)}% [${v.delta!.total.ciLow.toFixed(2)}, ${v.delta!.total.ciHigh.toFixed(2)}] after ${runs.at(-1)} runs, ${wallS.toFixed(0)} s`);
    }
    console.log(`planted +${untilPct}% with --until-resolved --max-time ${values['max-time']}: detected ${rateText(detected, n)}; runs ${runs.join(', ')}; wall ${times.map((t) => t.toFixed(0)).join(', ')} s`);
    report['untilResolved'] = { pct: untilPct, sweeps: n, detected, runs, wallS: times, maxTime: values['max-time'] };
  }
}

// 3. Runs to resolve a real change.
if (values.resolve) {
  const [variant, baseline] = values.resolve.split(':');
  const { result, wallS } = await sweepIn(copy, [variant!, '--baseline', baseline!, '--until-resolved', '--max-runs', values['resolve-max-runs']!, ...common]);
  const v = result.variants.find((x) => x.name !== result.baseline)!;
  const d = v.delta!;
  console.log(
    `resolve ${variant} vs ${baseline}: ${d.total.verdict} (total ${d.total.pct.toFixed(2)}% [${d.total.ciLow.toFixed(2)}, ${d.total.ciHigh.toFixed(2)}]; ` +
      `generation ${d.generation.pct.toFixed(2)}% ${d.generation.verdict}) after ${v.sequential?.runs ?? v.n} runs, look ${v.sequential?.look}/${v.sequential?.looks}, ${wallS.toFixed(0)} s`,
  );
  report['resolve'] = { variant, baseline, runs: v.sequential?.runs ?? v.n, wallS, delta: d, sweep: result.sweep.id };
}

if (values.out) fs.writeFileSync(values.out, `${JSON.stringify(report, null, 2)}\n`);
// The sweeps themselves, for lab report and lab show.
if (values['db-out']) fs.copyFileSync(db, values['db-out']);
fs.rmSync(copy, { recursive: true, force: true });
