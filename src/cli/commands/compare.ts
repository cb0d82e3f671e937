import type { Argv, CommandModule } from 'yargs';
import { ResultsDb } from '../../db/results-db.ts';
import { compareSweeps, renderComparison } from '../../report/compare.ts';
import { METRICS, STATS, type Metric } from '../../sweep/result.ts';
import { parseChoice } from '../options.ts';

interface CompareArgs {
  sweepA: string;
  sweepB: string;
  metric: string;
  format: string;
  stat: string;
  db: string;
}

export const compareCommand: CommandModule<object, CompareArgs> = {
  command: 'compare <sweepA> <sweepB>',
  describe: "the variants two sweeps share, B against A (e.g. before and after lab baseline promote)",
  builder: (y) =>
    (y as Argv<object>)
      .positional('sweepA', { type: 'string', demandOption: true, describe: 'the reference sweep' })
      .positional('sweepB', { type: 'string', demandOption: true, describe: 'the sweep compared against it' })
      .option('metric', { type: 'string', default: 'total', describe: `which time: ${METRICS.join(', ')}` })
      .option('format', { type: 'string', default: 'table', describe: 'table or json' })
      .option('stat', { type: 'string', default: 'robust', describe: `${STATS.join(' or ')}: the Hodges-Lehmann shift of log time with the rank-sum test, or Welch on means` })
      .option('db', { type: 'string', default: 'results.db', describe: 'results database' }) as unknown as Argv<CompareArgs>,
  handler: (args) => {
    const metric = parseChoice(args.metric, METRICS, '--metric');
    const format = parseChoice(args.format, ['table', 'json'] as const, '--format');
    const db = ResultsDb.open(args.db, { readonly: true });
    try {
      const comparison = compareSweeps(db, String(args.sweepA), String(args.sweepB), metric, parseChoice(args.stat, STATS, '--stat'));
      console.log(format === 'json' ? JSON.stringify(comparison) : renderComparison(comparison).trimEnd());
    } finally {
      db.close();
    }
  },
};
