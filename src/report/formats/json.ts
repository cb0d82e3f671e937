/** `--format json`: the stable SweepResult schema, one line; with --best, the grids' best points as `best`. */
import type { Exporter } from '../exporter.ts';
import type { RenderOptions, ReportInput } from '../report-input.ts';

export function renderJson(input: ReportInput, _options?: RenderOptions): string {
  return JSON.stringify(input.best ? { ...input.result, best: input.best } : input.result);
}

export const jsonExporter: Exporter = {
  format: 'json',
  extension: 'json',
  render: renderJson,
};
