/**
 * ReportInput fixtures built from known samples. Summaries are computed here by
 * hand (plain arithmetic, not src/stats.ts); the delta CIs, p-values, verdicts
 * and runs-to-resolve are fixed, plausible numbers chosen for the tests.
 *
 * Expected values (baseline = the seed study's):
 *   baseline              prefill 0.277 ± 0.006, generation 0.596 ± 0.003, total 0.873 ± 0.007
 *   batched-attention     total -0.045 s (-5.16%), generation -8.56%, prefill +2.17%  -> faster (strongest)
 *   no-outer-map          total -0.34%                                                 -> no significant change (~38 runs)
 *   fused-qkv             total +0.92%                                                 -> slower
 *   batched-no-outer-map  total -4.58%, generation noisy                               -> faster, combination of the first two
 */
import type { DeltaSummary, Metric, MetricSummary, SweepResult, VariantResult, Verdict } from '../../src/sweep/result.ts';
import type { HistoryEntry, ReportInput } from '../../src/report/report-input.ts';

type Samples = { prefill: number[]; generation: number[]; total: number[] };

export function summarize(xs: number[], noisy?: string): MetricSummary {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const std = n > 1 ? Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1)) : 0;
  const sorted = [...xs].sort((a, b) => a - b);
  const median = n % 2 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
  const s: MetricSummary = { mean, std, median, min: sorted[0]!, max: sorted[n - 1]!, cv: std / mean, n };
  if (noisy) s.noisy = noisy;
  return s;
}

function samples(prefill: number[], generation: number[]): Samples {
  return { prefill, generation, total: prefill.map((p, i) => Number((p + generation[i]!).toFixed(6))) };
}

export const SAMPLES: Record<string, Samples> = {
  // mean 0.277 / 0.596; std 0.0060 / 0.0032; total 0.873 ± 0.0065
  'prefill-scan': samples([0.269, 0.274, 0.277, 0.28, 0.285], [0.596, 0.6, 0.594, 0.592, 0.598]),
  // prefill 0.283 ± 0.017, generation 0.54498 ± 0.016
  'batched-attention': samples([0.261, 0.274, 0.283, 0.292, 0.305], [0.54498, 0.52498, 0.56498, 0.53598, 0.55398]),
  // prefill 0.277, generation 0.593 -> total 0.870
  'no-outer-map': samples([0.272, 0.275, 0.277, 0.279, 0.282], [0.59, 0.592, 0.593, 0.594, 0.596]),
  // prefill 0.276, generation 0.605 -> total 0.881
  'fused-qkv': samples([0.27, 0.273, 0.276, 0.279, 0.282], [0.59, 0.598, 0.605, 0.612, 0.62]),
  // prefill 0.278, generation 0.555 -> total 0.833
  'batched-no-outer-map': samples([0.265, 0.271, 0.278, 0.285, 0.291], [0.53, 0.545, 0.555, 0.565, 0.58]),
};

interface Stats {
  ci: [number, number];
  p: number;
  verdict: Verdict;
  runsToResolve: number | null;
}

const BASE_SLOTS = { attention: 'loop', groupAttention: 'outer-map', qkv: 'separate', kvCache: 'concat' };

function delta(base: MetricSummary, cand: MetricSummary, s: Stats): DeltaSummary {
  const abs = cand.mean - base.mean;
  return { abs, pct: (abs / base.mean) * 100, ciLow: s.ci[0], ciHigh: s.ci[1], p: s.p, verdict: s.verdict, runsToResolve: s.runsToResolve };
}

function variant(
  name: string,
  slots: Record<string, string>,
  base: VariantResult | undefined,
  stats?: Record<Metric, Stats>,
  noisy: Partial<Record<Metric, string>> = {},
): VariantResult {
  const s = SAMPLES[name]!;
  const v: VariantResult = {
    name,
    slots: { ...BASE_SLOTS, ...slots },
    commit: `${name.length.toString(16).padStart(2, '0')}c0ffee0123456789abcdef0123456789abcdef`.slice(0, 40),
    n: s.total.length,
    prefill: summarize(s.prefill, noisy.prefill),
    generation: summarize(s.generation, noisy.generation),
    total: summarize(s.total, noisy.total),
  };
  if (base && stats) {
    v.delta = {
      prefill: delta(base.prefill, v.prefill, stats.prefill),
      generation: delta(base.generation, v.generation, stats.generation),
      total: delta(base.total, v.total, stats.total),
    };
    v.verdict = stats.total.verdict;
  }
  return v;
}

const same = (ci: [number, number], p: number, runs: number | null): Stats => ({ ci, p, verdict: 'no significant change', runsToResolve: runs });
const faster = (ci: [number, number], p: number): Stats => ({ ci, p, verdict: 'faster', runsToResolve: null });
const slower = (ci: [number, number], p: number): Stats => ({ ci, p, verdict: 'slower', runsToResolve: null });

export function sweepResult(): SweepResult {
  const base = variant('prefill-scan', {}, undefined);
  const variants: VariantResult[] = [
    base,
    variant('batched-attention', { attention: 'batched' }, base, {
      prefill: same([-4.2, 8.5], 0.48, 60),
      generation: faster([-11.9, -5.2], 0.0009),
      total: faster([-6.1, -4.22], 0.0012),
    }),
    variant('no-outer-map', { groupAttention: 'direct' }, base, {
      prefill: same([-1.9, 1.9], 1, null),
      generation: same([-1.4, 0.9], 0.4, 30),
      total: same([-1.1, 0.42], 0.31, 38),
    }),
    variant('fused-qkv', { qkv: 'fused' }, base, {
      prefill: same([-2.4, 1.7], 0.7, 210),
      generation: slower([0.1, 2.9], 0.04),
      total: slower([0.2, 1.64], 0.021),
    }),
    variant(
      'batched-no-outer-map',
      { attention: 'batched', groupAttention: 'direct' },
      base,
      {
        prefill: same([-2.9, 3.6], 0.8, 400),
        generation: faster([-9.9, -3.4], 0.002),
        total: faster([-6.9, -2.26], 0.004),
      },
      { generation: 'cv 3.4% above 2% (2 outliers)' },
    ),
  ];
  return {
    sweep: {
      id: 'sw-20250301-ab12',
      createdAt: '2025-03-01T12:00:00.000Z',
      status: 'completed',
      environment: {
        labVersion: '0.1.0',
        gitSha: '0123456789abcdef0123456789abcdef01234567',
        gitDirty: false,
        backend: 'cpu',
        device: 'Intel(R) Xeon(R) CPU @ 2.20GHz',
        tfjsVersion: '4.22.0',
        nodeVersion: 'v20.19.0',
        cpuModel: 'Intel(R) Xeon(R) CPU @ 2.20GHz',
        cpuCores: 16,
        totalMemoryBytes: 64 * 1024 ** 3,
        os: 'linux 6.1.0 x64',
        commandLine: 'lab sweep --runs 5 --baseline prefill-scan --variants all',
      },
      settings: {
        model: 'small',
        modelConfig: { hidden: 512, layers: 6, heads: 8 },
        backend: 'cpu',
        promptLen: 64,
        genLen: 32,
        runs: 5,
        warmup: 1,
        seed: 42,
        inProcess: false,
        variants: variants.map((v) => v.name),
        baseline: 'prefill-scan',
        experiment: 'attention-rerun',
        noiseThresholdPct: 0.5,
        git: true,
      },
    },
    baseline: 'prefill-scan',
    variants,
    notes: [],
  };
}

export function history(): HistoryEntry[] {
  return [
    { sweepId: 'sw-20250215-0001', createdAt: '2025-02-15T09:00:00.000Z', baseline: 'host-loop', variant: 'prefill-scan', totalMean: 1.12, totalStd: 0.02 },
    { sweepId: 'sw-20250215-0001', createdAt: '2025-02-15T09:00:00.000Z', baseline: 'host-loop', variant: 'batched-attention', totalMean: 1.01, totalStd: 0.03 },
    { sweepId: 'sw-20250222-0002', createdAt: '2025-02-22T09:00:00.000Z', baseline: 'prefill-scan', variant: 'prefill-scan', totalMean: 0.88, totalStd: 0.01 },
    { sweepId: 'sw-20250222-0002', createdAt: '2025-02-22T09:00:00.000Z', baseline: 'prefill-scan', variant: 'batched-attention', totalMean: 0.835, totalStd: 0.02 },
    { sweepId: 'sw-20250222-0002', createdAt: '2025-02-22T09:00:00.000Z', baseline: 'prefill-scan', variant: 'fused-qkv', totalMean: 0.884, totalStd: 0.012 },
  ];
}

export function reportInput(overrides: Partial<ReportInput> = {}): ReportInput {
  return { result: sweepResult(), samples: structuredClone(SAMPLES), history: history(), ...overrides };
}

/** Only the baseline was measured. */
export function baselineOnlyInput(): ReportInput {
  const result = sweepResult();
  result.variants = result.variants.filter((v) => v.name === result.baseline);
  result.sweep.settings.variants = [result.baseline];
  return { result, samples: { [result.baseline]: SAMPLES[result.baseline]! }, history: [] };
}

/** The baseline recorded no samples (interrupted sweep): no deltas anywhere. */
export function noBaselineSamplesInput(): ReportInput {
  const result = sweepResult();
  result.sweep.status = 'interrupted';
  result.variants = result.variants
    .filter((v) => v.name !== result.baseline)
    .map((v) => {
      const { delta: _d, verdict: _v, ...rest } = v;
      return rest;
    });
  result.notes = ['the sweep was interrupted before baseline prefill-scan ran: no deltas'];
  const samples = structuredClone(SAMPLES);
  delete samples[result.baseline];
  return { result, samples, history: [] };
}
