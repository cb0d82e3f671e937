/**
 * `lab compare A B`: the same variants across two sweeps (e.g. before and after
 * `lab baseline promote`), with the statistics of a sweep's deltas
 * (src/stats/compare-shift.ts, unpaired: the two sweeps' runs were not
 * measured in pairs): sweep A's samples are the reference, B's the candidate,
 * so Δ% is how much B differs from A (its Hodges-Lehmann shift of log time by
 * default, its mean with --stat mean).
 */
import Table from 'cli-table3';
import type { ResultsDb, StoredSweep } from '../db/results-db.ts';
import { LabError } from '../errors.ts';
import { compareShift, mean, sampleStd } from '../stats.ts';
import type { Stat } from '../sweep/result.ts';
import type { DeltaSummary, Metric, SweepStatus } from '../sweep/result.ts';
import { buildSweepResult, samplesByVariant } from '../sweep/summarize.ts';
import { fixed, isNum, pText, signed } from './common.ts';
import { compareOverDevices, spansDevices } from './compare-devices.ts';
import { sweepBaseline, sweepBaselineText, type SweepBaseline } from './history.ts';

export interface ComparedSweep {
  id: string;
  createdAt: string;
  status: SweepStatus;
  baseline: SweepBaseline;
}

export interface SideSummary {
  n: number;
  /** Seconds; null without samples (std: with fewer than 2). */
  mean: number | null;
  std: number | null;
}

export interface ComparedVariant {
  variant: string;
  a: SideSummary;
  b: SideSummary;
  /** B against A; null when either side has fewer than 2 samples. */
  delta: DeltaSummary | null;
  /** Slots the variant filled differently in the two sweeps (e.g. `baseline` across a promotion): slot -> {a, b}. */
  slotsChanged: Record<string, { a: string; b: string }>;
}

export interface SweepComparison {
  metric: Metric;
  /** The reference sweep's noise threshold, which the verdicts use. */
  noiseThresholdPct: number;
  a: ComparedSweep;
  b: ComparedSweep;
  /** Variants both sweeps have, in sweep A's order. */
  variants: ComparedVariant[];
  onlyInA: string[];
  onlyInB: string[];
  /** Differences in settings or machine that make the comparison less direct. */
  warnings: string[];
}

function side(xs: number[]): SideSummary {
  const n = xs.length;
  if (n === 0) return { n, mean: null, std: null };
  return { n, mean: mean(xs), std: n > 1 ? sampleStd(xs) : null };
}

function describe(stored: StoredSweep): ComparedSweep {
  return { id: stored.id, createdAt: stored.createdAt, status: stored.status, baseline: sweepBaseline(buildSweepResult(stored)) };
}

function settingWarnings(a: StoredSweep, b: StoredSweep): string[] {
  const pairs: [string, unknown, unknown][] = [
    ['model', a.settings.model, b.settings.model],
    ['backend', a.environment.backend || a.settings.backend, b.environment.backend || b.settings.backend],
    ['device', a.environment.device, b.environment.device],
    ['prompt length', a.settings.promptLen, b.settings.promptLen],
    ['generation length', a.settings.genLen, b.settings.genLen],
    ['seed', a.settings.seed, b.settings.seed],
  ];
  return pairs
    .filter(([, x, y]) => x !== y)
    .map(([what, x, y]) => `the sweeps differ in ${what} (${String(x)} vs ${String(y)}): part of any Δ may come from that`);
}

/**
 * Compares every variant the two sweeps share. LabError for an unknown sweep
 * id, the same sweep twice, and sweeps that share no variant.
 */
export function compareSweeps(db: ResultsDb, idA: string, idB: string, metric: Metric, stat: Stat = 'robust'): SweepComparison {
  if (idA === idB) throw new LabError(`both sweeps are ${idA}`, 'name two different sweeps, e.g. one before and one after lab baseline promote');
  const a = db.getSweep(idA);
  const b = db.getSweep(idB);
  const namesA = a.variants.map((v) => v.name);
  const namesB = b.variants.map((v) => v.name);
  const shared = namesA.filter((n) => namesB.includes(n));
  if (shared.length === 0) {
    throw new LabError(
      `sweeps ${idA} and ${idB} share no variant (${idA}: ${namesA.join(', ') || 'none'}; ${idB}: ${namesB.join(', ') || 'none'})`,
      'compare sweeps that measured the same variants',
    );
  }
  const samplesA = samplesByVariant(a);
  const samplesB = samplesByVariant(b);
  const noiseThresholdPct = isNum(a.settings.noiseThresholdPct) ? a.settings.noiseThresholdPct : 1;
  const overDevices = spansDevices(a, b);
  const deviceWarnings: string[] = [];
  const variants = shared.map((name): ComparedVariant => {
    const xa = samplesA[name]![metric];
    const xb = samplesB[name]![metric];
    const slotsA = a.variants.find((v) => v.name === name)!.slots;
    const slotsB = b.variants.find((v) => v.name === name)!.slots;
    const slotsChanged: Record<string, { a: string; b: string }> = {};
    for (const slot of new Set([...Object.keys(slotsA), ...Object.keys(slotsB)])) {
      if (slotsA[slot] !== slotsB[slot]) slotsChanged[slot] = { a: slotsA[slot] ?? 'none', b: slotsB[slot] ?? 'none' };
    }
    // Two sweeps' runs were not paired with each other: the unpaired comparison of the chosen statistic.
    if (overDevices) {
      // Samples of different devices are never compared: per shared device, pooled.
      const across = compareOverDevices(a, b, name, metric, stat, noiseThresholdPct);
      deviceWarnings.push(across.devices.length > 0 ? `${name}: compared on ${across.devices.join(', ')} (the devices both sweeps measured it on), pooled by random effects` : `${name}: no device measured it twice in both sweeps: no Δ`);
      return { variant: name, a: side(xa), b: side(xb), delta: across.delta, slotsChanged };
    }
    const delta = xa.length >= 2 && xb.length >= 2 ? compareShift({ baseline: xa, candidate: xb, pairs: null, processes: null }, { stat, noiseThresholdPct }) : null;
    return { variant: name, a: side(xa), b: side(xb), delta, slotsChanged };
  });
  return {
    metric,
    noiseThresholdPct,
    a: describe(a),
    b: describe(b),
    variants,
    onlyInA: namesA.filter((n) => !namesB.includes(n)),
    onlyInB: namesB.filter((n) => !namesA.includes(n)),
    warnings: [...settingWarnings(a, b), ...deviceWarnings],
  };
}

function meanStd(s: SideSummary): string {
  return s.mean === null ? '—' : `${fixed(s.mean)} ± ${fixed(s.std)}`;
}

function sweepLine(label: string, s: ComparedSweep): string {
  const status = s.status === 'completed' ? '' : `, ${s.status}`;
  return `${label} = sweep ${s.id} (${s.createdAt}${status}), baseline: ${sweepBaselineText(s.baseline)}`;
}

/** The comparison as a plain-text table with the sweeps named above and notes below. */
export function renderComparison(c: SweepComparison): string {
  const m = c.metric;
  const head = ['Variant', `A ${m} (s)`, `B ${m} (s)`, `Δ ${m} %`, '95% CI Δ %', 'p', 'Verdict'];
  const table = new Table({
    head,
    style: { head: [], border: [] },
    colAligns: head.map((_, i) => (i === 0 || i === head.length - 1 ? 'left' : 'right')),
  });
  for (const v of c.variants) {
    const d = v.delta;
    const verdict = d ? d.verdict : v.a.n === 0 || v.b.n === 0 ? 'no samples' : 'too few samples';
    table.push([
      Object.keys(v.slotsChanged).length ? `${v.variant} †` : v.variant,
      meanStd(v.a),
      meanStd(v.b),
      signed(d?.pct, 2),
      d && isNum(d.ciLow) && isNum(d.ciHigh) ? `[${signed(d.ciLow, 2)}, ${signed(d.ciHigh, 2)}]` : '—',
      pText(d?.p),
      verdict,
    ]);
  }
  const lines = [sweepLine('A', c.a), sweepLine('B', c.b), `Δ: B against A (A is the reference); noise threshold ${c.noiseThresholdPct}%`, table.toString()];
  for (const v of c.variants) {
    const changes = Object.entries(v.slotsChanged).map(([slot, x]) => `${slot} ${x.a} → ${x.b}`);
    if (changes.length) lines.push(`† ${v.variant} ran with other slot choices in B: ${changes.join(', ')}`);
  }
  for (const v of c.variants) {
    if (!v.delta) lines.push(`! ${v.variant}: no Δ (needs at least 2 samples in each sweep; A has ${v.a.n}, B has ${v.b.n})`);
  }
  if (c.onlyInA.length) lines.push(`only in A (${c.a.id}): ${c.onlyInA.join(', ')}`);
  if (c.onlyInB.length) lines.push(`only in B (${c.b.id}): ${c.onlyInB.join(', ')}`);
  for (const w of c.warnings) lines.push(`note: ${w}`);
  return `${lines.join('\n')}\n`;
}
