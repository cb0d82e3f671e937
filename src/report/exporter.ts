/**
 * The one interface every report format implements, and the registry the CLI
 * picks a format from (`lab report --format FORMAT`).
 */
import { LabError } from '../errors.ts';
import { csvExporter } from './formats/csv.ts';
import { htmlExporter } from './formats/html.ts';
import { jsonExporter } from './formats/json.ts';
import { markdownExporter } from './formats/markdown.ts';
import { tableExporter } from './formats/table.ts';
import type { RenderOptions, ReportInput } from './report-input.ts';

export type { RenderOptions, ReportInput } from './report-input.ts';

export interface Exporter {
  /** The name `--format` takes. */
  format: string;
  /** File extension (no dot) for `--out`. */
  extension: string;
  render(input: ReportInput, options: RenderOptions): string;
}

export const EXPORTERS: readonly Exporter[] = [tableExporter, markdownExporter, jsonExporter, csvExporter, htmlExporter];

export const FORMAT_NAMES: readonly string[] = EXPORTERS.map((e) => e.format);

const ALIASES: Record<string, string> = { markdown: 'md', txt: 'table', htm: 'html' };

export function exporterFor(format: string): Exporter {
  const key = format.trim().toLowerCase();
  const name = Object.hasOwn(ALIASES, key) ? ALIASES[key]! : key;
  const found = EXPORTERS.find((e) => e.format === name);
  if (!found) {
    throw new LabError(`unknown report format "${format}"`, `use one of: ${FORMAT_NAMES.join(', ')}`);
  }
  return found;
}
