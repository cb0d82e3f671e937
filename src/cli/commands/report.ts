import fs from 'node:fs';
import path from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { ResultsDb } from '../../db/results-db.ts';
import { LabError } from '../../errors.ts';
import { exporterFor, FORMAT_NAMES } from '../../report/exporter.ts';
import { renderFindings } from '../../report/findings.ts';
import { profileSection } from '../../report/profile-section.ts';
import { loadReportInput, pickSweepId } from '../../report/load.ts';
import { CORRECTIONS, METRICS, STATS, type Metric } from '../../sweep/result.ts';
import { parseChoice } from '../options.ts';

interface ReportArgs {
  sweep?: string;
  format: string;
  out?: string;
  sort: string;
  metric: string;
  findings: boolean;
  profile: boolean;
  wide: boolean;
  best: boolean;
  correction?: string;
  stat?: string;
  db: string;
}

/** Writes through a temporary file so a failed write never leaves half a report. */
function writeAtomically(file: string, text: string): void {
  const dir = path.dirname(path.resolve(file));
  if (!fs.existsSync(dir)) throw new LabError(`cannot write ${file}: folder ${dir} does not exist`, 'create it or choose another --out');
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw new LabError(`cannot write ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, 'choose a writable --out');
  }
}

export const reportCommand: CommandModule<object, ReportArgs> = {
  command: 'report [sweep]',
  describe: 'the delta table of a sweep (default: the latest), or its findings document',
  builder: (y) =>
    (y as Argv<object>)
      .positional('sweep', { type: 'string', describe: 'sweep id (default: the latest)' })
      .option('format', { type: 'string', default: 'table', describe: FORMAT_NAMES.join(', ') })
      .option('out', { type: 'string', describe: 'write to this file instead of stdout' })
      .option('sort', { type: 'string', default: 'run', describe: 'row order, run, delta or name (the baseline stays first)' })
      .option('metric', { type: 'string', default: 'total', describe: `the metric whose Δ leads, sorts and is judged: ${METRICS.join(', ')}` })
      .option('wide', { type: 'boolean', default: false, describe: 'the table with every column and every name whole (the default fits the terminal)' })
      .option('best', { type: 'boolean', default: false, describe: "name each grid's best point and its Δ total against the grid variant's defaults" })
      .option('profile', { type: 'boolean', default: false, describe: "append the latest stored profile of the sweep's baseline (lab profile)" })
      .option('findings', { type: 'boolean', default: false, describe: 'write the Markdown findings document instead of a table' })
      .option('correction', { type: 'string', describe: `judge the verdicts with this multiple-comparison correction, ${CORRECTIONS.join(' or ')} [default: the one the sweep was run with]` })
      .option('stat', { type: 'string', describe: `judge the sweep with this comparison, ${STATS.join(' or ')} [default: the one the sweep was run with]` })
      .option('db', { type: 'string', default: 'results.db', describe: 'results database' }) as unknown as Argv<ReportArgs>,
  handler: (args) => {
    const exporter = exporterFor(args.format);
    const sort = parseChoice(args.sort, ['run', 'delta', 'name'] as const, '--sort');
    const metric = parseChoice(args.metric, METRICS, '--metric');
    const correction = args.correction === undefined ? undefined : parseChoice(args.correction, CORRECTIONS, '--correction');
    const stat = args.stat === undefined ? undefined : parseChoice(args.stat, STATS, '--stat');
    if (args.out && fs.existsSync(args.out) && fs.statSync(args.out).isDirectory()) {
      throw new LabError(`--out ${args.out} is a directory`, 'give a file path');
    }
    const db = ResultsDb.open(args.db, { readonly: true });
    try {
      const input = loadReportInput(db, pickSweepId(db, args.sweep), { correction, stat }, { best: args.best });
      const terminal = !args.out && Boolean(process.stdout.isTTY);
      const color = terminal && args.format === 'table';
      // On a terminal the table fits its width; in a file or a pipe, the default width.
      const width = terminal && process.stdout.columns ? process.stdout.columns : undefined;
      let text = args.findings ? renderFindings(input) : exporter.render(input, { color, sort, metric, wide: args.wide, ...(width ? { width } : {}) });
      if (args.profile) text += profileSection(db, input, exporter.format, args.findings);
      if (args.out) {
        writeAtomically(args.out, text.endsWith('\n') ? text : `${text}\n`);
        console.error(`wrote ${args.out}`);
      } else {
        console.log(text);
      }
    } finally {
      db.close();
    }
  },
};
