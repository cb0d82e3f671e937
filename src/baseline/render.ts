/**
 * The text `lab baseline promote | show | reset` print: a BaselineReport and a
 * BaselineChange (promote.ts builds them) as lines for the terminal.
 */
import { SEED_BASELINE_SLOTS, slotsChangedFromSeed, slotsText } from './origin.ts';
import { fileLabel, type BaselineChange, type BaselineReport } from './promote.ts';

function seedSlotText(changed: Record<string, string>): string {
  const seed: Record<string, string> = SEED_BASELINE_SLOTS;
  return Object.entries(changed).map(([slot, impl]) => `${slot}=${impl} (seed: ${seed[slot] ?? 'none'})`).join(', ');
}

/** The text `lab baseline show` prints. */
export function renderBaselineReport(report: BaselineReport, root: string): string {
  const lines: string[] = [];
  const label = fileLabel(root, report.file);
  if (report.promoted === null) {
    lines.push(`baseline: the seed's (${label} promotes nothing)`);
  } else {
    const when = report.promotedAt ? `promoted ${report.promotedAt}` : 'promotion time not recorded';
    const from = report.sourceSweepId ? `from sweep ${report.sourceSweepId}` : report.history ? 'no source sweep recorded' : `source sweep unknown: no database at ${report.dbPath}`;
    lines.push(`baseline: ${report.promoted} (${when}, ${from}; ${label})`);
  }
  lines.push(`slots:    ${slotsText(report.slots)}`);
  if (Object.keys(report.changed).length) lines.push(`changed:  ${seedSlotText(report.changed)}`);
  if (report.problem) lines.push(`problem:  ${report.problem}`);
  lines.push('');
  if (report.history === null) {
    lines.push(`history: no results database at ${report.dbPath}`);
  } else if (report.history.length === 0) {
    lines.push(`history (${report.dbPath}): no promotions yet`);
  } else {
    lines.push(`history (${report.dbPath}, oldest first):`);
    for (const e of report.history) {
      if (e.reset) {
        lines.push(`  ${e.promotedAt}  reset to the seed's baseline`);
      } else {
        const changed = slotsText(slotsChangedFromSeed(e.slots)) || 'the seed\'s slots';
        lines.push(`  ${e.promotedAt}  promoted ${e.variant}: ${changed}${e.sourceSweepId ? ` (from sweep ${e.sourceSweepId})` : ''}`);
      }
    }
  }
  return lines.join('\n');
}

/** The lines `lab baseline promote` / `reset` print. */
export function renderBaselineChange(change: BaselineChange, root: string, dbPath: string): string {
  const label = fileLabel(root, change.file);
  const lines: string[] = [];
  if (change.content.promoted === null) {
    lines.push(`the baseline is the seed's again`);
  } else {
    const changed = slotsChangedFromSeed({ ...SEED_BASELINE_SLOTS, ...change.content.slots });
    lines.push(`promoted ${change.content.promoted}: the baseline now runs ${seedSlotText(changed)}`);
  }
  if (change.commit?.committed === false) {
    lines.push(`wrote ${label}, which already matches ${change.commit.branch} (${change.commit.commit.slice(0, 12)}): nothing to commit`);
  } else if (change.commit) {
    lines.push(`wrote ${label} and committed it alone on ${change.commit.branch} (${change.commit.commit.slice(0, 12)})`);
  } else {
    lines.push(`wrote ${label} (not a git repository: nothing committed)`);
  }
  const source = change.sourceSweepId
    ? ` (source: sweep ${change.sourceSweepId})`
    : change.content.promoted !== null
      ? ` (no sweep there measured ${change.content.promoted}: no source sweep)`
      : '';
  lines.push(`recorded in ${dbPath}${source}`);
  for (const note of change.notes) lines.push(`note: ${note}`);
  if (change.content.promoted !== null) lines.push('later sweeps measure every variant on top of it; lab baseline reset goes back to the seed\'s');
  return lines.join('\n');
}
