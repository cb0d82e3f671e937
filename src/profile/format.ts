import { newTable } from '../cli/table.ts';
import { LabError } from '../errors.ts';
import { MODEL_PHASES } from '../model/parts.ts';
import { PROFILE_FORMATS, type PhaseProfile, type ProfileFormat, type ProfileResult, type RecordedStepProfile } from './types.ts';

export function parseProfileFormat(text: string): ProfileFormat {
  if (!(PROFILE_FORMATS as readonly string[]).includes(text)) {
    throw new LabError(`unknown --format "${text}"`, `use one of: ${PROFILE_FORMATS.join(', ')}`);
  }
  return text as ProfileFormat;
}

const ms = (v: number): string => v.toFixed(v >= 100 ? 1 : v >= 1 ? 2 : 3);
const pct = (v: number): string => `${v.toFixed(1)}%`;

function header(r: ProfileResult): string[] {
  return [
    `profile of ${r.variant} on ${r.backend} (${r.device})`,
    `model ${r.modelDescription}, prompt ${r.promptLen} + ${r.genLen} generated, after ${r.warmup} warm-up run${r.warmup === 1 ? '' : 's'}`,
    `slots: ${Object.entries(r.slots).map(([slot, impl]) => `${slot}=${impl}`).join(', ')}`,
  ];
}

/** The phase's wall time, kernel time and the gap between them: one line, and one more on the gap without the profiler. */
export function phaseSummary(name: string, p: PhaseProfile): string[] {
  if (p.kernelMs === null) {
    return [`${name}: wall ${ms(p.wallMs)} ms (without the profiler ${ms(p.unprofiledWallMs)} ms), ${p.kernelCalls} kernel calls, no kernel timing`];
  }
  return [
    `${name}: wall ${ms(p.wallMs)} ms, kernels ${ms(p.kernelMs)} ms in ${p.kernelCalls} calls, gap (dispatch / host) ${ms(p.gapMs!)} ms = ${pct(p.gapPct!)} of wall`,
    p.unprofiledGapMs! >= 0
      ? `  without the profiler: wall ${ms(p.unprofiledWallMs)} ms, gap ~${ms(p.unprofiledGapMs!)} ms = ${pct(p.unprofiledGapPct!)} (the rest of the gap above is the profiler's own bookkeeping)`
      : `  without the profiler: wall ${ms(p.unprofiledWallMs)} ms, under the profiled kernel time: the runs are too noisy to estimate the gap without the profiler`,
  ];
}

/** `recorded generation step at position 95: 129 launches, 3.83 ms of GPU time (timestamps, each launch in its own pass)`. */
export function recordedTitle(r: RecordedStepProfile): string {
  const what = r.step === 'prefill' ? `recorded prefill step (${r.tokens} tokens at once)` : `recorded generation step at position ${r.position}`;
  const inStep = r.inStepMs === null ? '' : `; ${ms(r.inStepMs)} ms as it runs, one pass (in step: what one more launch of a kind adds there)`;
  return `${what}: ${r.launchCount} launches, ${ms(r.totalMs)} ms of GPU time (timestamps, each launch in its own pass)${inStep}`;
}

function recordedRows(r: RecordedStepProfile): string[][] {
  const inStep = r.inStepMs !== null;
  return r.launches.map((l) => [
    l.launch, String(l.count), ms(l.ms), pct(l.pct), l.gbPerS === null ? '' : l.gbPerS >= 10 ? l.gbPerS.toFixed(0) : l.gbPerS.toPrecision(2),
    ...(inStep ? [l.inStepUs === null ? '' : l.inStepUs.toFixed(2), l.inStepUs === null ? '' : ms((l.inStepUs * l.count) / 1000)] : []),
  ]);
}

function recordedHead(r: RecordedStepProfile): string[] {
  return ['launch', 'count', 'ms', 'share', 'weights GB/s', ...(r.inStepMs !== null ? ['in step µs each', 'in step ms'] : [])];
}

function rows(p: PhaseProfile): { parts: string[][]; kernels: string[][] } {
  return {
    parts: p.parts.map((r) => [r.part, String(r.calls), ms(r.ms), pct(r.pct)]),
    kernels: p.kernels.map((r) => [r.kernel, String(r.calls), ms(r.ms), pct(r.pct)]),
  };
}

function renderTable(r: ProfileResult, color: boolean): string {
  const out = [...header(r)];
  if (r.note) out.push(`note: ${r.note}`);
  for (const phase of MODEL_PHASES) {
    const p = r.phases[phase];
    out.push('', ...phaseSummary(phase, p));
    if (p.kernelMs === null) continue;
    const right = (cells: string[]) => cells.map((c, i) => (i === 0 ? c : { content: c, hAlign: 'right' as const }));
    const total = ['total', String(p.kernelCalls), ms(p.kernelMs), pct(100)];
    const { parts, kernels } = rows(p);
    const partTable = newTable(['part', 'calls', 'ms', 'share'], color);
    partTable.push(...parts.map(right), right(total));
    const kernelTable = newTable(['kernel', 'calls', 'ms', 'share'], color);
    kernelTable.push(...kernels.map(right), right(total));
    out.push(partTable.toString(), kernelTable.toString());
  }
  for (const step of r.recorded ?? []) {
    const table = newTable(recordedHead(step), color);
    table.push(...recordedRows(step).map((cells) => cells.map((c, i) => (i === 0 ? c : { content: c, hAlign: 'right' as const }))));
    out.push('', recordedTitle(step), table.toString());
  }
  if (r.recordedNote) out.push('', `note: ${r.recordedNote}`);
  return out.join('\n');
}

function mdTable(head: string[], body: string[][]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  return [`| ${head.join(' | ')} |`, `| --- | ${head.slice(1).map(() => '---:').join(' | ')} |`, ...body.map((r) => `| ${r.map(esc).join(' | ')} |`)].join('\n');
}

function renderMarkdown(r: ProfileResult): string {
  const [title, ...rest] = header(r);
  const out = [`# ${title}`, '', ...rest.map((l) => `- ${l}`)];
  if (r.note) out.push(`- note: ${r.note}`);
  for (const phase of MODEL_PHASES) {
    const p = r.phases[phase];
    out.push('', `## ${phase}`, '', ...phaseSummary(phase, p).map((l) => `- ${l.trim()}`));
    if (p.kernelMs === null) continue;
    const total = ['**total**', String(p.kernelCalls), ms(p.kernelMs), pct(100)];
    const { parts, kernels } = rows(p);
    out.push('', '### by model part', '', mdTable(['part', 'calls', 'ms', 'share'], [...parts, total]));
    out.push('', '### by kernel', '', mdTable(['kernel', 'calls', 'ms', 'share'], [...kernels, total]));
  }
  for (const step of r.recorded ?? []) out.push('', `## ${recordedTitle(step)}`, '', mdTable(recordedHead(step), recordedRows(step)));
  if (r.recordedNote) out.push('', `- note: ${r.recordedNote}`);
  return out.join('\n');
}

/** The profile as `format`; json is the documented schema (types.ts), on one line. */
export function renderProfile(r: ProfileResult, format: ProfileFormat, options: { color?: boolean } = {}): string {
  switch (format) {
    case 'json':
      return JSON.stringify(r);
    case 'md':
      return renderMarkdown(r);
    case 'table':
      return renderTable(r, options.color ?? false);
  }
}
