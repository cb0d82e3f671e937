import type { ResultsDb } from '../db/results-db.ts';
import { LabError } from '../errors.ts';
import { renderProfile } from '../profile/format.ts';
import type { ReportInput } from './report-input.ts';

/**
 * The latest stored profile of the sweep's baseline, to read next to the
 * deltas ("where does the baseline's time go?"). Text formats only: the JSON,
 * CSV and HTML exports keep their stable shapes.
 */
export function profileSection(db: ResultsDb, input: ReportInput, format: string, findings: boolean): string {
  const kind = findings || format === 'md' ? 'md' : format === 'table' ? 'table' : null;
  if (!kind) throw new LabError(`--profile works with --format table or md, or with --findings, not with ${format}`, 'drop --profile or change the format');
  const baseline = input.result.baseline;
  const stored = db.latestProfile(baseline);
  if (!stored) return `\n(no stored profile of ${baseline}: run \`lab profile ${baseline}\` to add one)`;
  const heading = kind === 'md' ? `\n## Where the baseline's time goes (profile ${stored.id}, ${stored.createdAt})\n` : `\nprofile ${stored.id} of ${baseline} (${stored.createdAt}):`;
  return `${heading}\n${renderProfile(stored.result, kind)}`;
}
