/**
 * Random-effects meta-analysis: pooling k independent estimates of one effect
 * (in the lab: one variant's log time ratio against the baseline, measured on
 * each of k devices) whose true values may differ from study to study.
 * Pure functions.
 *
 * ## The model and why
 *
 * Study i reports yᵢ with sampling variance vᵢ; yᵢ = μ + uᵢ + εᵢ with
 * uᵢ ~ N(0, τ²) the study's own departure (a device on which a kernel helps
 * more) and εᵢ ~ N(0, vᵢ). A fixed-effect pool (τ² = 0) would claim that
 * every device shows the same Δ and give a CI that is far too narrow as soon
 * as they do not; the random-effects pool estimates μ, the mean effect over
 * devices, with τ² in its uncertainty.
 *
 * - τ²: DerSimonian & Laird's (1986) moment estimator, max(0, (Q − (k − 1)) /
 *   (Σw − Σw²/Σw)) with w = 1/v: closed form, no iteration, the estimator
 *   most software reports (metafor method="DL").
 * - μ̂ = Σw*y / Σw* with w* = 1/(v + τ²).
 * - The CI. The classic Wald interval μ̂ ± z·(Σw*)^-½ ignores that τ² is
 *   itself estimated, from k − 1 degrees of freedom; with few studies its
 *   coverage falls far below nominal (IntHout, Ioannidis & Borm 2014, BMC Med
 *   Res Methodol 14:25). Hartung–Knapp–Sidik–Jonkman (HKSJ) scales the
 *   variance by q = Σw*(y − μ̂)²/(k − 1) and uses Student's t with k − 1
 *   df, which keeps coverage near nominal for small k. A sweep's devices are
 *   always few (2 to 8), so HKSJ is the default ('auto' picks it for every
 *   k ≥ 2; 'wald' gives the classic interval).
 * - The floor q ≥ 1 (Knapp & Hartung's ad hoc modification; Röver, Knapp &
 *   Friede 2015, BMC Med Res Methodol 15:99): unmodified HKSJ can be
 *   *narrower* than the Wald interval when the studies agree more closely
 *   than their variances say (with identical studies q = 0 and the interval
 *   has zero width). The floor is on by default; `hksjFloor: false` gives the
 *   unmodified interval (what metafor's test="knha" prints).
 * - Heterogeneity: Cochran's Q on k − 1 df with its chi-square p; I² =
 *   max(0, (Q − df)/Q), the share of the spread between studies that is not
 *   sampling noise (Higgins & Thompson 2002); H² = max(1, Q/df) (for DL this
 *   is metafor's (τ² + s²)/s²).
 *
 * k = 1 pools nothing: the study's own estimate with its Wald interval,
 * τ² = 0, Q = 0 on 0 df (p = 1, I² = 0, H² = 1), method 'single'.
 */
import { chiSquareUpperTail, normalCdf, normalQuantile, studentTQuantile, studentTTwoSidedP } from './distributions.ts';

/** One study's estimate (e.g. a log ratio) and the variance of its sampling error. */
export interface Study {
  estimate: number;
  variance: number;
}

/** How the pooled CI and p were computed: HKSJ (t on k − 1 df), Wald (normal), or a single study's own. */
export type PoolingCi = 'hksj' | 'wald' | 'single';

export interface RandomEffectsOptions {
  /** The CI is (1 − alpha); default 0.05. */
  alpha?: number;
  /** 'auto' (default): HKSJ for k ≥ 2; 'hksj' or 'wald' to choose. */
  ci?: 'auto' | 'hksj' | 'wald';
  /** HKSJ's variance scale at least 1 (default true; see the module comment). */
  hksjFloor?: boolean;
}

export interface RandomEffectsResult {
  k: number;
  /** The pooled estimate μ̂ and its standard error (HKSJ's scaled one under 'hksj'). */
  estimate: number;
  se: number;
  ciLow: number;
  ciHigh: number;
  /** Two-sided p of μ = 0 (t on `df` under HKSJ, normal otherwise). */
  p: number;
  /** Degrees of freedom of the CI's t (k − 1 under HKSJ); Infinity for a normal interval. */
  df: number;
  ci: PoolingCi;
  /** DerSimonian–Laird between-study variance, and its root. */
  tau2: number;
  tau: number;
  /** Cochran's Q, its degrees of freedom k − 1 and chi-square p. */
  q: number;
  qDf: number;
  qP: number;
  /** I² in percent, and H² (≥ 1). */
  i2: number;
  h2: number;
  /** The random-effects weights, normalized to sum to 1, in input order. */
  weights: number[];
  /** The fixed-effect (inverse-variance) estimate and SE, for reference. */
  fixedEstimate: number;
  fixedSe: number;
}

/** Studies from estimates and their standard errors. */
export function studiesFromSe(estimates: readonly number[], ses: readonly number[]): Study[] {
  if (estimates.length !== ses.length) throw new Error(`studiesFromSe: ${estimates.length} estimates but ${ses.length} standard errors`);
  return estimates.map((estimate, i) => ({ estimate, variance: ses[i]! ** 2 }));
}

function requireStudies(studies: readonly Study[]): void {
  if (studies.length === 0) throw new Error('randomEffects: no studies');
  for (const s of studies) {
    if (!Number.isFinite(s.estimate)) throw new Error(`randomEffects: estimates must be finite, got ${s.estimate}`);
    // A zero variance would take all the weight; the caller decides what a noiseless study means.
    if (!(s.variance > 0 && Number.isFinite(s.variance))) throw new Error(`randomEffects: variances must be finite and > 0, got ${s.variance}`);
  }
}

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

/** Cochran's Q about the fixed-effect estimate, and the DerSimonian–Laird τ² (truncated at 0). */
export function derSimonianLaird(studies: readonly Study[]): { tau2: number; q: number; fixedEstimate: number; fixedSe: number } {
  requireStudies(studies);
  const w = studies.map((s) => 1 / s.variance);
  const sw = sum(w);
  const fixedEstimate = sum(studies.map((s, i) => w[i]! * s.estimate)) / sw;
  const q = sum(studies.map((s, i) => w[i]! * (s.estimate - fixedEstimate) ** 2));
  const c = sw - sum(w.map((x) => x * x)) / sw;
  const df = studies.length - 1;
  // c = 0 only for k = 1; there is no between-study spread to estimate.
  const tau2 = df === 0 || !(c > 0) ? 0 : Math.max(0, (q - df) / c);
  return { tau2, q, fixedEstimate, fixedSe: Math.sqrt(1 / sw) };
}

/** The DerSimonian–Laird random-effects pool of `studies`, with the CI chosen by `options.ci` (HKSJ by default). */
export function randomEffects(studies: readonly Study[], options: RandomEffectsOptions = {}): RandomEffectsResult {
  const alpha = options.alpha ?? 0.05;
  if (!(alpha > 0 && alpha < 1)) throw new Error(`randomEffects: alpha must be in (0, 1), got ${alpha}`);
  const { tau2, q, fixedEstimate, fixedSe } = derSimonianLaird(studies);
  const k = studies.length;
  const qDf = k - 1;
  const w = studies.map((s) => 1 / (s.variance + tau2));
  const sw = sum(w);
  const estimate = sum(studies.map((s, i) => w[i]! * s.estimate)) / sw;
  const waldSe = Math.sqrt(1 / sw);
  const heterogeneity = {
    tau2,
    tau: Math.sqrt(tau2),
    q,
    qDf,
    qP: qDf === 0 ? 1 : chiSquareUpperTail(q, qDf),
    i2: qDf === 0 || q <= qDf ? 0 : ((q - qDf) / q) * 100,
    h2: qDf === 0 ? 1 : Math.max(1, q / qDf),
    weights: w.map((x) => x / sw),
    fixedEstimate,
    fixedSe,
  };
  const ci: PoolingCi = k === 1 ? 'single' : options.ci === 'wald' ? 'wald' : 'hksj';
  if (ci !== 'hksj') {
    const z = normalQuantile(1 - alpha / 2);
    const p = Math.min(1, 2 * normalCdf(-Math.abs(estimate / waldSe)));
    return { k, estimate, se: waldSe, ciLow: estimate - z * waldSe, ciHigh: estimate + z * waldSe, p, df: Infinity, ci, ...heterogeneity };
  }
  const scale = sum(studies.map((s, i) => w[i]! * (s.estimate - estimate) ** 2)) / qDf;
  const se = Math.sqrt(((options.hksjFloor ?? true) ? Math.max(1, scale) : scale) / sw);
  const t = studentTQuantile(1 - alpha / 2, qDf);
  // se = 0 (unfloored, identical studies): the estimate is certain under the model, p is 0 unless it is 0.
  const p = se > 0 ? studentTTwoSidedP(estimate / se, qDf) : estimate === 0 ? 1 : 0;
  return { k, estimate, se, ciLow: estimate - t * se, ciHigh: estimate + t * se, p, df: qDf, ci, ...heterogeneity };
}
