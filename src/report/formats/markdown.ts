/** `--format md`: the delta table as GitHub Markdown, with the sweep's context and footnotes. */
import { slotsText } from '../../baseline/origin.ts';
import { bestLine } from '../best.ts';
import { effectRows, NOISY_MARKER } from '../common.ts';
import { deviceSection } from '../devices-section.ts';
import { buildTableModel } from '../table-model.ts';
import type { Exporter } from '../exporter.ts';
import type { RenderOptions, ReportInput } from '../report-input.ts';

/** Escapes text for a Markdown paragraph, list item or table cell. */
export function mdEscape(text: string): string {
  return text
    .replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`)
    .replace(/\r?\n|\r/g, ' ');
}

/** `name` as inline code; backticks inside are handled by a longer fence. */
export function mdCode(text: string): string {
  const clean = text.replace(/\r?\n|\r/g, ' ');
  const runs = clean.match(/`+/g) ?? [];
  const fence = '`'.repeat(Math.max(0, ...runs.map((r) => r.length)) + 1);
  const pad = clean.startsWith('`') || clean.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${clean}${pad}${fence}`;
}

export function renderMarkdown(input: ReportInput, options: RenderOptions): string {
  const { result } = input;
  const { sweep } = result;
  const env = sweep.environment;
  const settings = sweep.settings;
  const model = buildTableModel(result, options);

  const ns = [...new Set(result.variants.map((v) => v.n))];
  const nText = ns.length === 1 ? `n=${ns[0]}` : ns.length === 0 ? `n=${settings.runs} (planned)` : `n=${ns.join('/')}`;

  const lines: string[] = [];
  lines.push(`## Sweep ${mdCode(sweep.id)}`);
  lines.push('');
  const origin = result.baselineOrigin;
  const promoted = origin ? ` (= ${origin.promotedFrom ? mdCode(origin.promotedFrom) : mdEscape(slotsText(origin.changedSlots))}; not the seed's: ${mdEscape(slotsText(origin.changedSlots))})` : '';
  lines.push(`- Baseline: ${mdCode(result.baseline)}${promoted}`);
  lines.push(`- Backend / device: ${mdEscape(env.backend || settings.backend)} / ${mdEscape(env.device)}`);
  lines.push(`- Model: ${mdEscape(settings.model)}, prompt ${settings.promptLen} + generate ${settings.genLen} tokens`);
  lines.push(`- Runs: ${nText} per variant (warm-up ${settings.warmup}), status ${sweep.status}, ${sweep.createdAt}`);
  for (const [variant, params] of Object.entries(settings.grid ?? {})) {
    lines.push(`- Grid of ${mdCode(variant)}: ${Object.entries(params).map(([name, values]) => `${mdEscape(name)} ${values.map((x) => mdEscape(String(x))).join(', ')}`).join(' × ')}`);
  }
  const tune = settings.tune;
  if (tune) {
    const runs = tune.rungs.map((r) => r.runs).join(', ');
    lines.push(`- Tuned by successive halving: ${tune.rungs.length} rungs (runs per survivor ${runs}), ${tune.dropped.length} points dropped${tune.budgetS !== null ? `, budget ${tune.budgetS} s` : ''}`);
  }
  lines.push('');

  const cell = (text: string, noisy?: string): string => mdEscape(noisy ? `${text} ${NOISY_MARKER}` : text);
  const cellPipe = (text: string): string => text.replace(/\|/g, '\\|');
  lines.push(`| ${model.headers.map((h) => mdEscape(h)).join(' | ')} |`);
  lines.push(`| ${model.align.map((a) => (a === 'left' ? ':---' : '---:')).join(' | ')} |`);
  for (const row of model.rows) {
    const cells = row.cells.map((c, i) => {
      // Only the name and the parameters' values are user text; the other cells are generated numbers and verdicts.
      const t = i <= model.paramColumns ? cell(c.text, c.noisy) : cellPipe(c.noisy ? `${c.text} ${mdEscape(NOISY_MARKER)}` : c.text);
      return i === 0 && row.isBaseline ? `**${t}**` : t;
    });
    lines.push(`| ${cells.join(' | ')} |`);
  }
  if (model.footnotes.length > 0) {
    lines.push('');
    for (const f of model.footnotes) {
      const marker = f.marker === '*' ? '\\* ' : f.marker === '!' ? '**!** ' : '';
      lines.push(`- ${marker}${mdEscape(f.text)}`);
    }
  }
  if (input.best && input.best.length > 0) {
    lines.push('', 'Best points (lowest total against the baseline; the Δ against the grid variant\'s defaults from both\'s samples):', '');
    for (const b of input.best) lines.push(`- ${mdEscape(bestLine(b))}`);
  }
  const devices = deviceSection(result, options);
  if (devices) {
    lines.push('', `${mdEscape(devices.title)}:`, '');
    lines.push(`| ${devices.headers.map(mdEscape).join(' | ')} |`, `| ${devices.headers.map((_, i) => (i < 2 ? ':---' : '---:')).join(' | ')} |`);
    for (const row of devices.rows) {
      const cells = row.cells.map((c, i) => (i === 0 && c ? mdCode(c) : i === 1 ? (row.pooled ? `**${mdEscape(c)}**` : mdEscape(c)) : c));
      lines.push(`| ${cells.join(' | ')} |`);
    }
  }
  const effects = effectRows(result, options.metric);
  if (effects.rows.length > 0) {
    lines.push('', `Factorial effects on log ${options.metric} time (an interaction a×b: how much slower a+b is than a and b alone multiply to):`, '');
    lines.push(`| ${effects.headers.map(mdEscape).join(' | ')} |`, `| :--- | :--- | ---: | ---: | ---: | ---: |`);
    for (const row of effects.rows) lines.push(`| ${row.map((c, i) => (i === 0 ? mdCode(c) : c)).join(' | ')} |`);
  }
  return lines.join('\n') + '\n';
}

export const markdownExporter: Exporter = {
  format: 'md',
  extension: 'md',
  render: renderMarkdown,
};
