/**
 * `--format html`: one self-contained page (no network: no external scripts,
 * fonts, stylesheets or images) with the delta table and hand-written inline
 * SVG charts: per-phase sample distributions, a forest plot of Δ % with its
 * 95% CI, for a grid each metric against each parameter, and, when there is
 * history, each variant's total mean across sweeps. Every string that reaches
 * the page goes through `escapeHtml`.
 */
import { METRICS } from '../../../sweep/result.ts';
import type { SweepResult } from '../../../sweep/result.ts';
import { bestLine } from '../../best.ts';
import { baselineEntry, baselineLabel, changedSlots, isNum, METRIC_LABEL, NOISY_MARKER } from '../../common.ts';
import type { Exporter } from '../../exporter.ts';
import type { RenderOptions, ReportInput } from '../../report-input.ts';
import { buildTableModel } from '../../table-model.ts';
import { distributionChart, forestChart, rowsOf, type Row } from './charts.ts';
import { devicesSectionHtml } from './devices-chart.ts';
import { gridSections } from './grid-charts.ts';
import { historyChart } from './history-chart.ts';
import { esc, verdictClass } from './svg.ts';

function tableHtml(result: SweepResult, options: RenderOptions): string {
  const model = buildTableModel(result, options);
  const out: string[] = ['<div class="scroll"><table class="delta">'];
  out.push(`<thead><tr>${model.headers.map((h, i) => `<th${model.align[i] === 'right' ? ' class="num"' : ''}>${esc(h)}</th>`).join('')}</tr></thead><tbody>`);
  for (const row of model.rows) {
    out.push(`<tr${row.isBaseline ? ' class="baseline"' : ''}>`);
    row.cells.forEach((cell, i) => {
      const classes = [cell.numeric ? 'num' : '', verdictClass(cell.verdict)].filter(Boolean).join(' ');
      const marker = cell.noisy ? ` <span class="noisy" title="${esc(`noisy: ${cell.noisy}`)}">${NOISY_MARKER}</span>` : '';
      const tag = i === 0 ? 'th scope="row"' : 'td';
      out.push(`<${tag}${classes ? ` class="${classes}"` : ''}>${esc(cell.text)}${marker}</${i === 0 ? 'th' : 'td'}>`);
    });
    out.push('</tr>');
  }
  out.push('</tbody></table></div>');
  if (model.footnotes.length > 0) {
    out.push('<ul class="footnotes">');
    for (const f of model.footnotes) {
      const marker = f.marker === '-' ? '' : `<span class="marker">${esc(f.marker)}</span> `;
      out.push(`<li>${marker}${esc(f.text)}</li>`);
    }
    out.push('</ul>');
  }
  return out.join('');
}

function slotsHtml(result: SweepResult, rows: Row[]): string {
  const baseRaw = result.variants.find((v) => v.name === result.baseline);
  const baseSlots = baseRaw?.slots ?? {};
  const items = rows
    .filter((r) => r.variant)
    .map((r) => {
      const v = r.variant!;
      const slots = r.isBaseline || !baseRaw ? v.slots ?? {} : changedSlots(v, baseSlots);
      const text = Object.entries(slots)
        .map(([k, impl]) => `${k}=${impl}`)
        .join(', ');
      const what = r.isBaseline ? 'baseline slots' : baseRaw ? 'changes' : 'slots';
      return `<li><strong>${esc(v.name)}</strong> — ${what}: <code>${esc(text || 'none')}</code>${v.commit ? ` · commit <code>${esc(v.commit.slice(0, 12))}</code>` : ''}</li>`;
    });
  return items.length ? `<ul class="slots">${items.join('')}</ul>` : '';
}

const CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; padding: 20px 24px 48px; font: 14px/1.45 system-ui, -apple-system, 'Segoe UI', sans-serif; color: #1f2328; background: #fff; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 1px solid #d0d7de; }
h3 { font-size: 14px; margin: 16px 0 4px; color: #57606a; }
code { font: 12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: #f6f8fa; padding: 1px 4px; border-radius: 4px; }
.meta { color: #57606a; margin: 0; }
.scroll { overflow-x: auto; }
table.delta { border-collapse: collapse; font-variant-numeric: tabular-nums; font-size: 13px; }
table.delta th, table.delta td { padding: 5px 8px; border-bottom: 1px solid #d0d7de; text-align: left; white-space: nowrap; }
table.delta thead th { white-space: normal; vertical-align: bottom; }
table.delta thead th { background: #f6f8fa; font-weight: 600; }
table.delta .num { text-align: right; }
table.delta tr.baseline { background: #ddf4ff; }
table.delta tbody th { font-weight: 500; }
.v-faster { color: #1a7f37; font-weight: 600; }
.v-slower { color: #cf222e; font-weight: 600; }
.v-same { color: #6e7781; }
.noisy { color: #9a6700; font-weight: 700; cursor: help; }
.footnotes { color: #57606a; padding-left: 18px; margin: 8px 0; }
.footnotes .marker { font-weight: 700; color: #9a6700; }
figure { margin: 8px 0 16px; }
figure svg { max-width: 100%; height: auto; display: block; }
figcaption, .caption { color: #57606a; font-size: 12px; margin-top: 2px; }
.grid-charts { display: flex; flex-wrap: wrap; gap: 8px 24px; }
.grid-charts figure { margin: 0; }
.best { padding-left: 18px; }
.slots { padding-left: 18px; }
dl.env { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0; }
dl.env dt { color: #57606a; }
dl.env dd { margin: 0; }
`;

export function renderHtml(input: ReportInput, options: RenderOptions): string {
  const { result } = input;
  const { sweep } = result;
  const env = sweep.environment;
  const settings = sweep.settings;
  const rows = rowsOf(result, options);
  const ns = [...new Set(result.variants.map((v) => v.n))];
  const nText = ns.length === 1 ? `n=${ns[0]}` : ns.length === 0 ? `n=${settings.runs} planned` : `n=${ns.join('/')}`;
  const base = baselineEntry(result);

  const body: string[] = [];
  body.push(`<header><h1>Sweep <code>${esc(sweep.id)}</code></h1>`);
  body.push(
    `<p class="meta">${esc(`baseline ${baselineLabel(result)} · ${settings.model} · ${env.backend || settings.backend} / ${env.device} · prompt ${settings.promptLen} + gen ${settings.genLen} tokens · ${nText} per variant, warm-up ${settings.warmup} · ${sweep.status} · ${sweep.createdAt}`)}</p></header>`,
  );
  if (!base) body.push(`<p class="v-slower">${esc(`The baseline ${result.baseline} has no samples, so no deltas could be computed.`)}</p>`);

  body.push('<section><h2>Delta table</h2>');
  body.push(tableHtml(result, options));
  body.push(slotsHtml(result, rows));
  body.push('</section>');

  body.push(`<section><h2>${esc(`Δ ${options.metric} % vs baseline (95% CI)`)}</h2><figure>`);
  body.push(forestChart(result, options));
  body.push(`<figcaption>${esc('Diamond: observed Δ; whiskers: 95% confidence interval; an interval crossing the zero line is not a significant change.')}</figcaption></figure></section>`);

  const devices = devicesSectionHtml(input, options);
  if (devices) body.push(devices);

  body.push('<section><h2>Distributions of the raw samples</h2>');
  for (const m of METRICS) {
    body.push(`<figure><h3>${esc(METRIC_LABEL[m])}</h3>`);
    body.push(distributionChart(input, rows, m));
    body.push(`<figcaption>${esc('Dots: individual runs; box: interquartile range with median; whiskers: min–max; dashed line: baseline median.')}</figcaption></figure>`);
  }
  body.push('</section>');

  body.push(gridSections(result));
  if (input.best && input.best.length > 0) {
    body.push(`<section><h2>Best points</h2><ul class="best">${input.best.map((b) => `<li>${esc(bestLine(b))}</li>`).join('')}</ul></section>`);
  }

  if (input.history.length > 0) {
    body.push('<section><h2>History: total mean across sweeps</h2><figure>');
    body.push(historyChart(input, rows));
    body.push(`<figcaption>${esc('Points: total mean per sweep (bars: ± std); hover a point or sweep label for its baseline.')}</figcaption></figure></section>`);
  }

  const gib = isNum(env.totalMemoryBytes) ? `${(env.totalMemoryBytes / 1024 ** 3).toFixed(1)} GiB` : '—';
  const envRows: [string, string][] = [
    ['Command', env.commandLine],
    ['CPU', `${env.cpuModel} (${env.cpuCores} cores)`],
    ['Memory', gib],
    ['OS', env.os],
    ['Node / TF.js', `${env.nodeVersion} / ${env.tfjsVersion}`],
    ['Git', env.gitSha ? `${env.gitSha}${env.gitDirty ? ' (dirty)' : ''}` : 'not recorded'],
    ...(env.sourceTree ? ([['Source tree', env.sourceTree]] as [string, string][]) : []),
    ['Lab', env.labVersion],
    ['Seed', String(settings.seed)],
    ...(isNum(settings.noiseThresholdPct) ? ([['Noise threshold', `|Δ| ≤ ${settings.noiseThresholdPct}%`]] as [string, string][]) : []),
    ...(settings.correction === 'holm' ? ([['Correction', 'Holm (family-wise error rate ≤ 0.05 per metric)']] as [string, string][]) : []),
  ];
  body.push('<section><h2>Environment</h2><dl class="env">');
  for (const [k, v] of envRows) body.push(`<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`);
  body.push('</dl></section>');

  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(`Lab report — sweep ${sweep.id}`)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    body.join('\n'),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

export const htmlExporter: Exporter = {
  format: 'html',
  extension: 'html',
  render: renderHtml,
};
