import type { Argv, CommandModule } from 'yargs';
import { renderShow, showSweep } from '../../sweep/show.ts';
import { projectRoot } from '../project-root.ts';

interface ShowArgs {
  sweep: string;
  db: string;
  json: boolean;
}

export const showCommand: CommandModule<object, ShowArgs> = {
  command: 'show <sweep>',
  describe: "a sweep's settings, and per variant its experiment branch, commit, samples and how to reproduce it",
  builder: (y) =>
    (y as Argv<object>)
      .positional('sweep', { type: 'string', demandOption: true, describe: 'sweep id' })
      .option('db', { type: 'string', default: 'results.db', describe: 'results database' })
      .option('json', { type: 'boolean', default: false, describe: 'print it as one JSON object' }) as unknown as Argv<ShowArgs>,
  handler: async (args) => {
    const shown = await showSweep({ root: projectRoot(), dbPath: args.db, sweepId: String(args.sweep) });
    console.log(args.json ? JSON.stringify(shown) : renderShow(shown));
  },
};
