import type { Argv, CommandModule } from 'yargs';
import { ResultsDb } from '../../db/results-db.ts';
import { metricHistory, renderMetricHistory } from '../../report/history.ts';
import { METRICS, type Metric } from '../../sweep/result.ts';
import { parseChoice } from '../options.ts';

interface HistoryArgs {
  variant?: string;
  metric: string;
  db: string;
  json: boolean;
}

export const historyCommand: CommandModule<object, HistoryArgs> = {
  command: 'history [variant]',
  describe: "a metric across sweeps, oldest first, each Δ against that sweep's own baseline (default: every variant)",
  builder: (y) =>
    (y as Argv<object>)
      .positional('variant', { type: 'string', describe: 'one variant (default: every variant of every sweep)' })
      .option('metric', { type: 'string', default: 'total', describe: `which time: ${METRICS.join(', ')}` })
      .option('db', { type: 'string', default: 'results.db', describe: 'results database' })
      .option('json', { type: 'boolean', default: false, describe: 'print {metric, variant, rows} as JSON' }) as unknown as Argv<HistoryArgs>,
  handler: (args) => {
    const metric = parseChoice(args.metric, METRICS, '--metric');
    const db = ResultsDb.open(args.db, { readonly: true });
    try {
      const history = metricHistory(db, { variant: args.variant, metric });
      console.log(args.json ? JSON.stringify(history) : renderMetricHistory(history).trimEnd());
    } finally {
      db.close();
    }
  },
};
