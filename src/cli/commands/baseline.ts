import type { Argv, CommandModule } from 'yargs';
import { displayDbName } from '../../db/results-db.ts';
import { projectRoot } from '../project-root.ts';

const DB_OPTION = { type: 'string', default: 'results.db', describe: 'results database (holds the baseline history)' } as const;

const promoteCommand: CommandModule<object, { variant: string; db: string }> = {
  command: 'promote <variant>',
  describe: "make a variant's slot choices the baseline of later sweeps (writes and commits variants/baseline.json)",
  builder: (y) =>
    (y as Argv<object>)
      .positional('variant', { type: 'string', demandOption: true, describe: 'a registered variant, or a+b' })
      .option('db', DB_OPTION) as unknown as Argv<{ variant: string; db: string }>,
  handler: async (args) => {
    const { promoteBaseline } = await import('../../baseline/promote.ts');
    const { renderBaselineChange } = await import('../../baseline/render.ts');
    const root = projectRoot();
    const { REGISTERED_VARIANTS } = await import('../../../variants/index.ts');
    const change = await promoteBaseline({ root, dbPath: args.db, variant: args.variant, registered: REGISTERED_VARIANTS });
    console.log(renderBaselineChange(change, root, displayDbName(args.db)));
  },
};

const showCommand: CommandModule<object, { db: string; json: boolean }> = {
  command: 'show',
  describe: 'the current baseline (variant, slots, when, from which sweep) and its history',
  builder: (y) =>
    (y as Argv<object>)
      .option('db', DB_OPTION)
      .option('json', { type: 'boolean', default: false, describe: 'print it as JSON' }) as unknown as Argv<{ db: string; json: boolean }>,
  handler: async (args) => {
    const { showBaseline } = await import('../../baseline/promote.ts');
    const { renderBaselineReport } = await import('../../baseline/render.ts');
    const root = projectRoot();
    const { VARIANTS } = await import('../../../variants/index.ts');
    const report = showBaseline({ root, dbPath: args.db, registry: VARIANTS });
    console.log(args.json ? JSON.stringify(report) : renderBaselineReport(report, root));
  },
};

const resetCommand: CommandModule<object, { db: string }> = {
  command: 'reset',
  describe: "go back to the seed's baseline (writes and commits variants/baseline.json)",
  builder: (y) => (y as Argv<object>).option('db', DB_OPTION) as unknown as Argv<{ db: string }>,
  handler: async (args) => {
    const { resetBaseline } = await import('../../baseline/promote.ts');
    const { renderBaselineChange } = await import('../../baseline/render.ts');
    const root = projectRoot();
    const change = await resetBaseline({ root, dbPath: args.db });
    console.log(change ? renderBaselineChange(change, root, displayDbName(args.db)) : "the baseline already is the seed's: nothing to do");
  },
};

export const baselineCommand: CommandModule = {
  command: 'baseline <command>',
  describe: 'promote a variant to the baseline, show it, or reset it to the seed',
  builder: (y) => y.command(promoteCommand).command(showCommand).command(resetCommand).demandCommand(1, 'lab baseline promote|show|reset'),
  handler: () => {},
};
